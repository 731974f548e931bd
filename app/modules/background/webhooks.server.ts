import type { Db } from '~/utils/db.server'
import { deliverDueWebhooks, WEBHOOK_BATCH } from '../webhooks/delivery.server'
import type { BackgroundJob } from './loop.server'

/** Share of its interval a run may spend sending while there is a backlog (as the outbox's). */
export const WEBHOOK_TIME_SHARE = 0.5

/**
 * Sends the webhooks that are due (app/modules/webhooks/delivery.server.ts,
 * docs/decisions/0056-webhooks.md). A receiver that does not answer is the receiver's trouble and
 * is retried with back-off: logged as info. An endpoint paused by this run is a warning.
 */
export function webhooksJob(db: Db, intervalMs: number): BackgroundJob {
  return {
    name: 'webhooks',
    intervalMs,
    batchSize: WEBHOOK_BATCH,
    async run(now) {
      const { more, ...counts } = await deliverDueWebhooks(db, now, { budgetMs: intervalMs * WEBHOOK_TIME_SHARE })
      return { counts, warn: counts.paused > 0, more }
    },
  }
}
