import ical, { escape, ICalCalendarMethod, ICalEventStatus, type ICalCalendar, type ICalLocation } from 'ical-generator'
import type { Db } from '~/utils/db.server'
import { env } from '~/utils/env.server'
import type { Lang, T } from '~/utils/i18n'
import { translator } from '~/utils/i18n.server'
import type { Prisma } from '~/generated/prisma/client'
import { currentTime } from '~/utils/clock.server'

/*
 * Calendar entries (.ics), written with ical-generator (docs/decisions/0010-outbox-and-calendar.md):
 * a personal one per registration, a public one per seminar, and subscribable feeds. Times are
 * written in UTC (docs/decisions/0028-japan-time.md).
 * UIDs never change, so a calendar app updates an entry in place (higher SEQUENCE) instead of
 * adding a second one; personal and public UIDs differ, so a personal entry and a subscribed
 * feed do not overwrite each other.
 */

export type CalendarMethod = 'PUBLISH' | 'REQUEST' | 'CANCEL'

const PUBLIC_STATUSES = ['PUBLISHED', 'CANCELLED'] as const
/** How often subscribed calendar apps are asked to fetch a feed again. */
const FEED_REFRESH_SECONDS = 60 * 60
const FEED_HISTORY_MS = 365 * 24 * 3600_000

const SESSION_FIELDS = {
  id: true,
  number: true,
  title: true,
  titleEn: true,
  startsAt: true,
  endsAt: true,
  venueName: true,
} as const satisfies Prisma.SessionSelect

/** What any calendar may show of a seminar. `onlineUrl` is deliberately absent. */
const SEMINAR_FIELDS = {
  id: true,
  title: true,
  titleEn: true,
  status: true,
  mode: true,
  venueName: true,
  venueNameEn: true,
  venueAddress: true,
  calendarSequence: true,
} as const satisfies Prisma.SeminarSelect

type SeminarFacts = Prisma.SeminarGetPayload<{ select: typeof SEMINAR_FIELDS }>
type SessionFacts = Prisma.SessionGetPayload<{ select: typeof SESSION_FIELDS }>

/** A LOCATION: plain text, or a venue with its address. */
type Location = ICalLocation | string | null

type EventFacts = {
  uid: string
  sequence: number
  session: SessionFacts
  summary: string
  status: ICalEventStatus
  location: Location
  description: string
  url: string | null
}

function newCalendar(method: CalendarMethod): ICalCalendar {
  return ical({
    prodId: { company: 'Jisseki', product: 'Jisseki Seminars', language: 'JA' },
    method: ICalCalendarMethod[method],
  })
}

function addSessionEvent(calendar: ICalCalendar, e: EventFacts): void {
  calendar.createEvent({
    id: e.uid,
    sequence: e.sequence,
    // Plain instants and no time zone: ical-generator writes them in UTC (20260610T050000Z), which
    // every calendar app shows in its own zone; Japan has no daylight saving time to describe.
    start: e.session.startsAt,
    end: e.session.endsAt,
    summary: e.summary,
    status: e.status,
    location: e.location,
    description: e.description,
    url: e.url,
  })
}

function absoluteUrl(path: string): string {
  return new URL(path, env().APP_URL).href
}

function seminarTitle(lang: Lang, seminar: SeminarFacts): string {
  return lang === 'en' && seminar.titleEn ? seminar.titleEn : seminar.title
}

/** The seminar's title, numbered when it has several sessions (each is its own entry). */
function sessionSummary(t: T, lang: Lang, seminar: SeminarFacts, session: SessionFacts, sessionCount: number) {
  const title = seminarTitle(lang, seminar)
  return sessionCount > 1 ? t('ics.sessionSummary', { title, number: session.number }) : title
}

/** A session's title in the calendar's language: the English one in English where there is one. */
function sessionTitle(lang: Lang, session: SessionFacts): string | null {
  return (lang === 'en' && session.titleEn) || session.title
}

/**
 * Where a session takes place in person: its own venue, else the seminar's (with its address), in
 * English where the seminar has an English venue name.
 */
function venueLocation(lang: Lang, seminar: SeminarFacts, session: SessionFacts): Location {
  // A session held elsewhere: the seminar's address is not that venue's address.
  if (session.venueName) return session.venueName
  if (!seminar.venueName) return null
  const venue = (lang === 'en' && seminar.venueNameEn) || seminar.venueName
  return seminar.venueAddress ? { title: venue, address: seminar.venueAddress } : venue
}

/** Where a session takes place, as anyone may read it (never the joining link). */
function publicLocation(t: T, lang: Lang, seminar: SeminarFacts, session: SessionFacts): Location {
  if (seminar.mode === 'ONLINE') return t('ics.online')
  return venueLocation(lang, seminar, session) ?? (seminar.mode === 'HYBRID' ? t('ics.online') : null)
}

function lines(...parts: (string | null | undefined | false)[]): string {
  return parts.filter(Boolean).join('\n')
}

/**
 * A participant's own entries: one event per session of the seminar. The joining link is written
 * only for a confirmed online participant (as on the manage page); a cancelled registration or
 * seminar, or `method: 'CANCEL'`, gives METHOD:CANCEL with every event cancelled.
 */
export async function registrationCalendar(
  db: Db,
  registrationId: string,
  options: { method?: CalendarMethod } = {},
): Promise<string | null> {
  const registration = await db.registration.findUnique({
    where: { id: registrationId },
    select: {
      id: true,
      manageToken: true,
      mode: true,
      status: true,
      language: true,
      seminar: {
        select: {
          ...SEMINAR_FIELDS,
          onlineUrl: true,
          sessions: { select: SESSION_FIELDS, orderBy: [{ startsAt: 'asc' }, { number: 'asc' }] },
        },
      },
      chosenSessions: { select: { sessionId: true } },
    },
  })
  if (!registration) return null
  const { seminar } = registration
  // Sessions the person did not choose (where the seminar lets them) are cancelled entries, so a
  // calendar that had them drops them; no rows means every session (docs/decisions/0035).
  const chosen = new Set(registration.chosenSessions.map((c) => c.sessionId))
  // Each change the person made is a new version of their entries (mode, sessions).
  const ownChanges = await db.auditEvent.count({
    where: { entityType: 'Registration', entityId: registration.id, action: 'registration.change' },
  })
  const lang = registration.language
  const t = translator(lang)
  // Not selected in a lottery: it holds nothing, like a cancellation (docs/decisions/0049-lottery.md).
  const cancelled =
    registration.status === 'CANCELLED' ||
    registration.status === 'NOT_SELECTED' ||
    seminar.status === 'CANCELLED' ||
    options.method === 'CANCEL'
  const online = registration.mode === 'ONLINE'
  const joinUrl = online && registration.status === 'CONFIRMED' && !cancelled ? seminar.onlineUrl : null
  const status = cancelled
    ? ICalEventStatus.CANCELLED
    : // Waiting for a seat, or for a lottery's draw (APPLIED): no seat yet.
      registration.status === 'WAITLISTED' || registration.status === 'APPLIED'
      ? ICalEventStatus.TENTATIVE
      : ICalEventStatus.CONFIRMED
  const calendar = newCalendar(cancelled ? 'CANCEL' : (options.method ?? 'PUBLISH'))
  for (const session of seminar.sessions) {
    addSessionEvent(calendar, {
      uid: `registration-${registration.id}-session-${session.id}@jisseki`,
      sequence: seminar.calendarSequence + ownChanges,
      session,
      summary: sessionSummary(t, lang, seminar, session, seminar.sessions.length),
      status: chosen.size && !chosen.has(session.id) ? ICalEventStatus.CANCELLED : status,
      location: online ? t('ics.online') : venueLocation(lang, seminar, session),
      description: lines(
        sessionTitle(lang, session),
        joinUrl && t('ics.join', { url: joinUrl }),
        registration.status === 'WAITLISTED' && !cancelled && t('ics.waitlisted'),
        t('ics.manage', { url: absoluteUrl(`/r/${registration.manageToken}`) }),
      ),
      url: joinUrl,
    })
  }
  return calendar.toString()
}

/** A session as it appears in the public calendars (seminar page and feeds). */
function addPublicEvent(
  calendar: ICalCalendar,
  t: T,
  lang: Lang,
  seminar: SeminarFacts,
  session: SessionFacts,
  sessionCount: number,
) {
  const seminarUrl = absoluteUrl(`/seminars/${seminar.id}`)
  addSessionEvent(calendar, {
    uid: `session-${session.id}@jisseki`,
    sequence: seminar.calendarSequence,
    session,
    summary: sessionSummary(t, lang, seminar, session, sessionCount),
    status: seminar.status === 'CANCELLED' ? ICalEventStatus.CANCELLED : ICalEventStatus.CONFIRMED,
    location: publicLocation(t, lang, seminar, session),
    description: lines(
      sessionTitle(lang, session),
      t('ics.format', { mode: t(`mode.${seminar.mode}`) }),
      t('ics.details', { url: seminarUrl }),
    ),
    url: seminarUrl,
  })
}

/** A public seminar's sessions; null unless it is published (or was, and is now cancelled). */
export async function seminarCalendar(
  db: Db,
  seminarId: string,
  options: { lang?: Lang } = {},
): Promise<string | null> {
  const seminar = await db.seminar.findFirst({
    where: { id: seminarId, status: { in: [...PUBLIC_STATUSES] } },
    select: { ...SEMINAR_FIELDS, sessions: { select: SESSION_FIELDS, orderBy: [{ startsAt: 'asc' }] } },
  })
  if (!seminar) return null
  const lang = options.lang ?? 'ja'
  const t = translator(lang)
  const calendar = newCalendar('PUBLISH')
  for (const session of seminar.sessions) {
    addPublicEvent(calendar, t, lang, seminar, session, seminar.sessions.length)
  }
  return calendar.toString()
}

/**
 * The subscribable feed: every session from a year ago onwards of all public seminars, or of one
 * program's (null when no program has that code). Cancelled seminars stay in, marked cancelled,
 * so subscribers' calendars drop them rather than keep a stale entry.
 */
export async function feedCalendar(
  db: Db,
  options: { programCode?: string; lang?: Lang; now?: Date } = {},
): Promise<string | null> {
  const lang = options.lang ?? 'ja'
  const t = translator(lang)
  const site = t('site.name')
  let name = site
  let programId: string | undefined
  if (options.programCode !== undefined) {
    const program = await db.program.findUnique({
      where: { code: options.programCode },
      select: { id: true, name: true, nameEn: true },
    })
    if (!program) return null
    programId = program.id
    name = t('ics.programFeedName', { program: lang === 'en' && program.nameEn ? program.nameEn : program.name, site })
  }
  const since = new Date((options.now ?? currentTime()).getTime() - FEED_HISTORY_MS)
  const seminars = await db.seminar.findMany({
    where: { status: { in: [...PUBLIC_STATUSES] }, programId, sessions: { some: { startsAt: { gte: since } } } },
    select: {
      ...SEMINAR_FIELDS,
      // All sessions count for the numbering, even those too old to be listed.
      _count: { select: { sessions: true } },
      sessions: { where: { startsAt: { gte: since } }, select: SESSION_FIELDS, orderBy: [{ startsAt: 'asc' }] },
    },
    orderBy: [{ id: 'asc' }],
  })
  // ical-generator writes the name as it is: escaped here, as any TEXT value must be.
  const calendar = newCalendar('PUBLISH').name(escape(name, false)).ttl(FEED_REFRESH_SECONDS)
  for (const seminar of seminars) {
    for (const session of seminar.sessions) {
      addPublicEvent(calendar, t, lang, seminar, session, seminar._count.sessions)
    }
  }
  return calendar.toString()
}

/** A participant's own calendar, found only by the manage token (as the manage page is). */
export async function registrationCalendarByToken(db: Db, token: string): Promise<string | null> {
  if (!/^[A-Za-z0-9_-]{43}$/.test(token)) return null
  const registration = await db.registration.findUnique({ where: { manageToken: token }, select: { id: true } })
  return registration ? registrationCalendar(db, registration.id) : null
}
