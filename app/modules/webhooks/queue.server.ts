import crypto from 'node:crypto'
import type { Db } from '~/utils/db.server'
import { currentTime } from '~/utils/clock.server'
import type { WebhookEventType } from './events'

/*
 * Queueing webhook events (docs/decisions/0056-webhooks.md), like the mail outbox: the statement
 * here goes into the same transaction (or batch) as the change that causes the event, so an event
 * exists exactly when its change does — a change rolled back queues nothing, and an event queued
 * is delivered even when its receiver is down or the app stops before sending it.
 *
 * One statement per event, whatever the number of endpoints: an INSERT … SELECT that writes one
 * delivery for each endpoint subscribed to the event. With no endpoint (most installations) it
 * reads an empty table and writes nothing; it is the only cost a registration pays for webhooks.
 */

/** What events carry: ids, codes and states, never names, emails or other personal data. */
export type WebhookData = Record<string, string | number | boolean | null | string[]>

/** The body every endpoint receives for one event, exactly as it is signed. */
export function webhookBody(id: string, type: WebhookEventType, data: WebhookData, now: Date): string {
  return JSON.stringify({ id, type, createdAt: now.toISOString(), data })
}

/** The statement that queues one event for every endpoint subscribed to it. */
export function queueWebhookEvent(
  db: Pick<Db, '$executeRaw'>,
  type: WebhookEventType,
  data: WebhookData,
  now = currentTime(),
  id: string = `evt_${crypto.randomUUID()}`,
) {
  const body = webhookBody(id, type, data, now)
  return db.$executeRaw`INSERT INTO "WebhookDelivery"
      ("id", "eventId", "endpointId", "type", "payload", "status", "attempts", "nextAttemptAt", "createdAt")
    SELECT ${`${id}:`} || e."id", ${id}, e."id", ${type}, ${body}, 'PENDING', 0, ${now}, ${now}
    FROM "WebhookEndpoint" e WHERE e."events" LIKE ${`%,${type},%`}`
}
