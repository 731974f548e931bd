import type { Db } from '~/utils/db.server'
import type { CountingRule, FigureState, IndicatorKind, ModeScope, Prisma } from '~/generated/prisma/client'
import { fiscalMonths, fiscalYearOf, fiscalYearRange } from './fiscal-year'
import { rebuildIndicators, TALLIED_RULES } from './tally.server'

/*
 * Indicators and their figures per fiscal year: plan (entered), actual (computed, or entered for
 * manual indicators), and for a closed year the frozen figure with its accepted adjustments.
 */

export type IndicatorInput = {
  code: string
  name: string
  nameEn: string | null
  kind: IndicatorKind
  unit: string
  rule: CountingRule
  /** Scope: the categories counted (none: every category). */
  categoryIds: string[]
  /** Scope: the seminars counted (none: every seminar); still only within its programs and categories. */
  seminarIds: string[]
  modeScope: ModeScope
  cumulative: boolean
  baseYear: number | null
  baseline: number | null
  note: string
  programIds: string[]
}

export async function saveIndicator(db: Db, input: IndicatorInput, id?: string): Promise<string> {
  const { programIds, categoryIds, seminarIds, ...fields } = input
  const data = {
    ...fields,
    programs: { create: programIds.map((programId) => ({ programId })) },
    categories: { create: [...new Set(categoryIds)].map((categoryId) => ({ categoryId })) },
    seminars: { create: [...new Set(seminarIds)].map((seminarId) => ({ seminarId })) },
  }
  const saved = id
    ? (
        await db.$transaction([
          db.indicatorProgram.deleteMany({ where: { indicatorId: id } }),
          db.indicatorCategory.deleteMany({ where: { indicatorId: id } }),
          db.indicatorSeminar.deleteMany({ where: { indicatorId: id } }),
          db.indicator.update({ where: { id }, data }),
        ])
      )[3]
    : await db.indicator.create({ data })
  // Its scope may have changed: count it again from the raw records.
  if ((TALLIED_RULES as readonly string[]).includes(input.rule)) await rebuildIndicators(db, [saved.id])
  else
    await db.$transaction([
      db.indicatorTally.deleteMany({ where: { indicatorId: saved.id } }),
      db.indicatorMonthly.deleteMany({ where: { indicatorId: saved.id } }),
      db.indicatorActual.deleteMany({ where: { indicatorId: saved.id } }),
    ])
  return saved.id
}

export async function setPlan(db: Db, indicatorId: string, fiscalYear: number, plan: number | null) {
  if (plan === null) {
    await db.indicatorTarget.deleteMany({ where: { indicatorId, fiscalYear } })
    return
  }
  await db.indicatorTarget.upsert({
    where: { indicatorId_fiscalYear: { indicatorId, fiscalYear } },
    create: { indicatorId, fiscalYear, plan },
    update: { plan },
  })
}

/** A manual figure for the whole fiscal year (month 0) or one calendar month. */
export async function setManualFigure(
  db: Db,
  input: {
    indicatorId: string
    fiscalYear: number
    month: number
    value: number
    state: FigureState
    note: string
    userId: string | null
  },
) {
  const { indicatorId, fiscalYear, month, ...rest } = input
  await db.manualFigure.upsert({
    where: { indicatorId_fiscalYear_month: { indicatorId, fiscalYear, month } },
    create: {
      indicatorId,
      fiscalYear,
      month,
      value: rest.value,
      state: rest.state,
      note: rest.note,
      updatedById: rest.userId,
    },
    update: { value: rest.value, state: rest.state, note: rest.note, updatedById: rest.userId },
  })
}

type IndicatorRow = Awaited<ReturnType<typeof loadIndicators>>[number]

export function loadIndicators(db: Db) {
  return db.indicator.findMany({
    orderBy: [{ sortOrder: 'asc' }, { code: 'asc' }],
    include: {
      programs: { include: { program: { select: { id: true, code: true, name: true, nameEn: true } } } },
      categories: { select: { categoryId: true } },
      seminars: { select: { seminarId: true } },
    },
  })
}

/**
 * Seminars an indicator counts: those of its programs, limited to its categories and, when it
 * names seminars, to those (a named seminar still counts only within its programs and categories:
 * docs/decisions/0016-categories.md). Must agree with `inScope` in tally.server.ts.
 */
export function seminarScope(
  indicator: Pick<IndicatorRow, 'programs' | 'categories' | 'seminars'>,
): Prisma.SeminarWhereInput {
  const categoryIds = indicator.categories.map((c) => c.categoryId)
  const seminarIds = indicator.seminars.map((s) => s.seminarId)
  return {
    programId: { in: indicator.programs.map((p) => p.programId) },
    ...(categoryIds.length ? { categoryId: { in: categoryIds } } : {}),
    ...(seminarIds.length ? { id: { in: seminarIds } } : {}),
  }
}

/** The years an actual covers: one fiscal year, or from the base year for a cumulative one. */
function yearsCovered(indicator: IndicatorRow, fiscalYear: number): { from: number; to: number } {
  return indicator.cumulative && indicator.baseYear !== null && indicator.baseYear <= fiscalYear
    ? { from: indicator.baseYear, to: fiscalYear }
    : { from: fiscalYear, to: fiscalYear }
}

export type LiveActual = { value: number | null; state: FigureState }

/** The actual as it stands now, computed from the records (or the manual figures). */
export async function liveActual(
  db: Db,
  indicator: IndicatorRow,
  fiscalYear: number,
  now = new Date(),
): Promise<LiveActual> {
  const { from, to } = yearsCovered(indicator, fiscalYear)
  const range = { start: fiscalYearRange(from).start, end: fiscalYearRange(to).end }
  switch (indicator.rule) {
    case 'PERSON_TIMES':
    case 'UNIQUE_PERSONS':
    case 'UNIQUE_ORGANIZATIONS': {
      const column =
        indicator.rule === 'PERSON_TIMES'
          ? 'personTimes'
          : indicator.rule === 'UNIQUE_PERSONS'
            ? 'persons'
            : 'organizations'
      if (from === to || column === 'personTimes') {
        const sum = await db.indicatorMonthly.aggregate({
          where: { indicatorId: indicator.id, fiscalYear: { gte: from, lte: to } },
          _sum: { [column]: true },
        })
        return { value: (sum._sum as Record<string, number | null>)[column] ?? 0, state: 'FINAL' }
      }
      // Cumulative unique: each member in the year it first counted since the base year.
      const sum = await db.indicatorActual.aggregate({
        where: { indicatorId: indicator.id, fiscalYear: { gte: from, lte: to } },
        _sum: { newPersons: true, newOrganizations: true },
      })
      const value = indicator.rule === 'UNIQUE_PERSONS' ? sum._sum.newPersons : sum._sum.newOrganizations
      return { value: value ?? 0, state: 'FINAL' }
    }
    case 'SESSIONS_HELD': {
      const value = await db.session.count({
        where: {
          startsAt: { gte: range.start, lt: range.end < now ? range.end : now },
          seminar: { ...seminarScope(indicator), status: { not: 'CANCELLED' } },
        },
      })
      return { value, state: 'FINAL' }
    }
    case 'REGISTRATIONS': {
      // A registration belongs to the fiscal year of its seminar's first session.
      const seminars = await db.seminar.findMany({
        where: seminarScope(indicator),
        select: { id: true, sessions: { select: { startsAt: true }, orderBy: { startsAt: 'asc' }, take: 1 } },
      })
      const ids = seminars
        .filter((s) => s.sessions[0] && s.sessions[0].startsAt >= range.start && s.sessions[0].startsAt < range.end)
        .map((s) => s.id)
      const value = await db.registration.count({ where: { seminarId: { in: ids }, role: 'PARTICIPANT' } })
      return { value, state: 'FINAL' }
    }
    case 'MANUAL': {
      const figures = await db.manualFigure.findMany({
        where: { indicatorId: indicator.id, fiscalYear: { gte: from, lte: to } },
      })
      if (figures.length === 0) return { value: null, state: 'COUNTING' }
      const byYear = new Map<number, typeof figures>()
      for (const f of figures) byYear.set(f.fiscalYear, [...(byYear.get(f.fiscalYear) ?? []), f])
      let value = 0
      for (const yearFigures of byYear.values()) {
        // A whole-year figure stands for the year; otherwise the months add up.
        const whole = yearFigures.find((f) => f.month === 0)
        value += whole ? whole.value : yearFigures.reduce((sum, f) => sum + f.value, 0)
      }
      const state = figures.some((f) => f.state === 'COUNTING')
        ? 'COUNTING'
        : figures.some((f) => f.state === 'ESTIMATE')
          ? 'ESTIMATE'
          : 'FINAL'
      return { value, state }
    }
  }
}

/** Month-by-month cumulative actual of the current fiscal year (for pacing), April first. */
export async function monthlyActuals(db: Db, indicator: IndicatorRow, fiscalYear: number): Promise<number[] | null> {
  const months = fiscalMonths(fiscalYear)
  const cumulate = (perMonth: number[]) => perMonth.map((_, i) => perMonth.slice(0, i + 1).reduce((a, b) => a + b, 0))
  if (
    indicator.rule === 'PERSON_TIMES' ||
    indicator.rule === 'UNIQUE_PERSONS' ||
    indicator.rule === 'UNIQUE_ORGANIZATIONS'
  ) {
    // Kept current with the tallies: unique members sit in the month they first counted.
    const rows = await db.indicatorMonthly.findMany({ where: { indicatorId: indicator.id, fiscalYear } })
    const column =
      indicator.rule === 'PERSON_TIMES'
        ? 'personTimes'
        : indicator.rule === 'UNIQUE_PERSONS'
          ? 'persons'
          : 'organizations'
    const perMonth = Array<number>(12).fill(0)
    for (const r of rows) perMonth[r.fiscalMonth] += r[column]
    return cumulate(perMonth)
  }
  if (indicator.rule === 'SESSIONS_HELD') {
    const sessions = await db.session.findMany({
      where: {
        startsAt: { gte: months[0].start, lt: months[11].end },
        seminar: { ...seminarScope(indicator), status: { not: 'CANCELLED' } },
      },
      select: { startsAt: true },
    })
    return cumulate(months.map((m) => sessions.filter((s) => s.startsAt >= m.start && s.startsAt < m.end).length))
  }
  return null
}

export type YearStatus = { closed: boolean; closedAt: Date | null }

export async function yearStatus(db: Db, fiscalYear: number): Promise<YearStatus> {
  const row = await db.fiscalYearClose.findUnique({ where: { fiscalYear } })
  const closed = Boolean(row && row.reopenedAt === null)
  return { closed, closedAt: closed ? row!.closedAt : null }
}

export type Figure = {
  /** What is reported: the live actual, or for a closed year the frozen one plus adjustments. */
  actual: number | null
  state: FigureState
  live: number | null
  /** Closed years only: live − reported, waiting to be accepted as an adjustment. */
  pending: number
}

export async function reportedFigure(
  db: Db,
  indicator: IndicatorRow,
  fiscalYear: number,
  status: YearStatus,
  now = new Date(),
): Promise<Figure> {
  const live = await liveActual(db, indicator, fiscalYear, now)
  if (!status.closed) return { actual: live.value, state: live.state, live: live.value, pending: 0 }
  const [snapshot, adjustments] = await Promise.all([
    db.indicatorSnapshot.findUnique({ where: { indicatorId_fiscalYear: { indicatorId: indicator.id, fiscalYear } } }),
    db.indicatorAdjustment.aggregate({ where: { indicatorId: indicator.id, fiscalYear }, _sum: { delta: true } }),
  ])
  const actual = snapshot === null ? live.value : snapshot.value + (adjustments._sum.delta ?? 0)
  return { actual, state: live.state, live: live.value, pending: (live.value ?? 0) - (actual ?? 0) }
}

/** 締め: freezes every indicator's actual of the year. Closing a closed year changes nothing. */
export async function closeFiscalYear(db: Db, fiscalYear: number, userId: string | null, now = new Date()) {
  if ((await yearStatus(db, fiscalYear)).closed) return
  const indicators = await loadIndicators(db)
  const values = await Promise.all(
    indicators.map(async (i) => ({ id: i.id, value: (await liveActual(db, i, fiscalYear, now)).value })),
  )
  await db.$transaction([
    db.indicatorSnapshot.deleteMany({ where: { fiscalYear } }),
    // Adjustments of an earlier close are part of the figures frozen now.
    db.indicatorAdjustment.deleteMany({ where: { fiscalYear } }),
    db.indicatorSnapshot.createMany({
      data: values.filter((v) => v.value !== null).map((v) => ({ indicatorId: v.id, fiscalYear, value: v.value! })),
    }),
    db.fiscalYearClose.upsert({
      where: { fiscalYear },
      create: { fiscalYear, closedAt: now, closedById: userId },
      update: { closedAt: now, closedById: userId, reopenedAt: null, reopenedById: null },
    }),
    db.auditEvent.create({
      data: {
        actorId: userId,
        action: 'fiscal-year.close',
        entityType: 'FiscalYear',
        entityId: String(fiscalYear),
        detail: JSON.stringify({ indicators: values.length }),
      },
    }),
  ])
}

/** Accepts a closed year's pending difference as an adjustment, with a reason. */
export async function acceptAdjustment(
  db: Db,
  input: { indicatorId: string; fiscalYear: number; reason: string; userId: string },
  now = new Date(),
) {
  const indicator = (await loadIndicators(db)).find((i) => i.id === input.indicatorId)
  if (!indicator) return 0
  const figure = await reportedFigure(db, indicator, input.fiscalYear, await yearStatus(db, input.fiscalYear), now)
  if (figure.pending === 0) return 0
  await db.$transaction([
    db.indicatorAdjustment.create({
      data: {
        indicatorId: input.indicatorId,
        fiscalYear: input.fiscalYear,
        delta: figure.pending,
        reason: input.reason,
        acceptedById: input.userId,
        acceptedAt: now,
      },
    }),
    db.auditEvent.create({
      data: {
        actorId: input.userId,
        action: 'indicator.adjust',
        entityType: 'Indicator',
        entityId: input.indicatorId,
        detail: JSON.stringify({ fiscalYear: input.fiscalYear, delta: figure.pending, reason: input.reason }),
      },
    }),
  ])
  return figure.pending
}

/** Reopening a closed year (admins only, checked by the caller) is logged. */
export async function reopenFiscalYear(db: Db, fiscalYear: number, userId: string, reason: string, now = new Date()) {
  await db.$transaction([
    db.fiscalYearClose.update({ where: { fiscalYear }, data: { reopenedAt: now, reopenedById: userId } }),
    db.auditEvent.create({
      data: {
        actorId: userId,
        action: 'fiscal-year.reopen',
        entityType: 'FiscalYear',
        entityId: String(fiscalYear),
        detail: JSON.stringify({ reason }),
      },
    }),
  ])
}

export function currentFiscalYear(now = new Date()) {
  return fiscalYearOf(now)
}

export type DashboardRow = {
  indicatorId: string
  code: string
  name: string
  nameEn: string | null
  kind: IndicatorKind
  unit: string
  rule: CountingRule
  cumulative: boolean
  baseline: number | null
  /** Listed again under another program (再掲): counted once, shown in each. */
  repeat: boolean
  plan: number | null
  figure: Figure
  /** actual ÷ plan, when both exist. */
  rate: number | null
  trend: { fiscalYear: number; actual: number | null }[]
  /** The current fiscal year only: cumulative actual and the plan's share by each month so far. */
  pacing: { months: number; actual: number; expected: number; onTrack: boolean } | null
}

export type DashboardGroup = {
  programId: string
  programName: string
  programNameEn: string | null
  rows: DashboardRow[]
}

/** Plan vs actual of every indicator for a fiscal year, grouped by program, with trend and pacing. */
export async function dashboard(db: Db, fiscalYear: number, now = new Date()) {
  const [indicators, status, targets] = await Promise.all([
    loadIndicators(db),
    yearStatus(db, fiscalYear),
    db.indicatorTarget.findMany({ where: { fiscalYear } }),
  ])
  const plans = new Map(targets.map((t) => [t.indicatorId, t.plan]))
  const trendYears = [4, 3, 2, 1, 0].map((d) => fiscalYear - d)
  const closures = new Map(await Promise.all(trendYears.map(async (fy) => [fy, await yearStatus(db, fy)] as const)))
  const current = fiscalYearOf(now) === fiscalYear
  const monthsElapsed = current ? fiscalMonths(fiscalYear).filter((m) => m.start <= now).length : 12
  const rows = new Map<string, Omit<DashboardRow, 'repeat'>>()
  for (const indicator of indicators) {
    const figure = await reportedFigure(db, indicator, fiscalYear, status, now)
    const plan = plans.get(indicator.id) ?? null
    const trend = await Promise.all(
      trendYears.map(async (fy) => ({
        fiscalYear: fy,
        actual: (await reportedFigure(db, indicator, fy, closures.get(fy)!, now)).actual,
      })),
    )
    let pacing: DashboardRow['pacing'] = null
    if (current && plan !== null && plan > 0 && !indicator.cumulative) {
      const monthly = await monthlyActuals(db, indicator, fiscalYear)
      if (monthly) {
        const actual = monthly[monthsElapsed - 1] ?? 0
        const expected = (plan * monthsElapsed) / 12
        pacing = { months: monthsElapsed, actual, expected, onTrack: actual >= expected }
      }
    }
    rows.set(indicator.id, {
      indicatorId: indicator.id,
      code: indicator.code,
      name: indicator.name,
      nameEn: indicator.nameEn,
      kind: indicator.kind,
      unit: indicator.unit,
      rule: indicator.rule,
      cumulative: indicator.cumulative,
      baseline: indicator.baseline,
      plan,
      figure,
      rate: plan && figure.actual !== null ? figure.actual / plan : null,
      trend,
      pacing,
    })
  }
  const groups = new Map<string, DashboardGroup>()
  const seen = new Set<string>()
  for (const indicator of indicators) {
    for (const { program } of indicator.programs) {
      const group = groups.get(program.id) ?? {
        programId: program.id,
        programName: program.name,
        programNameEn: program.nameEn,
        rows: [],
      }
      group.rows.push({ ...rows.get(indicator.id)!, repeat: seen.has(indicator.id) })
      seen.add(indicator.id)
      groups.set(program.id, group)
    }
  }
  return { fiscalYear, status, groups: [...groups.values()] }
}

/** The evaluation-sheet figures (事業評価調書): previous actual, this year's plan and actual, next plan. */
export async function evaluationSheet(db: Db, fiscalYear: number, now = new Date()) {
  const indicators = await loadIndicators(db)
  const years = [fiscalYear - 1, fiscalYear, fiscalYear + 1]
  const [targets, statuses] = await Promise.all([
    db.indicatorTarget.findMany({ where: { fiscalYear: { in: years } } }),
    Promise.all(years.map((fy) => yearStatus(db, fy))),
  ])
  const plan = (id: string, fy: number) =>
    targets.find((t) => t.indicatorId === id && t.fiscalYear === fy)?.plan ?? null
  return Promise.all(
    indicators.map(async (i) => ({
      indicator: i,
      programs: i.programs.map((p) => p.program.name).join('、'),
      previousActual: (await reportedFigure(db, i, fiscalYear - 1, statuses[0], now)).actual,
      plan: plan(i.id, fiscalYear),
      actual: await reportedFigure(db, i, fiscalYear, statuses[1], now),
      nextPlan: plan(i.id, fiscalYear + 1),
    })),
  )
}

/** Actuals of every indicator over several fiscal years (the multi-year layout). */
export async function multiYearActuals(db: Db, years: number[], now = new Date()) {
  const indicators = await loadIndicators(db)
  const statuses = await Promise.all(years.map((fy) => yearStatus(db, fy)))
  return Promise.all(
    indicators.map(async (i) => ({
      indicator: i,
      programs: i.programs.map((p) => p.program.name).join('、'),
      actuals: await Promise.all(
        years.map(async (fy, k) => (await reportedFigure(db, i, fy, statuses[k], now)).actual),
      ),
    })),
  )
}

/** What an actual is made of: the seminars and sessions it counts, with their counts. */
export async function evidence(db: Db, indicatorId: string, fiscalYear: number) {
  const indicator = (await loadIndicators(db)).find((i) => i.id === indicatorId)
  if (!indicator) return null
  const { start, end } = fiscalYearRange(fiscalYear)
  const sessions = await db.session.findMany({
    where: { startsAt: { gte: start, lt: end }, seminar: seminarScope(indicator) },
    orderBy: { startsAt: 'asc' },
    select: {
      id: true,
      number: true,
      startsAt: true,
      seminar: { select: { id: true, title: true, minOnlineMinutes: true, program: { select: { name: true } } } },
      attendances: {
        select: {
          mode: true,
          source: true,
          onlineMinutes: true,
          checkedInAt: true,
          registration: {
            select: { id: true, name: true, organizationName: true, personId: true, organizationId: true, role: true },
          },
        },
      },
    },
  })
  return {
    indicator,
    sessions: sessions.map((s) => {
      const counted = s.attendances.filter(
        (a) =>
          a.registration.role === 'PARTICIPANT' &&
          (indicator.modeScope === 'ALL' || indicator.modeScope === a.mode) &&
          !(a.mode === 'ONLINE' && a.onlineMinutes !== null && a.onlineMinutes < s.seminar.minOnlineMinutes),
      )
      return {
        sessionId: s.id,
        number: s.number,
        startsAt: s.startsAt,
        seminar: s.seminar,
        personTimes: counted.length,
        persons: new Set(counted.map((a) => a.registration.personId)).size,
        organizations: new Set(counted.map((a) => a.registration.organizationId).filter(Boolean)).size,
        records: counted.map((a) => ({
          ...a,
          registration: {
            id: a.registration.id,
            name: a.registration.name,
            organizationName: a.registration.organizationName,
          },
        })),
      }
    }),
  }
}
