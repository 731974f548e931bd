import type { Db } from '~/utils/db.server'
import { AppError, isAppError } from '~/utils/errors'
import { roleMay } from '../accounts/permissions'
import type { ConsoleIdentity } from '../accounts/console-users.server'
import { modesOffered } from '../registration/registrations.server'
import {
  doorSearch,
  getSessionForCheckIn,
  isSessionToday,
  recentCheckIns,
  sessionCounts,
  undoCheckIn,
} from './checkin.server'
import { currentTime } from '~/utils/clock.server'
import { previewImport } from './import.server'
import { attendancePage, attendanceSheet } from './lists.server'

/*
 * What the console's attendance pages show: a seminar's attendance, a session's (with its sheet),
 * the door, the walk-in form and the import preview. Check-in helpers see the door and nothing
 * more (docs/decisions/0022-personal-data-hardening.md).
 */

/**
 * Every session's attendance of one seminar, with mode and source: a page of 50 records
 * (`?page=`), and how many attended each session (by session number).
 */
export async function seminarAttendancePage(db: Db, seminarId: string, params = new URLSearchParams()) {
  const seminar = await db.seminar.findUnique({
    where: { id: seminarId },
    select: {
      id: true,
      title: true,
      sessions: { select: { id: true, number: true, startsAt: true }, orderBy: { number: 'asc' } },
    },
  })
  if (!seminar) throw new AppError('SEMINAR_NOT_FOUND')
  const { rows, paging, bySession } = await attendancePage(db, { seminarId: seminar.id }, params)
  return { seminar, rows, paging, attendedBySession: bySession }
}

/**
 * One session's attendance (a page of 50 records, `?page=`), its counter and its sheet; after a sheet was saved, the people whose
 * records changed after it was opened (`changed`, as they are now) and how many they were.
 */
export async function sessionAttendancePage(
  db: Db,
  user: ConsoleIdentity,
  sessionId: string,
  saved: { changed: string[]; changedCount: number },
  params = new URLSearchParams(),
) {
  const session = await getSessionForCheckIn(db, sessionId)
  const [sheet, attendees, counts] = await Promise.all([
    attendanceSheet(db, session.seminar.id, session.id),
    attendancePage(db, { seminarId: session.seminar.id, sessionId: session.id }, params),
    sessionCounts(db, session.id, session.seminar.id),
  ])
  const changed = saved.changed.flatMap((id) => {
    const row = sheet.find((r) => r.id === id)
    return row ? [{ id, name: row.name, attendedNow: row.attendance !== null }] : []
  })
  const changedCount = Math.max(Math.min(saved.changedCount, sheet.length), changed.length)
  // Staff read the lists; correcting them is the organizer's.
  return {
    session,
    sheet,
    attendees: attendees.rows,
    attendeesPaging: attendees.paging,
    counts,
    changed,
    changedCount,
    mayManage: roleMay(user.role, 'seminars.manage'),
  }
}

export type SessionAttendancePage = Awaited<ReturnType<typeof sessionAttendancePage>>

/**
 * The door: the session, its counter, the search asked for (`query`), the latest check-ins, and
 * whether the session is today (Japan date) — when it is not, the seminar's session that is
 * (`todaySession`), if any, so the door can send the person there.
 */
export async function doorPage(db: Db, user: ConsoleIdentity, sessionId: string, query: string, now = currentTime()) {
  const session = await getSessionForCheckIn(db, sessionId)
  const helper = user.role === 'CHECKIN'
  const isToday = isSessionToday(session, now)
  const [counts, search, recent, siblings] = await Promise.all([
    sessionCounts(db, session.id, session.seminar.id),
    query
      ? doorSearch(db, { sessionId: session.id, seminarId: session.seminar.id, query, helper, userId: user.id })
      : Promise.resolve(null),
    recentCheckIns(db, session.id, 10, { withCodes: !helper }),
    isToday
      ? Promise.resolve([])
      : db.session.findMany({
          where: { seminarId: session.seminar.id, id: { not: session.id } },
          select: { id: true, number: true, startsAt: true, endsAt: true },
          orderBy: { startsAt: 'asc' },
        }),
  ])
  const today = siblings.find((s) => isSessionToday(s, now))
  return {
    session,
    counts,
    q: query,
    search,
    recent,
    isToday,
    today: now,
    todaySession: today ? { id: today.id, number: today.number } : null,
    // Check-in helpers see the door, not the lists.
    mayReadList: roleMay(user.role, 'seminars.read'),
  }
}

export type DoorPage = Awaited<ReturnType<typeof doorPage>>

/** The door's undo: the name of the person whose check-in was taken back; null when there was none. */
export async function undoDoorCheckIn(
  db: Db,
  input: { sessionId: string; registrationId: string; userId: string },
): Promise<{ name: string } | null> {
  const person = await db.registration.findUnique({ where: { id: input.registrationId }, select: { name: true } })
  const undone = await undoCheckIn(db, input)
  return undone && person ? { name: person.name } : null
}

/** The walk-in form: the session, and the ways of attending it offers. */
export async function walkInPage(db: Db, sessionId: string) {
  const session = await getSessionForCheckIn(db, sessionId)
  return { session, modes: modesOffered(session.seminar.mode) }
}

/** The import page: the session, and the preview of an uploaded report (`importId`) if there is one. */
export async function importPage(db: Db, sessionId: string, importId: string | null) {
  const session = await getSessionForCheckIn(db, sessionId)
  const preview = importId
    ? await previewImport(db, importId, session.id).catch((error: unknown) => {
        if (isAppError(error)) return null
        throw error
      })
    : null
  return { session, preview, missingImport: Boolean(importId && !preview) }
}
