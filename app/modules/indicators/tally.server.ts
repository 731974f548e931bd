import type { Db } from '~/utils/db.server'
import { Prisma, type AttendanceMode } from '~/generated/prisma/client'
import { calendarMonthOf, fiscalYearOf } from '~/utils/time'

/*
 * Indicator tallies (docs/decisions/0009-indicators.md). For every seminar-fed indicator counted
 * by attendance (person-times, unique persons, unique organizations), IndicatorTally holds how
 * often each member counted per fiscal year and month, and IndicatorMonthly the resulting
 * figures per fiscal month (a year's figure is the sum of its months). Every attendance change adds the matching operations to its own batch
 * transaction, so the figures are current the moment the attendance is: no recount button.
 * A change of scope (an indicator edited, a seminar moved to another program or category, two
 * categories merged, a session moved
 * across 31 March, a minimum changed, a role changed) rebuilds the affected indicators from the
 * raw records.
 */

export const TALLIED_RULES = ['PERSON_TIMES', 'UNIQUE_PERSONS', 'UNIQUE_ORGANIZATIONS'] as const

export type ScopedIndicator = {
  id: string
  rule: string
  modeScope: 'ALL' | 'IN_PERSON' | 'ONLINE'
  /** The categories counted (none: every category). */
  categoryIds: string[]
  /** The seminars counted (none: every seminar of its programs and categories). */
  seminarIds: string[]
  programIds: string[]
  /** Cumulative (累計) from this fiscal year, or null for a per-year indicator. */
  cumulativeFrom: number | null
}

export type CountableAttendance = {
  sessionId: string
  registrationId: string
  mode: AttendanceMode
  onlineMinutes: number | null
  /** Given when the registration is written in the same batch, or is about to change role. */
  registration?: { personId: string; organizationId: string | null; role: string }
}

type Context = {
  startsAt: Date
  seminarId: string
  programId: string
  categoryId: string | null
  minOnlineMinutes: number
  personId: string
  organizationId: string | null
  role: string
}

/** Attended, by a participant, and online long enough (docs/domain.md#what-counts-as-attended). */
export function isCounted(
  a: Pick<CountableAttendance, 'mode' | 'onlineMinutes'>,
  c: Pick<Context, 'role' | 'minOnlineMinutes'>,
): boolean {
  if (c.role !== 'PARTICIPANT') return false
  return !(a.mode === 'ONLINE' && a.onlineMinutes !== null && a.onlineMinutes < c.minOnlineMinutes)
}

export function inScope(
  indicator: ScopedIndicator,
  c: Pick<Context, 'seminarId' | 'programId' | 'categoryId'>,
  mode: AttendanceMode,
): boolean {
  // The same scope as seminarScope() in indicators.server.ts.
  if (!indicator.programIds.includes(c.programId)) return false
  if (indicator.categoryIds.length > 0 && (c.categoryId === null || !indicator.categoryIds.includes(c.categoryId)))
    return false
  if (indicator.seminarIds.length > 0 && !indicator.seminarIds.includes(c.seminarId)) return false
  return indicator.modeScope === 'ALL' || indicator.modeScope === mode
}

export async function talliedIndicators(db: Db): Promise<ScopedIndicator[]> {
  const rows = await db.indicator.findMany({
    where: { rule: { in: [...TALLIED_RULES] } },
    select: {
      id: true,
      rule: true,
      modeScope: true,
      cumulative: true,
      baseYear: true,
      programs: { select: { programId: true } },
      categories: { select: { categoryId: true } },
      seminars: { select: { seminarId: true } },
    },
    orderBy: { id: 'asc' },
  })
  return rows.map((r) => ({
    id: r.id,
    rule: r.rule,
    modeScope: r.modeScope,
    categoryIds: r.categories.map((c) => c.categoryId),
    seminarIds: r.seminars.map((s) => s.seminarId),
    programIds: r.programs.map((p) => p.programId),
    cumulativeFrom: r.cumulative && r.baseYear !== null ? r.baseYear : null,
  }))
}

async function contexts(db: Db, attendances: CountableAttendance[]): Promise<Map<string, Context>> {
  const sessions = await db.session.findMany({
    where: { id: { in: [...new Set(attendances.map((a) => a.sessionId))] } },
    select: {
      id: true,
      startsAt: true,
      seminar: { select: { id: true, programId: true, categoryId: true, minOnlineMinutes: true } },
    },
  })
  const registrations = await db.registration.findMany({
    where: { id: { in: [...new Set(attendances.map((a) => a.registrationId))] } },
    select: { id: true, personId: true, organizationId: true, role: true },
  })
  const bySession = new Map(sessions.map((s) => [s.id, s]))
  const byRegistration = new Map(registrations.map((r) => [r.id, r]))
  const result = new Map<string, Context>()
  for (const a of attendances) {
    const s = bySession.get(a.sessionId)
    const r = a.registration ?? byRegistration.get(a.registrationId)
    if (!s || !r) continue
    result.set(`${a.sessionId}:${a.registrationId}`, {
      startsAt: s.startsAt,
      seminarId: s.seminar.id,
      programId: s.seminar.programId,
      categoryId: s.seminar.categoryId,
      minOnlineMinutes: s.seminar.minOnlineMinutes,
      personId: r.personId,
      organizationId: r.organizationId,
      role: r.role,
    })
  }
  return result
}

/**
 * The members an indicator tallies for one attendance: the person for unique persons, the
 * organization (if any) for unique organizations, none for person-times (its monthly count is all
 * it needs).
 */
export function memberKeys(rule: string, c: { personId: string; organizationId: string | null }): string[] {
  if (rule === 'UNIQUE_PERSONS') return [`P:${c.personId}`]
  if (rule === 'UNIQUE_ORGANIZATIONS') return c.organizationId ? [`O:${c.organizationId}`] : []
  return []
}

type Change = {
  indicatorId: string
  fiscalYear: number
  month: number
  members: string[]
  sign: 1 | -1
  /** The base year of a cumulative indicator the change falls under (fiscalYear ≥ it). */
  cumulativeFrom: number | null
}

/**
 * The statements that keep tallies and actuals in step with attendances being added (sign +1) or
 * removed (sign −1). Put them in the same batch transaction as the attendance change itself.
 */
export async function tallyOps(db: Db, attendances: CountableAttendance[], sign: 1 | -1) {
  if (attendances.length === 0) return []
  const indicators = await talliedIndicators(db)
  if (indicators.length === 0) return []
  const ctx = await contexts(db, attendances)
  const changes: Change[] = []
  for (const a of attendances) {
    const c = ctx.get(`${a.sessionId}:${a.registrationId}`)
    if (!c || !isCounted(a, c)) continue
    for (const indicator of indicators) {
      if (!inScope(indicator, c, a.mode)) continue
      changes.push({
        indicatorId: indicator.id,
        fiscalYear: fiscalYearOf(c.startsAt),
        month: calendarMonthOf(c.startsAt),
        members: memberKeys(indicator.rule, c),
        sign,
        cumulativeFrom:
          indicator.cumulativeFrom !== null && indicator.cumulativeFrom <= fiscalYearOf(c.startsAt)
            ? indicator.cumulativeFrom
            : null,
      })
    }
  }
  // Lock each (indicator, year) row first, always in the same order: on PostgreSQL concurrent
  // changes of one figure then take turns, and the statements below see each other's results.
  // A cumulative indicator's changes also touch other years' rows: they all take its base-year
  // row first (it sorts before every later year), so they take turns as a whole.
  const keys = [
    ...new Set(
      changes.flatMap((c) => [
        `${c.indicatorId}|${c.fiscalYear}`,
        ...(c.cumulativeFrom !== null ? [`${c.indicatorId}|${c.cumulativeFrom}`] : []),
      ]),
    ),
  ].sort()
  // Plain SQL upserts (INSERT … ON CONFLICT, the same on SQLite and PostgreSQL): one attendance
  // touches a handful of rows per indicator, and raw statements cost a fraction of the query API's.
  const locks = keys.map((k) => {
    const [indicatorId, fy] = k.split('|')
    const fiscalYear = Number(fy)
    return db.$executeRaw`INSERT INTO "IndicatorActual" ("indicatorId", "fiscalYear", "version", "newPersons", "newOrganizations")
      VALUES (${indicatorId}, ${fiscalYear}, 1, 0, 0)
      ON CONFLICT ("indicatorId", "fiscalYear") DO UPDATE SET "version" = "IndicatorActual"."version" + 1`
  })
  const updates = changes.flatMap((c) => {
    const fiscalMonth = toFiscalMonth(c.month)
    return [
      // The month's row always exists once anything was tallied in it (firstCountedMonths needs it).
      db.$executeRaw`INSERT INTO "IndicatorMonthly" ("indicatorId", "fiscalYear", "fiscalMonth", "personTimes", "persons", "organizations")
        VALUES (${c.indicatorId}, ${c.fiscalYear}, ${fiscalMonth}, ${c.sign}, 0, 0)
        ON CONFLICT ("indicatorId", "fiscalYear", "fiscalMonth")
        DO UPDATE SET "personTimes" = "IndicatorMonthly"."personTimes" + ${c.sign}`,
      // A person or organization counts once a year, in the month it first counted: take its count
      // out of that month, change its tally, and put it back into its (possibly new) first month.
      ...(c.members.length ? [firstCountedMonths(db, c, -1)] : []),
      ...(c.members.length && c.cumulativeFrom !== null ? [firstCountedYears(db, c, c.cumulativeFrom, -1)] : []),
      ...c.members.map((memberKey) =>
        c.sign === 1
          ? db.$executeRaw`INSERT INTO "IndicatorTally" ("indicatorId", "fiscalYear", "month", "memberKey", "count")
              VALUES (${c.indicatorId}, ${c.fiscalYear}, ${c.month}, ${memberKey}, 1)
              ON CONFLICT ("indicatorId", "fiscalYear", "month", "memberKey")
              DO UPDATE SET "count" = "IndicatorTally"."count" + 1`
          : db.$executeRaw`UPDATE "IndicatorTally" SET "count" = "count" - 1
              WHERE "indicatorId" = ${c.indicatorId} AND "fiscalYear" = ${c.fiscalYear} AND "month" = ${c.month}
                AND "memberKey" = ${memberKey}`,
      ),
      ...(c.members.length ? [firstCountedMonths(db, c, 1)] : []),
      ...(c.members.length && c.cumulativeFrom !== null ? [firstCountedYears(db, c, c.cumulativeFrom, 1)] : []),
    ]
  })
  return [...locks, ...updates]
}

/** Calendar month 1–12 → fiscal month 0 (April) … 11 (March). */
export function toFiscalMonth(month: number) {
  return month >= 4 ? month - 4 : month + 8
}

/** Adds `delta` to the persons / organizations of the month each of the change's members first counted in. */
function firstCountedMonths(db: Db, c: Change, delta: 1 | -1) {
  const first = (memberKey: string | undefined) =>
    memberKey === undefined
      ? Prisma.sql`NULL`
      : Prisma.sql`(SELECT MIN(CASE WHEN "month" >= 4 THEN "month" - 4 ELSE "month" + 8 END) FROM "IndicatorTally"
          WHERE "indicatorId" = ${c.indicatorId} AND "fiscalYear" = ${c.fiscalYear} AND "memberKey" = ${memberKey}
          AND "count" > 0)`
  const person = first(c.members.find((m) => m.startsWith('P:')))
  const organization = first(c.members.find((m) => m.startsWith('O:')))
  return db.$executeRaw`UPDATE "IndicatorMonthly" SET
      "persons" = "persons" + CASE WHEN "fiscalMonth" = ${person} THEN ${delta} ELSE 0 END,
      "organizations" = "organizations" + CASE WHEN "fiscalMonth" = ${organization} THEN ${delta} ELSE 0 END
    WHERE "indicatorId" = ${c.indicatorId} AND "fiscalYear" = ${c.fiscalYear}
      AND ("fiscalMonth" = ${person} OR "fiscalMonth" = ${organization})`
}

/** Adds `delta` to newPersons / newOrganizations of the year each member first counted in since `from`. */
function firstCountedYears(db: Db, c: Change, from: number, delta: 1 | -1) {
  const first = (memberKey: string | undefined) =>
    memberKey === undefined
      ? Prisma.sql`NULL`
      : Prisma.sql`(SELECT MIN("fiscalYear") FROM "IndicatorTally"
          WHERE "indicatorId" = ${c.indicatorId} AND "memberKey" = ${memberKey} AND "fiscalYear" >= ${from}
          AND "count" > 0)`
  const person = first(c.members.find((m) => m.startsWith('P:')))
  const organization = first(c.members.find((m) => m.startsWith('O:')))
  return db.$executeRaw`UPDATE "IndicatorActual" SET
      "newPersons" = "newPersons" + CASE WHEN "fiscalYear" = ${person} THEN ${delta} ELSE 0 END,
      "newOrganizations" = "newOrganizations" + CASE WHEN "fiscalYear" = ${organization} THEN ${delta} ELSE 0 END
    WHERE "indicatorId" = ${c.indicatorId} AND ("fiscalYear" = ${person} OR "fiscalYear" = ${organization})`
}

/**
 * Recounts indicators from the raw records (after a change of scope): their tallies and actuals
 * are replaced in one transaction. Returns how many attendances counted.
 */
export async function rebuildIndicators(db: Db, indicatorIds?: string[]): Promise<number> {
  const indicators = (await talliedIndicators(db)).filter((i) => !indicatorIds || indicatorIds.includes(i.id))
  const ids = indicatorIds ?? indicators.map((i) => i.id)
  const tallies = new Map<
    string,
    { indicatorId: string; fiscalYear: number; month: number; memberKey: string; count: number }
  >()
  const programIds = [...new Set(indicators.flatMap((i) => i.programIds))]
  const monthly = new Map<
    string,
    {
      indicatorId: string
      fiscalYear: number
      fiscalMonth: number
      personTimes: number
      persons: number
      organizations: number
    }
  >()
  const month = (indicatorId: string, fiscalYear: number, fiscalMonth: number) => {
    const key = `${indicatorId}|${fiscalYear}|${fiscalMonth}`
    const m = monthly.get(key) ?? { indicatorId, fiscalYear, fiscalMonth, personTimes: 0, persons: 0, organizations: 0 }
    monthly.set(key, m)
    return m
  }
  let counted = 0
  let cursor: string | undefined
  for (;;) {
    const batch = await db.attendance.findMany({
      where: { session: { seminar: { programId: { in: programIds } } } },
      orderBy: { id: 'asc' },
      take: 5000,
      ...(cursor ? { skip: 1, cursor: { id: cursor } } : {}),
      select: {
        id: true,
        mode: true,
        onlineMinutes: true,
        session: {
          select: {
            startsAt: true,
            seminar: { select: { id: true, programId: true, categoryId: true, minOnlineMinutes: true } },
          },
        },
        registration: { select: { personId: true, organizationId: true, role: true } },
      },
    })
    if (batch.length === 0) break
    cursor = batch[batch.length - 1].id
    for (const a of batch) {
      const { id: seminarId, ...seminar } = a.session.seminar
      const c = { ...seminar, seminarId, ...a.registration, startsAt: a.session.startsAt }
      if (!isCounted(a, c)) continue
      counted++
      const fiscalYear = fiscalYearOf(c.startsAt)
      const calendarMonth = calendarMonthOf(c.startsAt)
      for (const indicator of indicators) {
        if (!inScope(indicator, c, a.mode)) continue
        month(indicator.id, fiscalYear, toFiscalMonth(calendarMonth)).personTimes++
        for (const memberKey of memberKeys(indicator.rule, c)) {
          const key = `${indicator.id}|${fiscalYear}|${calendarMonth}|${memberKey}`
          const t = tallies.get(key) ?? {
            indicatorId: indicator.id,
            fiscalYear,
            month: calendarMonth,
            memberKey,
            count: 0,
          }
          t.count++
          tallies.set(key, t)
        }
      }
    }
  }
  const firstMonths = new Map<string, { indicatorId: string; fiscalYear: number; memberKey: string; first: number }>()
  for (const t of tallies.values()) {
    const fiscalMonth = toFiscalMonth(t.month)
    const key = `${t.indicatorId}|${t.fiscalYear}|${t.memberKey}`
    const f = firstMonths.get(key)
    if (!f || fiscalMonth < f.first) firstMonths.set(key, { ...t, first: fiscalMonth })
  }
  for (const f of firstMonths.values()) {
    const m = month(f.indicatorId, f.fiscalYear, f.first)
    if (f.memberKey.startsWith('P:')) m.persons++
    else m.organizations++
  }
  // Cumulative indicators: each member in the first year it counted since the base year.
  const years = new Map<
    string,
    { indicatorId: string; fiscalYear: number; newPersons: number; newOrganizations: number }
  >()
  const year = (indicatorId: string, fiscalYear: number) => {
    const key = `${indicatorId}|${fiscalYear}`
    const y = years.get(key) ?? { indicatorId, fiscalYear, newPersons: 0, newOrganizations: 0 }
    years.set(key, y)
    return y
  }
  for (const m of monthly.values()) year(m.indicatorId, m.fiscalYear)
  const cumulativeFrom = new Map(indicators.map((i) => [i.id, i.cumulativeFrom]))
  const firstYears = new Map<string, { indicatorId: string; memberKey: string; first: number }>()
  for (const t of tallies.values()) {
    const from = cumulativeFrom.get(t.indicatorId) ?? null
    if (from === null || t.fiscalYear < from || t.count <= 0) continue
    const key = `${t.indicatorId}|${t.memberKey}`
    const f = firstYears.get(key)
    if (!f || t.fiscalYear < f.first) firstYears.set(key, { ...t, first: t.fiscalYear })
  }
  for (const f of firstYears.values()) {
    const y = year(f.indicatorId, f.first)
    if (f.memberKey.startsWith('P:')) y.newPersons++
    else y.newOrganizations++
  }
  await db.$transaction([
    db.indicatorTally.deleteMany({ where: { indicatorId: { in: ids } } }),
    db.indicatorMonthly.deleteMany({ where: { indicatorId: { in: ids } } }),
    db.indicatorActual.deleteMany({ where: { indicatorId: { in: ids } } }),
    db.indicatorTally.createMany({ data: [...tallies.values()] }),
    db.indicatorMonthly.createMany({ data: [...monthly.values()] }),
    db.indicatorActual.createMany({ data: [...years.values()] }),
  ])
  return counted
}

/** The indicators whose scope includes a program: rebuilt when one of its seminars changes scope. */
export async function indicatorsOfProgram(db: Db, programId: string): Promise<string[]> {
  const rows = await db.indicatorProgram.findMany({ where: { programId }, select: { indicatorId: true } })
  return rows.map((r) => r.indicatorId)
}
