import crypto from 'node:crypto'
import type { Db } from '~/utils/db.server'
import { AppError, notFound } from '~/utils/errors'
import { currentTime } from '~/utils/clock.server'
import { hit, RATE_LIMITS } from '../security/rate-limit.server'
import { queueMessage } from '../mail/outbox.server'
import type { ChangeForm } from './change-schema'
import type { AskedQuestion } from '../questions/definitions'
import { answerFormValues, answerRows, askedQuestions, replaceAnswers } from '../questions/questions.server'
import {
  chosenSessionIds,
  fillFreeSeatsAfterCommit,
  lockQueue,
  modesOffered,
  moveModeLocked,
  upsertOrganization,
  type Client,
} from './registrations.server'
import type { AttendanceMode, RegistrationStatus } from '~/generated/prisma/client'

/*
 * A participant changes their own registration through their link (docs/decisions/0035):
 * name, furigana, organization, corporate number, industry, in-city, language, the way they
 * attend and — where the seminar lets them choose — the sessions they will attend. The email is
 * the registration's identity and stays.
 *
 * Everything is one interactive transaction that first locks the seminar's queue row, like a
 * cancellation (docs/decisions/0025): a change of mode gives up the old mode's seat (to the head
 * of its queue) and takes a seat of the new one, or the end of its waiting list, and nothing else
 * changes seats or queues of the seminar meanwhile. The change is audited (which fields, and the
 * old and new values of those that are not personal) and mailed (REGISTRATION_CHANGED) in the same
 * transaction.
 *
 * When: details until the seminar's last session has ended; the mode and the sessions only until
 * registration closes (afterwards the office plans the rooms and the lists from them).
 */

/** The fields a participant may change, as the audit names them. */
type Field =
  | 'name'
  | 'furigana'
  | 'organizationName'
  | 'corporateNumber'
  | 'industry'
  | 'inCity'
  | 'language'
  | 'mode'
  | 'sessions'
  | 'answers'

/**
 * Fields whose values are personal: the audit says that they changed, never what they were. The
 * answers to the seminar's questions may say anything about the person.
 */
const PERSONAL: ReadonlySet<Field> = new Set(['name', 'furigana', 'organizationName', 'answers'])

export type ChangeOutcome = {
  /** What changed; empty when the form was sent as it was. */
  changed: Field[]
  /** APPLIED: a lottery application not drawn yet (a mode change moves no seat). */
  status: 'CONFIRMED' | 'WAITLISTED' | 'APPLIED'
  waitlistPosition: number | null
  /** Who moved up into a seat this change freed. */
  promoted: string[]
}

const TOKEN = /^[A-Za-z0-9_-]{43}$/

/**
 * The change page: the registration of this manage token with what its form needs — its current
 * values, the seminar's modes (with whether each is full for this person), its sessions (and the
 * chosen ones), and whether it may be changed at all and its mode and sessions still. Not found
 * (404) for a wrong token.
 */
export async function changePage(db: Db, token: string, now = currentTime()) {
  if (!TOKEN.test(token)) throw notFound()
  const r = await db.registration.findUnique({
    where: { manageToken: token },
    select: {
      id: true,
      name: true,
      furigana: true,
      email: true,
      organizationName: true,
      corporateNumber: true,
      industry: true,
      inCity: true,
      language: true,
      mode: true,
      status: true,
      waitlistPosition: true,
      anonymizedAt: true,
      chosenSessions: { select: { sessionId: true } },
      seminar: {
        select: {
          id: true,
          title: true,
          titleEn: true,
          mode: true,
          status: true,
          sessionChoice: true,
          waitlistEnabled: true,
          registrationClosesAt: true,
          capacityInPerson: true,
          capacityOnline: true,
          seatsTakenInPerson: true,
          seatsTakenOnline: true,
          sessions: { select: { id: true, number: true, startsAt: true, endsAt: true }, orderBy: { startsAt: 'asc' } },
        },
      },
    },
  })
  if (!r) throw notFound()
  const { seminar } = r
  const waiting = await db.registration.groupBy({
    by: ['mode'],
    where: { seminarId: seminar.id, status: 'WAITLISTED' },
    _count: { _all: true },
  })
  const modes = modesOffered(seminar.mode).map((mode) => {
    const [capacity, taken] =
      mode === 'ONLINE'
        ? [seminar.capacityOnline, seminar.seatsTakenOnline]
        : [seminar.capacityInPerson, seminar.seatsTakenInPerson]
    // Full for someone moving in: no seat, or people waiting who come first. A lottery application
    // holds no seat and takes none by moving: it is drawn in its new mode.
    const full =
      r.status !== 'APPLIED' &&
      mode !== r.mode &&
      ((capacity !== null && taken >= capacity) || waiting.some((w) => w.mode === mode))
    return { mode, full, closed: full && !seminar.waitlistEnabled }
  })
  const chosen = r.chosenSessions.map((c) => c.sessionId)
  return {
    token,
    questions: await askedQuestions(db, seminar.id, 'REGISTRATION'),
    answers: await answerFormValues(db, r.id),
    registration: {
      name: r.name,
      furigana: r.furigana,
      email: r.email,
      organizationName: r.organizationName,
      corporateNumber: r.corporateNumber,
      industry: r.industry,
      inCity: r.inCity,
      language: r.language === 'en' ? ('en' as const) : ('ja' as const),
      mode: r.mode,
      status: r.status,
      waitlistPosition: r.waitlistPosition,
    },
    seminar: {
      id: seminar.id,
      title: seminar.title,
      titleEn: seminar.titleEn,
      sessionChoice: seminar.sessionChoice,
      sessions: seminar.sessions,
    },
    // No rows: every session (the seminar did not ask, or asked only later).
    chosenSessionIds: chosen.length ? chosen : seminar.sessions.map((s) => s.id),
    modes,
    refusal: changeRefusal(r, seminar, now),
    modeChangeOpen: now <= seminar.registrationClosesAt,
  }
}

type RefusalFacts = {
  status: RegistrationStatus
  anonymizedAt: Date | null
}
type SeminarFacts = { status: 'DRAFT' | 'PUBLISHED' | 'CANCELLED'; sessions: { endsAt: Date }[] }

/** Why this registration cannot be changed now, or null. */
function changeRefusal(
  r: RefusalFacts,
  seminar: SeminarFacts,
  now: Date,
): 'ALREADY_CANCELLED' | 'CHANGE_CLOSED' | 'LOTTERY_NOT_SELECTED' | null {
  if (r.status === 'CANCELLED') return 'ALREADY_CANCELLED'
  // Not selected in a lottery: an application that holds nothing, so nothing to change.
  if (r.status === 'NOT_SELECTED') return 'LOTTERY_NOT_SELECTED'
  if (r.anonymizedAt || seminar.status === 'CANCELLED') return 'CHANGE_CLOSED'
  const lastEnd = seminar.sessions.reduce<Date | null>((last, s) => (last && last > s.endsAt ? last : s.endsAt), null)
  if (lastEnd && now >= lastEnd) return 'CHANGE_CLOSED'
  return null
}

/**
 * Changes the registration of this manage token as the form says. Nothing changed: nothing is
 * written, mailed or audited. Refused (nothing written) for a cancelled or anonymized registration,
 * a cancelled seminar, after the last session, a mode or session change after registration closed
 * (CHANGE_AFTER_CLOSE), a full mode without the person's agreement to wait
 * (WAITLIST_CONSENT_REQUIRED) or without a waiting list (SEMINAR_FULL).
 */
export async function changeOwnRegistration(
  db: Db,
  token: string,
  form: ChangeForm,
  now = currentTime(),
  /** The questions the form's answers were checked against (changeFormQuestions). */
  questions: AskedQuestion[] = [],
): Promise<ChangeOutcome> {
  if (!TOKEN.test(token)) throw notFound()
  const found = await db.registration.findUnique({
    where: { manageToken: token },
    select: { id: true, seminarId: true },
  })
  if (!found) throw notFound()
  const limit = await hit(db, `registration:change:${found.id}`, {
    ...RATE_LIMITS.registrationChangePerRegistration,
    now,
  })
  if (!limit.allowed) throw new AppError('TOO_MANY_CHANGES')
  // The organization row is found or made first, as registering does (an extra row is harmless);
  // it is used only when the organization's name or number changes.
  const organizationId = await upsertOrganization(db, form.organizationName ?? null, form.corporateNumber ?? null)

  const outcome = await db.$transaction(async (tx) => {
    await lockQueue(tx, found.seminarId)
    const r = await tx.registration.findUniqueOrThrow({
      where: { id: found.id },
      include: {
        chosenSessions: { select: { sessionId: true } },
        seminar: {
          select: {
            status: true,
            mode: true,
            sessionChoice: true,
            registrationClosesAt: true,
            sessions: { select: { id: true, number: true, endsAt: true }, orderBy: { number: 'asc' } },
          },
        },
      },
    })
    const refusal = changeRefusal(r, r.seminar, now)
    if (refusal) throw new AppError(refusal)
    const status = r.status
    if (status === 'CANCELLED') throw new AppError('ALREADY_CANCELLED')
    if (status === 'NOT_SELECTED') throw new AppError('LOTTERY_NOT_SELECTED')

    const next = {
      name: form.name,
      furigana: form.furigana ?? '',
      organizationName: form.organizationName ?? null,
      corporateNumber: form.corporateNumber ?? null,
      industry: form.industry,
      inCity: form.inCity,
      language: form.language,
    }
    const changed: Field[] = (Object.keys(next) as (keyof typeof next)[]).filter((k) => r[k] !== next[k])

    // The sessions: the ones now attended (no rows: all) against the ones chosen.
    const allIds = r.seminar.sessions.map((s) => s.id)
    const before = r.chosenSessions.length ? r.chosenSessions.map((c) => c.sessionId) : allIds
    const after = r.seminar.sessionChoice
      ? await chosenSessionIds(tx, r.seminarId, form.sessionIds, { required: true })
      : before
    const sessionsChanged = before.length !== after.length || before.some((id) => !after.includes(id))
    if (sessionsChanged) changed.push('sessions')
    const modeChanged = form.mode !== r.mode
    if (modeChanged) changed.push('mode')
    // The answers to the questions asked now, in words, against those stored.
    const answersBefore = await tx.answer.findMany({
      where: { registrationId: r.id, questionId: { in: questions.map((q) => q.id) } },
      select: { questionId: true, value: true },
    })
    const answersAfter = answerRows(r.id, questions, form.answers, now)
    const answersChanged =
      answersBefore.length !== answersAfter.length ||
      answersAfter.some((a) => answersBefore.find((b) => b.questionId === a.questionId)?.value !== a.value)
    if (answersChanged) changed.push('answers')
    if ((modeChanged || sessionsChanged) && now > r.seminar.registrationClosesAt) {
      throw new AppError('CHANGE_AFTER_CLOSE')
    }
    if (changed.length === 0) {
      return { changed, status, waitlistPosition: r.waitlistPosition, promoted: [] }
    }

    const moved = !modeChanged
      ? { status, waitlistPosition: r.waitlistPosition, promoted: [] as string[] }
      : status === 'APPLIED'
        ? await moveApplication(tx, { ...r, status }, form.mode)
        : await moveModeLocked(tx, { ...r, status }, form.mode, form.acceptWaitlist, now)
    // The organization it is counted as (社数) moves only when the name or number typed changed: a
    // registration the office has since counted under another organization stays there otherwise.
    const organizationChanged = changed.includes('organizationName') || changed.includes('corporateNumber')
    await tx.registration.update({
      where: { id: r.id },
      data: { ...next, ...(organizationChanged ? { organizationId } : {}), updatedAt: now },
    })
    // The person's latest name, as registering keeps it (an application without email is keyed by
    // the name it was entered with and keeps that key: docs/decisions/0035).
    if (r.email && (changed.includes('name') || changed.includes('furigana'))) {
      await tx.person.update({ where: { id: r.personId }, data: { name: next.name, furigana: next.furigana } })
    }
    if (answersChanged) {
      for (const statement of replaceAnswers(tx, r.id, questions, form.answers, now)) await statement
    }
    if (sessionsChanged) {
      await tx.registrationSession.deleteMany({ where: { registrationId: r.id } })
      // Every session chosen is the same as none: attending all (sessions added later included).
      if (after.length < allIds.length) {
        await tx.registrationSession.createMany({
          data: after.map((sessionId) => ({ registrationId: r.id, sessionId, createdAt: now })),
        })
      }
    }
    // The updated registration and slip, to its address (none: staff tell the person, ADR 0033).
    if ((r.source === 'WEB' || r.source === 'CONSOLE') && r.email) {
      const id = crypto.randomUUID()
      await queueMessage(
        tx as Db,
        { kind: 'REGISTRATION_CHANGED', seminarId: r.seminarId, registrationId: r.id },
        now,
        id,
      )
      if (moved.status === 'WAITLISTED') {
        await tx.outboxMessage.update({ where: { id }, data: { waitlistPosition: moved.waitlistPosition } })
      }
    }
    const numbers = (ids: string[]) => r.seminar.sessions.filter((s) => ids.includes(s.id)).map((s) => s.number)
    const from: Record<string, unknown> = {}
    const to: Record<string, unknown> = {}
    for (const field of changed) {
      if (field === 'answers' || PERSONAL.has(field)) continue
      if (field === 'sessions') {
        from.sessions = numbers(before)
        to.sessions = numbers(after)
      } else if (field === 'mode') {
        from.mode = r.mode
        to.mode = form.mode
      } else {
        from[field] = r[field]
        to[field] = next[field]
      }
    }
    if (moved.status !== r.status || moved.waitlistPosition !== r.waitlistPosition) {
      from.status = r.status
      to.status = moved.status
      if (moved.status === 'WAITLISTED') to.waitlistPosition = moved.waitlistPosition
    }
    await tx.auditEvent.create({
      data: {
        actorId: null,
        action: 'registration.change',
        entityType: 'Registration',
        entityId: r.id,
        detail: JSON.stringify({ by: 'PARTICIPANT', code: r.code, changed, from, to, promoted: moved.promoted }),
        at: now,
      },
    })
    return { changed, ...moved }
  })
  if (outcome.changed.includes('mode')) {
    // Committed: a seat left free (a capacity lowered meanwhile, a crash earlier) is filled, best effort.
    outcome.promoted = [...outcome.promoted, ...(await fillFreeSeatsAfterCommit(db, found.seminarId, now))]
  }
  return outcome
}

/**
 * A lottery application (not drawn yet) changes its mode: it holds no seat and no place, so it
 * only changes the mode it is drawn in (the queue row is locked: the draw reads it after this).
 * One person of a group cannot: the group is drawn as one entry in one mode (0049).
 */
async function moveApplication(
  tx: Client,
  r: { id: string; seminarId: string; status: 'APPLIED' },
  to: AttendanceMode,
): Promise<{ status: 'APPLIED'; waitlistPosition: null; promoted: string[] }> {
  const seminar = await tx.seminar.findUniqueOrThrow({
    where: { id: r.seminarId },
    select: { status: true, mode: true },
  })
  if (seminar.status === 'CANCELLED' || !modesOffered(seminar.mode).includes(to)) throw new AppError('MODE_NOT_OFFERED')
  const grouped = await tx.registration.findUniqueOrThrow({
    where: { id: r.id },
    select: { groupMembership: { select: { groupId: true } } },
  })
  if (grouped.groupMembership) throw new AppError('LOTTERY_GROUP_MODE')
  await tx.registration.update({ where: { id: r.id, status: 'APPLIED' }, data: { mode: to } })
  return { status: 'APPLIED', waitlistPosition: null, promoted: [] }
}

/** The questions a change form of this manage token answers (its seminar's, asked now); 404 for a wrong token. */
export async function changeFormQuestions(db: Db, token: string): Promise<AskedQuestion[]> {
  if (!TOKEN.test(token)) throw notFound()
  const r = await db.registration.findUnique({ where: { manageToken: token }, select: { seminarId: true } })
  if (!r) throw notFound()
  return askedQuestions(db, r.seminarId, 'REGISTRATION')
}
