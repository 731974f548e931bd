import type { FigureState } from '~/generated/prisma/client'
import type { Db } from '~/utils/db.server'
import { fiscalYearOf } from '~/utils/time'
import { loadIndicators, yearRecords } from './indicators.server'
import { currentTime } from '~/utils/clock.server'

/*
 * Plans and hand-entered actuals for any year from the indicator's base year (docs/decisions/0017).
 */

/** Years back offered when an indicator has no base year. */
export const YEARS_BACK_WITHOUT_BASE = 10
/** Years ahead offered for plans. */
export const PLAN_YEARS_AHEAD = 3

/**
 * The first year figures can be entered for: the base year, or without one ten years back; never
 * later than the current year, and never later than a year that already has a figure.
 */
function firstYear(baseYear: number | null, existing: number[], now: Date): number {
  const current = fiscalYearOf(now)
  return Math.min(baseYear ?? current - YEARS_BACK_WITHOUT_BASE, current, ...existing)
}

const span = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i)

/** Years a plan can be entered for: from the first year to three years ahead. */
export function planYears(baseYear: number | null, existing: number[], now = currentTime()): number[] {
  return span(firstYear(baseYear, existing, now), Math.max(fiscalYearOf(now) + PLAN_YEARS_AHEAD, ...existing))
}

/** Years an actual can be entered by hand for: from the first year to the current one. */
export function actualYears(baseYear: number | null, existing: number[], now = currentTime()): number[] {
  return span(firstYear(baseYear, existing, now), Math.max(fiscalYearOf(now), ...existing))
}

/** Saves every plan of the form at once (null clears a year's plan): all or nothing. */
export async function savePlans(db: Db, indicatorId: string, plans: Map<number, number | null>): Promise<void> {
  for (const plan of plans.values())
    if (plan !== null && !(Number.isInteger(plan) && plan >= 0)) throw new RangeError(`Invalid plan: ${plan}`)
  await db.$transaction(
    [...plans].map(([fiscalYear, plan]) =>
      plan === null
        ? db.indicatorTarget.deleteMany({ where: { indicatorId, fiscalYear } })
        : db.indicatorTarget.upsert({
            where: { indicatorId_fiscalYear: { indicatorId, fiscalYear } },
            create: { indicatorId, fiscalYear, plan },
            update: { plan },
          }),
    ),
  )
}

/**
 * The years whose plan the form would change although the year is closed: a closed year's plan is
 * part of what was reported (its 達成率), so it changes only after the year is reopened.
 */
export async function closedPlanChanges(
  db: Db,
  indicatorId: string,
  plans: Map<number, number | null>,
): Promise<number[]> {
  const [closed, stored] = await Promise.all([
    db.fiscalYearClose.findMany({ where: { reopenedAt: null }, select: { fiscalYear: true } }),
    db.indicatorTarget.findMany({ where: { indicatorId }, select: { fiscalYear: true, plan: true } }),
  ])
  const closedYears = new Set(closed.map((c) => c.fiscalYear))
  const was = new Map(stored.map((t) => [t.fiscalYear, t.plan]))
  return [...plans].filter(([fy, plan]) => closedYears.has(fy) && (was.get(fy) ?? null) !== plan).map(([fy]) => fy)
}

/**
 * Saves the plans of the form, unless one would change a closed year's plan: then nothing is saved
 * and those years are returned (empty: saved).
 */
export async function savePlansOfOpenYears(
  db: Db,
  indicatorId: string,
  plans: Map<number, number | null>,
): Promise<number[]> {
  const closed = await closedPlanChanges(db, indicatorId, plans)
  if (closed.length === 0) await savePlans(db, indicatorId, plans)
  return closed
}

/** Removes one hand-entered figure (the year then reports its records again). */
export async function deleteHandEntered(db: Db, indicatorId: string, fiscalYear: number, month: number) {
  await db.manualFigure.deleteMany({ where: { indicatorId, fiscalYear, month } })
}

export type HandEnteredRow = {
  fiscalYear: number
  month: number
  value: number
  state: FigureState
  note: string
  /** Seminar-fed indicators: what that year's records give (null: no records that year). */
  recorded: number | null
}

/** The hand-entered figures of an indicator, newest year first, with the records' figure beside. */
export async function handEnteredFigures(db: Db, indicatorId: string, now = currentTime()): Promise<HandEnteredRow[]> {
  const [indicator, figures] = await Promise.all([
    loadIndicators(db).then((all) => all.find((i) => i.id === indicatorId)),
    db.manualFigure.findMany({ where: { indicatorId }, orderBy: [{ fiscalYear: 'desc' }, { month: 'asc' }] }),
  ])
  if (!indicator) return []
  const counted = indicator.rule !== 'MANUAL'
  return Promise.all(
    figures.map(async (f) => ({
      fiscalYear: f.fiscalYear,
      month: f.month,
      value: f.value,
      state: f.state,
      note: f.note,
      recorded: counted ? await yearRecords(db, indicator, f.fiscalYear, now) : null,
    })),
  )
}
