import type { Db } from '~/utils/db.server'
import { AppError } from '~/utils/errors'
import { queueMessage } from '../mail/outbox.server'
import { newCheckinToken, newManageToken } from './registrations.server'

/**
 * The question before a link is reissued: whose, and where the new one goes (their email, or
 * nowhere when they gave none). Null when there is nothing to reissue (cancelled or anonymized).
 */
export async function reissueQuestion(db: Db, input: { registrationId: string; seminarId: string }) {
  const r = await db.registration.findFirst({
    where: { id: input.registrationId, seminarId: input.seminarId },
    select: {
      id: true,
      name: true,
      email: true,
      code: true,
      status: true,
      waitlistPosition: true,
      anonymizedAt: true,
      seminar: { select: { title: true } },
    },
  })
  if (!r) throw new AppError('REGISTRATION_NOT_FOUND')
  if (r.status === 'CANCELLED' || r.anonymizedAt) return null
  const { anonymizedAt: _anonymizedAt, seminar, ...registration } = r
  return { ...registration, seminarTitle: seminar.title }
}

/**
 * Reissues a participant's manage link and QR slip (a forwarded email, a lost phone): both secrets
 * are replaced, so the old link and the old QR stop working; the new ones are mailed to the
 * participant, and who did it is recorded. The short code on the slip stays.
 */
export async function reissueLink(db: Db, input: { registrationId: string; seminarId: string; userId: string }) {
  const r = await db.registration.findFirst({
    where: { id: input.registrationId, seminarId: input.seminarId },
    select: { id: true, seminarId: true, status: true, email: true, anonymizedAt: true },
  })
  if (!r) throw new AppError('REGISTRATION_NOT_FOUND')
  if (r.status === 'CANCELLED' || r.anonymizedAt) throw new AppError('ALREADY_CANCELLED')
  await db.$transaction([
    db.registration.update({
      where: { id: r.id },
      data: { manageToken: newManageToken(), checkinToken: newCheckinToken() },
    }),
    ...(r.email
      ? [
          queueMessage(db, {
            kind: 'LINK_REISSUED',
            seminarId: r.seminarId,
            registrationId: r.id,
            createdById: input.userId,
          }),
        ]
      : []),
    db.auditEvent.create({
      data: {
        actorId: input.userId,
        action: 'registration.reissue',
        entityType: 'Registration',
        entityId: r.id,
        detail: '{}',
      },
    }),
  ])
}
