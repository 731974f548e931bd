import type { Db } from '~/utils/db.server'
import type { MailTransport } from '../mail/transport.server'
import { startBackgroundLoop, type BackgroundJob, type LogLine } from './loop.server'
import { lotteryJob } from './lottery.server'
import { outboxDeliveryJob } from './outbox-delivery.server'
import { rateLimitPruningJob } from './rate-limit-pruning.server'
import { remindersJob } from './reminders.server'
import { retentionJob } from './retention.server'
import { securityLogPruningJob } from './security-log-pruning.server'
import { surveysJob } from './surveys.server'
import { thankYousJob } from './thank-yous.server'
import { certificatesJob } from './certificates.server'
import { webhooksJob } from './webhooks.server'

/**
 * The app's background jobs, in the order a tick runs them: personal data past retention goes
 * before anything is queued for it, a lottery is drawn before the reminders of its seminar are
 * looked for, and what is queued goes out in the same tick.
 */
export function backgroundJobs(
  db: Db,
  transport: MailTransport,
  options: { intervalMs: number; reminderDays: number },
): BackgroundJob[] {
  return [
    retentionJob(db),
    securityLogPruningJob(db),
    rateLimitPruningJob(db),
    lotteryJob(db, options.intervalMs),
    remindersJob(db, options.intervalMs, options.reminderDays),
    thankYousJob(db, options.intervalMs),
    certificatesJob(db, options.intervalMs),
    surveysJob(db, options.intervalMs),
    outboxDeliveryJob(db, transport, options.intervalMs),
    webhooksJob(db, options.intervalMs),
  ]
}

/**
 * Starts the loop every app process runs (server.ts), ticking every MAIL_INTERVAL_MS (2 s by
 * default). Stopping waits for the job in progress (a send is finished and recorded), then closes
 * the mail transport.
 */
export function startBackgroundJobs(
  db: Db,
  transport: MailTransport,
  options: { intervalMs?: number; reminderDays: number; log?: LogLine; now?: () => Date },
) {
  const intervalMs = options.intervalMs ?? 2000
  const loop = startBackgroundLoop(backgroundJobs(db, transport, { intervalMs, reminderDays: options.reminderDays }), {
    intervalMs,
    log: options.log,
    now: options.now,
  })
  return {
    tick: loop.tick,
    state: loop.state,
    async stop() {
      await loop.stop()
      transport.close()
    },
  }
}
