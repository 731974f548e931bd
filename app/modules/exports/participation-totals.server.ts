import { isCounted } from '../indicators/tally.server'
import type { Db } from '~/utils/db.server'
import type { AttendanceMode } from '~/generated/prisma/client'
import { fiscalYearRange } from '~/utils/time'
import { JSIC_CODES } from '../registration/jsic'
import { currentTime } from '~/utils/clock.server'

/*
 * 参加実績: per seminar, per program and in total for one fiscal year (docs/domain.md#participation-totals).
 *
 * - A counted attendance is an Attendance of a PARTICIPANT registration, unless it is online with
 *   recorded minutes below the seminar's minimum. It belongs to the fiscal year of its session.
 * - Sessions held: sessions in the fiscal year that started before `now`, of seminars not CANCELLED.
 * - 申込数 / キャンセル数: every PARTICIPANT registration of a seminar (any status) / those
 *   CANCELLED, in the fiscal year of the seminar's first session.
 * - 実人数 / 社数: distinct people / organizations (none = not counted) among counted attendances,
 *   at every level: a person at two seminars of a program is one person of that program.
 *
 * Listed: every seminar with a session in the fiscal year that is published, or (cancelled or
 * draft) has a non-zero figure; every program with a listed seminar.
 */

export type Figures = {
  sessionsHeld: number
  registrations: number
  cancellations: number
  inPerson: number
  online: number
  personTimes: number
  uniquePersons: number
  uniqueOrganizations: number
}
/** Every figure of a row, in the order the exports show them. */
export const FIGURE_KEYS = [
  'sessionsHeld',
  'registrations',
  'cancellations',
  'inPerson',
  'online',
  'personTimes',
  'uniquePersons',
  'uniqueOrganizations',
] as const satisfies readonly (keyof Figures)[]

/**
 * key: JSIC letter A–T or '' (unknown); for in-city: 'in' | 'out' | 'unknown' (所在地 not known:
 * a walk-in who did not say, someone added from a meeting report), so 市内 + 市外 + 不明 = the total.
 */
export type Breakdown = { key: string; personTimes: number; uniquePersons: number }
export type SeminarTotals = Figures & {
  seminarId: string
  title: string
  programId: string
  programName: string
  /** The category's name ('' for a seminar without one) and its English name. */
  category: string
  categoryEn: string | null
  byIndustry: Breakdown[]
  byLocation: Breakdown[]
}
export type ProgramTotals = Figures & {
  programId: string
  programName: string
  seminars: SeminarTotals[]
  byIndustry: Breakdown[]
  byLocation: Breakdown[]
}
export type ParticipationTotals = {
  fiscalYear: number
  programs: ProgramTotals[]
  total: Figures & { byIndustry: Breakdown[]; byLocation: Breakdown[] }
}

const INDUSTRY_ORDER = new Map<string, number>([...JSIC_CODES.map((c, i) => [c, i] as const), ['', JSIC_CODES.length]])
const LOCATION_ORDER = new Map([
  ['in', 0],
  ['out', 1],
  ['unknown', 2],
])

/** The industry key of a registration: its JSIC letter, or '' when missing or not a JSIC letter. */
export function industryKey(industry: string | null): string {
  return industry && INDUSTRY_ORDER.has(industry) ? industry : ''
}

/** The in-city key of a registration: unknown is its own key, never 'in'. */
export function locationKey(inCity: boolean | null): 'in' | 'out' | 'unknown' {
  return inCity === null ? 'unknown' : inCity ? 'in' : 'out'
}

type Counted = {
  mode: AttendanceMode
  personId: string
  organizationId: string | null
  industry: string
  inCity: boolean | null
}

class Tally {
  sessionsHeld = 0
  registrations = 0
  cancellations = 0
  inPerson = 0
  online = 0
  persons = new Set<string>()
  organizations = new Set<string>()
  industry = new Map<string, { n: number; persons: Set<string> }>()
  location = new Map<string, { n: number; persons: Set<string> }>()

  add(a: Counted) {
    if (a.mode === 'ONLINE') this.online++
    else this.inPerson++
    this.persons.add(a.personId)
    if (a.organizationId) this.organizations.add(a.organizationId)
    bump(this.industry, a.industry, a.personId)
    bump(this.location, locationKey(a.inCity), a.personId)
  }

  /** Counts of sessions and registrations add up; persons and organizations are merged as sets. */
  merge(other: Tally) {
    this.sessionsHeld += other.sessionsHeld
    this.registrations += other.registrations
    this.cancellations += other.cancellations
    this.inPerson += other.inPerson
    this.online += other.online
    for (const p of other.persons) this.persons.add(p)
    for (const o of other.organizations) this.organizations.add(o)
    for (const [target, source] of [
      [this.industry, other.industry],
      [this.location, other.location],
    ]) {
      for (const [key, b] of source) {
        const into = target.get(key) ?? { n: 0, persons: new Set<string>() }
        into.n += b.n
        for (const p of b.persons) into.persons.add(p)
        target.set(key, into)
      }
    }
  }

  isEmpty(): boolean {
    return this.sessionsHeld + this.registrations + this.cancellations + this.inPerson + this.online === 0
  }

  figures(): Figures & { byIndustry: Breakdown[]; byLocation: Breakdown[] } {
    return {
      sessionsHeld: this.sessionsHeld,
      registrations: this.registrations,
      cancellations: this.cancellations,
      inPerson: this.inPerson,
      online: this.online,
      personTimes: this.inPerson + this.online,
      uniquePersons: this.persons.size,
      uniqueOrganizations: this.organizations.size,
      byIndustry: breakdown(this.industry, INDUSTRY_ORDER),
      byLocation: breakdown(this.location, LOCATION_ORDER),
    }
  }
}

function bump(map: Map<string, { n: number; persons: Set<string> }>, key: string, personId: string) {
  const b = map.get(key) ?? { n: 0, persons: new Set<string>() }
  b.n++
  b.persons.add(personId)
  map.set(key, b)
}

function breakdown(map: Map<string, { n: number; persons: Set<string> }>, order: Map<string, number>): Breakdown[] {
  return [...map]
    .map(([key, b]) => ({ key, personTimes: b.n, uniquePersons: b.persons.size }))
    .sort((x, y) => (order.get(x.key) ?? 99) - (order.get(y.key) ?? 99))
}

/** The participation figures of one fiscal year, per seminar, per program and in total. */
export async function participationTotals(
  db: Db,
  fiscalYear: number,
  now = currentTime(),
): Promise<ParticipationTotals> {
  const { start, end } = fiscalYearRange(fiscalYear)
  const inYear = { gte: start, lt: end }

  const sessions = await db.session.findMany({
    where: { startsAt: inYear },
    select: { id: true, seminarId: true, startsAt: true },
  })
  const seminarIds = [...new Set(sessions.map((s) => s.seminarId))]
  if (seminarIds.length === 0) return { fiscalYear, programs: [], total: new Tally().figures() }

  const [seminars, firstSessions, attendances, registrations] = await Promise.all([
    db.seminar.findMany({
      where: { id: { in: seminarIds } },
      select: {
        id: true,
        title: true,
        category: { select: { name: true, nameEn: true } },
        status: true,
        minOnlineMinutes: true,
        program: { select: { id: true, code: true, name: true } },
      },
    }),
    db.session.groupBy({ by: ['seminarId'], where: { seminarId: { in: seminarIds } }, _min: { startsAt: true } }),
    // Every attendance of a participant at a session of the year: a few columns, one query.
    db.attendance.findMany({
      where: { session: { startsAt: inYear }, registration: { role: 'PARTICIPANT' } },
      select: { sessionId: true, registrationId: true, mode: true, onlineMinutes: true },
    }),
    // Who those participants are: one query, joined below.
    db.registration.findMany({
      where: { role: 'PARTICIPANT', attendances: { some: { session: { startsAt: inYear } } } },
      select: { id: true, personId: true, organizationId: true, industry: true, inCity: true },
    }),
  ])

  const firstInYear = firstSessions
    .filter((g) => g._min.startsAt && g._min.startsAt >= start && g._min.startsAt < end)
    .map((g) => g.seminarId)
  const registrationCounts =
    firstInYear.length === 0
      ? []
      : await db.registration.groupBy({
          by: ['seminarId', 'status'],
          where: { seminarId: { in: firstInYear }, role: 'PARTICIPANT' },
          _count: { _all: true },
        })

  const seminarById = new Map(seminars.map((s) => [s.id, s]))
  const tallies = new Map(seminars.map((s) => [s.id, new Tally()]))
  for (const s of sessions) {
    const seminar = seminarById.get(s.seminarId)
    if (seminar && seminar.status !== 'CANCELLED' && s.startsAt < now) tallies.get(s.seminarId)!.sessionsHeld++
  }
  for (const g of registrationCounts) {
    const tally = tallies.get(g.seminarId)!
    tally.registrations += g._count._all
    if (g.status === 'CANCELLED') tally.cancellations += g._count._all
  }
  const sessionSeminar = new Map(sessions.map((s) => [s.id, s.seminarId]))
  const registrationById = new Map(registrations.map((r) => [r.id, r]))
  for (const a of attendances) {
    const seminar = seminarById.get(sessionSeminar.get(a.sessionId)!)
    const registration = registrationById.get(a.registrationId)
    if (!seminar || !registration) continue // written between the two queries
    if (!isCounted(a, { role: 'PARTICIPANT', minOnlineMinutes: seminar.minOnlineMinutes })) continue
    tallies.get(seminar.id)!.add({
      mode: a.mode,
      personId: registration.personId,
      organizationId: registration.organizationId,
      industry: industryKey(registration.industry),
      inCity: registration.inCity,
    })
  }

  const firstStart = new Map(firstSessions.map((g) => [g.seminarId, g._min.startsAt?.getTime() ?? 0]))
  const listed = seminars
    .filter((s) => s.status === 'PUBLISHED' || !tallies.get(s.id)!.isEmpty())
    .sort(
      (x, y) =>
        x.program.code.localeCompare(y.program.code) ||
        firstStart.get(x.id)! - firstStart.get(y.id)! ||
        x.title.localeCompare(y.title, 'ja') ||
        x.id.localeCompare(y.id),
    )

  const programs: ProgramTotals[] = []
  const total = new Tally()
  let current: { programId: string; programName: string; seminars: SeminarTotals[]; tally: Tally } | undefined
  const closeProgram = () => {
    if (!current) return
    const { tally, ...program } = current
    programs.push({ ...tally.figures(), ...program })
    total.merge(tally)
  }
  for (const s of listed) {
    if (current?.programId !== s.program.id) {
      closeProgram()
      current = { programId: s.program.id, programName: s.program.name, seminars: [], tally: new Tally() }
    }
    const tally = tallies.get(s.id)!
    current.tally.merge(tally)
    current.seminars.push({
      ...tally.figures(),
      seminarId: s.id,
      title: s.title,
      programId: s.program.id,
      programName: s.program.name,
      category: s.category?.name ?? '',
      categoryEn: s.category?.nameEn ?? null,
    })
  }
  closeProgram()
  return { fiscalYear, programs, total: total.figures() }
}
