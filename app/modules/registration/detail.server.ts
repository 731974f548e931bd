import type { Db } from '~/utils/db.server'
import { AppError } from '~/utils/errors'
import { registrationAnswers } from '../questions/questions.server'

/*
 * One registration as staff see it in the console: who, how they registered, which sessions they
 * attend and attended, and their answers to the seminar's questions (docs/decisions/0046-questions.md).
 */
export async function registrationDetail(db: Db, seminarId: string, registrationId: string) {
  const registration = await db.registration.findFirst({
    where: { id: registrationId, seminarId },
    select: {
      id: true,
      name: true,
      furigana: true,
      email: true,
      phone: true,
      organizationName: true,
      corporateNumber: true,
      industry: true,
      inCity: true,
      mode: true,
      status: true,
      waitlistPosition: true,
      code: true,
      source: true,
      language: true,
      role: true,
      createdAt: true,
      cancelledAt: true,
      anonymizedAt: true,
      chosenSessions: { select: { sessionId: true } },
      attendances: { select: { sessionId: true, mode: true, source: true, onlineMinutes: true } },
      seminar: {
        select: {
          id: true,
          title: true,
          sessionChoice: true,
          sessions: { select: { id: true, number: true, startsAt: true, endsAt: true }, orderBy: { number: 'asc' } },
        },
      },
    },
  })
  if (!registration) throw new AppError('REGISTRATION_NOT_FOUND')
  const { chosenSessions, attendances, seminar, ...person } = registration
  const chosen = new Set(chosenSessions.map((c) => c.sessionId))
  return {
    registration: person,
    seminar: { id: seminar.id, title: seminar.title },
    sessions: seminar.sessions.map((s) => ({
      ...s,
      // Without a choice (or none recorded) a registration attends every session.
      attends: !seminar.sessionChoice || chosen.size === 0 || chosen.has(s.id),
      attendance: attendances.find((a) => a.sessionId === s.id) ?? null,
    })),
    answers: await registrationAnswers(db, registration.id),
  }
}
