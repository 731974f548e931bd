import { z } from 'zod'
import { JSIC_CODES } from '../registration/jsic'
import { personTextProblem } from '../privacy/person-text'

/** The walk-in form: a few fields at the door. Messages are i18n keys (`field.*`). */
const optional = (max: number) =>
  z
    .string()
    .trim()
    .max(max, 'tooLong')
    .optional()
    .transform((v) => v || null)

/** A person field: no control characters, no links (app/modules/privacy/person-text.ts). */
const personField = (v: string | null, ctx: z.RefinementCtx) => {
  const problem = v === null ? null : personTextProblem(v)
  if (problem) ctx.addIssue({ code: 'custom', message: problem })
}

export const WalkInSchema = z.object({
  name: z.string({ required_error: 'required' }).trim().min(1, 'required').max(100, 'tooLong').superRefine(personField),
  furigana: optional(100).superRefine(personField),
  email: optional(254).refine((v) => v === null || z.string().email().safeParse(v).success, 'invalidEmail'),
  organizationName: optional(200).superRefine(personField),
  industry: z
    .union([z.enum(JSIC_CODES), z.literal('')], { message: 'invalidChoice' })
    .optional()
    .transform((v) => v || null),
  /** 'unknown' (or nothing chosen) is recorded as unknown (null), never as 市内. */
  inCity: z
    .enum(['yes', 'no', 'unknown'], { message: 'invalidChoice' })
    .optional()
    .transform((v) => (v === 'yes' ? true : v === 'no' ? false : null)),
  mode: z.enum(['IN_PERSON', 'ONLINE'], { message: 'required' }),
  overrideCapacity: z
    .string()
    .optional()
    .transform((v) => v === 'on'),
})
