import crypto from 'node:crypto'
import type { Db } from '~/utils/db.server'
import { AppError, isRecordNotFound, isUniqueViolation } from '~/utils/errors'
import type { AttendanceMode, AttendanceSource, RegistrationSource } from '~/generated/prisma/client'
import { normalizeEmail } from '../registration/identity'
import {
  newManageToken,
  newRegistrationCode,
  takeSeatOp,
  upsertOrganization,
  upsertPerson,
  createdEvent,
} from '../registration/registrations.server'
import { tallyOps } from '../indicators/tally.server'
import { attendanceEvent, getSessionForCheckIn } from './checkin.server'
import { currentTime } from '~/utils/clock.server'

export type WalkInInput = {
  sessionId: string
  name: string
  furigana?: string | null
  email?: string | null
  organizationName?: string | null
  corporateNumber?: string | null
  industry?: string | null
  inCity?: boolean | null
  mode: AttendanceMode
  /** The organizer confirmed seating this person beyond the capacity. */
  overrideCapacity: boolean
  userId: string | null
  /** WALK_IN at the door; IMPORT for an online attendee found only in a meeting report. */
  source?: Extract<RegistrationSource, 'WALK_IN' | 'IMPORT'>
  onlineMinutes?: number | null
}

const SEAT = {
  IN_PERSON: { taken: 'seatsTakenInPerson', capacity: 'capacityInPerson' },
  ONLINE: { taken: 'seatsTakenOnline', capacity: 'capacityOnline' },
} as const

/**
 * Registers someone who came without registering (当日参加) and records them as attended.
 * Over the capacity only with `overrideCapacity`, which is recorded on the registration and in
 * the audit trail. Someone already registered with that email is checked in instead.
 */
export async function registerWalkIn(
  db: Db,
  input: WalkInInput,
  now = currentTime(),
): Promise<{ registrationId: string; existing: boolean }> {
  const session = await getSessionForCheckIn(db, input.sessionId)
  const seminar = session.seminar
  const source = input.source ?? 'WALK_IN'
  const attendanceSource: AttendanceSource = source === 'IMPORT' ? 'IMPORT' : 'WALK_IN'
  const emailNormalized = input.email ? normalizeEmail(input.email) : null

  if (emailNormalized) {
    const registered = await db.registration.findFirst({
      where: { seminarId: seminar.id, activeEmailKey: emailNormalized },
      select: { id: true, status: true },
    })
    if (registered?.status === 'CONFIRMED') {
      const attendance = {
        sessionId: session.id,
        registrationId: registered.id,
        mode: input.mode,
        onlineMinutes: input.onlineMinutes ?? null,
      }
      try {
        await db.$transaction([
          db.attendance.create({
            data: { ...attendance, source: attendanceSource, checkedInAt: now, recordedById: input.userId },
          }),
          attendanceEvent(db, { ...attendance, seminarId: seminar.id, source: attendanceSource }, now),
          ...(await tallyOps(db, [attendance], 1)),
        ])
      } catch (error) {
        // Already checked in: nothing more to record.
        if (!isUniqueViolation(error)) throw error
      }
      return { registrationId: registered.id, existing: true }
    }
  }

  // A walk-in without email is a person of their own: nothing identifies them across seminars.
  const personId = await upsertPerson(
    db,
    emailNormalized ?? `walk-in:${crypto.randomUUID()}`,
    input.name,
    input.furigana ?? '',
  )
  const organizationId = await upsertOrganization(db, input.organizationName ?? null, input.corporateNumber ?? null)
  const fields = SEAT[input.mode]
  const capacity = seminar[fields.capacity]
  const id = crypto.randomUUID()
  const registration = {
    id,
    seminarId: seminar.id,
    personId,
    organizationId,
    name: input.name,
    furigana: input.furigana ?? '',
    email: input.email?.trim() ?? '',
    emailNormalized: emailNormalized ?? '',
    activeEmailKey: emailNormalized,
    organizationName: input.organizationName || null,
    corporateNumber: input.corporateNumber || null,
    industry: input.industry || null,
    // Unknown stays unknown (null): it is neither 市内 nor 市外 in any total.
    inCity: input.inCity ?? null,
    mode: input.mode,
    status: 'CONFIRMED' as const,
    source,
    language: 'ja' as const,
    manageToken: newManageToken(),
    code: newRegistrationCode(),
    createdAt: now,
  }
  const attendance = {
    sessionId: session.id,
    registrationId: id,
    mode: input.mode,
    source: attendanceSource,
    checkedInAt: now,
    recordedById: input.userId,
    onlineMinutes: input.onlineMinutes ?? null,
  }
  const tally = await tallyOps(
    db,
    [{ ...attendance, registration: { personId, organizationId, role: 'PARTICIPANT' } }],
    1,
  )
  // A walk-in is a registration made and attended at once: both events (docs/decisions/0056).
  const events = () => [
    createdEvent(db, { id, seminarId: seminar.id, status: 'CONFIRMED', mode: input.mode, source }, now),
    attendanceEvent(db, { ...attendance, seminarId: seminar.id }, now),
  ]
  const audit = (overCapacity: boolean) =>
    db.auditEvent.create({
      data: {
        actorId: input.userId,
        action: 'attendance.walk-in',
        entityType: 'Attendance',
        entityId: `${session.id}:${id}`,
        detail: JSON.stringify({ name: input.name, mode: input.mode, source, overCapacity }),
      },
    })
  try {
    // A free seat first (walk-ins are at the door: they do not wait behind the queue).
    await db.$transaction([
      takeSeatOp(db, seminar.id, input.mode, capacity, { onlyIfNobodyWaits: false }),
      db.registration.create({ data: { ...registration, overCapacity: false } }),
      db.attendance.create({ data: attendance }),
      ...events(),
      audit(false),
      ...tally,
    ])
    return { registrationId: id, existing: false }
  } catch (error) {
    if (!isRecordNotFound(error)) throw error
  }
  if (!input.overrideCapacity) throw new AppError('WALK_IN_OVER_CAPACITY')
  await db.$transaction([
    db.seminar.update({
      where: { id: seminar.id },
      data: { [fields.taken]: { increment: 1 }, queueVersion: { increment: 1 } },
    }),
    db.registration.create({ data: { ...registration, overCapacity: true } }),
    db.attendance.create({ data: attendance }),
    ...events(),
    audit(true),
    ...tally,
  ])
  return { registrationId: id, existing: false }
}
