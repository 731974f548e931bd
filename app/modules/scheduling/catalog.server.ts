import type { Db } from '~/utils/db.server'
import { isUniqueViolation, notFound } from '~/utils/errors'
import { tokyoMonth, tokyoMonthRange } from '~/utils/time'
import type { Prisma } from '~/generated/prisma/client'
import { visibleProgramIds } from '../accounts/access.server'
import type { ConsoleIdentity } from '../accounts/console-users.server'
import { mailHealth } from '../mail/health.server'
import { listConsoleSeminars } from './console-list.server'
import { listPrograms, saveProgram } from './seminars.server'
import { availability, SEATS_FIELDS } from './availability'
import { editedProgramId, type ProgramInput } from './forms'
import { z } from 'zod'
import { currentTime } from '~/utils/clock.server'
import { pageOf } from '~/utils/paging'
import { LOTTERY_METHOD } from '../lottery/method'

/** The public catalog: published seminars whose last session has not ended yet. */
/** `category` is a category's id (docs/decisions/0016-categories.md). */
export type CatalogFilters = { program?: string; category?: string; month?: string; mode?: string }

const MODES = ['IN_PERSON', 'ONLINE', 'HYBRID'] as const

/** What a participant sees of a seminar anywhere: its title, format, seats and window. */
const PUBLIC_SEMINAR_FIELDS = {
  ...SEATS_FIELDS,
  id: true,
  title: true,
  titleEn: true,
  category: { select: { id: true, name: true, nameEn: true } },
  venueName: true,
  venueNameEn: true,
  program: { select: { code: true, name: true, nameEn: true } },
} as const satisfies Prisma.SeminarSelect

/** Published seminars with a session not yet ended, matching the filters (none: every such seminar). */
function upcomingWhere(filters: CatalogFilters, now: Date): Prisma.SeminarWhereInput {
  const where: Prisma.SeminarWhereInput = {
    status: 'PUBLISHED',
    sessions: { some: { endsAt: { gte: now } } },
  }
  if (filters.program) where.program = { code: filters.program }
  if (filters.category) where.categoryId = filters.category
  if (filters.mode && (MODES as readonly string[]).includes(filters.mode))
    where.mode = filters.mode as (typeof MODES)[number]
  const range = filters.month ? tokyoMonthRange(filters.month) : null
  if (range) {
    where.AND = [{ sessions: { some: { startsAt: { gte: range.start, lt: range.end } } } }]
  }
  return where
}

/** The catalog's order: by first session, then by id, so that pages never overlap or skip one. */
const byFirstSession = (a: { id: string; first: Date }, b: { id: string; first: Date }) =>
  a.first.getTime() - b.first.getTime() || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)

/** The seminars of `where` with what a card shows, in the catalog's order. */
async function catalogCards(db: Db, where: Prisma.SeminarWhereInput, now: Date) {
  const seminars = await db.seminar.findMany({
    where,
    select: {
      ...PUBLIC_SEMINAR_FIELDS,
      sessions: { select: { startsAt: true, endsAt: true }, orderBy: { startsAt: 'asc' } },
      lottery: { select: { drawnAt: true } },
    },
  })
  return seminars
    .map((s) => ({
      ...s,
      firstSession: s.sessions[0],
      sessionCount: s.sessions.length,
      availability: availability(s, now),
    }))
    .sort((a, b) =>
      byFirstSession({ id: a.id, first: a.firstSession.startsAt }, { id: b.id, first: b.firstSession.startsAt }),
    )
}

export async function listUpcomingSeminars(db: Db, filters: CatalogFilters, now = currentTime()) {
  return catalogCards(db, upcomingWhere(filters, now), now)
}

/** Cards a page of the public list shows: a phone scrolls through them, a desktop sees two columns. */
export const CATALOG_PAGE_SIZE = 30

/**
 * One page of the public catalog (`?page=`, as the console's lists: app/utils/paging.ts). Every
 * matching seminar's first session is read to order them — one small row each — and the cards,
 * with their seats and sessions, only for the page's seminars.
 */
export async function upcomingSeminarPage(
  db: Db,
  filters: CatalogFilters,
  params: URLSearchParams,
  now = currentTime(),
  pageSize = CATALOG_PAGE_SIZE,
) {
  const where = upcomingWhere(filters, now)
  const firsts = await db.seminar.findMany({
    where,
    select: { id: true, sessions: { select: { startsAt: true }, orderBy: { startsAt: 'asc' }, take: 1 } },
  })
  const ordered = firsts.map((s) => ({ id: s.id, first: s.sessions[0].startsAt })).sort(byFirstSession)
  const { skip, take, info } = pageOf(ordered.length, params, { pageSize })
  const ids = ordered.slice(skip, skip + take).map((s) => s.id)
  const seminars = ids.length ? await catalogCards(db, { id: { in: ids } }, now) : []
  return { seminars, paging: info }
}

/** What the filter controls offer: programs, categories and months that have upcoming seminars. */
export async function catalogFilterOptions(db: Db, now = currentTime()) {
  const upcoming = await db.seminar.findMany({
    where: { status: 'PUBLISHED', sessions: { some: { endsAt: { gte: now } } } },
    select: {
      category: { select: { id: true, name: true, nameEn: true, sortOrder: true } },
      program: { select: { code: true, name: true, nameEn: true } },
      sessions: { select: { startsAt: true }, where: { endsAt: { gte: now } } },
    },
  })
  const programs = new Map<string, { code: string; name: string; nameEn: string | null }>()
  const categories = new Map<string, { id: string; name: string; nameEn: string | null; sortOrder: number }>()
  const months = new Set<string>()
  for (const s of upcoming) {
    programs.set(s.program.code, s.program)
    if (s.category) categories.set(s.category.id, s.category)
    for (const session of s.sessions) months.add(tokyoMonth(session.startsAt))
  }
  return {
    programs: [...programs.values()].sort((a, b) => a.code.localeCompare(b.code)),
    // In the order of the managed list.
    categories: [...categories.values()]
      .sort((a, b) => a.sortOrder - b.sortOrder || a.name.localeCompare(b.name, 'ja'))
      .map(({ id, name, nameEn }) => ({ id, name, nameEn })),
    months: [...months].sort(),
  }
}

/** One published seminar for its public page; null when missing or not published. */
export async function getPublicSeminar(db: Db, id: string, now = currentTime()) {
  const seminar = await db.seminar.findFirst({
    where: { id, status: { in: ['PUBLISHED', 'CANCELLED'] } },
    select: {
      ...PUBLIC_SEMINAR_FIELDS,
      description: true,
      descriptionEn: true,
      venueAddress: true,
      sessionChoice: true,
      sessions: {
        select: { id: true, number: true, title: true, titleEn: true, startsAt: true, endsAt: true, venueName: true },
        orderBy: { startsAt: 'asc' },
      },
      lottery: { select: { drawAt: true, drawnAt: true, seedHash: true, seed: true } },
    },
  })
  if (!seminar) return null
  const { lottery, ...rest } = seminar
  return { ...rest, availability: availability(seminar, now), lottery: publicLottery(lottery, now) }
}

/**
 * A lottery seminar's draw as the public pages show it (docs/decisions/0049-lottery.md): when it
 * is drawn (applications are taken until then), whether applications are still taken, and when it
 * was drawn (seats left go first come from then on). Null for a first-come seminar.
 */
export type PublicLottery = {
  drawAt: Date
  drawnAt: Date | null
  /** Not drawn yet and before its time: the form takes applications. */
  applicationsOpen: boolean
  /** The commitment, shown from the start; the seed itself only once drawn (it decides the draw). */
  seedHash: string
  seed: string | null
  method: typeof LOTTERY_METHOD
}

function publicLottery(
  lottery: { drawAt: Date; drawnAt: Date | null; seedHash: string; seed: string } | null,
  now: Date,
): PublicLottery | null {
  if (!lottery) return null
  return {
    drawAt: lottery.drawAt,
    drawnAt: lottery.drawnAt,
    applicationsOpen: lottery.drawnAt === null && now < lottery.drawAt,
    seedHash: lottery.seedHash,
    seed: lottery.drawnAt ? lottery.seed : null,
    method: LOTTERY_METHOD,
  }
}

/** The seminar of a public page: published (or cancelled) — otherwise the page is not found (404). */
export async function requirePublicSeminar(db: Db, id: string, now = currentTime()) {
  const seminar = await getPublicSeminar(db, id, now)
  if (!seminar) throw notFound()
  return seminar
}

const filterValue = z
  .string()
  .nullable()
  .transform((v) => v ?? '')

/** The catalog's query (?program=&category=&month=&mode=): each filter as given, '' when absent. */
const CatalogQuerySchema = z.object({
  program: filterValue,
  category: filterValue,
  month: filterValue,
  mode: filterValue,
})

/** The catalog page's filters from its query (the first value of each; unknown ones match nothing). */
export function catalogFiltersFrom(params: URLSearchParams): Required<CatalogFilters> {
  return CatalogQuerySchema.parse({
    program: params.get('program'),
    category: params.get('category'),
    month: params.get('month'),
    mode: params.get('mode'),
  })
}

/** The public list of seminars: the filters of its query, what they offer, and the seminars they match. */
export async function catalogPage(db: Db, query: URLSearchParams, now = currentTime()) {
  const filters = catalogFiltersFrom(query)
  const [{ seminars, paging }, options] = await Promise.all([
    upcomingSeminarPage(db, filters, query, now),
    catalogFilterOptions(db, now),
  ])
  return {
    filters,
    options,
    paging,
    seminars: seminars.map((s) => ({
      id: s.id,
      title: s.title,
      titleEn: s.titleEn,
      category: s.category,
      mode: s.mode,
      venueName: s.venueName,
      venueNameEn: s.venueNameEn,
      program: s.program,
      firstSession: s.firstSession,
      sessionCount: s.sessionCount,
      state: s.availability.state,
      /** Applications are drawn (docs/decisions/0049-lottery.md): the card says 抽選 until the draw. */
      lotteryPending: s.lottery !== null && s.lottery.drawnAt === null,
    })),
  }
}

/**
 * The console's list of seminars: a page of those the user sees (an organizer's programs only) as
 * the query filters and orders them (listConsoleSeminars), the programs to filter by, and, for
 * those who read mail (admins), how mail delivery is doing.
 */
export async function consoleSeminars(
  db: Db,
  user: ConsoleIdentity,
  withMailHealth: boolean,
  params: URLSearchParams,
  now = currentTime(),
) {
  const programIds = await visibleProgramIds(db, user)
  const [list, programs] = await Promise.all([
    listConsoleSeminars(db, programIds, params, now),
    listPrograms(db, programIds),
  ])
  return {
    ...list,
    programs: programs.map((p) => ({ code: p.code, name: p.name })),
    mailHealth: withMailHealth ? await mailHealth(db) : null,
  }
}

/** The programs page: every program, and the one being edited (`?edit=<id>`), if any. */
export async function programsPage(db: Db, params: URLSearchParams) {
  const editId = editedProgramId(params)
  const programs = await listPrograms(db)
  return { programs, editing: programs.find((p) => p.id === editId) ?? null }
}

/**
 * The programs page's form: a new program, or the one it edits (`id`). A code another program has
 * is refused beside the code (409); nothing is saved then.
 */
export async function saveProgramForm(
  db: Db,
  { id, ...input }: ProgramInput & { id?: string },
  actor: { id: string; email?: string },
): Promise<{ status: 409; fieldErrors: Record<string, string[]> } | null> {
  try {
    await saveProgram(db, input, id || undefined, actor)
    return null
  } catch (error) {
    if (!isUniqueViolation(error, 'code')) throw error
    return { status: 409, fieldErrors: { code: ['codeTaken'] } }
  }
}
