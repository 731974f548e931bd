import type { Db } from '~/utils/db.server'
import { AppError } from '~/utils/errors'
import { currentTime } from '~/utils/clock.server'
import { parsePriorities } from './lottery.server'
import { newSeed, seedHash, type Priority } from './method'

/*
 * Changing a seminar's lottery (docs/decisions/0049-lottery.md): only the console and the demo
 * data do, so its refusals (console strings) stay out of the public pages' modules.
 */

export type LotterySettings = {
  drawAt: Date
  priorities: Priority[]
  /** Hours a winner has to confirm (1–336); null: a win is a seat at once. */
  confirmHours: number | null
}

/**
 * Makes a seminar a lottery seminar, changes its lottery, or (settings null) makes it first come
 * again. The draw's time lies in the registration period (applications are taken until then;
 * seats left after it go first come until the period ends). Once drawn nothing changes; once
 * applications arrived the priorities stay as they were announced and the seminar stays a lottery.
 */
export async function saveLotterySettings(
  db: Db,
  seminarId: string,
  settings: LotterySettings | null,
  /** The console user; null for the demo data's own lotteries. */
  actorId: string | null,
  now = currentTime(),
): Promise<void> {
  const seminar = await db.seminar.findUnique({
    where: { id: seminarId },
    select: { registrationOpensAt: true, registrationClosesAt: true },
  })
  if (!seminar) throw new AppError('SEMINAR_NOT_FOUND')
  if (settings && (settings.drawAt <= seminar.registrationOpensAt || settings.drawAt > seminar.registrationClosesAt)) {
    throw new AppError('LOTTERY_DRAW_OUTSIDE_PERIOD')
  }
  await db.$transaction(async (tx) => {
    // The lottery's row first, as an application's batch and the draw take it (on PostgreSQL its
    // lock): what is counted below stays true until the commit, and a lottery drawn meanwhile is
    // not changed.
    const locked = await tx.lottery.updateMany({ where: { seminarId }, data: { updatedAt: now } })
    const existing = locked.count ? await tx.lottery.findUniqueOrThrow({ where: { seminarId } }) : null
    if (existing?.drawnAt) throw new AppError('LOTTERY_ALREADY_DRAWN')
    const applied = existing ? await tx.registration.count({ where: { seminarId, status: 'APPLIED' } }) : 0
    if (!settings) {
      if (!existing) return
      if (applied > 0) throw new AppError('LOTTERY_HAS_APPLICATIONS')
      await tx.lottery.delete({ where: { seminarId } })
      await audit(tx as Db, actorId, seminarId, { allocation: 'FIRST_COME' }, now)
      return
    }
    if (
      existing &&
      applied > 0 &&
      JSON.stringify(parsePriorities(existing.priorities)) !== JSON.stringify(settings.priorities)
    ) {
      throw new AppError('LOTTERY_RULES_FIXED')
    }
    const fields = {
      drawAt: settings.drawAt,
      priorities: JSON.stringify(settings.priorities),
      confirmHours: settings.confirmHours,
    }
    const seed = newSeed()
    if (existing) await tx.lottery.update({ where: { seminarId }, data: fields })
    else await tx.lottery.create({ data: { seminarId, ...fields, seed, seedHash: seedHash(seed) } })
    const detail = { allocation: 'LOTTERY', ...settings, drawAt: settings.drawAt.toISOString() }
    await audit(tx as Db, actorId, seminarId, detail, now)
  })
}

function audit(db: Db, actorId: string | null, seminarId: string, detail: Record<string, unknown>, at: Date) {
  return db.auditEvent.create({
    data: {
      actorId,
      action: 'lottery.settings',
      entityType: 'Seminar',
      entityId: seminarId,
      detail: JSON.stringify(detail),
      at,
    },
  })
}
