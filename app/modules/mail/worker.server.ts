import crypto from 'node:crypto'
import type { Db } from '~/utils/db.server'
import type { OutboxMessage } from '~/generated/prisma/client'
import { renderMessage } from './render.server'
import { isStaffMessageKind } from './templates'
import { isPermanentFailure, SMTP_CONNECTIONS, type MailTransport } from './transport.server'
import { currentTime } from '~/utils/clock.server'

/*
 * Delivers the outbox (docs/decisions/0010-outbox-and-calendar.md). Every app process runs it, as
 * the outbox job of its background loop (app/modules/background/outbox-delivery.server.ts); a
 * message is owned by the worker that claimed it until its lease ends, so processes do not send
 * the same message at the same time, and a crashed worker's messages are picked up again.
 */

export const MAX_ATTEMPTS = 20
export const LEASE_MS = 2 * 60_000
/** Messages claimed at once (one statement), then sent SMTP_CONNECTIONS at a time. */
export const CLAIM_BATCH = 20

/** 30 s after the first failure, doubling, at most an hour. */
export function retryDelayMs(attempts: number): number {
  return Math.min(30_000 * 2 ** Math.max(0, attempts - 1), 60 * 60_000)
}

/** A message as its worker claimed it: the token says whose claim it is. */
export type ClaimedMessage = OutboxMessage & { claimToken: string }

/**
 * Claims up to `limit` due messages with one conditional UPDATE: a row already claimed by another
 * process (in between, or at the same moment) no longer matches it, so only one process wins each.
 * The lease runs from the moment of the claim (not the turn's start), and the claim is marked with
 * a token of its own, so what this worker later records applies only while it still holds the row.
 */
export async function claimDueMessages(
  db: Db,
  now = currentTime(),
  limit = 10,
  leaseMs = LEASE_MS,
): Promise<ClaimedMessage[]> {
  const due = (at: Date) => ({
    status: 'PENDING' as const,
    nextAttemptAt: { lte: at },
    OR: [{ lockedUntil: null }, { lockedUntil: { lt: at } }],
  })
  const candidates = await db.outboxMessage.findMany({
    where: due(now),
    orderBy: { nextAttemptAt: 'asc' },
    take: limit,
    select: { id: true },
  })
  if (candidates.length === 0) return []
  const ids = candidates.map((c) => c.id)
  const claimToken = crypto.randomUUID()
  const claimedAt = runningFrom(now)()
  await db.outboxMessage.updateMany({
    where: { id: { in: ids }, ...due(claimedAt) },
    data: { lockedUntil: new Date(claimedAt.getTime() + leaseMs), claimToken, attempts: { increment: 1 } },
  })
  // By id (the primary key), then the token: the rows this claim won.
  const claimed = await db.outboxMessage.findMany({
    where: { id: { in: ids }, claimToken },
    orderBy: { nextAttemptAt: 'asc' },
  })
  return claimed as ClaimedMessage[]
}

/**
 * A clock that starts at `start` and runs at the real pace: a turn begun at a given time (a test's
 * future, say) measures leases in the same time as its claims.
 */
function runningFrom(start: Date): () => Date {
  const offset = start.getTime() - Date.now()
  return () => new Date(Date.now() + offset)
}

/**
 * Right before sending: extends the lease if this claim still holds it and it has not run out.
 * A message whose lease ran out while it waited its turn may already belong to another worker:
 * it is not sent by this one.
 */
async function renewClaim(db: Db, message: ClaimedMessage, now: Date, leaseMs: number): Promise<boolean> {
  const { count } = await db.outboxMessage.updateMany({
    where: { id: message.id, claimToken: message.claimToken, status: 'PENDING', lockedUntil: { gt: now } },
    data: { lockedUntil: new Date(now.getTime() + leaseMs) },
  })
  return count === 1
}

/** The row as this claim holds it: an outcome is written only there. */
const heldBy = (message: ClaimedMessage) => ({ id: message.id, claimToken: message.claimToken })

/** LOST: the claim ran out (or was taken over) before the message's turn; it was not sent. */
export type DeliveryOutcome = 'SENT' | 'RETRY' | 'FAILED' | 'LOST'

/**
 * An account message's `body` is its link's token: it is kept only until the message has gone
 * (or will never go), so the outbox does not hold working links.
 */
const forgetLink = (message: OutboxMessage) => (isStaffMessageKind(message.kind) ? { body: null } : {})

/**
 * Sends one claimed message and records the outcome, only while this claim still holds the row:
 * the row may be gone by then (its registration anonymized, its link replaced), or claimed again
 * by another worker after this one was held past its lease; then nothing is recorded here.
 */
export async function deliver(
  db: Db,
  transport: MailTransport,
  message: ClaimedMessage,
  now = currentTime(),
  leaseMs = LEASE_MS,
): Promise<DeliveryOutcome> {
  if (!(await renewClaim(db, message, now, leaseMs))) return 'LOST'
  let options
  try {
    options = await renderMessage(db, message, now)
  } catch (error) {
    return recordFailure(db, message, error, now)
  }
  if (!options) {
    await db.outboxMessage.updateMany({
      where: heldBy(message),
      data: {
        status: 'FAILED',
        lockedUntil: null,
        lastError: isStaffMessageKind(message.kind)
          ? 'The link was replaced, used or has expired, or the account is disabled.'
          : message.kind === 'SURVEY_INVITATION' || message.kind === 'SURVEY_REMINDER'
            ? 'The survey was answered or has closed, or the registration or its email address no longer exists.'
            : 'The registration or its email address no longer exists.',
        ...forgetLink(message),
      },
    })
    return 'FAILED'
  }
  let emlFile: string | null
  try {
    ;({ emlFile } = await transport.send(options))
  } catch (error) {
    return recordFailure(db, message, error, now)
  }
  // Sent: from here a failure to write it down (a full disk) must never make it a retry.
  const sent = { message, data: sentData(message, emlFile) }
  try {
    await recordSent(db, sent)
  } catch {
    unrecordedSends(db).push(sent)
  }
  return 'SENT'
}

type SentRecord = { message: ClaimedMessage; data: ReturnType<typeof sentData> }

const sentData = (message: ClaimedMessage, emlFile: string | null) => ({
  status: 'SENT' as const,
  sentAt: new Date(),
  lockedUntil: null,
  lastError: null,
  emlFile,
  ...forgetLink(message),
})

const recordSent = (db: Db, sent: SentRecord) =>
  db.outboxMessage.updateMany({ where: heldBy(sent.message), data: sent.data })

/**
 * Messages this process sent but could not yet mark as sent (the database refused the write).
 * They are written down before this process claims anything again, so it never sends one twice.
 * Other processes are kept off the row only by its lease (2 minutes): one that can write while this
 * one cannot may send it again after that, with the same Message-ID (ADR 0026). A restart forgets
 * the list the same way.
 */
const unrecorded = new WeakMap<Db, SentRecord[]>()
function unrecordedSends(db: Db): SentRecord[] {
  let list = unrecorded.get(db)
  if (!list) unrecorded.set(db, (list = []))
  return list
}

/** Writes down earlier sends that could not be recorded; throws while the database still refuses. */
async function recordEarlierSends(db: Db): Promise<void> {
  const list = unrecordedSends(db)
  while (list.length) {
    await recordSent(db, list[0]!)
    list.shift()
  }
}

async function recordFailure(db: Db, message: ClaimedMessage, error: unknown, now: Date): Promise<DeliveryOutcome> {
  const permanent = isPermanentFailure(error) || message.attempts >= MAX_ATTEMPTS
  await db.outboxMessage.updateMany({
    where: heldBy(message),
    data: {
      status: permanent ? 'FAILED' : 'PENDING',
      lockedUntil: null,
      lastFailedAt: now,
      nextAttemptAt: new Date(now.getTime() + retryDelayMs(message.attempts)),
      lastError: (error instanceof Error ? error.message : String(error)).slice(0, 500),
      ...(permanent ? forgetLink(message) : {}),
    },
  })
  return permanent ? 'FAILED' : 'RETRY'
}

/**
 * Delivers due messages, in rounds of claims, up to `limit` (all by default) or until `budgetMs`
 * has passed; returns how each went. Messages of a claim are sent `concurrency` at a time (the
 * SMTP transport keeps that many connections).
 */
export async function deliverDueMessages(
  db: Db,
  transport: MailTransport,
  now = currentTime(),
  limit = Infinity,
  options: { leaseMs?: number; batch?: number; concurrency?: number; budgetMs?: number } = {},
) {
  const leaseMs = options.leaseMs ?? LEASE_MS
  await recordEarlierSends(db)
  const outcomes: Record<DeliveryOutcome, number> = { SENT: 0, RETRY: 0, FAILED: 0, LOST: 0 }
  const clock = runningFrom(now)
  const started = Date.now()
  for (let done = 0; done < limit && Date.now() - started < (options.budgetMs ?? Infinity); ) {
    const batch = await claimDueMessages(db, clock(), Math.min(options.batch ?? CLAIM_BATCH, limit - done), leaseMs)
    if (batch.length === 0) break
    const queue = [...batch]
    const lane = async () => {
      // Each message's lease is checked (and renewed) when its lane reaches it, not at the claim.
      for (let message = queue.shift(); message; message = queue.shift()) {
        outcomes[await deliver(db, transport, message, clock(), leaseMs)]++
      }
    }
    // Every lane ends before the turn does, even when one fails (the database refused a write):
    // a lane still sending must not overlap the next turn or a stopping worker's closed transport.
    const lanes = await Promise.allSettled(Array.from({ length: options.concurrency ?? SMTP_CONNECTIONS }, lane))
    const failed = lanes.find((result) => result.status === 'rejected')
    if (failed) throw failed.reason
    done += batch.length
  }
  const { LOST, ...counted } = outcomes
  // LOST is left out when nothing was: callers compare the usual three.
  return LOST ? outcomes : counted
}

/** A message sent again by an organizer after a permanent failure. */
export async function retryMessage(db: Db, id: string, seminarId: string, now = currentTime()): Promise<boolean> {
  const { count } = await db.outboxMessage.updateMany({
    where: { id, seminarId, status: 'FAILED' },
    data: { status: 'PENDING', attempts: 0, nextAttemptAt: now, lockedUntil: null },
  })
  return count === 1
}
