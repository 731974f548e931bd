import type { Db } from '~/utils/db.server'
import type { AttendeeRole } from '~/generated/prisma/client'
import { AppError } from '~/utils/errors'
import { tallyOps } from '../indicators/tally.server'

/**
 * Marks a registration as a participant, a speaker or staff. Speakers and staff never count, so
 * their attendances leave (or rejoin) the indicator tallies in the same transaction. Given a
 * seminar (the console's seminar page), a registration of another seminar is not found.
 */
export async function setRegistrationRole(
  db: Db,
  input: { registrationId: string; seminarId?: string; role: AttendeeRole; userId: string },
) {
  const r = await db.registration.findFirst({
    where: { id: input.registrationId, ...(input.seminarId ? { seminarId: input.seminarId } : {}) },
    select: { id: true, role: true, personId: true, organizationId: true },
  })
  if (!r) throw new AppError('REGISTRATION_NOT_FOUND')
  if (r.role === input.role) return
  const attendances = await db.attendance.findMany({
    where: { registrationId: r.id },
    select: { sessionId: true, registrationId: true, mode: true, onlineMinutes: true },
  })
  const person = { personId: r.personId, organizationId: r.organizationId }
  await db.$transaction([
    db.registration.update({ where: { id: r.id, role: r.role }, data: { role: input.role } }),
    db.auditEvent.create({
      data: {
        actorId: input.userId,
        action: 'registration.role',
        entityType: 'Registration',
        entityId: r.id,
        detail: JSON.stringify({ from: r.role, to: input.role }),
      },
    }),
    ...(await tallyOps(
      db,
      attendances.map((a) => ({ ...a, registration: { ...person, role: r.role } })),
      -1,
    )),
    ...(await tallyOps(
      db,
      attendances.map((a) => ({ ...a, registration: { ...person, role: input.role } })),
      1,
    )),
  ])
}
