import type { Db } from '~/utils/db.server'
import { queueWebhookEvent } from '../webhooks/queue.server'
import { AppError, isRecordNotFound, isUniqueViolation } from '~/utils/errors'
import type { AttendanceMode, AttendanceSource, RegistrationStatus } from '~/generated/prisma/client'
import { tallyOps } from '../indicators/tally.server'
import { hit, type RatePolicy } from '../security/rate-limit.server'
import { currentTime } from '~/utils/clock.server'
import { tokyoDate } from '~/utils/time'
import { echoCode, type CodeEcho } from './code-echo'

/*
 * Attendance at the door and after the event. One attendance per (session, registration) is a
 * unique index: the same code scanned twice, or on two devices at once, is one attendance.
 * Every change writes an AuditEvent in the same batch (who, when, what).
 */

/** What the door staff sees about a person. */
const PERSON_FIELDS = {
  id: true,
  name: true,
  furigana: true,
  organizationName: true,
  code: true,
  mode: true,
  status: true,
  waitlistPosition: true,
  seminarId: true,
} as const

export type CheckInPerson = {
  id: string
  name: string
  furigana: string
  organizationName: string | null
  code: string
  mode: AttendanceMode
  /** Only CONFIRMED holds a seat: the others are refused at the door with their own outcome. */
  status: RegistrationStatus
  waitlistPosition: number | null
}

/** How a person was found at the door: their QR slip read, their code typed by hand, or a search. */
export type DoorSource = Extract<AttendanceSource, 'QR' | 'MANUAL' | 'SEARCH'>

export type CheckInOutcome =
  | { outcome: 'CHECKED_IN'; person: CheckInPerson; at: Date }
  // Nothing recorded: the session is not on today's date (Japan time), and the door asks first.
  | { outcome: 'NOT_TODAY'; person: CheckInPerson; source: DoorSource; sessionStartsAt: Date; today: Date }
  | { outcome: 'ALREADY'; person: CheckInPerson; at: Date; by: string | null }
  // No seat: cancelled, waiting, or a lottery applicant not drawn yet (APPLIED) or not selected.
  | { outcome: 'CANCELLED' | 'WAITLISTED' | 'APPLIED' | 'NOT_SELECTED'; person: CheckInPerson }
  // Which seminar the slip is for, and nothing about its holder: the door sees only its own seminar's people.
  | { outcome: 'OTHER_SEMINAR'; seminarTitle: string; firstSessionAt: Date | null }
  // The code as shown back: a long one only by its start and length (code-echo.ts).
  | { outcome: 'NOT_FOUND'; code: CodeEcho }
  // A check-in helper who tried too many codes in a row (HELPER_DOOR_ATTEMPTS).
  | { outcome: 'RATE_LIMITED'; retryAfterSeconds: number }

/*
 * Check-in helpers (role CHECKIN: a link opened on a borrowed phone, valid up to 31 days) see the
 * door and nothing more (docs/decisions/0022-personal-data-hardening.md): a search needs at least
 * HELPER_SEARCH_MIN_CHARS characters and shows at most HELPER_SEARCH_LIMIT people (with "narrow it
 * down" when there are more), never a registration code; a code or QR of another seminar is "not
 * found"; codes tried and searches made are limited per helper link (HELPER_DOOR_ATTEMPTS).
 * Organizers, staff and admins keep the full door: wider search, codes, and "this slip is for
 * another seminar: title (date)" — published titles and dates are public anyway, and it sends a
 * participant at the wrong door to the right room.
 */

/** Characters (after searchKey's normalization) a helper must type before anything is listed. */
export const HELPER_SEARCH_MIN_CHARS = 2
/** People a helper's search shows at most. */
export const HELPER_SEARCH_LIMIT = 10
/**
 * Codes tried (typed or scanned) and searches made through one helper link, each per minute: a
 * door with a queue checks one person every few seconds; trying codes at this pace finds none of
 * 2^40 in a link's 31 days. Counted with rate-limit.server.ts's hit(), keyed by the helper's user.
 */
export const HELPER_DOOR_ATTEMPTS: RatePolicy = { limit: 30, windowMs: 60_000 }

// Crockford base32 reads O as 0 and I, L as 1: what a person types from the slip still matches.
export function normalizeCode(input: string): string {
  return input.normalize('NFKC').toUpperCase().replace(/[\s-]/g, '').replace(/O/g, '0').replace(/[IL]/g, '1')
}

/**
 * How a code given at the door came (docs/decisions/0039): the camera reads a QR slip; the code
 * field takes what a person types and what a keyboard-wedge scanner types for them. A slip's QR
 * carries its 32-hex-digit check-in token, which nobody types, so that in the field is a QR read;
 * anything else there (the 8-character code printed on the slip) was typed by hand.
 */
export function codeSource(code: string, via: 'camera' | 'field'): Extract<DoorSource, 'QR' | 'MANUAL'> {
  return via === 'camera' || /^[0-9A-F]{32}$/.test(normalizeCode(code)) ? 'QR' : 'MANUAL'
}

/** True when today's date in Japan is one of the session's dates (from its start to its end). */
export function isSessionToday(session: { startsAt: Date; endsAt: Date }, now: Date): boolean {
  const today = tokyoDate(now)
  return tokyoDate(session.startsAt) <= today && today <= tokyoDate(session.endsAt)
}

export async function getSessionForCheckIn(db: Db, sessionId: string) {
  const session = await db.session.findUnique({
    where: { id: sessionId },
    select: {
      id: true,
      number: true,
      startsAt: true,
      endsAt: true,
      seminar: {
        select: {
          id: true,
          title: true,
          mode: true,
          capacityInPerson: true,
          capacityOnline: true,
          seatsTakenInPerson: true,
          seatsTakenOnline: true,
          minOnlineMinutes: true,
          _count: { select: { sessions: true } },
        },
      },
    },
  })
  if (!session) throw new AppError('SESSION_NOT_FOUND')
  return session
}

function auditOp(
  db: Db,
  userId: string | null,
  action: string,
  attendance: { sessionId: string; registrationId: string },
  detail: object,
) {
  return db.auditEvent.create({
    data: {
      actorId: userId,
      action,
      entityType: 'Attendance',
      entityId: `${attendance.sessionId}:${attendance.registrationId}`,
      detail: JSON.stringify(detail),
    },
  })
}

/**
 * Checks a person in at the door, by the code on their slip (scanned or typed) or by picking
 * them from a search. Refusals are outcomes the screen explains, not errors.
 */
export async function checkIn(
  db: Db,
  input: {
    sessionId: string
    code?: string
    registrationId?: string
    source: DoorSource
    userId: string
    /** A check-in helper: codes are rate-limited, other seminars' codes are not found, no codes shown. */
    helper?: boolean
    /**
     * A session that is not on today's date (Japan time): 'ask' records nothing and answers
     * NOT_TODAY, for the door page to ask first; 'proceed' (the default: scripts, seeds, and the
     * door once the person confirmed) checks in.
     */
    notToday?: 'ask' | 'proceed'
  },
  now = currentTime(),
): Promise<CheckInOutcome> {
  const outcome = await checkInAs(db, input, now)
  if (!input.helper) return outcome
  if (outcome.outcome === 'OTHER_SEMINAR') return { outcome: 'NOT_FOUND', code: echoCode(input.code ?? '') }
  return 'person' in outcome ? { ...outcome, person: { ...outcome.person, code: '' } } : outcome
}

async function checkInAs(db: Db, input: Parameters<typeof checkIn>[1], now: Date): Promise<CheckInOutcome> {
  const session = await getSessionForCheckIn(db, input.sessionId)
  const code = input.code ? normalizeCode(input.code) : undefined
  if (code !== undefined && input.helper) {
    const limit = await hit(db, `checkin-code:${input.userId}`, { ...HELPER_DOOR_ATTEMPTS, now })
    if (!limit.allowed) return { outcome: 'RATE_LIMITED', retryAfterSeconds: limit.retryAfterSeconds }
  }
  // A scanned QR slip carries the 32-hex-digit token; a typed code is 8 characters.
  // An anonymized registration (deletion request, retention) is nobody at the door: its secrets
  // were cleared, and it is refused here as well should an old value still match.
  const found = code
    ? await db.registration.findUnique({
        where: /^[0-9A-F]{32}$/.test(code) ? { checkinToken: code, anonymizedAt: null } : { code, anonymizedAt: null },
        select: PERSON_FIELDS,
      })
    : input.registrationId
      ? await db.registration.findFirst({
          where: { id: input.registrationId, seminarId: session.seminar.id, anonymizedAt: null },
          select: PERSON_FIELDS,
        })
      : null
  if (!found) return { outcome: 'NOT_FOUND', code: echoCode(input.code ?? '') }
  const { seminarId, ...person } = found
  if (seminarId !== session.seminar.id) {
    const other = await db.seminar.findUniqueOrThrow({
      where: { id: seminarId },
      select: { title: true, sessions: { select: { startsAt: true }, orderBy: { startsAt: 'asc' }, take: 1 } },
    })
    return {
      outcome: 'OTHER_SEMINAR',
      seminarTitle: other.title,
      firstSessionAt: other.sessions[0]?.startsAt ?? null,
    }
  }
  if (person.status !== 'CONFIRMED') return { outcome: person.status, person }
  const key = { sessionId: session.id, registrationId: person.id }
  if (input.notToday === 'ask' && !isSessionToday(session, now)) {
    // Asked only when there is something to do: someone already checked in is told so at once.
    const existing = await alreadyCheckedIn(db, key)
    if (existing) return { outcome: 'ALREADY', person, ...existing }
    return { outcome: 'NOT_TODAY', person, source: input.source, sessionStartsAt: session.startsAt, today: now }
  }
  try {
    // At the door means in person, whatever mode they registered for.
    const attendance = { ...key, mode: 'IN_PERSON' as const, onlineMinutes: null }
    await db.$transaction([
      db.attendance.create({
        data: { ...attendance, source: input.source, checkedInAt: now, recordedById: input.userId },
      }),
      auditOp(db, input.userId, 'attendance.checkin', key, { source: input.source, code: person.code }),
      attendanceEvent(db, { ...attendance, seminarId: session.seminar.id, source: input.source }, now),
      ...(await tallyOps(db, [attendance], 1)),
    ])
    return { outcome: 'CHECKED_IN', person, at: now }
  } catch (error) {
    if (!isUniqueViolation(error)) throw error
    const existing = await alreadyCheckedIn(db, key)
    if (!existing) throw error
    return { outcome: 'ALREADY', person, ...existing }
  }
}

/**
 * The webhook event of an attendance recorded (docs/decisions/0056-webhooks.md), for its batch:
 * whose registration, which session, how; no personal data.
 */
export function attendanceEvent(
  db: Db,
  a: { registrationId: string; sessionId: string; seminarId: string; mode: string; source: string },
  now: Date,
) {
  return queueWebhookEvent(
    db,
    'attendance.recorded',
    {
      registrationId: a.registrationId,
      sessionId: a.sessionId,
      seminarId: a.seminarId,
      mode: a.mode,
      source: a.source,
    },
    now,
  )
}

/** When and by whom a person was checked in to a session; null when they were not. */
async function alreadyCheckedIn(db: Db, key: { sessionId: string; registrationId: string }) {
  const existing = await db.attendance.findUnique({
    where: { sessionId_registrationId: key },
    select: { checkedInAt: true, recordedBy: { select: { name: true } } },
  })
  return existing ? { at: existing.checkedInAt, by: existing.recordedBy?.name ?? null } : null
}

/** Takes a check-in back (a wrong tap). Returns false when there was nothing to undo. */
export async function undoCheckIn(
  db: Db,
  input: { sessionId: string; registrationId: string; userId: string },
): Promise<boolean> {
  const key = { sessionId: input.sessionId, registrationId: input.registrationId }
  const existing = await db.attendance.findUnique({ where: { sessionId_registrationId: key } })
  if (!existing) return false
  try {
    await db.$transaction([
      // delete (not deleteMany): undone twice at once, the second finds nothing and rolls back.
      db.attendance.delete({ where: { id: existing.id } }),
      auditOp(db, input.userId, 'attendance.undo', key, { source: existing.source, checkedInAt: existing.checkedInAt }),
      ...(await tallyOps(db, [existing], -1)),
    ])
    return true
  } catch (error) {
    if (isRecordNotFound(error)) return false
    throw error
  }
}

/** Checked in so far and expected (confirmed registrations), for the door screen's counter. */
export async function sessionCounts(db: Db, sessionId: string, seminarId: string) {
  const [checkedIn, expected] = await Promise.all([
    db.attendance.count({ where: { sessionId } }),
    db.registration.count({ where: { seminarId, status: 'CONFIRMED' } }),
  ])
  return { checkedIn, expected }
}

const KATAKANA = /[\u30a1-\u30f6]/g
/** For search: width, case and hiragana/katakana differences do not matter. */
export function searchKey(text: string): string {
  return text
    .normalize('NFKC')
    .toLowerCase()
    .replace(KATAKANA, (c) => String.fromCharCode(c.charCodeAt(0) - 0x60))
    .replace(/[\s\u3000]/g, '')
}

/** Registrations of the session's seminar whose name, furigana, organization or code match. */
export async function searchPeople(
  db: Db,
  sessionId: string,
  seminarId: string,
  query: string,
  limit = 30,
  options: { matchCode?: boolean } = {},
) {
  const key = searchKey(query)
  if (!key) return []
  const code = options.matchCode === false ? null : normalizeCode(query)
  const candidates = await db.registration.findMany({
    where: { seminarId, anonymizedAt: null },
    select: { ...PERSON_FIELDS, attendances: { where: { sessionId }, select: { checkedInAt: true, source: true } } },
    orderBy: { furigana: 'asc' },
  })
  return candidates
    .filter(
      (r) =>
        r.code === code ||
        searchKey(r.name).includes(key) ||
        searchKey(r.furigana).includes(key) ||
        searchKey(r.organizationName ?? '').includes(key),
    )
    .slice(0, limit)
    .map(({ attendances, seminarId: _seminarId, ...r }) => ({ ...r, attendance: attendances[0] ?? null }))
}

export type DoorSearch =
  | { state: 'TOO_SHORT' }
  | { state: 'RATE_LIMITED' }
  | { state: 'FOUND'; people: Awaited<ReturnType<typeof searchPeople>>; more: boolean }

/**
 * The door screen's search. For a check-in helper: at least HELPER_SEARCH_MIN_CHARS characters,
 * at most HELPER_SEARCH_LIMIT people (`more` when there are others), no codes (neither matched
 * nor shown), and limited per link. Everyone else: the plain search.
 */
export async function doorSearch(
  db: Db,
  input: { sessionId: string; seminarId: string; query: string; helper: boolean; userId: string },
  now = currentTime(),
): Promise<DoorSearch> {
  if (!input.helper) {
    return {
      state: 'FOUND',
      people: await searchPeople(db, input.sessionId, input.seminarId, input.query),
      more: false,
    }
  }
  if ([...searchKey(input.query)].length < HELPER_SEARCH_MIN_CHARS) return { state: 'TOO_SHORT' }
  const limit = await hit(db, `checkin-search:${input.userId}`, { ...HELPER_DOOR_ATTEMPTS, now })
  if (!limit.allowed) return { state: 'RATE_LIMITED' }
  const found = await searchPeople(db, input.sessionId, input.seminarId, input.query, HELPER_SEARCH_LIMIT + 1, {
    matchCode: false,
  })
  return {
    state: 'FOUND',
    people: found.slice(0, HELPER_SEARCH_LIMIT).map((p) => ({ ...p, code: '' })),
    more: found.length > HELPER_SEARCH_LIMIT,
  }
}

/** The latest check-ins of a session, newest first, for the door screen (with undo). */
export async function recentCheckIns(db: Db, sessionId: string, take = 10, options: { withCodes?: boolean } = {}) {
  const rows = await db.attendance.findMany({
    where: { sessionId },
    orderBy: { checkedInAt: 'desc' },
    take,
    select: {
      checkedInAt: true,
      source: true,
      recordedBy: { select: { name: true } },
      registration: { select: { id: true, name: true, organizationName: true, code: true } },
    },
  })
  // A check-in helper's screen carries no codes (not even in the page's data).
  return options.withCodes === false ? rows.map((r) => ({ ...r, registration: { ...r.registration, code: '' } })) : rows
}

/** One row of the post-hoc sheet as it was shown: the attendance it showed (null: not attended). */
export type SheetRowShown = { registrationId: string; attendanceId: string | null }

/** A registration whose attendance changed after the sheet was opened: left as it is now. */
export type ChangedMeanwhile = { registrationId: string; attendedNow: boolean }

export type MarkResult = { added: number; removed: number; changedMeanwhile: ChangedMeanwhile[] }

/**
 * Post-hoc marking from a paper list.
 *
 * With `shown` (what the sheet showed when it was opened: each row and the attendance record it
 * showed), only the differences the person made are applied: a row ticked that showed no
 * attendance is added, a row unticked that showed one is removed, and every other row is left
 * alone. A row whose record changed since (checked in or undone at the door, imported, marked on
 * another sheet; or a registration that was not on the sheet and has attended since) is left as
 * it is now and returned in `changedMeanwhile`, whatever was ticked.
 *
 * Without `shown` (seeds, scripts) the ticked confirmed registrations attended and the others did
 * not.
 *
 * A record written between reading and writing (a unique violation, or a record deleted under
 * us) makes the whole batch roll back and the differences are worked out again.
 */
export async function markAttendance(
  db: Db,
  input: { sessionId: string; attendedRegistrationIds: string[]; userId: string | null; shown?: SheetRowShown[] },
  now = currentTime(),
): Promise<MarkResult> {
  const session = await getSessionForCheckIn(db, input.sessionId)
  for (let attempt = 1; ; attempt++) {
    try {
      return await markOnce(db, session, input, now)
    } catch (error) {
      if (attempt >= 3 || !(isUniqueViolation(error) || isRecordNotFound(error))) throw error
    }
  }
}

async function markOnce(
  db: Db,
  session: { id: string; seminar: { id: string } },
  input: { attendedRegistrationIds: string[]; userId: string | null; shown?: SheetRowShown[] },
  now: Date,
): Promise<MarkResult> {
  const confirmed = await db.registration.findMany({
    where: { seminarId: session.seminar.id, status: 'CONFIRMED' },
    select: { id: true, mode: true },
  })
  const existing = await db.attendance.findMany({
    where: { sessionId: session.id },
    select: { id: true, sessionId: true, registrationId: true, source: true, mode: true, onlineMinutes: true },
  })
  const ticked = new Set(input.attendedRegistrationIds)
  const current = new Map(existing.map((a) => [a.registrationId, a]))
  const shown = input.shown ? new Map(input.shown.map((r) => [r.registrationId, r.attendanceId])) : null
  const toAdd: typeof confirmed = []
  const toRemove: typeof existing = []
  const changedMeanwhile: ChangedMeanwhile[] = []
  for (const r of confirmed) {
    const record = current.get(r.id)
    if (shown) {
      const showed = shown.get(r.id) ?? null
      if ((record?.id ?? null) !== showed) {
        changedMeanwhile.push({ registrationId: r.id, attendedNow: record !== undefined })
        continue
      }
      if (!shown.has(r.id)) continue // not on the sheet that was submitted
    }
    if (ticked.has(r.id) && !record) toAdd.push(r)
    else if (!ticked.has(r.id) && record) toRemove.push(record)
  }
  const added = toAdd.map((r) => ({ sessionId: session.id, registrationId: r.id, mode: r.mode, onlineMinutes: null }))
  await db.$transaction([
    ...added.flatMap((attendance) => [
      db.attendance.create({
        data: { ...attendance, source: 'POST_HOC', checkedInAt: now, recordedById: input.userId },
      }),
      auditOp(db, input.userId, 'attendance.mark', attendance, { attended: true }),
      attendanceEvent(db, { ...attendance, seminarId: session.seminar.id, source: 'POST_HOC' }, now),
    ]),
    ...toRemove.flatMap((a) => [
      db.attendance.delete({ where: { id: a.id } }),
      auditOp(db, input.userId, 'attendance.unmark', a, { attended: false, previousSource: a.source }),
    ]),
    ...(await tallyOps(db, added, 1)),
    ...(await tallyOps(db, toRemove, -1)),
  ])
  return { added: toAdd.length, removed: toRemove.length, changedMeanwhile }
}
