import { z } from 'zod'

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
    name: z.string({ required_error: 'required' }).trim().min(1, 'required').max(200, 'tooLong'),
    nameEn: z
      .string()
      .trim()
      .max(200, 'tooLong')
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
