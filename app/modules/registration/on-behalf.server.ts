import type { Db } from '~/utils/db.server'
import { AppError, isAppError } from '~/utils/errors'
import { cancelRegistration } from './registrations.server'

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
