import { z } from 'zod'
import type { Db } from '~/utils/db.server'
import { AppError } from '~/utils/errors'
import { currentTime } from '~/utils/clock.server'
import { newSeed, seedHash, type DrawRecord, type Priority } from './method'

/*
 * A seminar's lottery settings (docs/decisions/0049-lottery.md). A seminar is a lottery seminar
 * while it has a Lottery row; its seed is drawn when the row is made and only its SHA-256 is
 * shown until the draw.
 */

export const prioritySchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('IN_CITY') }),
  z.object({ kind: z.literal('FIRST_TIME') }),
  z.object({ kind: z.literal('ANSWER'), questionId: z.string().min(1), value: z.string().min(1) }),
])

export const PRIORITIES_MAX = 5
/** Longest a winner may be given to confirm: two weeks. */
export const CONFIRM_HOURS_MAX = 336

export function parsePriorities(json: string): Priority[] {
  const parsed = z.array(prioritySchema).safeParse(JSON.parse(json || '[]'))
  return parsed.success ? parsed.data : []
}

export type LotterySettings = {
  drawAt: Date
  priorities: Priority[]
  /** Hours a winner has to confirm (1–336); null: a win is a seat at once. */
  confirmHours: number | null
}

/** The lottery of a seminar as the console and the public pages show it: the seed only once drawn. */
export type LotteryView = {
  drawAt: Date
  priorities: Priority[]
  confirmHours: number | null
  seedHash: string
  drawnAt: Date | null
  seed: string | null
  record: DrawRecord | null
}

export async function lotteryOf(db: Db, seminarId: string): Promise<LotteryView | null> {
  const lottery = await db.lottery.findUnique({ where: { seminarId } })
  if (!lottery) return null
  return {
    drawAt: lottery.drawAt,
    priorities: parsePriorities(lottery.priorities),
    confirmHours: lottery.confirmHours,
    seedHash: lottery.seedHash,
    drawnAt: lottery.drawnAt,
    seed: lottery.drawnAt ? lottery.seed : null,
    record: lottery.drawnAt && lottery.record ? (JSON.parse(lottery.record) as DrawRecord) : null,
  }
}

/** Applications waiting for the draw, per mode. */
export async function applicationCounts(db: Db, seminarId: string) {
  const rows = await db.registration.groupBy({
    by: ['mode'],
    where: { seminarId, status: 'APPLIED' },
    _count: { _all: true },
  })
  return {
    IN_PERSON: rows.find((r) => r.mode === 'IN_PERSON')?._count._all ?? 0,
    ONLINE: rows.find((r) => r.mode === 'ONLINE')?._count._all ?? 0,
  }
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
