import type { Db } from '~/utils/db.server'
import type { OutboxMessage } from '~/generated/prisma/client'
import { anonymizeExpired } from '../privacy/retention.server'
import { pruneSecurityEvents } from '../audit/security-log.server'
import { renderMessage } from './render.server'
import { queueDueMessages } from './scheduler.server'
import { isStaffMessageKind } from './templates'
import { isPermanentFailure, type MailTransport } from './transport.server'

/*
 * Delivers the outbox (docs/decisions/0010-outbox-and-calendar.md). Every app process runs this
 * loop; a message is owned by the worker that claimed it until its lease ends, so processes do
 * not send the same message at the same time, and a crashed worker's messages are picked up again.
 */

export const MAX_ATTEMPTS = 20
export const LEASE_MS = 2 * 60_000
const RETENTION_INTERVAL_MS = 10 * 60_000
/** Registrations anonymized per turn at most (two batches), so a backlog is worked off gradually. */
export const RETENTION_PER_TURN = 1000
/** Per process and turn (every MAIL_INTERVAL_MS): 2,000 confirmations leave in under 3 minutes. */
const MESSAGES_PER_TURN = 25

/** 30 s after the first failure, doubling, at most an hour. */
export function retryDelayMs(attempts: number): number {
  return Math.min(30_000 * 2 ** Math.max(0, attempts - 1), 60 * 60_000)
}

/** Claims up to `limit` due messages: each with one conditional UPDATE that only one process wins. */
export async function claimDueMessages(db: Db, now = new Date(), limit = 10): Promise<OutboxMessage[]> {
  const candidates = await db.outboxMessage.findMany({
    where: {
      status: 'PENDING',
      nextAttemptAt: { lte: now },
      OR: [{ lockedUntil: null }, { lockedUntil: { lt: now } }],
    },
    orderBy: { nextAttemptAt: 'asc' },
    take: limit,
    select: { id: true, lockedUntil: true },
  })
  const claimed: string[] = []
  for (const c of candidates) {
    const { count } = await db.outboxMessage.updateMany({
      where: { id: c.id, status: 'PENDING', lockedUntil: c.lockedUntil },
      data: { lockedUntil: new Date(now.getTime() + LEASE_MS), attempts: { increment: 1 } },
    })
    if (count === 1) claimed.push(c.id)
  }
  if (claimed.length === 0) return []
  return db.outboxMessage.findMany({ where: { id: { in: claimed } }, orderBy: { nextAttemptAt: 'asc' } })
}

export type DeliveryOutcome = 'SENT' | 'RETRY' | 'FAILED'

/**
 * An account message's `body` is its link's token: it is kept only until the message has gone
 * (or will never go), so the outbox does not hold working links.
 */
const forgetLink = (message: OutboxMessage) => (isStaffMessageKind(message.kind) ? { body: null } : {})

/**
 * Sends one claimed message and records the outcome. The row may be gone by then (its
 * registration anonymized, its link replaced): updateMany records nothing rather than failing.
 */
export async function deliver(
  db: Db,
  transport: MailTransport,
  message: OutboxMessage,
  now = new Date(),
): Promise<DeliveryOutcome> {
  let options
  try {
    options = await renderMessage(db, message, now)
  } catch (error) {
    return recordFailure(db, message, error, now)
  }
  if (!options) {
    await db.outboxMessage.updateMany({
      where: { id: message.id },
      data: {
        status: 'FAILED',
        lockedUntil: null,
        lastError: isStaffMessageKind(message.kind)
          ? 'The link was replaced, used or has expired, or the account is disabled.'
          : 'The registration or its email address no longer exists.',
        ...forgetLink(message),
      },
    })
    return 'FAILED'
  }
  try {
    const { emlFile } = await transport.send(options)
    await db.outboxMessage.updateMany({
      where: { id: message.id },
      data: { status: 'SENT', sentAt: new Date(), lockedUntil: null, lastError: null, emlFile, ...forgetLink(message) },
    })
    return 'SENT'
  } catch (error) {
    return recordFailure(db, message, error, now)
  }
}

async function recordFailure(db: Db, message: OutboxMessage, error: unknown, now: Date): Promise<DeliveryOutcome> {
  const permanent = isPermanentFailure(error) || message.attempts >= MAX_ATTEMPTS
  await db.outboxMessage.updateMany({
    where: { id: message.id },
    data: {
      status: permanent ? 'FAILED' : 'PENDING',
      lockedUntil: null,
      nextAttemptAt: new Date(now.getTime() + retryDelayMs(message.attempts)),
      lastError: (error instanceof Error ? error.message : String(error)).slice(0, 500),
      ...(permanent ? forgetLink(message) : {}),
    },
  })
  return permanent ? 'FAILED' : 'RETRY'
}

/**
 * Delivers due messages, in rounds of claims, up to `limit` (all by default); returns how each
 * went. The worker loop sends a bounded number per turn, so a burst of registrations is not slowed
 * down by its own confirmations: they follow within minutes.
 */
export async function deliverDueMessages(db: Db, transport: MailTransport, now = new Date(), limit = Infinity) {
  const outcomes: Record<DeliveryOutcome, number> = { SENT: 0, RETRY: 0, FAILED: 0 }
  for (let done = 0; done < limit; ) {
    const batch = await claimDueMessages(db, now, Math.min(10, limit - done))
    if (batch.length === 0) break
    for (const message of batch) outcomes[await deliver(db, transport, message, now)]++
    done += batch.length
  }
  return outcomes
}

/** A message sent again by an organizer after a permanent failure. */
export async function retryMessage(db: Db, id: string, seminarId: string, now = new Date()): Promise<boolean> {
  const { count } = await db.outboxMessage.updateMany({
    where: { id, seminarId, status: 'FAILED' },
    data: { status: 'PENDING', attempts: 0, nextAttemptAt: now, lockedUntil: null },
  })
  return count === 1
}

/**
 * The loop each app process runs: anonymize what is past retention, queue due reminders and
 * thank-yous, then deliver. Runs never overlap; errors are logged and the loop goes on.
 */
export function startMailWorker(
  db: Db,
  transport: MailTransport,
  options: { intervalMs?: number; reminderDays: number; log?: (message: string) => void },
) {
  const log = options.log ?? ((m) => console.warn(m))
  let running = false
  let stopped = false
  let lastRetention = 0
  let retentionBehind = false
  const tick = async () => {
    if (running || stopped) return
    running = true
    try {
      const now = new Date()
      // Personal data past its retention period goes, at most every ten minutes — or a share
      // every turn while there is a backlog (the first run after an upgrade, say).
      if (retentionBehind || now.getTime() - lastRetention >= RETENTION_INTERVAL_MS) {
        lastRetention = now.getTime()
        const done = await anonymizeExpired(db, now, { maxRegistrations: RETENTION_PER_TURN })
        retentionBehind = done.registrations >= RETENTION_PER_TURN
        await pruneSecurityEvents(db, now)
      }
      await queueDueMessages(db, now, options.reminderDays)
      const outcomes = await deliverDueMessages(db, transport, now, MESSAGES_PER_TURN)
      if (outcomes.RETRY || outcomes.FAILED) {
        log(`Mail: ${outcomes.SENT} sent, ${outcomes.RETRY} to be retried, ${outcomes.FAILED} failed for good.`)
      }
    } catch (error) {
      log(`Mail worker: ${error instanceof Error ? error.message : String(error)}`)
    } finally {
      running = false
    }
  }
  const timer = setInterval(() => void tick(), options.intervalMs ?? 2000)
  void tick()
  return {
    tick,
    async stop() {
      stopped = true
      clearInterval(timer)
      while (running) await new Promise((r) => setTimeout(r, 20))
      transport.close()
    },
  }
}
