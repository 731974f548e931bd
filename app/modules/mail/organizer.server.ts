import type { Db } from '~/utils/db.server'
import type { Prisma } from '~/generated/prisma/client'
import { AppError } from '~/utils/errors'
import { AUDIENCES, type Audience } from './forms'
import { queueMessages } from './outbox.server'
import { currentTime } from '~/utils/clock.server'

function audienceWhere(seminarId: string, audience: Audience): Prisma.RegistrationWhereInput {
  const base = { seminarId, email: { not: '' } }
  switch (audience) {
    case 'ALL':
      return { ...base, status: { in: ['CONFIRMED', 'WAITLISTED'] } }
    case 'CONFIRMED':
      return { ...base, status: 'CONFIRMED' }
    case 'WAITING':
      return { ...base, status: 'WAITLISTED' }
    case 'ATTENDED':
      return { ...base, attendances: { some: {} } }
  }
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

/** Queues the organizer's message to everyone in the audience, and records who sent it. */
export async function sendOrganizerMessage(
  db: Db,
  input: { seminarId: string; audience: Audience; subject: string; body: string; userId: string },
  now = currentTime(),
): Promise<number> {
  const recipients = await db.registration.findMany({
    where: audienceWhere(input.seminarId, input.audience),
    select: { id: true },
  })
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
    db.outboxMessage.groupBy({ by: ['status'], where: { seminarId }, _count: { _all: true } }),
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
