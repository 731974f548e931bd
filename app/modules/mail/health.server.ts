import type { Db } from '~/utils/db.server'
import { currentTime } from '~/utils/clock.server'

/*
 * Mail health for /healthz and the admins' mail page (docs/decisions/0026-mail-delivery-reliability.md):
 * whether the outbox is moving. Mail trouble never makes /healthz fail (the app still serves
 * registrations, and their messages wait safely in the outbox), it only says "degraded".
 */

/** A message still waiting after this long means delivery is stuck (the worker or the mail server). */
export const STUCK_AFTER_SECONDS = 15 * 60
/** Failures in the last hour count as trouble from this many on, when they outnumber what was sent. */
export const FAILURES_PER_HOUR = 10

export type MailHealth = {
  state: 'ok' | 'degraded'
  /** Why it is degraded: 'stuck' (a message waits too long), 'failing' (more fail than go). */
  reasons: ('stuck' | 'failing')[]
  pending: number
  /** Age of the oldest message not yet sent (0 when none waits). */
  oldestPendingSeconds: number
  /** Messages with a failed attempt within the hour (whether retried since, sent since, or failed for good). */
  failedLastHour: number
  sentLastHour: number
  /** The threshold of 'stuck', for whoever reads the figures. */
  stuckAfterSeconds: number
}

export async function mailHealth(db: Db, now = currentTime()): Promise<MailHealth> {
  const hourAgo = new Date(now.getTime() - 3600_000)
  const [pending, failedLastHour, sentLastHour] = await Promise.all([
    db.outboxMessage.aggregate({ where: { status: 'PENDING' }, _count: { _all: true }, _min: { createdAt: true } }),
    db.outboxMessage.count({ where: { lastFailedAt: { gte: hourAgo } } }),
    db.outboxMessage.count({ where: { sentAt: { gte: hourAgo } } }),
  ])
  const oldest = pending._min.createdAt
  const oldestPendingSeconds = oldest ? Math.max(0, Math.floor((now.getTime() - oldest.getTime()) / 1000)) : 0
  const reasons: MailHealth['reasons'] = []
  if (oldestPendingSeconds >= STUCK_AFTER_SECONDS) reasons.push('stuck')
  // A few refused addresses among many sent are normal; a server refusing everything is not.
  if (failedLastHour >= FAILURES_PER_HOUR && failedLastHour > sentLastHour) reasons.push('failing')
  return {
    state: reasons.length ? 'degraded' : 'ok',
    reasons,
    pending: pending._count._all,
    oldestPendingSeconds,
    failedLastHour,
    sentLastHour,
    stuckAfterSeconds: STUCK_AFTER_SECONDS,
  }
}
