import { z } from 'zod'
import type { Db } from '~/utils/db.server'
import type { DrawRecord, Priority } from './method'

/*
 * A seminar's lottery as it is read (docs/decisions/0049-lottery.md). A seminar is a lottery
 * seminar while it has a Lottery row; its seed is drawn when the row is made (settings.server.ts)
 * and only its SHA-256 is shown until the draw.
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
