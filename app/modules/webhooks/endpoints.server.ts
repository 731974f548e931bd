import crypto from 'node:crypto'
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

/** The audit trail's record of an admin's action on an endpoint (written in its transaction). */
function webhookAudit(
  db: Db,
  actorId: string | null,
  action:
    | 'webhook.create'
    | 'webhook.update'
    | 'webhook.rotate'
    | 'webhook.delete'
    | 'webhook.resume'
    | 'webhook.redeliver',
  endpointId: string,
  detail: Record<string, unknown>,
) {
  return db.auditEvent.create({
    data: { actorId, action, entityType: 'WebhookEndpoint', entityId: endpointId, detail: JSON.stringify(detail) },
  })
}

async function endpointUrl(db: Db, id: string): Promise<string> {
  const endpoint = await db.webhookEndpoint.findUnique({ where: { id }, select: { url: true } })
  if (!endpoint) throw new AppError('NOT_FOUND')
  return endpoint.url
}

/** Refuses a URL or events the form would have refused (a module caller, a script, gets the same rule). */
function checked(input: EndpointInput): EndpointInput {
  if (webhookUrlProblem(input.url) || input.events.length === 0) throw new AppError('BAD_REQUEST')
  return input
}

/** A new endpoint and its secret, which is returned this once and never shown again. */
export async function createWebhookEndpoint(
  db: Db,
  input: EndpointInput,
  userId: string | null,
  now = currentTime(),
): Promise<{ id: string; secret: string }> {
  const { url, description, events } = checked(input)
  const id = crypto.randomUUID()
  const secret = newWebhookSecret()
  await db.$transaction([
    db.webhookEndpoint.create({
      data: {
        id,
        url,
        description,
        events: storedEvents(events),
        secretSealed: sealWebhookSecret(secret),
        createdById: userId,
        createdAt: now,
      },
    }),
    webhookAudit(db, userId, 'webhook.create', id, { url, events }),
  ])
  return { id, secret }
}

/** Changes what an endpoint receives and where; its secret and history stay. */
export async function updateWebhookEndpoint(db: Db, id: string, input: EndpointInput, userId: string | null) {
  const { url, description, events } = checked(input)
  const before = await endpointUrl(db, id)
  await db.$transaction([
    db.webhookEndpoint.update({ where: { id }, data: { url, description, events: storedEvents(events) } }),
    webhookAudit(db, userId, 'webhook.update', id, { url, before, events }),
  ])
}

/** A new secret for the endpoint (the old one stops signing at once); returned this once. */
export async function rotateWebhookSecret(db: Db, id: string, userId: string | null): Promise<string> {
  const url = await endpointUrl(db, id)
  const secret = newWebhookSecret()
  await db.$transaction([
    db.webhookEndpoint.update({ where: { id }, data: { secretSealed: sealWebhookSecret(secret) } }),
    webhookAudit(db, userId, 'webhook.rotate', id, { url }),
  ])
  return secret
}

/** Removes an endpoint with its deliveries and their log. */
export async function deleteWebhookEndpoint(db: Db, id: string, userId: string | null) {
  const url = await endpointUrl(db, id)
  await db.$transaction([
    db.webhookEndpoint.delete({ where: { id } }),
    webhookAudit(db, userId, 'webhook.delete', id, { url }),
  ])
}

/**
 * Resumes a paused endpoint: its failure count starts again and everything queued for it
 * meanwhile is due at once.
 */
export async function resumeWebhookEndpoint(db: Db, id: string, userId: string | null, now = currentTime()) {
  const url = await endpointUrl(db, id)
  await db.$transaction([
    db.webhookEndpoint.update({ where: { id }, data: { pausedAt: null, failingSince: null, consecutiveFailures: 0 } }),
    db.webhookDelivery.updateMany({
      where: { endpointId: id, status: 'PENDING' },
      data: { nextAttemptAt: now, attempts: 0 },
    }),
    webhookAudit(db, userId, 'webhook.resume', id, { url }),
  ])
}

/**
 * Sends a delivery again (delivered or not): it is due at once, with the same id, type and body,
 * so a receiver that keeps the ids it has seen can tell it is the same event.
 */
export async function redeliverWebhook(
  db: Db,
  endpointId: string,
  deliveryId: string,
  userId: string | null,
  now = currentTime(),
) {
  const delivery = await db.webhookDelivery.findFirst({
    where: { id: deliveryId, endpointId },
    select: { type: true, eventId: true, endpoint: { select: { url: true } } },
  })
  if (!delivery) throw new AppError('NOT_FOUND')
  // Being sent right now (claimed): taking its claim away would send it twice at once. The admin
  // is told to look again in a moment, when its outcome is in the log.
  // The claim is checked in the statement itself: a worker may claim it between the read and this.
  const free = { OR: [{ lockedUntil: null }, { lockedUntil: { lte: now } }] }
  return db.$transaction(async (txClient) => {
    const tx = txClient as unknown as Db
    const { count } = await tx.webhookDelivery.updateMany({
      where: { id: deliveryId, ...free },
      data: { status: 'PENDING', nextAttemptAt: now, attempts: 0, lockedUntil: null, claimToken: null },
    })
    if (count === 0) return 'sending' as const
    await webhookAudit(tx, userId, 'webhook.redeliver', endpointId, {
      url: delivery.endpoint.url,
      type: delivery.type,
      eventId: delivery.eventId,
    })
    return 'queued' as const
  })
}

/** What the console shows of an endpoint, in its list and on its page (never its secret). */
const ENDPOINT_FIELDS = {
  id: true,
  url: true,
  description: true,
  events: true,
  createdAt: true,
  pausedAt: true,
  failingSince: true,
  consecutiveFailures: true,
  lastSuccessAt: true,
} as const

/** The console's list: every endpoint with what it receives and how it is doing. */
export async function webhookEndpointsPage(db: Db) {
  const endpoints = await db.webhookEndpoint.findMany({
    orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
    select: ENDPOINT_FIELDS,
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
    select: ENDPOINT_FIELDS,
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
