import { z } from 'zod'
import { hasControlCharacters } from '../privacy/person-text'
import { parseNumberInput } from '~/utils/number-input'

/** The indicator form; messages are i18n keys (`field.*`). */
const optionalNumber = z
  .string()
  .optional()
  .transform((v, ctx) => {
    if (!v?.trim()) return null
    const n = Number(v.normalize('NFKC').replace(/,/g, ''))
    if (!Number.isFinite(n)) {
      ctx.addIssue({ code: 'custom', message: 'notANumber' })
      return z.NEVER
    }
    return n
  })

export const IndicatorSchema = z
  .object({
    code: z
      .string({ required_error: 'required' })
      .trim()
      .min(1, 'required')
      .max(20, 'tooLong')
      .regex(/^[A-Za-z0-9-]+$/, 'invalidCode'),
    name: z
      .string({ required_error: 'required' })
      .trim()
      .min(1, 'required')
      .max(200, 'tooLong')
      .refine((v) => !hasControlCharacters(v), 'controlChars'),
    nameEn: z
      .string()
      .trim()
      .max(200, 'tooLong')
      .refine((v) => !hasControlCharacters(v), 'controlChars')
      .optional()
      .transform((v) => v || null),
    kind: z.enum(['ACTIVITY', 'OUTCOME'], { message: 'invalidChoice' }),
    unit: z.string({ required_error: 'required' }).trim().min(1, 'required').max(20, 'tooLong'),
    rule: z.enum(
      ['PERSON_TIMES', 'UNIQUE_PERSONS', 'UNIQUE_ORGANIZATIONS', 'SESSIONS_HELD', 'REGISTRATIONS', 'MANUAL'],
      { message: 'invalidChoice' },
    ),
    programIds: z.array(z.string()).default([]),
    /** Chosen from the managed list (none: every category). */
    categoryIds: z.array(z.string()).default([]),
    /** Chosen seminars (none: every seminar of its programs and categories). */
    seminarIds: z.array(z.string()).default([]),
    modeScope: z.enum(['ALL', 'IN_PERSON', 'ONLINE'], { message: 'invalidChoice' }),
    cumulative: z
      .string()
      .optional()
      .transform((v) => v === 'on'),
    baseYear: optionalNumber.refine((v) => v === null || (Number.isInteger(v) && v >= 1989 && v <= 2100), 'notANumber'),
    baseline: optionalNumber,
    note: z
      .string()
      .trim()
      .max(2000, 'tooLong')
      .optional()
      .transform((v) => v ?? ''),
  })
  .superRefine((v, ctx) => {
    if (v.rule !== 'MANUAL' && v.programIds.length === 0)
      ctx.addIssue({ code: 'custom', path: ['programIds'], message: 'required' })
    if (v.cumulative && v.baseYear === null) ctx.addIssue({ code: 'custom', path: ['baseYear'], message: 'required' })
  })

export type IndicatorForm = z.infer<typeof IndicatorSchema>

/**
 * A figure field: empty is null; otherwise a number ≥ 0 as `parseNumberInput` reads it (full-width
 * digits and thousands separators accepted), whole when `integer`. Messages are `field.*` keys.
 */
function figureField(integer: boolean) {
  return z
    .string()
    .optional()
    .transform((v, ctx) => {
      if (!v?.trim()) return null
      const n = parseNumberInput(v)
      if (!Number.isFinite(n) || n < 0 || (integer && !Number.isInteger(n)) || n > 1e12) {
        ctx.addIssue({ code: 'custom', message: integer ? 'notANumber' : 'nonNegativeNumber' })
        return z.NEVER
      }
      return n
    })
}

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
    note: z
      .string()
      .trim()
      .max(500, 'tooLong')
      .optional()
      .transform((v) => v ?? ''),
  })
}

/** Achievement bands (達成度区分): thresholds in % of the plan, A above B above C, all ≥ 0. */
export const BandsSchema = z
  .object({
    bandsEnabled: z
      .string()
      .optional()
      .transform((v) => v === 'on'),
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
