import type { Db } from '~/utils/db.server'
import { currentTime } from '~/utils/clock.server'
import { AppError } from '~/utils/errors'
import { readPage } from '~/utils/paging'
import { derivedKey, decryptSecret, encryptSecret } from '../accounts/second-factor.server'
import { eventsOf, storedEvents, type WebhookEventType } from './events'
import { newWebhookSecret } from './signature.server'
import { webhookUrlProblem } from './address.server'

/*
 * Webhook endpoints as admins manage them in the console (docs/decisions/0056-webhooks.md). The
 * signing secret is shown once, when it is made (on creation and on rotation); it is kept
 * encrypted under a key derived from IDENTITY_SECRET, because signing needs it in the clear.
 */

/** The key endpoint secrets are encrypted with (HKDF of the identity secret, its own purpose). */
const sealKey = (identity?: string) => derivedKey('webhook-secret-v1', identity)

export function sealWebhookSecret(secret: string, identity?: string): string {
  return encryptSecret(secret, sealKey(identity))
}

export function openWebhookSecret(sealed: string, identity?: string): string {
  return decryptSecret(sealed, sealKey(identity))
}

export type EndpointInput = { url: string; description: string | null; events: WebhookEventType[] }

/** A new endpoint and its secret, which is returned this once and never shown again. */
export async function createWebhookEndpoint(
  db: Db,
  input: EndpointInput,
  userId: string | null,
  now = currentTime(),
): Promise<{ id: string; secret: string }> {
  // The form checked it already; a module caller (a script) gets the same rule.
  if (webhookUrlProblem(input.url) || input.events.length === 0) throw new AppError('BAD_REQUEST')
  const secret = newWebhookSecret()
  const endpoint = await db.webhookEndpoint.create({
    data: {
      url: input.url,
      description: input.description,
      events: storedEvents(input.events),
      secretSealed: sealWebhookSecret(secret),
      createdById: userId,
      createdAt: now,
    },
    select: { id: true },
  })
  return { id: endpoint.id, secret }
}

/** Changes what an endpoint receives and where; its secret and history stay. */
export async function updateWebhookEndpoint(db: Db, id: string, input: EndpointInput) {
  if (webhookUrlProblem(input.url) || input.events.length === 0) throw new AppError('BAD_REQUEST')
  const { count } = await db.webhookEndpoint.updateMany({
    where: { id },
    data: { url: input.url, description: input.description, events: storedEvents(input.events) },
  })
  if (count === 0) throw new AppError('NOT_FOUND')
}

/** A new secret for the endpoint (the old one stops signing at once); returned this once. */
export async function rotateWebhookSecret(db: Db, id: string): Promise<string> {
  const secret = newWebhookSecret()
  const { count } = await db.webhookEndpoint.updateMany({
    where: { id },
    data: { secretSealed: sealWebhookSecret(secret) },
  })
  if (count === 0) throw new AppError('NOT_FOUND')
  return secret
}

/** Removes an endpoint with its deliveries and their log. */
export async function deleteWebhookEndpoint(db: Db, id: string) {
  const { count } = await db.webhookEndpoint.deleteMany({ where: { id } })
  if (count === 0) throw new AppError('NOT_FOUND')
}

/**
 * Resumes a paused endpoint: its failure count starts again and everything queued for it
 * meanwhile is due at once.
 */
export async function resumeWebhookEndpoint(db: Db, id: string, now = currentTime()) {
  const [resumed] = await db.$transaction([
    db.webhookEndpoint.updateMany({
      where: { id },
      data: { pausedAt: null, failingSince: null, consecutiveFailures: 0 },
    }),
    db.webhookDelivery.updateMany({
      where: { endpointId: id, status: 'PENDING' },
      data: { nextAttemptAt: now, attempts: 0 },
    }),
  ])
  if (resumed.count === 0) throw new AppError('NOT_FOUND')
}

/**
 * Sends a delivery again (delivered or not): it is due at once, with the same id, type and body,
 * so a receiver that keeps the ids it has seen can tell it is the same event.
 */
export async function redeliverWebhook(db: Db, endpointId: string, deliveryId: string, now = currentTime()) {
  const { count } = await db.webhookDelivery.updateMany({
    where: { id: deliveryId, endpointId },
    data: { status: 'PENDING', nextAttemptAt: now, attempts: 0, lockedUntil: null, claimToken: null },
  })
  if (count === 0) throw new AppError('NOT_FOUND')
}

/** The console's list: every endpoint with what it receives and how it is doing. */
export async function webhookEndpointsPage(db: Db) {
  const endpoints = await db.webhookEndpoint.findMany({
    orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
    select: {
      id: true,
      url: true,
      description: true,
      events: true,
      createdAt: true,
      pausedAt: true,
      failingSince: true,
      consecutiveFailures: true,
      lastSuccessAt: true,
    },
  })
  const pending = await db.webhookDelivery.groupBy({
    by: ['endpointId'],
    where: { status: 'PENDING' },
    _count: { _all: true },
  })
  const pendingOf = new Map(pending.map((p) => [p.endpointId, p._count._all]))
  return {
    endpoints: endpoints.map(({ events, ...e }) => ({
      ...e,
      events: eventsOf(events),
      pending: pendingOf.get(e.id) ?? 0,
    })),
  }
}

/** One endpoint with its deliveries, newest first, a page at a time, each with its attempts. */
export async function webhookEndpointPage(db: Db, id: string, params: URLSearchParams) {
  const endpoint = await db.webhookEndpoint.findUnique({
    where: { id },
    select: {
      id: true,
      url: true,
      description: true,
      events: true,
      createdAt: true,
      pausedAt: true,
      failingSince: true,
      consecutiveFailures: true,
      lastSuccessAt: true,
    },
  })
  if (!endpoint) throw new AppError('NOT_FOUND')
  const where = { endpointId: id }
  const deliveries = await readPage(
    params,
    () => db.webhookDelivery.count({ where }),
    (slice) =>
      db.webhookDelivery.findMany({
        where,
        orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
        ...slice,
        select: {
          id: true,
          eventId: true,
          type: true,
          status: true,
          attempts: true,
          nextAttemptAt: true,
          deliveredAt: true,
          lastStatusCode: true,
          createdAt: true,
          attemptLog: {
            orderBy: [{ at: 'desc' }, { id: 'desc' }],
            take: 5,
            select: { id: true, at: true, statusCode: true, responseBody: true, error: true, durationMs: true },
          },
        },
      }),
    { pageSize: 20 },
  )
  return { endpoint: { ...endpoint, events: eventsOf(endpoint.events) }, ...deliveries }
}

/** How many endpoints are paused: the console tells admins on every page. */
export function pausedWebhookEndpoints(db: Db): Promise<number> {
  return db.webhookEndpoint.count({ where: { pausedAt: { not: null } } })
}
