import crypto from 'node:crypto'
import http from 'node:http'
import https from 'node:https'
import type { Db } from '~/utils/db.server'
import { currentTime } from '~/utils/clock.server'
import { env } from '~/utils/env.server'
import { guardedLookup, loopbackAllowed, webhookUrlProblem } from './address.server'
import { openWebhookSecret } from './endpoints.server'
import { webhookSignature } from './signature.server'

/*
 * Delivering webhooks (docs/decisions/0056-webhooks.md). Every app process runs this as the
 * `webhooks` job of its background loop (app/modules/background/webhooks.server.ts). Like the mail
 * outbox (docs/decisions/0026), a delivery is claimed with a lease and a token, so two processes
 * never send it at the same time and a crashed process's claims are taken over when their lease
 * ends; an outcome is recorded only while the claim still holds the row.
 */

/** Deliveries claimed at once (one statement), then sent WEBHOOK_CONCURRENCY at a time. */
export const WEBHOOK_BATCH = 20
export const WEBHOOK_CONCURRENCY = 4
/** Longer than any request may last (WEBHOOK_TIMEOUT_MS is at most a minute). */
export const WEBHOOK_LEASE_MS = 2 * 60_000
/** An endpoint with no success for this long, failing still, is paused until an admin resumes it. */
export const PAUSE_AFTER_MS = 24 * 60 * 60_000
/** How much of an answer's body the log keeps (characters); reading stops at READ_LIMIT bytes. */
export const RESPONSE_KEPT = 1000
const READ_LIMIT = 64 * 1024

/** 30 s after the first failed attempt, doubling, at most an hour: 30 s, 1 min, 2, 4, 8, 16, 32, 60, 60, … */
export function webhookRetryDelayMs(attempts: number): number {
  return Math.min(30_000 * 2 ** Math.max(0, attempts - 1), 60 * 60_000)
}

type Claimed = {
  id: string
  eventId: string
  endpointId: string
  payload: string
  attempts: number
  claimToken: string
  endpoint: { url: string; secretSealed: string }
}

/** A clock that starts at `start` and runs at the real pace (leases are measured in it). */
function runningFrom(start: Date): () => Date {
  const offset = start.getTime() - Date.now()
  return () => new Date(Date.now() + offset)
}

const due = (at: Date) => ({
  status: 'PENDING',
  nextAttemptAt: { lte: at },
  OR: [{ lockedUntil: null }, { lockedUntil: { lt: at } }],
})

/** Claims up to `limit` due deliveries of endpoints that are not paused (see the mail worker's claim). */
export async function claimDueWebhooks(db: Db, now: Date, limit = WEBHOOK_BATCH, leaseMs = WEBHOOK_LEASE_MS) {
  const candidates = await db.webhookDelivery.findMany({
    where: { ...due(now), endpoint: { pausedAt: null } },
    orderBy: [{ nextAttemptAt: 'asc' }, { createdAt: 'asc' }],
    take: limit,
    select: { id: true },
  })
  if (candidates.length === 0) return []
  const ids = candidates.map((c) => c.id)
  const claimToken = crypto.randomUUID()
  await db.webhookDelivery.updateMany({
    where: { id: { in: ids }, ...due(now) },
    data: { lockedUntil: new Date(now.getTime() + leaseMs), claimToken, attempts: { increment: 1 } },
  })
  const claimed = await db.webhookDelivery.findMany({
    where: { id: { in: ids }, claimToken },
    orderBy: [{ nextAttemptAt: 'asc' }, { createdAt: 'asc' }],
    select: {
      id: true,
      eventId: true,
      endpointId: true,
      payload: true,
      attempts: true,
      claimToken: true,
      endpoint: { select: { url: true, secretSealed: true } },
    },
  })
  return claimed as Claimed[]
}

export type PostResult = { statusCode: number; body: string } | { error: string }

/**
 * One POST, with a timeout for the whole exchange; redirects are not followed (a 3xx is a
 * failure). Names are resolved through guardedLookup, so a name pointing at a private address is
 * refused at each request, not only when the endpoint was registered.
 */
export function postWebhook(
  url: string,
  headers: Record<string, string>,
  body: string,
  options: { timeoutMs: number; allowLoopback: boolean },
): Promise<PostResult> {
  const problem = webhookUrlProblem(url, options.allowLoopback)
  if (problem) return Promise.resolve({ error: 'The address is not one webhooks may go to.' })
  return new Promise((resolve) => {
    const target = new URL(url)
    const client = target.protocol === 'https:' ? https : http
    let settled = false
    const finish = (result: PostResult) => {
      if (settled) return
      settled = true
      resolve(result)
    }
    const request = client.request(
      target,
      {
        method: 'POST',
        headers: { ...headers, 'Content-Length': String(Buffer.byteLength(body)) },
        lookup: guardedLookup(options.allowLoopback),
        signal: AbortSignal.timeout(options.timeoutMs),
        agent: false,
      },
      (response) => {
        const chunks: Buffer[] = []
        let size = 0
        const done = () =>
          finish({
            statusCode: response.statusCode ?? 0,
            body: Buffer.concat(chunks).toString('utf8').slice(0, RESPONSE_KEPT),
          })
        response.on('data', (chunk: Buffer) => {
          size += chunk.length
          if (size <= READ_LIMIT) chunks.push(chunk)
          else {
            done()
            response.destroy()
          }
        })
        response.on('end', done)
        response.on('error', done)
      },
    )
    request.on('error', (error: NodeJS.ErrnoException) =>
      finish({
        error: (error.name === 'AbortError' || error.name === 'TimeoutError'
          ? `No answer within ${options.timeoutMs} ms`
          : `${error.code ? `${error.code}: ` : ''}${error.message}`
        ).slice(0, 500),
      }),
    )
    request.end(body)
  })
}

export type WebhookOutcome = 'DELIVERED' | 'RETRY' | 'PAUSED' | 'LOST'

/**
 * Records an outcome; when its endpoint (and so the delivery) was deleted while the request was
 * out, there is nothing to record it on: LOST, not an error of the job.
 */
async function recorded(db: Db, deliveryId: string, write: () => Promise<WebhookOutcome>): Promise<WebhookOutcome> {
  try {
    return await write()
  } catch (error) {
    if ((await db.webhookDelivery.count({ where: { id: deliveryId } })) === 0) return 'LOST'
    throw error
  }
}

/** The row as this claim holds it: an outcome is written only there. */
const heldBy = (d: Claimed) => ({ id: d.id, claimToken: d.claimToken })

/** Signs and sends one claimed delivery, and records the attempt and its outcome. */
export async function deliverWebhook(
  db: Db,
  delivery: Claimed,
  clock: () => Date,
  options: { timeoutMs?: number; allowLoopback?: boolean; leaseMs?: number } = {},
): Promise<WebhookOutcome> {
  const leaseMs = options.leaseMs ?? WEBHOOK_LEASE_MS
  // Right before sending, only while this claim still holds it (a lease run out while it waited
  // its turn may belong to another process now).
  const renewed = await db.webhookDelivery.updateMany({
    where: { ...heldBy(delivery), status: 'PENDING', lockedUntil: { gt: clock() } },
    data: { lockedUntil: new Date(clock().getTime() + leaseMs) },
  })
  if (renewed.count !== 1) return 'LOST'
  // The header's time is the real one: receivers compare it with their own clock.
  const timestamp = Math.floor(Date.now() / 1000)
  const secret = openWebhookSecret(delivery.endpoint.secretSealed)
  const headers = {
    'Content-Type': 'application/json',
    'User-Agent': 'Jisseki-Webhooks/1',
    'Webhook-Id': delivery.eventId,
    'Webhook-Timestamp': String(timestamp),
    'Webhook-Signature': webhookSignature(secret, delivery.eventId, timestamp, delivery.payload),
  }
  const started = Date.now()
  const result = await postWebhook(delivery.endpoint.url, headers, delivery.payload, {
    timeoutMs: options.timeoutMs ?? env().WEBHOOK_TIMEOUT_MS,
    allowLoopback: options.allowLoopback ?? loopbackAllowed(),
  })
  const at = clock()
  const ok = 'statusCode' in result && result.statusCode >= 200 && result.statusCode < 300
  const statusCode = 'statusCode' in result ? result.statusCode : null
  const attempt = db.webhookAttempt.create({
    data: {
      deliveryId: delivery.id,
      at,
      statusCode,
      responseBody: 'body' in result ? result.body : null,
      error: 'error' in result ? result.error : null,
      durationMs: Date.now() - started,
    },
  })
  if (ok) {
    return recorded(db, delivery.id, async () => {
      await db.$transaction([
        attempt,
        db.webhookDelivery.updateMany({
          where: heldBy(delivery),
          data: { status: 'DELIVERED', deliveredAt: at, lastStatusCode: statusCode, lockedUntil: null },
        }),
        db.webhookEndpoint.updateMany({
          where: { id: delivery.endpointId },
          data: { failingSince: null, consecutiveFailures: 0, lastSuccessAt: at },
        }),
      ])
      return 'DELIVERED'
    })
  }
  return recorded(db, delivery.id, async () => {
    const [, , , , paused] = await db.$transaction([
      attempt,
      db.webhookDelivery.updateMany({
        where: heldBy(delivery),
        data: {
          lastStatusCode: statusCode,
          lockedUntil: null,
          nextAttemptAt: new Date(at.getTime() + webhookRetryDelayMs(delivery.attempts)),
        },
      }),
      db.webhookEndpoint.updateMany({
        where: { id: delivery.endpointId, failingSince: null },
        data: { failingSince: at },
      }),
      db.webhookEndpoint.updateMany({
        where: { id: delivery.endpointId },
        data: { consecutiveFailures: { increment: 1 } },
      }),
      // Failing for a day without a success in between: paused (the console tells admins).
      db.webhookEndpoint.updateMany({
        where: {
          id: delivery.endpointId,
          pausedAt: null,
          failingSince: { lte: new Date(at.getTime() - PAUSE_AFTER_MS) },
        },
        data: { pausedAt: at },
      }),
    ])
    return paused.count === 1 ? 'PAUSED' : 'RETRY'
  })
}

/**
 * Sends what is due: one claim of up to `batch` deliveries, `concurrency` at a time, starting no
 * new send after `budgetMs` (the claims not started are given back, due at once, their attempt
 * not counted). `more`: the claim was full, so more may be due.
 */
export async function deliverDueWebhooks(
  db: Db,
  now = currentTime(),
  options: {
    batch?: number
    concurrency?: number
    budgetMs?: number
    timeoutMs?: number
    allowLoopback?: boolean
    leaseMs?: number
  } = {},
) {
  const batch = options.batch ?? WEBHOOK_BATCH
  const clock = runningFrom(now)
  const claimed = await claimDueWebhooks(db, now, batch, options.leaseMs)
  const counts = { delivered: 0, retry: 0, paused: 0, lost: 0, returned: 0 }
  const started = Date.now()
  const queue = [...claimed]
  const worker = async () => {
    for (let next = queue.shift(); next; next = queue.shift()) {
      if (options.budgetMs !== undefined && Date.now() - started > options.budgetMs) {
        await db.webhookDelivery.updateMany({
          where: heldBy(next),
          data: { lockedUntil: null, attempts: { decrement: 1 } },
        })
        counts.returned++
        continue
      }
      const outcome = await deliverWebhook(db, next, clock, options)
      counts[
        outcome === 'DELIVERED' ? 'delivered' : outcome === 'RETRY' ? 'retry' : outcome === 'PAUSED' ? 'paused' : 'lost'
      ]++
    }
  }
  await Promise.all(
    Array.from({ length: Math.min(options.concurrency ?? WEBHOOK_CONCURRENCY, claimed.length) }, worker),
  )
  return { ...counts, more: claimed.length === batch || counts.returned > 0 }
}
