import type { Db } from '~/utils/db.server'
import { AppError, isAppError } from '~/utils/errors'
import { queueMessage } from '../mail/outbox.server'
import { limitGroupRegistration, limitRegistration, type Refusal } from '../security/rate-limit.server'
import type { RegistrationForm } from './form-schema'
import { registerGroup } from './group.server'
import { normalizeEmail } from './identity'
import { register, type RegistrationInput } from './registrations.server'
import { currentTime } from '~/utils/clock.server'
import type { AskedQuestion } from '../questions/definitions'
import { askedQuestions } from '../questions/questions.server'
import { requirePublicSeminar } from '../scheduling/catalog.server'

/*
 * The public registration form's answer must not tell anyone whether an email is registered for a
 * seminar (docs/decisions/0022-personal-data-hardening.md). A form sent with an email that already
 * holds an active registration is answered exactly like a new registration — the same redirect to
 * the same "we have mailed you" page — and the address gets a message with the existing
 * registration's link and slip (ALREADY_REGISTERED). Only whoever reads that mailbox learns
 * anything. The registration itself is unchanged and its secrets are not rotated (rotating them
 * would let anyone invalidate someone else's slip).
 */

/**
 * Registers from the public form. Resolves when the form was taken (new, resubmitted, or already
 * registered: mailed); other refusals (closed, full, not offered) throw their AppError.
 */
export async function registerFromPublicForm(db: Db, input: RegistrationInput, now = currentTime()): Promise<void> {
  try {
    await register(db, input, now)
  } catch (error) {
    if (!isAppError(error) || error.code !== 'DUPLICATE_EMAIL') throw error
    await mailExistingRegistration(db, input.seminarId, input.email, now)
    // register() looks for the email before it looks for a seat: where a new email would hear
    // "full" (no waiting list, no seat left), a registered one must hear the same.
    if (await fullWithoutWaitlist(db, input.seminarId, input.mode)) throw new AppError('SEMINAR_FULL')
  }
}

/**
 * The public registration page's one call: the submission is counted against the rate limits
 * first (a refusal is returned: nothing stored, the form is sent again later), then registered
 * as registerFromPublicForm does (its refusals throw their AppError). Null when the form was taken.
 */
export async function registerFromPublicPage(
  db: Db,
  input: {
    seminarId: string
    form: RegistrationForm
    language: 'ja' | 'en'
    address: string
    /** The questions the form's answers were checked against. */
    questions?: AskedQuestion[]
  },
  now = currentTime(),
): Promise<Refusal | null> {
  const { members, answers: values, ...form } = input.form
  const answers = { questions: input.questions ?? [], values }
  if (members.length > 0) {
    // Several people of one organization (docs/decisions/0036): all registered or none, and each
    // refusal names who or how many seats (GroupRefusal).
    const refusal = await limitGroupRegistration(db, {
      address: input.address,
      email: form.email,
      memberEmails: members.map((m) => m.email ?? ''),
      now,
    })
    if (refusal) return refusal
    await registerGroup(
      db,
      {
        seminarId: input.seminarId,
        contact: { name: form.name, furigana: form.furigana ?? '', email: form.email },
        members: members.map((m) => ({ name: m.name, furigana: m.furigana ?? '', email: m.email ?? '' })),
        // The schema requires the organization when the form names more people.
        organizationName: form.organizationName ?? '',
        corporateNumber: form.corporateNumber ?? null,
        industry: form.industry,
        inCity: form.inCity,
        mode: form.mode,
        language: input.language,
        submissionKey: form.submissionKey,
        sessionIds: form.sessionIds,
        answers,
      },
      now,
    )
    return null
  }
  const refusal = await limitRegistration(db, { address: input.address, email: form.email, now })
  if (refusal) return refusal
  await registerFromPublicForm(
    db,
    {
      seminarId: input.seminarId,
      ...form,
      organizationName: form.organizationName ?? null,
      corporateNumber: form.corporateNumber ?? null,
      furigana: form.furigana ?? '',
      language: input.language,
      source: 'WEB',
      answers,
    },
    now,
  )
  return null
}

async function fullWithoutWaitlist(db: Db, seminarId: string, mode: RegistrationInput['mode']): Promise<boolean> {
  const s = await db.seminar.findUnique({
    where: { id: seminarId },
    select: {
      waitlistEnabled: true,
      capacityInPerson: true,
      capacityOnline: true,
      seatsTakenInPerson: true,
      seatsTakenOnline: true,
    },
  })
  if (!s || s.waitlistEnabled) return false
  const [capacity, taken] =
    mode === 'ONLINE' ? [s.capacityOnline, s.seatsTakenOnline] : [s.capacityInPerson, s.seatsTakenInPerson]
  return capacity !== null && taken >= capacity
}

/** Queues the "already registered" message to the active registration of this email, if any. */
export async function mailExistingRegistration(db: Db, seminarId: string, email: string, now = currentTime()) {
  const existing = await db.registration.findFirst({
    where: { seminarId, activeEmailKey: normalizeEmail(email), anonymizedAt: null },
    select: { id: true },
  })
  if (!existing) return false
  await queueMessage(db, { kind: 'ALREADY_REGISTERED', seminarId, registrationId: existing.id }, now)
  return true
}

/** The public registration page: the seminar and the questions its form asks. */
export async function registrationFormPage(db: Db, seminarId: string) {
  const seminar = await requirePublicSeminar(db, seminarId)
  return { seminar, questions: await askedQuestions(db, seminar.id, 'REGISTRATION') }
}
