import type { Db } from '~/utils/db.server'
import type { CountingRule, FigureState, IndicatorKind, ModeScope, Prisma } from '~/generated/prisma/client'
import { achievementRate, reportState } from './achievement'
import { fiscalMonths, fiscalYearOf, fiscalYearRange } from '~/utils/time'
import { rebuildIndicators, TALLIED_RULES } from './tally.server'
import { currentTime } from '~/utils/clock.server'
import { surveyRateBasis } from '../surveys/rates.server'
import { completersOf } from '../completion/completion.server'

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
  /** SATISFACTION_RATE: the top points of the five that count as satisfied (1–4); else ignored. */
  topPoints?: number | null
  note: string
  programIds: string[]
}

export async function saveIndicator(db: Db, input: IndicatorInput, id?: string): Promise<string> {
  const { programIds, categoryIds, seminarIds, topPoints, ...fields } = input
  const data = {
    ...fields,
    topPoints: input.rule === 'SATISFACTION_RATE' ? (topPoints ?? null) : null,
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
  // Counts and amounts reported to a council are never negative (forms refuse them too).
  if (!Number.isFinite(rest.value) || rest.value < 0) throw new RangeError(`Invalid figure: ${rest.value}`)
  if (!Number.isInteger(month) || month < 0 || month > 12) throw new RangeError(`Invalid month: ${month}`)
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

export type IndicatorRow = Awaited<ReturnType<typeof loadIndicators>>[number]

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
export function yearsCovered(indicator: IndicatorRow, fiscalYear: number): { from: number; to: number } {
  return indicator.cumulative && indicator.baseYear !== null && indicator.baseYear <= fiscalYear
    ? { from: indicator.baseYear, to: fiscalYear }
    : { from: fiscalYear, to: fiscalYear }
}

export type LiveActual = {
  /** null: no data for the year (nothing in scope was held, nothing entered) — blank, not 0. */
  value: number | null
  state: FigureState
  /** Entered by hand: a manual indicator, or a seminar-fed one with a whole-year figure entered. */
  manual: boolean
  /** A seminar-fed indicator with a hand-entered year: what the records alone give (else null). */
  recorded: number | null
}

/** The worst state of several figures: 集計中 over 見込 over 確定. */
function worstState(figures: { state: FigureState }[]): FigureState {
  return figures.some((f) => f.state === 'COUNTING')
    ? 'COUNTING'
    : figures.some((f) => f.state === 'ESTIMATE')
      ? 'ESTIMATE'
      : 'FINAL'
}

/**
 * What the seminar records give over [from, to]; null when nothing in scope took place then (no
 * session of a seminar in scope, no tally), so a year before the office used Jisseki is blank.
 * `firstSeen`: unique members counted in the year they first counted since the base year (the
 * cumulative contributions), else the distinct members of the range.
 */
async function recordsFigure(
  db: Db,
  indicator: IndicatorRow,
  from: number,
  to: number,
  firstSeen: boolean,
  now: Date,
): Promise<number | null> {
  const range = { start: fiscalYearRange(from).start, end: fiscalYearRange(to).end }
  const anySession = async () =>
    (await db.session.findFirst({
      where: {
        startsAt: { gte: range.start, lt: range.end },
        seminar: { ...seminarScope(indicator), status: { not: 'CANCELLED' } },
      },
      select: { id: true },
    })) !== null
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
      let value: number
      if (!firstSeen || column === 'personTimes') {
        const sum = await db.indicatorMonthly.aggregate({
          where: { indicatorId: indicator.id, fiscalYear: { gte: from, lte: to } },
          _sum: { [column]: true },
        })
        value = (sum._sum as Record<string, number | null>)[column] ?? 0
      } else {
        // Cumulative unique: each member in the year it first counted since the base year.
        const sum = await db.indicatorActual.aggregate({
          where: { indicatorId: indicator.id, fiscalYear: { gte: from, lte: to } },
          _sum: { newPersons: true, newOrganizations: true },
        })
        value = (indicator.rule === 'UNIQUE_PERSONS' ? sum._sum.newPersons : sum._sum.newOrganizations) ?? 0
      }
      return value > 0 || (await anySession()) ? value : null
    }
    case 'SESSIONS_HELD': {
      const value = await db.session.count({
        where: {
          startsAt: { gte: range.start, lt: range.end < now ? range.end : now },
          seminar: { ...seminarScope(indicator), status: { not: 'CANCELLED' } },
        },
      })
      return value > 0 || (await anySession()) ? value : null
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
      if (ids.length === 0) return null
      return db.registration.count({ where: { seminarId: { in: ids }, role: 'PARTICIPANT' } })
    }
    case 'SATISFACTION_RATE':
    case 'RESPONSE_RATE': {
      const basis = await surveyRateBasis(db, { ...indicator, where: seminarScope(indicator) }, range)
      return basis ? basis.rate : null
    }
    case 'COMPLETERS': {
      // A completion belongs to the fiscal year of its seminar's last session; blank without one.
      const seminars = await completersOf(db, seminarScope(indicator), range, indicator.modeScope)
      return seminars.length ? seminars.reduce((sum, s) => sum + s.completers.length, 0) : null
    }
    case 'MANUAL':
      return null
  }
}

/**
 * A rate indicator's numerator and denominator for one fiscal year as the records give them (null
 * for other rules, or nothing to divide by). The figure itself is `rate`, a percentage with one
 * decimal; the denominator is the 「回答 118件」 of its report sentence.
 */
export async function yearRateBasis(db: Db, indicator: IndicatorRow, fiscalYear: number) {
  if (indicator.rule !== 'SATISFACTION_RATE' && indicator.rule !== 'RESPONSE_RATE') return null
  return surveyRateBasis(db, { ...indicator, where: seminarScope(indicator) }, fiscalYearRange(fiscalYear))
}

/** What the records alone give for one fiscal year (null: nothing in scope took place then). */
export function yearRecords(db: Db, indicator: IndicatorRow, fiscalYear: number, now = currentTime()) {
  return recordsFigure(db, indicator, fiscalYear, fiscalYear, false, now)
}

/**
 * The actual as it stands now, computed from the records (or the manual figures).
 *
 * A whole-year figure entered by hand (ManualFigure, month 0) for a seminar-fed indicator stands
 * for that whole fiscal year: the records of that year, if any, are not added to it (they are
 * returned as `recorded`, to show beside it). A cumulative figure adds each covered year's
 * contribution, the hand-entered one where there is one.
 */
export async function liveActual(
  db: Db,
  indicator: IndicatorRow,
  fiscalYear: number,
  now = currentTime(),
): Promise<LiveActual> {
  const { from, to } = yearsCovered(indicator, fiscalYear)
  if (indicator.rule === 'MANUAL') {
    const figures = await db.manualFigure.findMany({
      where: { indicatorId: indicator.id, fiscalYear: { gte: from, lte: to } },
    })
    if (figures.length === 0) return { value: null, state: 'COUNTING', manual: false, recorded: null }
    const byYear = new Map<number, typeof figures>()
    for (const f of figures) byYear.set(f.fiscalYear, [...(byYear.get(f.fiscalYear) ?? []), f])
    let value = 0
    for (const yearFigures of byYear.values()) {
      // A whole-year figure stands for the year; otherwise the months add up.
      const whole = yearFigures.find((f) => f.month === 0)
      value += whole ? whole.value : yearFigures.reduce((sum, f) => sum + f.value, 0)
    }
    return { value, state: worstState(figures), manual: true, recorded: null }
  }
  const [recorded, handEntered] = await Promise.all([
    recordsFigure(db, indicator, from, to, from !== to, now),
    db.manualFigure.findMany({
      where: { indicatorId: indicator.id, fiscalYear: { gte: from, lte: to }, month: 0 },
    }),
  ])
  if (handEntered.length === 0) return { value: recorded, state: 'FINAL', manual: false, recorded: null }
  let value = recorded ?? 0
  for (const f of handEntered) {
    const ofYear = from === to ? recorded : await recordsFigure(db, indicator, f.fiscalYear, f.fiscalYear, true, now)
    value += f.value - (ofYear ?? 0)
  }
  return { value, state: worstState(handEntered), manual: true, recorded }
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

/** `version`: of the year's close record, −1 when it was never closed (year-close.server.ts). */
export type YearStatus = { closed: boolean; closedAt: Date | null; version: number }

export async function yearStatus(db: Db, fiscalYear: number): Promise<YearStatus> {
  const row = await db.fiscalYearClose.findUnique({ where: { fiscalYear } })
  const closed = Boolean(row && row.reopenedAt === null)
  return { closed, closedAt: closed ? row!.closedAt : null, version: row?.version ?? -1 }
}

export type Figure = {
  /** What is reported: the live actual, or for a closed year the frozen one plus adjustments. */
  actual: number | null
  state: FigureState
  live: number | null
  /** Closed years only: live − reported, waiting to be accepted as an adjustment. */
  pending: number
  /** Closed years only: the accepted adjustments in the reported figure, with their reasons. */
  adjustments: { delta: number; reason: string; acceptedAt: Date }[]
  /** The live actual was entered by hand (shown with a 「手入力」 mark). */
  manual: boolean
  /** A seminar-fed indicator with a hand-entered year: what its records alone give. */
  recorded: number | null
}

/**
 * A sum of figures with decimals (a rate's 92.3 and its adjustment −0.1) without binary leftovers:
 * 92.3 − 0.1 must be 92.2, and 92.2 − 92.2 no pending difference.
 */
function tidy(value: number): number {
  return Math.round(value * 1e6) / 1e6
}

export async function reportedFigure(
  db: Db,
  indicator: IndicatorRow,
  fiscalYear: number,
  status: YearStatus,
  now = currentTime(),
): Promise<Figure> {
  const live = await liveActual(db, indicator, fiscalYear, now)
  const entered = { manual: live.manual, recorded: live.recorded }
  if (!status.closed)
    return { actual: live.value, state: live.state, live: live.value, pending: 0, adjustments: [], ...entered }
  const [snapshot, adjustments] = await Promise.all([
    db.indicatorSnapshot.findUnique({ where: { indicatorId_fiscalYear: { indicatorId: indicator.id, fiscalYear } } }),
    db.indicatorAdjustment.findMany({
      where: { indicatorId: indicator.id, fiscalYear },
      orderBy: { acceptedAt: 'asc' },
      select: { delta: true, reason: true, acceptedAt: true },
    }),
  ])
  // No figure when the year was closed (no row, or an empty one: an indicator made later, a manual
  // figure entered later) is reported as none: a figure that comes later waits as a difference.
  const frozen = snapshot?.value ?? null
  const actual =
    frozen === null && adjustments.length === 0
      ? null
      : tidy((frozen ?? 0) + adjustments.reduce((sum, a) => sum + a.delta, 0))
  return {
    actual,
    state: live.state,
    live: live.value,
    pending: tidy((live.value ?? 0) - (actual ?? 0)),
    adjustments,
    ...entered,
  }
}

export function currentFiscalYear(now = currentTime()) {
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
export async function dashboard(db: Db, fiscalYear: number, now = currentTime()) {
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

/**
 * The evaluation-sheet figures (事業評価調書): previous actual, this year's plan and actual, next
 * plan, with this year's 達成率 and the state the sheet shows (確定 only for a closed year).
 */
export async function evaluationSheet(db: Db, fiscalYear: number, now = currentTime()) {
  const indicators = await loadIndicators(db)
  const years = [fiscalYear - 1, fiscalYear, fiscalYear + 1]
  const [targets, statuses] = await Promise.all([
    db.indicatorTarget.findMany({ where: { fiscalYear: { in: years } } }),
    Promise.all(years.map((fy) => yearStatus(db, fy))),
  ])
  const plan = (id: string, fy: number) =>
    targets.find((t) => t.indicatorId === id && t.fiscalYear === fy)?.plan ?? null
  return Promise.all(
    indicators.map(async (i) => {
      const previous = await reportedFigure(db, i, fiscalYear - 1, statuses[0], now)
      const actual = await reportedFigure(db, i, fiscalYear, statuses[1], now)
      return {
        indicator: i,
        programs: i.programs.map((p) => p.program.name).join('、'),
        previousActual: previous.actual,
        previous,
        plan: plan(i.id, fiscalYear),
        actual,
        state: reportState(actual.state, statuses[1].closed, fiscalYear, now),
        rate: achievementRate(actual.actual, plan(i.id, fiscalYear)),
        nextPlan: plan(i.id, fiscalYear + 1),
      }
    }),
  )
}

/** Plans and actuals of every indicator over several fiscal years (the multi-year layout). */
export async function multiYearActuals(db: Db, years: number[], now = currentTime()) {
  const indicators = await loadIndicators(db)
  const [statuses, targets] = await Promise.all([
    Promise.all(years.map((fy) => yearStatus(db, fy))),
    db.indicatorTarget.findMany({ where: { fiscalYear: { in: years } } }),
  ])
  return Promise.all(
    indicators.map(async (i) => {
      const figures = await Promise.all(years.map((fy, k) => reportedFigure(db, i, fy, statuses[k], now)))
      const plans = years.map((fy) => targets.find((t) => t.indicatorId === i.id && t.fiscalYear === fy)?.plan ?? null)
      return {
        indicator: i,
        programs: i.programs.map((p) => p.program.name).join('、'),
        actuals: figures.map((f) => f.actual),
        figures,
        plans,
        rates: figures.map((f, k) => achievementRate(f.actual, plans[k])),
        states: figures.map((f, k) => reportState(f.state, statuses[k].closed, years[k], now)),
      }
    }),
  )
}
