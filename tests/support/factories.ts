import crypto from 'node:crypto'
import type { Db } from '~/utils/db.server'
import type { Prisma } from '~/generated/prisma/client'
import { ensureCategory } from '~/modules/categories/categories.server'
import type { IndicatorInput } from '~/modules/indicators/indicators.server'
import { newSeed, seedHash } from '~/modules/lottery/method'

const HOUR = 3600_000
const DAY = 24 * HOUR

/** A published seminar open for registration now, with one session a week ahead. */
export async function createSeminar(
  db: Db,
  overrides: Partial<Prisma.SeminarUncheckedCreateInput> = {},
  now = new Date(),
) {
  const program = await db.program.upsert({
    where: { code: 'TEST' },
    create: { code: 'TEST', name: 'テスト事業' },
    update: {},
  })
  const seminar = await db.seminar.create({
    data: {
      programId: program.id,
      title: 'AI活用セミナー',
      categoryId: await ensureCategory(db, 'セミナー'),
      status: 'PUBLISHED',
      mode: 'IN_PERSON',
      venueName: '産業振興センター 2階 セミナールーム',
      capacityInPerson: 50,
      waitlistEnabled: true,
      registrationOpensAt: new Date(now.getTime() - DAY),
      registrationClosesAt: new Date(now.getTime() + 6 * DAY),
      publishedAt: now,
      ...overrides,
    },
  })
  await db.session.create({
    data: {
      seminarId: seminar.id,
      number: 1,
      startsAt: new Date(now.getTime() + 7 * DAY),
      endsAt: new Date(now.getTime() + 7 * DAY + 2 * HOUR),
    },
  })
  return seminar
}

let counter = 0
export function participant(overrides: Record<string, unknown> = {}) {
  counter++
  return {
    name: `参加 太郎${counter}`,
    furigana: 'さんか たろう',
    email: `taro${counter}-${crypto.randomUUID().slice(0, 8)}@example.jp`,
    organizationName: '株式会社サンプル',
    corporateNumber: null,
    industry: 'E',
    inCity: true,
    mode: 'IN_PERSON' as const,
    language: 'ja' as const,
    submissionKey: crypto.randomUUID(),
    ...overrides,
  }
}

/**
 * An indicator's fields as the indicator form would give them, with the usual defaults: an
 * activity indicator in 人, counted per year over every category, seminar and mode of its programs.
 */
export function indicatorInput(
  fields: Pick<IndicatorInput, 'code' | 'name' | 'rule' | 'programIds'> & Partial<IndicatorInput>,
): IndicatorInput {
  return {
    nameEn: null,
    kind: 'ACTIVITY',
    unit: '人',
    categoryIds: [],
    seminarIds: [],
    modeScope: 'ALL',
    cumulative: false,
    baseYear: null,
    baseline: null,
    note: '',
    ...fields,
  }
}

/**
 * Makes a seminar a lottery seminar (docs/decisions/0049-lottery.md): applications until `drawAt`
 * (a day ahead unless given), a winner given `confirmHours` to confirm (none unless given).
 */
export async function makeLottery(
  db: Db,
  seminarId: string,
  options: { drawAt?: Date; confirmHours?: number | null } = {},
) {
  const seed = newSeed()
  return db.lottery.create({
    data: {
      seminarId,
      drawAt: options.drawAt ?? new Date(Date.now() + DAY),
      confirmHours: options.confirmHours ?? null,
      seed,
      seedHash: seedHash(seed),
    },
  })
}
