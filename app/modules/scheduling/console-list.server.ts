import type { Db } from '~/utils/db.server'
import type { Prisma } from '~/generated/prisma/client'
import { currentTime } from '~/utils/clock.server'
import { slicePage } from '~/utils/paging'
import { tokyoDate, tokyoDayRange } from '~/utils/time'
import { z } from 'zod'
import { searchKey } from '../attendance/checkin.server'

/*
 * The console's list of seminars (docs/decisions/0041-console-lists-order-filters-paging.md):
 * ordered by date — seminars still to come by their next session (the soonest first), then those
 * without a session yet, then the past ones by their last session (the most recent first) — with
 * filters in the query (program, status, when, text) and 50 a page.
 */

export const SEMINAR_STATUSES = ['DRAFT', 'PUBLISHED', 'CANCELLED'] as const
/** `today`: a session on today's Japan date; `upcoming`: a session not ended yet (or none yet); `past`: all ended. */
export const SEMINAR_WHENS = ['today', 'upcoming', 'past'] as const

const choice = <T extends readonly [string, ...string[]]>(values: T) => z.enum(values).or(z.literal('')).catch('')
/** The list's query: each filter as given, '' when absent or not one of its choices. */
const ConsoleSeminarQuery = z.object({
  program: z.string().max(100).catch(''),
  status: choice(SEMINAR_STATUSES),
  when: choice(SEMINAR_WHENS),
  q: z
    .string()
    .max(200)
    .transform((v) => v.trim())
    .catch(''),
})
export type ConsoleSeminarFilters = z.infer<typeof ConsoleSeminarQuery>

/** The filters of the list's query (?program=<code>&status=&when=&q=), first value of each. */
export function consoleSeminarFiltersFrom(params: URLSearchParams): ConsoleSeminarFilters {
  return ConsoleSeminarQuery.parse({
    program: params.get('program') ?? '',
    status: params.get('status') ?? '',
    when: params.get('when') ?? '',
    q: params.get('q') ?? '',
  })
}

type Dated = { number: number; startsAt: Date; endsAt: Date }
/** Where a seminar stands in the list: which group, its date there, and the session that gives it. */
type Place = { group: 0 | 1 | 2; at: number; session: Dated | null }

/** Upcoming by the next session not ended (group 0), no session yet (1), past by the last session (2). */
function placeOf(sessions: Dated[], now: Date): Place {
  const next = sessions.filter((s) => s.endsAt >= now).sort((a, b) => +a.startsAt - +b.startsAt)[0]
  if (next) return { group: 0, at: +next.startsAt, session: next }
  const last = [...sessions].sort((a, b) => +b.startsAt - +a.startsAt)[0]
  if (!last) return { group: 1, at: 0, session: null }
  return { group: 2, at: -last.startsAt, session: last }
}

/**
 * The ids of the seminars the filters match, in the list's order, each with the session its date
 * comes from. Text matches the title (Japanese or English) and the venue (the seminar's or a
 * session's), ignoring width, case, kana and spaces as the door search does.
 */
async function orderedMatches(db: Db, programIds: string[] | null, filters: ConsoleSeminarFilters, now: Date) {
  const where: Prisma.SeminarWhereInput = {
    ...(programIds ? { programId: { in: programIds } } : {}),
    ...(filters.program ? { program: { code: filters.program } } : {}),
    ...(filters.status ? { status: filters.status } : {}),
  }
  const today = tokyoDayRange(tokyoDate(now))!
  if (filters.when === 'today') where.sessions = { some: { startsAt: { gte: today.start, lt: today.end } } }
  const rows = await db.seminar.findMany({
    where,
    select: {
      id: true,
      title: true,
      titleEn: true,
      venueName: true,
      venueAddress: true,
      createdAt: true,
      sessions: { select: { number: true, startsAt: true, endsAt: true, venueName: true } },
    },
  })
  const key = searchKey(filters.q)
  const matched = key
    ? rows.filter((r) =>
        [r.title, r.titleEn, r.venueName, r.venueAddress, ...r.sessions.map((s) => s.venueName)].some(
          (text) => text && searchKey(text).includes(key),
        ),
      )
    : rows
  const placed = matched.map((r) => {
    if (filters.when === 'today') {
      const session = r.sessions
        .filter((s) => s.startsAt >= today.start && s.startsAt < today.end)
        .sort((a, b) => +a.startsAt - +b.startsAt)[0]
      return { id: r.id, createdAt: r.createdAt, place: { group: 0, at: +session.startsAt, session } as Place }
    }
    return { id: r.id, createdAt: r.createdAt, place: placeOf(r.sessions, now) }
  })
  return placed
    .filter(({ place }) =>
      filters.when === 'upcoming' ? place.group < 2 : filters.when === 'past' ? place.group === 2 : true,
    )
    .sort(
      (a, b) =>
        a.place.group - b.place.group ||
        a.place.at - b.place.at ||
        // Same time (or no session): the newest seminar first, then by id, so pages never overlap.
        +b.createdAt - +a.createdAt ||
        (a.id < b.id ? -1 : a.id > b.id ? 1 : 0),
    )
}

/** One page of the console's seminar list for the given programs (null: all), in the list's order. */
export async function listConsoleSeminars(
  db: Db,
  programIds: string[] | null,
  params: URLSearchParams,
  now = currentTime(),
) {
  const filters = consoleSeminarFiltersFrom(params)
  const { rows: page, paging } = slicePage(await orderedMatches(db, programIds, filters, now), params)
  const details = await db.seminar.findMany({
    where: { id: { in: page.map((p) => p.id) } },
    select: {
      id: true,
      title: true,
      status: true,
      mode: true,
      capacityInPerson: true,
      capacityOnline: true,
      seatsTakenInPerson: true,
      seatsTakenOnline: true,
      program: { select: { code: true, name: true } },
      _count: { select: { sessions: true, registrations: { where: { status: 'WAITLISTED' } } } },
    },
  })
  const byId = new Map(details.map((d) => [d.id, d]))
  const seminars = page.flatMap(({ id, place }) => {
    const seminar = byId.get(id)
    if (!seminar) return [] // deleted between the two reads
    const { _count, ...rest } = seminar
    return [
      {
        ...rest,
        waiting: _count.registrations,
        sessionCount: _count.sessions,
        /** The session the seminar's date comes from: the next one, today's, or the last one. */
        session: place.session ? { number: place.session.number, startsAt: place.session.startsAt } : null,
        past: place.group === 2,
      },
    ]
  })
  return { filters, seminars, paging }
}
