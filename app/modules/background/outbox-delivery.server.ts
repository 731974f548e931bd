import type { Db } from '~/utils/db.server'
import type { MailTransport } from '../mail/transport.server'
import { CLAIM_BATCH, deliverDueMessages } from '../mail/worker.server'
import type { BackgroundJob } from './loop.server'

/**
 * Share of its interval (MAIL_INTERVAL_MS) a run may spend sending while there is a backlog: the
 * rest is the app's, so a burst of registrations is not slowed down much by its own confirmations
 * (2,000 of them still leave within 3 minutes: bench/outbox.ts; docs/decisions/0026).
 */
export const OUTBOX_TIME_SHARE = 0.5

/**
 * Sends the messages that are due: claimed CLAIM_BATCH at a time with a lease and a token, each
 * sent at most once per claim (app/modules/mail/worker.server.ts). A run with messages to be
 * retried, failed for good, or left unsent (their lease ran out before their turn) is a warning.
 */
export function outboxDeliveryJob(db: Db, transport: MailTransport, intervalMs: number): BackgroundJob {
  return {
    name: 'outbox',
    intervalMs,
    batchSize: CLAIM_BATCH,
    async run(now) {
      const options = { batch: CLAIM_BATCH, budgetMs: intervalMs * OUTBOX_TIME_SHARE }
      // LOST is there only when a message was.
      const outcomes: { SENT: number; RETRY: number; FAILED: number; LOST?: number } = await deliverDueMessages(
        db,
        transport,
        now,
        Infinity,
        options,
      )
      const { SENT: sent, RETRY: retry, FAILED: failed, LOST: lost = 0 } = outcomes
      return {
        counts: { sent, retry, failed, lost },
        warn: retry > 0 || failed > 0 || lost > 0,
      }
    },
  }
}
