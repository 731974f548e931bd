import { z } from 'zod'
import {
  checkbox,
  japaneseNumber,
  optionalLine,
  optionalText,
  requiredLine,
  shortCode,
  tooLong,
} from '~/utils/form-fields'
import { parseNumberInput } from '~/utils/number-input'
import { fiscalYearOf } from '~/utils/time'

/** The indicator forms; messages are i18n keys (`field.*`). */

/** The indicator's fields, without the rules that tie them together (`indicatorRules`). */
const indicatorFields = z.object({
  code: shortCode(20),
  name: requiredLine(200),
  nameEn: optionalLine(200),
  kind: z.enum(['ACTIVITY', 'OUTCOME'], { message: 'invalidChoice' }),
  unit: z.string({ required_error: 'required' }).trim().min(1, 'required').max(20, tooLong(20)),
  rule: z.enum(
    [
      'PERSON_TIMES',
      'UNIQUE_PERSONS',
      'UNIQUE_ORGANIZATIONS',
      'SESSIONS_HELD',
      'REGISTRATIONS',
      'SATISFACTION_RATE',
      'RESPONSE_RATE',
      'COMPLETERS',
      'MANUAL',
    ],
    { message: 'invalidChoice' },
  ),
  /** SATISFACTION_RATE: how many of the five points, from the top, count as satisfied. */
  topPoints: japaneseNumber({ integer: true, min: 1, max: 4, message: 'topPoints' }),
  programIds: z.array(z.string()).default([]),
  /** Chosen from the managed list (none: every category). */
  categoryIds: z.array(z.string()).default([]),
  /** Chosen seminars (none: every seminar of its programs and categories). */
  seminarIds: z.array(z.string()).default([]),
  modeScope: z.enum(['ALL', 'IN_PERSON', 'ONLINE'], { message: 'invalidChoice' }),
  cumulative: checkbox,
  baseYear: japaneseNumber({ integer: true, min: 1989, max: 2100 }),
  // A baseline may be below zero (a balance, a change).
  baseline: japaneseNumber({ min: -Number.MAX_VALUE, max: Number.MAX_VALUE }),
  note: optionalText(2000).transform((v) => v ?? ''),
})

function indicatorRules(v: z.output<typeof indicatorFields>, ctx: z.RefinementCtx) {
  if (v.rule !== 'MANUAL' && v.programIds.length === 0)
    ctx.addIssue({ code: 'custom', path: ['programIds'], message: 'required' })
  if (v.cumulative && v.baseYear === null) ctx.addIssue({ code: 'custom', path: ['baseYear'], message: 'required' })
  if (v.rule === 'SATISFACTION_RATE' && v.topPoints === null)
    ctx.addIssue({ code: 'custom', path: ['topPoints'], message: 'topPoints' })
  // A rate is a share of one year's respondents: added up over years it would mean nothing.
  if (RATE_RULES.includes(v.rule) && v.cumulative)
    ctx.addIssue({ code: 'custom', path: ['cumulative'], message: 'rateNotCumulative' })
}

/** The rules whose figure is a percentage with one decimal (docs/decisions/0048-survey-results-and-rates.md). */
export const RATE_RULES: readonly string[] = ['SATISFACTION_RATE', 'RESPONSE_RATE']

export const IndicatorSchema = indicatorFields.superRefine(indicatorRules)

export type IndicatorForm = z.infer<typeof IndicatorSchema>

/** A figure: empty is null; otherwise a number ≥ 0 as people type it, whole when `integer`. */
const figureField = (integer: boolean) =>
  japaneseNumber({ integer, message: integer ? 'notANumber' : 'nonNegativeNumber' })

export const planField = (year: number) => `plan-${year}`

/**
 * The plans form: one optional field `plan-YYYY` per year offered, each a whole number ≥ 0.
 * Parsed as a whole: one bad field and nothing is saved.
 */
export function plansSchema(years: number[]) {
  return z.object(Object.fromEntries(years.map((fy) => [planField(fy), figureField(true)]))) as z.ZodType<
    Record<string, number | null>,
    z.ZodTypeDef,
    Record<string, string | undefined>
  >
}

/**
 * A hand-entered actual: for a manual indicator a whole-year (month 0) or monthly figure; for a
 * seminar-fed one a whole-year figure only, which stands for that year instead of the records.
 */
export function handEnteredSchema(years: number[], monthly: boolean) {
  return z.object({
    fiscalYear: z.string({ required_error: 'required' }).transform((v, ctx) => {
      const n = Number(v)
      if (!years.includes(n)) {
        ctx.addIssue({ code: 'custom', message: 'invalidChoice' })
        return z.NEVER
      }
      return n
    }),
    month: z
      .string()
      .optional()
      .transform((v, ctx) => {
        const n = v?.trim() ? parseNumberInput(v) : 0
        if (!Number.isInteger(n) || n < 0 || n > 12 || (!monthly && n !== 0)) {
          ctx.addIssue({ code: 'custom', message: 'month' })
          return z.NEVER
        }
        return n
      }),
    value: figureField(false).refine((v) => v !== null, 'required') as z.ZodType<
      number,
      z.ZodTypeDef,
      string | undefined
    >,
    state: z.enum(['FINAL', 'ESTIMATE', 'COUNTING'], { message: 'invalidChoice' }),
    note: optionalText(500).transform((v) => v ?? ''),
  })
}

/**
 * Every form of an indicator's page, by intent: its plans, a hand-entered actual, the deletion of
 * one (a button of the list), and the indicator itself. The years offered, and whether a month
 * may be given, depend on the indicator.
 */
export function indicatorPageSchema(years: { planYears: number[]; actualYears: number[] }, monthly: boolean) {
  const plans = Object.fromEntries(years.planYears.map((fy) => [planField(fy), figureField(true)])) as Record<
    `plan-${number}`,
    ReturnType<typeof figureField>
  >
  return z
    .discriminatedUnion('intent', [
      z.object({ intent: z.literal('plans') }).extend(plans),
      handEnteredSchema(years.actualYears, monthly).extend({ intent: z.literal('manual') }),
      // Any listed figure can be removed, a monthly one left from an earlier rule too.
      handEnteredSchema(years.actualYears, true)
        .pick({ fiscalYear: true, month: true })
        .extend({ intent: z.literal('manual-delete') }),
      indicatorFields.extend({ intent: z.literal('indicator') }),
    ])
    .superRefine((v, ctx) => {
      if (v.intent === 'indicator') indicatorRules(v, ctx)
    })
}

/**
 * The plans a submitted plans form sets, by year: only the years the form carried (a form without
 * a year's field leaves its plan alone); an emptied field clears the plan (null).
 */
export function carriedPlans(
  years: number[],
  value: Record<string, unknown>,
  payload: Record<string, unknown>,
): Map<number, number | null> {
  return new Map(
    years
      .filter((fy) => planField(fy) in payload)
      .map((fy) => [fy, (value[planField(fy)] as number | null | undefined) ?? null] as const),
  )
}

/** Achievement bands (達成度区分): thresholds in % of the plan, A above B above C, all ≥ 0. */
export const BandsSchema = z
  .object({
    bandsEnabled: checkbox,
    bandA: figureField(false).refine((v) => v !== null, 'required'),
    bandB: figureField(false).refine((v) => v !== null, 'required'),
    bandC: figureField(false).refine((v) => v !== null, 'required'),
  })
  .superRefine((v, ctx) => {
    // Compared only when both were read as numbers (an invalid field has its own error).
    const ordered = (high: unknown, low: unknown) => typeof high !== 'number' || typeof low !== 'number' || high > low
    if (!ordered(v.bandA, v.bandB)) ctx.addIssue({ code: 'custom', path: ['bandB'], message: 'bandOrder' })
    if (!ordered(v.bandB, v.bandC)) ctx.addIssue({ code: 'custom', path: ['bandC'], message: 'bandOrder' })
  })
  .transform((v) => ({ bandsEnabled: v.bandsEnabled, bandA: v.bandA!, bandB: v.bandB!, bandC: v.bandC! }))

/** A fiscal year the pages offer. */
const fiscalYear = z.coerce.number().int().min(1989).max(2100)

/** The fiscal year a page shows (`?fy=2026`); without one, or with anything else, the current one. */
export function shownFiscalYear(params: URLSearchParams, now = new Date()): number {
  const shown = fiscalYear.safeParse(params.get('fy'))
  return shown.success ? shown.data : fiscalYearOf(now)
}

/** Why a closed year is reopened or its differences accepted: typed, required, at most 500 characters. */
const yearReason = z
  .string({ required_error: 'ind.reasonRequired' })
  .trim()
  .min(1, 'ind.reasonRequired')
  .max(500, 'close.reasonTooLong')

/**
 * The dashboard's forms about a closed year: reopen it (admins), or accept its pending differences
 * as adjustments, as the page showed them (the year's version and the differences' digest).
 */
export const YearActionSchema = z.discriminatedUnion('intent', [
  z.object({ intent: z.literal('reopen'), fiscalYear, reason: yearReason }),
  z.object({
    intent: z.literal('accept'),
    fiscalYear,
    reason: yearReason,
    version: z.coerce.number().int(),
    digest: z
      .string()
      .optional()
      .transform((v) => v ?? ''),
  }),
])

/** The confirmation of a close: the year it names (that of the page's URL) and the version it showed. */
export function closeYearSchema(year: number) {
  return z.object({ fiscalYear: z.literal(String(year)), version: z.coerce.number().int() })
}
