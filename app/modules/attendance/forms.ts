import { z } from 'zod'
import { JSIC_CODES } from '../registration/jsic'

/** The walk-in form: a few fields at the door. Messages are i18n keys (`field.*`). */
const optional = (max: number) =>
  z
    .string()
    .trim()
    .max(max, 'tooLong')
    .optional()
    .transform((v) => v || null)

export const WalkInSchema = z.object({
  name: z.string({ required_error: 'required' }).trim().min(1, 'required').max(100, 'tooLong'),
  furigana: optional(100),
  email: optional(254).refine((v) => v === null || z.string().email().safeParse(v).success, 'invalidEmail'),
  organizationName: optional(200),
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
