import crypto from 'node:crypto'
import type { Db } from '~/utils/db.server'
import { env } from '~/utils/env.server'
import type { MessageKind, Prisma } from '~/generated/prisma/client'
import { currentTime } from '~/utils/clock.server'

/*
 * The outbox (docs/decisions/0010-outbox-and-calendar.md): the statements here are put in the
 * same batch transaction as the change that causes the message, so a message exists exactly when
 * its change does. Delivery is the worker's business (worker.server.ts).
 */

/** A Message-ID of our own domain: fixed when queued, so a repeated delivery is the same message. */
export function newMessageId(appUrl = env().APP_URL): string {
  return `<${crypto.randomUUID()}@${new URL(appUrl).hostname}>`
}

/** A participant message names its seminar and registration; an account message its staff user. */
export type QueuedMessage = {
  kind: MessageKind
  seminarId?: string | null
  registrationId?: string | null
  consoleUserId?: string | null
  sessionId?: string | null
  subject?: string | null
  body?: string | null
  createdById?: string | null
  /** The waiting-list place the message states (a lottery's 補欠 number, docs/decisions/0049). */
  waitlistPosition?: number | null
}

function row(message: QueuedMessage, now: Date) {
  return {
    kind: message.kind,
    seminarId: message.seminarId ?? null,
    registrationId: message.registrationId ?? null,
    consoleUserId: message.consoleUserId ?? null,
    sessionId: message.sessionId ?? null,
    subject: message.subject ?? null,
    body: message.body ?? null,
    createdById: message.createdById ?? null,
    waitlistPosition: message.waitlistPosition ?? null,
    messageId: newMessageId(),
    nextAttemptAt: now,
    createdAt: now,
  }
}

/**
 * The statement that queues one message (for a batch transaction). Plain SQL: it is part of every
 * registration, where the query API would cost several times more.
 */
export function queueMessage(db: Db, message: QueuedMessage, now = currentTime(), id: string = crypto.randomUUID()) {
  const r = row(message, now)
  return db.$executeRaw`INSERT INTO "OutboxMessage" ("id", "kind", "messageId", "seminarId", "registrationId",
      "staffUserId", "sessionId", "subject", "body", "createdById", "nextAttemptAt", "createdAt")
    VALUES (${id}, ${r.kind}, ${r.messageId}, ${r.seminarId}, ${r.registrationId}, ${r.consoleUserId}, ${r.sessionId},
      ${r.subject}, ${r.body}, ${r.createdById}, ${r.nextAttemptAt}, ${r.createdAt})`
}

/** The statement that queues several messages at once (for a batch transaction). */
export function queueMessages(db: Db, messages: QueuedMessage[], now = currentTime()) {
  return db.outboxMessage.createMany({ data: messages.map((m) => row(m, now)) })
}

/**
 * The statements that queue the waiting-list notice with the position the registration has
 * after the statements before them in the same batch (it is computed there, in SQL).
 */
export function queueWaitlistNotice(db: Db, seminarId: string, registrationId: string, now = currentTime()) {
  const id = crypto.randomUUID()
  return [
    queueMessage(db, { kind: 'WAITLISTED', seminarId, registrationId }, now, id),
    db.$executeRaw`UPDATE "OutboxMessage" SET "waitlistPosition" =
        (SELECT "waitlistPosition" FROM "Registration" WHERE "id" = ${registrationId})
      WHERE "id" = ${id}`,
  ]
}

/**
 * Everyone still holding a place in the seminar, or waiting for its lottery: those told of its
 * changes and its cancellation.
 */
export function activeWhere(seminarId: string): Prisma.RegistrationWhereInput {
  return { seminarId, status: { in: ['CONFIRMED', 'WAITLISTED', 'APPLIED'] } }
}

/** Of the given registrations, those that gave an email: only they are mailed. */
export function withEmail(where: Prisma.RegistrationWhereInput): Prisma.RegistrationWhereInput {
  return { AND: [where, { email: { not: '' } }] }
}

/**
 * Registrations that are told about changes to their seminar: everyone still holding a place who
 * gave an email (walk-ins and applications by phone without one hear it from staff).
 */
export async function activeRegistrationIds(db: Db, seminarId: string): Promise<string[]> {
  const rows = await db.registration.findMany({ where: withEmail(activeWhere(seminarId)), select: { id: true } })
  return rows.map((r) => r.id)
}

/**
 * The other half of the same selection: those without an email, to whom nothing is mailed. The
 * pages before a message, a cancellation or a schedule change list them so staff can phone them.
 */
export function unmailedRegistrations(db: Db, where: Prisma.RegistrationWhereInput) {
  return db.registration.findMany({
    where: { AND: [where, { email: '' }] },
    orderBy: [{ furigana: 'asc' }, { createdAt: 'asc' }],
    select: { id: true, name: true, organizationName: true, phone: true },
  })
}
