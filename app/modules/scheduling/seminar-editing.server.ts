import type { Db } from '~/utils/db.server'
import { AppError } from '~/utils/errors'
import { toTokyoInputValue } from '~/utils/time'
import { visibleProgramIds } from '../accounts/access.server'
import type { ConsoleIdentity } from '../accounts/console-users.server'
import { recordChange } from '../audit/security-log.server'
import { categoryOptions, unknownCategoryIds } from '../categories/categories.server'
import { activeRegistrationIds, activeWhere, unmailedRegistrations } from '../mail/outbox.server'
import {
  addSession,
  cancelSeminar,
  createSeminar,
  deleteSession,
  getSeminarForConsole,
  listPrograms,
  updateSeminar,
  updateSession,
} from './seminars.server'
import type { SeminarInput, SessionInput } from './forms'
import { deadlineAfterLastSession, oddSessionDates, type SessionDateWarning } from './date-checks'
import { currentTime } from '~/utils/clock.server'
import { ruleTooLarge } from '../completion/rule'

/*
 * The console's seminar forms (new seminar, edit page): what they show, and each change saved with
 * its record in the security log of who made it (a session's also in the audit trail, written with
 * the change in seminars.server.ts).
 */

const DAY_MS = 24 * 3600_000

/** The new-seminar form: the person's programs, the seminar types, and a four-week window from now. */
export async function newSeminarForm(db: Db, user: ConsoleIdentity, now = currentTime()) {
  return {
    programs: await listPrograms(db, await visibleProgramIds(db, user)),
    categories: await categoryOptions(db),
    defaults: {
      mode: 'IN_PERSON',
      waitlistEnabled: 'on',
      minOnlineMinutes: '30',
      registrationOpensAt: toTokyoInputValue(now),
      registrationClosesAt: toTokyoInputValue(new Date(now.getTime() + 28 * DAY_MS)),
    },
  }
}

/** The edit page: the seminar's form as saved, and its sessions, as the inputs show them. */
export async function editSeminarForm(db: Db, user: ConsoleIdentity, seminarId: string) {
  const seminar = await getSeminarForConsole(db, seminarId)
  if (!seminar) throw new AppError('SEMINAR_NOT_FOUND')
  const opt = (v: string | number | null) => (v === null ? '' : String(v))
  return {
    programs: await listPrograms(db, await visibleProgramIds(db, user)),
    categories: await categoryOptions(db),
    seminar: { id: seminar.id, title: seminar.title },
    defaults: {
      programId: seminar.programId,
      title: seminar.title,
      titleEn: opt(seminar.titleEn),
      description: seminar.description,
      descriptionEn: opt(seminar.descriptionEn),
      categoryId: opt(seminar.categoryId),
      mode: seminar.mode,
      venueName: opt(seminar.venueName),
      venueNameEn: opt(seminar.venueNameEn),
      venueAddress: opt(seminar.venueAddress),
      onlineUrl: opt(seminar.onlineUrl),
      capacityInPerson: opt(seminar.capacityInPerson),
      capacityOnline: opt(seminar.capacityOnline),
      waitlistEnabled: seminar.waitlistEnabled ? 'on' : undefined,
      sessionChoice: seminar.sessionChoice ? 'on' : undefined,
      registrationOpensAt: toTokyoInputValue(seminar.registrationOpensAt),
      registrationClosesAt: toTokyoInputValue(seminar.registrationClosesAt),
      minOnlineMinutes: String(seminar.minOnlineMinutes),
      materialsUrl: opt(seminar.materialsUrl),
      completionMinSessions: opt(seminar.completionMinSessions),
    },
    // Asked to fix on the page (the seminar form refuses to save it): nobody can register in time.
    deadlineAfterLast: deadlineAfterLastSession(seminar.registrationClosesAt, seminar.sessions),
    sessions: seminar.sessions.map((s) => ({
      id: s.id,
      number: s.number,
      startsAt: toTokyoInputValue(s.startsAt),
      endsAt: toTokyoInputValue(s.endsAt),
      title: s.title ?? '',
      titleEn: s.titleEn ?? '',
      venueName: s.venueName ?? '',
      requiredForCompletion: s.requiredForCompletion ? 'on' : undefined,
    })),
  }
}

/** A select submits an id: one that names no category (a stale form) is CATEGORY_NOT_FOUND. */
async function requireKnownCategory(db: Db, categoryId: string) {
  if ((await unknownCategoryIds(db, [categoryId])).length) throw new AppError('CATEGORY_NOT_FOUND')
}

/** A new seminar (a draft: its sessions come next, then publishing). */
export async function createSeminarBy(db: Db, user: ConsoleIdentity, input: SeminarInput) {
  await requireKnownCategory(db, input.categoryId)
  // A new seminar has no sessions yet: its completion rule is every session until some are added.
  if (ruleTooLarge(input.completionMinSessions ?? null, 0)) throw new AppError('COMPLETION_RULE_TOO_LARGE')
  const seminar = await createSeminar(db, input)
  await recordChange(db, 'seminar.create', user, 'Seminar', seminar.id, { programId: input.programId })
  return seminar
}

/** Saves the seminar; returns the people a larger capacity seated from the waiting list. */
export async function updateSeminarBy(db: Db, user: ConsoleIdentity, seminarId: string, input: SeminarInput) {
  await requireKnownCategory(db, input.categoryId)
  // Nobody could register for anything after the last session: refused beside the deadline.
  const sessions = await db.session.findMany({ where: { seminarId }, select: { endsAt: true } })
  if (deadlineAfterLastSession(input.registrationClosesAt, sessions)) throw new AppError('DEADLINE_AFTER_LAST_SESSION')
  // 修了: at least N sessions of a seminar that has fewer is refused beside the field.
  if (ruleTooLarge(input.completionMinSessions ?? null, sessions.length))
    throw new AppError('COMPLETION_RULE_TOO_LARGE')
  const promoted = await updateSeminar(db, seminarId, input)
  await recordChange(db, 'seminar.update', user, 'Seminar', seminarId, { programId: input.programId })
  return promoted
}

/** A session's form answered: saved, or its odd dates asked about first (nothing saved). */
export type SessionSaved = { saved: true } | { saved: false; warnings: SessionDateWarning[] }

/** Dates asked about and not yet confirmed with "save anyway". */
function unconfirmedOddDates(input: SessionInput, now: Date): SessionSaved | null {
  const warnings = input.confirmDates ? [] : oddSessionDates(input, now)
  return warnings.length ? { saved: false, warnings } : null
}

export async function addSessionBy(
  db: Db,
  user: ConsoleIdentity,
  seminarId: string,
  input: SessionInput,
  now = currentTime(),
): Promise<SessionSaved> {
  const asked = unconfirmedOddDates(input, now)
  if (asked) return asked
  const { confirmDates: _confirmDates, ...session } = input
  await addSession(db, seminarId, session, user.id)
  await recordChange(db, 'session.create', user, 'Seminar', seminarId)
  return { saved: true }
}

/** A session of this seminar; another seminar's (a forged or stale form) is SESSION_NOT_FOUND. */
async function requireSessionOf(db: Db, seminarId: string, sessionId: string) {
  const found = await db.session.count({ where: { id: sessionId, seminarId } })
  if (!found) throw new AppError('SESSION_NOT_FOUND')
}

export async function updateSessionBy(
  db: Db,
  user: ConsoleIdentity,
  seminarId: string,
  sessionId: string,
  input: SessionInput,
  now = currentTime(),
): Promise<SessionSaved> {
  await requireSessionOf(db, seminarId, sessionId)
  const asked = unconfirmedOddDates(input, now)
  if (asked) return asked
  const { confirmDates: _confirmDates, ...session } = input
  await updateSession(db, seminarId, sessionId, session, user.id)
  await recordChange(db, 'session.update', user, 'Session', sessionId, { seminarId })
  return { saved: true }
}

/**
 * The question before a session is deleted: which session, whether it can be (no attendance
 * recorded), how many registrations chose it, how many people are told of the new schedule, and
 * who among those holding a place has no email to be told by.
 */
export async function sessionDeletion(db: Db, sessionId: string) {
  const session = await db.session.findUnique({
    where: { id: sessionId },
    select: {
      id: true,
      number: true,
      startsAt: true,
      endsAt: true,
      venueName: true,
      seminar: {
        select: { id: true, title: true, completionMinSessions: true, _count: { select: { sessions: true } } },
      },
      _count: { select: { attendances: true, chosenBy: true } },
    },
  })
  if (!session) throw new AppError('SESSION_NOT_FOUND')
  return {
    session: { id: session.id, number: session.number, startsAt: session.startsAt, endsAt: session.endsAt },
    seminar: { id: session.seminar.id, title: session.seminar.title },
    lastSession: session.seminar._count.sessions === 1,
    // The completion rule would ask more sessions than are left: lowered first, on the seminar's form.
    completionBlocked: ruleTooLarge(session.seminar.completionMinSessions, session.seminar._count.sessions - 1)
      ? session.seminar.completionMinSessions
      : null,
    attended: session._count.attendances,
    chosen: session._count.chosenBy,
    notified: (await activeRegistrationIds(db, session.seminar.id)).length,
    unmailed: await unmailedRegistrations(db, activeWhere(session.seminar.id)),
  }
}

/** False when the session has attendance records (they are evidence and stay): nothing is deleted. */
export async function deleteSessionBy(db: Db, user: ConsoleIdentity, seminarId: string, sessionId: string) {
  await requireSessionOf(db, seminarId, sessionId)
  const seminar = await db.seminar.findUniqueOrThrow({
    where: { id: seminarId },
    select: { completionMinSessions: true, _count: { select: { sessions: true } } },
  })
  // Refused rather than leaving a rule nobody can meet: the rule is lowered first.
  if (ruleTooLarge(seminar.completionMinSessions, seminar._count.sessions - 1))
    throw new AppError('COMPLETION_RULE_TOO_LARGE')
  const deleted = await deleteSession(db, seminarId, sessionId, user.id)
  if (deleted) await recordChange(db, 'session.delete', user, 'Session', sessionId, { seminarId })
  return deleted
}

/**
 * The cancel (中止) page: the seminar, how many people holding a place will be told, and who among
 * them has no email and must be told by staff.
 */
export async function cancelSeminarForm(db: Db, seminarId: string) {
  const seminar = await db.seminar.findUnique({
    where: { id: seminarId },
    select: { id: true, title: true, status: true },
  })
  if (!seminar) throw new AppError('SEMINAR_NOT_FOUND')
  return {
    seminar,
    notified: (await activeRegistrationIds(db, seminar.id)).length,
    unmailed: await unmailedRegistrations(db, activeWhere(seminar.id)),
  }
}

/** 中止: the seminar closes and everyone holding a place is told; recorded once, however often it is sent. */
export async function cancelSeminarBy(db: Db, user: ConsoleIdentity, seminarId: string, reason: string) {
  if (await cancelSeminar(db, seminarId, user.id, reason))
    await recordChange(db, 'seminar.cancel', user, 'Seminar', seminarId)
}
