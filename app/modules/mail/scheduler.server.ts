import type { Db } from '~/utils/db.server'
import { isRecordNotFound } from '~/utils/errors'
import { tokyoDayAt } from '~/utils/time'
import { queueMessages } from './outbox.server'

/*
 * Messages due at a time rather than caused by a change: reminders and thank-yous. Each session
 * (reminders) and seminar (thank-yous) is marked in the same batch that queues its messages, so
 * they are queued once even when several processes look at the same moment.
 */

const HOUR = 3600_000
const DAY = 24 * HOUR

/** Reminders go out at 09:00 Japan time, `days` days before the session's (Japan) date. */
export function reminderTime(startsAt: Date, days: number): Date {
  return tokyoDayAt(startsAt, -days, 9)
}

/** Thank-yous go out at 10:00 Japan time on the day after the seminar's last session. */
export function thankYouTime(lastEndsAt: Date): Date {
  return tokyoDayAt(lastEndsAt, 1, 10)
}

/** Seminars whose last session ended longer ago than this are not thanked any more. */
export const THANK_YOU_WINDOW_MS = 7 * DAY

export async function queueReminders(db: Db, now: Date, days: number): Promise<number> {
  if (days <= 0) return 0
  const sessions = await db.session.findMany({
    where: {
      reminderQueuedAt: null,
      startsAt: { gt: now, lte: new Date(now.getTime() + (days + 1) * DAY) },
      seminar: { status: 'PUBLISHED' },
    },
    select: { id: true, startsAt: true, seminarId: true },
  })
  let queued = 0
  for (const session of sessions.filter((s) => reminderTime(s.startsAt, days) <= now)) {
    const registrations = await db.registration.findMany({
      where: {
        seminarId: session.seminarId,
        status: 'CONFIRMED',
        source: { in: ['WEB', 'CONSOLE'] },
        email: { not: '' },
        anonymizedAt: null,
        // Those who chose sessions are reminded of theirs only (none chosen: every session, 0035).
        OR: [{ chosenSessions: { none: {} } }, { chosenSessions: { some: { sessionId: session.id } } }],
      },
      select: { id: true },
    })
    try {
      await db.$transaction([
        db.session.update({ where: { id: session.id, reminderQueuedAt: null }, data: { reminderQueuedAt: now } }),
        queueMessages(
          db,
          registrations.map((r) => ({
            kind: 'REMINDER' as const,
            seminarId: session.seminarId,
            registrationId: r.id,
            sessionId: session.id,
          })),
          now,
        ),
      ])
      queued += registrations.length
    } catch (error) {
      // Another process queued them first.
      if (!isRecordNotFound(error)) throw error
    }
  }
  return queued
}

export async function queueThankYous(db: Db, now: Date): Promise<number> {
  const seminars = await db.seminar.findMany({
    where: {
      thankYouQueuedAt: null,
      status: 'PUBLISHED',
      sessions: { some: { endsAt: { gte: new Date(now.getTime() - THANK_YOU_WINDOW_MS - 2 * DAY), lte: now } } },
    },
    select: { id: true, sessions: { select: { endsAt: true }, orderBy: { endsAt: 'desc' }, take: 1 } },
  })
  let queued = 0
  for (const seminar of seminars) {
    const lastEnd = seminar.sessions[0]?.endsAt
    if (!lastEnd || thankYouTime(lastEnd) > now || now.getTime() - lastEnd.getTime() > THANK_YOU_WINDOW_MS) continue
    // Everyone who came (in person or online, however recorded), once, if we have their address —
    // but not people brought in by a spreadsheet import, which sends no mail it was not asked to
    // (docs/decisions/0034-spreadsheet-imports.md; reminders leave them out too).
    const attendees = await db.registration.findMany({
      where: {
        seminarId: seminar.id,
        role: 'PARTICIPANT',
        source: { not: 'IMPORT' },
        email: { not: '' },
        anonymizedAt: null,
        attendances: { some: {} },
      },
      select: { id: true },
    })
    try {
      await db.$transaction([
        db.seminar.update({ where: { id: seminar.id, thankYouQueuedAt: null }, data: { thankYouQueuedAt: now } }),
        queueMessages(
          db,
          attendees.map((r) => ({ kind: 'THANK_YOU' as const, seminarId: seminar.id, registrationId: r.id })),
          now,
        ),
      ])
      queued += attendees.length
    } catch (error) {
      if (!isRecordNotFound(error)) throw error
    }
  }
  return queued
}
