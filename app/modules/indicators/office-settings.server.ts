import type { Db } from '~/utils/db.server'
import { DEFAULT_BANDS, type Bands } from './achievement'

/** The office's achievement bands: off unless staff turned them on; thresholds default to 110/80/50. */
export async function achievementBands(db: Db): Promise<Bands & { bandsEnabled: boolean }> {
  const row = await db.officeSetting.findUnique({ where: { id: 'office' } })
  return row
    ? { bandsEnabled: row.bandsEnabled, bandA: row.bandA, bandB: row.bandB, bandC: row.bandC }
    : { bandsEnabled: false, ...DEFAULT_BANDS }
}

export async function saveAchievementBands(
  db: Db,
  input: Bands & { bandsEnabled: boolean },
  userId: string | null,
): Promise<void> {
  if (!(input.bandA > input.bandB && input.bandB > input.bandC && input.bandC >= 0))
    throw new RangeError('Achievement bands must be A > B > C ≥ 0')
  const data = { ...input, updatedById: userId }
  await db.$transaction([
    db.officeSetting.upsert({ where: { id: 'office' }, create: { id: 'office', ...data }, update: data }),
    db.auditEvent.create({
      data: {
        actorId: userId,
        action: 'office.bands',
        entityType: 'OfficeSetting',
        entityId: 'office',
        detail: JSON.stringify(input),
      },
    }),
  ])
}
