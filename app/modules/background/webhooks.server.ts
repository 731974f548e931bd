import type { Db } from '~/utils/db.server'
import { deliverDueWebhooks, WEBHOOK_BATCH } from '../webhooks/delivery.server'
import type { BackgroundJob } from './loop.server'

/** Share of its interval a run may spend starting sends while there is a backlog (as the outbox's). */
export const WEBHOOK_TIME_SHARE = 0.5

type SendCounts = { delivered: number; retry: number; paused: number; lost: number; returned: number }
const none = (): SendCounts => ({ delivered: 0, retry: 0, paused: 0, lost: 0, returned: 0 })

/**
 * Sends the webhooks that are due (app/modules/webhooks/delivery.server.ts,
 * docs/decisions/0056-webhooks.md). The sends run beside the background loop: a run starts them
 * and returns, so a receiver that takes its whole timeout to answer never holds back the mail,
 * the reminders or retention, which share the loop. One batch is out at a time; a run reports
 * what the batches finished since the last run did, and a batch that failed (the database) fails
 * the next run, where /healthz sees it. A receiver that does not answer is the receiver's trouble
 * and is retried with back-off: logged as info. An endpoint paused is a warning.
 */
export function webhooksJob(db: Db, intervalMs: number): BackgroundJob {
  let sending: Promise<void> | null = null
  let finished = none()
  let moreDue = false
  let failure: unknown = null
  return {
    name: 'webhooks',
    intervalMs,
    batchSize: WEBHOOK_BATCH,
    async run(now) {
      if (failure !== null) {
        const error = failure
        failure = null
        throw error
      }
      const counts = finished
      finished = none()
      if (!sending) {
        moreDue = false
        sending = deliverDueWebhooks(db, now, { budgetMs: intervalMs * WEBHOOK_TIME_SHARE })
          .then(({ more, ...done }) => {
            for (const key of Object.keys(done) as (keyof SendCounts)[]) finished[key] += done[key]
            moreDue = more
          })
          .catch((error: unknown) => {
            failure = error
          })
          .finally(() => {
            sending = null
          })
      }
      return { counts, warn: counts.paused > 0, more: moreDue }
    },
  }
}
