import type { Db } from '~/utils/db.server'
import { drawDueLotteries, lapseUnconfirmedWins } from '../lottery/draw.server'
import type { BackgroundJob } from './loop.server'

/** Lotteries drawn per run at most (drawDueLotteries takes that many; lapses go a hundred at a time). */
export const LOTTERY_DRAWS_PER_RUN = 10

/**
 * Draws each lottery whose time has come, and gives up the seats of winners who did not confirm
 * in time (app/modules/lottery/draw.server.ts, docs/decisions/0049-lottery.md). It runs every
 * tick, before the outbox, so the results' emails leave in the same tick. A draw marks its lottery
 * drawn in its own transaction: however many processes run this, each lottery is drawn once.
 */
export function lotteryJob(db: Db, intervalMs: number): BackgroundJob {
  return {
    name: 'lottery',
    intervalMs,
    batchSize: LOTTERY_DRAWS_PER_RUN,
    async run(now) {
      const drawn = await drawDueLotteries(db, now)
      const lapsed = await lapseUnconfirmedWins(db, now)
      return { counts: { drawn, lapsed } }
    },
  }
}
