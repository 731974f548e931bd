import type { Db } from '~/utils/db.server'
import { isUniqueViolation, notFound } from '~/utils/errors'
import { listPrograms } from '../scheduling/seminars.server'
import { planField } from './forms'
import { currentFiscalYear, saveIndicator, type IndicatorInput } from './indicators.server'
import { actualYears, handEnteredFigures, planYears } from './plans.server'
import { indicatorScopeChoices, indicatorScopeErrors } from './scope.server'
import { currentTime } from '~/utils/clock.server'

/*
 * The indicator pages of the console (new, edit): what their forms offer, and saving the
 * indicator form with the checks that need the database.
 */

/** The indicator with what decides which years can take figures; 404 when there is none. */
export async function indicatorYears(db: Db, id: string, now = currentTime()) {
  const indicator = await db.indicator.findUnique({
    where: { id },
    include: {
      programs: true,
      categories: true,
      seminars: true,
      targets: true,
      manual: { select: { fiscalYear: true } },
    },
  })
  if (!indicator) throw notFound()
  return {
    indicator,
    planYears: planYears(
      indicator.baseYear,
      indicator.targets.map((t) => t.fiscalYear),
      now,
    ),
    actualYears: actualYears(
      indicator.baseYear,
      indicator.manual.map((m) => m.fiscalYear),
      now,
    ),
  }
}

/** What the form of a new indicator chooses from: programs, categories, seminars. */
export async function newIndicatorChoices(db: Db) {
  return { programs: await listPrograms(db), ...(await indicatorScopeChoices(db)) }
}

/** The edit page of an indicator: its forms' choices and values, its plans and hand-entered actuals. */
export async function indicatorEditPage(db: Db, id: string, now = currentTime()) {
  const { indicator, planYears, actualYears } = await indicatorYears(db, id, now)
  const opt = (v: number | string | null) => (v === null ? '' : String(v))
  return {
    ...(await newIndicatorChoices(db)),
    indicator: { id: indicator.id, name: indicator.name, rule: indicator.rule },
    planYears,
    actualYears,
    plans: Object.fromEntries(indicator.targets.map((t) => [planField(t.fiscalYear), String(t.plan)])),
    handEntered: await handEnteredFigures(db, indicator.id, now),
    defaults: {
      code: indicator.code,
      name: indicator.name,
      nameEn: opt(indicator.nameEn),
      kind: indicator.kind,
      unit: indicator.unit,
      rule: indicator.rule,
      programIds: indicator.programs.map((p) => p.programId),
      categoryIds: indicator.categories.map((c) => c.categoryId),
      seminarIds: indicator.seminars.map((s) => s.seminarId),
      modeScope: indicator.modeScope,
      cumulative: indicator.cumulative ? 'on' : undefined,
      baseYear: opt(indicator.baseYear),
      baseline: opt(indicator.baseline),
      topPoints: opt(indicator.topPoints),
      note: indicator.note,
    },
    currentYear: currentFiscalYear(now),
  }
}

/** A saved indicator, or the field errors (i18n keys under `field.`) that kept it from being saved. */
export type IndicatorSaved = { id: string } | { status: 400 | 409; fieldErrors: Record<string, string[]> }

/**
 * Saves the indicator form (a new indicator without `id`) after checking its scope: a category not
 * in the list or a seminar outside its programs is refused (400), a code another indicator has is
 * refused (409); nothing is saved then.
 */
export async function saveIndicatorForm(db: Db, input: IndicatorInput, id?: string): Promise<IndicatorSaved> {
  const fieldErrors = await indicatorScopeErrors(db, input)
  if (Object.keys(fieldErrors).length) return { status: 400, fieldErrors }
  try {
    return { id: await saveIndicator(db, input, id) }
  } catch (error) {
    if (!isUniqueViolation(error, 'code')) throw error
    return { status: 409, fieldErrors: { code: ['codeTaken'] } }
  }
}
