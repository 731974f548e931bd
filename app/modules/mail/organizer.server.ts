import type { Db } from '~/utils/db.server'
import type { Prisma } from '~/generated/prisma/client'
import { AppError } from '~/utils/errors'
import { AUDIENCES, type Audience } from './forms'
import { queueMessage, queueMessages, unmailedRegistrations, withEmail } from './outbox.server'
import { blocksToText, organizerMessageSample } from './render.server'
import { currentTime } from '~/utils/clock.server'
import type { Lang } from '~/utils/i18n'

/** Everyone in the audience, with an email or not: recipients and the unmailed are its two halves. */
function audienceOf(seminarId: string, audience: Audience): Prisma.RegistrationWhereInput {
  const base = { seminarId }
  switch (audience) {
    case 'ALL':
      return { ...base, status: { in: ['CONFIRMED', 'WAITLISTED', 'APPLIED'] } }
    case 'CONFIRMED':
      return { ...base, status: 'CONFIRMED' }
    case 'WAITING':
      return { ...base, status: 'WAITLISTED' }
    case 'ATTENDED':
      return { ...base, attendances: { some: {} } }
  }
}

/** Those the message is mailed to: the audience's registrations with an email. */
function audienceWhere(seminarId: string, audience: Audience): Prisma.RegistrationWhereInput {
  return withEmail(audienceOf(seminarId, audience))
}

export function countAudience(db: Db, seminarId: string, audience: Audience) {
  return db.registration.count({ where: audienceWhere(seminarId, audience) })
}

/** The message form: the seminar, and how many people each audience reaches. */
export async function organizerMessageForm(db: Db, seminarId: string) {
  const seminar = await db.seminar.findUnique({ where: { id: seminarId }, select: { id: true, title: true } })
  if (!seminar) throw new AppError('SEMINAR_NOT_FOUND')
  const counts = Object.fromEntries(
    await Promise.all(AUDIENCES.map(async (a) => [a, await countAudience(db, seminar.id, a)] as const)),
  )
  return { seminar, counts }
}

type MessageDraft = { seminarId: string; audience: Audience; subject: string; body: string }

/**
 * The confirmation before an organizer's message goes out: how many people it reaches, and the
 * message as they will read it, in each language they registered in (Japanese always first), and
 * those in the audience it does not reach for want of an email, for staff to phone.
 */
export async function previewOrganizerMessage(db: Db, draft: MessageDraft) {
  const byLanguage = await db.registration.groupBy({
    by: ['language'],
    where: audienceWhere(draft.seminarId, draft.audience),
    _count: { _all: true },
  })
  const count = byLanguage.reduce((sum, g) => sum + g._count._all, 0)
  const english = byLanguage.find((g) => g.language === 'en')?._count._all ?? 0
  const langs: Lang[] = english > 0 ? ['ja', 'en'] : ['ja']
  const previews = []
  for (const lang of langs) {
    const sample = await organizerMessageSample(db, { ...draft, lang })
    if (!sample) throw new AppError('SEMINAR_NOT_FOUND')
    previews.push({ lang, subject: sample.subject, text: blocksToText(sample.blocks) })
  }
  const unmailed = await unmailedRegistrations(db, audienceOf(draft.seminarId, draft.audience))
  return { count, english, previews, unmailed }
}

/**
 * A test of the message to the signed-in staff member only (never to a registrant), through the
 * outbox like every message; its text says it is a test.
 */
export async function sendOrganizerTest(db: Db, draft: MessageDraft & { userId: string }, now = currentTime()) {
  await queueMessage(
    db,
    {
      kind: 'ORGANIZER',
      seminarId: draft.seminarId,
      consoleUserId: draft.userId,
      subject: draft.subject,
      body: draft.body,
      createdById: draft.userId,
    },
    now,
  )
}

/**
 * Queues the organizer's message to everyone in the audience, and records who sent it. Null, and
 * nothing sent, when the audience is no longer the `expected` number of people.
 */
export async function sendOrganizerMessage(
  db: Db,
  input: { seminarId: string; audience: Audience; subject: string; body: string; userId: string; expected?: number },
  now = currentTime(),
): Promise<number | null> {
  const recipients = await db.registration.findMany({
    where: audienceWhere(input.seminarId, input.audience),
    select: { id: true },
  })
  // Confirmed for as many people as the preview showed: someone registered or cancelled since.
  if (input.expected !== undefined && input.expected !== recipients.length) return null
  await db.$transaction([
    queueMessages(
      db,
      recipients.map((r) => ({
        kind: 'ORGANIZER' as const,
        seminarId: input.seminarId,
        registrationId: r.id,
        subject: input.subject,
        body: input.body,
        createdById: input.userId,
      })),
      now,
    ),
    db.auditEvent.create({
      data: {
        actorId: input.userId,
        action: 'seminar.message',
        entityType: 'Seminar',
        entityId: input.seminarId,
        detail: JSON.stringify({ audience: input.audience, subject: input.subject, recipients: recipients.length }),
      },
    }),
  ])
  return recipients.length
}

/** The seminar page's view of its messages: how many are waiting, sent, and which failed. */
export async function seminarMessages(db: Db, seminarId: string) {
  const [counts, failed] = await Promise.all([
    // A test sent to a staff member (no registration) is not one of the seminar's messages.
    db.outboxMessage.groupBy({ by: ['status'], where: { seminarId, consoleUserId: null }, _count: { _all: true } }),
    db.outboxMessage.findMany({
      where: { seminarId, status: 'FAILED' },
      orderBy: { createdAt: 'desc' },
      take: 100,
      select: {
        id: true,
        kind: true,
        attempts: true,
        lastError: true,
        createdAt: true,
        registration: { select: { name: true, email: true } },
      },
    }),
  ])
  const count = (status: string) => counts.find((c) => c.status === status)?._count._all ?? 0
  return { pending: count('PENDING'), sent: count('SENT'), failed }
}
