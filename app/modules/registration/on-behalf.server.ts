import crypto from 'node:crypto'
import type { Db } from '~/utils/db.server'
import { AppError, isAppError } from '~/utils/errors'
import { currentTime } from '~/utils/clock.server'
import type { OnBehalfForm } from './on-behalf-schema'
import { cancelRegistration, modesOffered, register, type RegistrationOutcome } from './registrations.server'
import { registrationSlipQr } from './slip.server'

/** A registration as the organizer's cancel page shows it; one of another seminar is not found. */
export async function registrationOfSeminar(db: Db, seminarId: string, registrationId: string) {
  const registration = await db.registration.findFirst({
    where: { id: registrationId, seminarId },
    select: {
      id: true,
      name: true,
      email: true,
      organizationName: true,
      status: true,
      waitlistPosition: true,
      code: true,
    },
  })
  if (!registration) throw new AppError('REGISTRATION_NOT_FOUND')
  return registration
}

/**
 * The organizer cancels on the participant's behalf, recorded with who did it. Returns how many
 * people moved up from the waiting list; cancelling what is already cancelled changes nothing (0).
 */
export async function cancelOnBehalf(
  db: Db,
  input: { seminarId: string; registrationId: string; userId: string },
): Promise<number> {
  const registration = await registrationOfSeminar(db, input.seminarId, input.registrationId)
  try {
    const { promoted } = await cancelRegistration(db, registration.id, { by: 'ORGANIZER', userId: input.userId })
    return promoted.length
  } catch (error) {
    if (isAppError(error, 'ALREADY_CANCELLED')) return 0
    throw error
  }
}

/**
 * Staff register someone who applied by phone, fax, at the counter or on paper: the same seats,
 * waiting list and duplicate checks as the public form, outside its window too, recorded as
 * source CONSOLE with who entered it (and in the audit trail). The confirmation is mailed only
 * when asked and there is an address; otherwise staff print the slip (its page in the console).
 * Someone who already holds a place here — by email, or by name, furigana and organization or
 * phone — is refused with ALREADY_REGISTERED_HERE.
 */
export async function registerOnBehalf(
  db: Db,
  input: { seminarId: string; form: OnBehalfForm; userId: string },
  now = currentTime(),
): Promise<RegistrationOutcome> {
  const { form } = input
  let outcome: RegistrationOutcome
  try {
    outcome = await register(
      db,
      {
        seminarId: input.seminarId,
        name: form.name,
        furigana: form.furigana ?? '',
        email: form.email ?? '',
        phone: form.phone ?? null,
        organizationName: form.organizationName ?? null,
        corporateNumber: form.corporateNumber ?? null,
        industry: form.industry,
        inCity: form.inCity,
        mode: form.mode,
        language: form.language,
        submissionKey: form.submissionKey,
        source: 'CONSOLE',
        enteredById: input.userId,
        sendMail: form.sendMail,
      },
      now,
    )
  } catch (error) {
    if (isAppError(error, 'DUPLICATE_EMAIL')) throw new AppError('ALREADY_REGISTERED_HERE')
    throw error
  }
  if (outcome.created) {
    await db.auditEvent.create({
      data: {
        actorId: input.userId,
        action: 'registration.on-behalf',
        entityType: 'Registration',
        entityId: outcome.id,
        detail: JSON.stringify({
          seminarId: input.seminarId,
          status: outcome.status,
          code: outcome.code,
          mailed: form.sendMail && Boolean(form.email),
        }),
        at: now,
      },
    })
  }
  return outcome
}

/** The on-behalf form's page: the seminar, the modes it offers and its public window (for the note). */
export async function onBehalfPage(db: Db, seminarId: string) {
  const seminar = await db.seminar.findUnique({
    where: { id: seminarId },
    select: {
      id: true,
      title: true,
      mode: true,
      status: true,
      waitlistEnabled: true,
      registrationOpensAt: true,
      registrationClosesAt: true,
    },
  })
  if (!seminar) throw new AppError('SEMINAR_NOT_FOUND')
  return { seminar, modes: modesOffered(seminar.mode), submissionKey: crypto.randomUUID() }
}

/**
 * A registration's reception slip as staff print it for someone who applied by phone or on paper:
 * the seminar, its sessions and the person's code, with the QR code only while the seat is
 * confirmed (a waiting person is not let in with it).
 */
export async function registrationSlip(db: Db, seminarId: string, registrationId: string) {
  const registration = await db.registration.findFirst({
    where: { id: registrationId, seminarId, anonymizedAt: null },
    select: {
      id: true,
      name: true,
      furigana: true,
      organizationName: true,
      mode: true,
      status: true,
      waitlistPosition: true,
      code: true,
      checkinToken: true,
      seminar: {
        select: {
          id: true,
          title: true,
          venueName: true,
          venueAddress: true,
          sessions: { select: { number: true, startsAt: true, endsAt: true }, orderBy: { number: 'asc' } },
        },
      },
    },
  })
  if (!registration) throw new AppError('REGISTRATION_NOT_FOUND')
  const { checkinToken: _token, ...shown } = registration
  return {
    ...shown,
    qr: await registrationSlipQr(registration),
  }
}
