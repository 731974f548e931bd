import type { Db } from '~/utils/db.server'
import { queueReminders } from '../mail/scheduler.server'
import type { BackgroundJob } from './loop.server'

/**
 * Queues the reminders that are due (09:00 Japan time, REMINDER_DAYS before each session; none
 * when it is 0): every due session at once, each marked in the batch that queues its messages so
 * that processes looking at the same moment queue them once (app/modules/mail/scheduler.server.ts).
 */
export function remindersJob(db: Db, intervalMs: number, reminderDays: number): BackgroundJob {
  return {
    name: 'reminders',
    intervalMs,
    batchSize: Infinity,
    async run(now) {
      return { counts: { queued: await queueReminders(db, now, reminderDays) } }
    },
  }
}
