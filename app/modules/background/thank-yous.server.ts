import type { Db } from '~/utils/db.server'
import { queueThankYous } from '../mail/scheduler.server'
import type { BackgroundJob } from './loop.server'

/**
 * Queues the thank-yous that are due (10:00 Japan time the day after a seminar's last session,
 * to everyone who came): every due seminar at once, each marked in the batch that queues its
 * messages (app/modules/mail/scheduler.server.ts).
 */
export function thankYousJob(db: Db, intervalMs: number): BackgroundJob {
  return {
    name: 'thankYous',
    intervalMs,
    batchSize: Infinity,
    async run(now) {
      return { counts: { queued: await queueThankYous(db, now) } }
    },
  }
}
