import { z } from 'zod'
import { narrowWidth, tooLong } from '~/utils/form-fields'
import { isValidCorporateNumber, normalizeCorporateNumber } from '../registration/identity'
import { JSIC_CODES } from '../registration/jsic'
import { personTextProblem } from '../privacy/person-text'

/** The walk-in form: a few fields at the door. Messages are i18n keys (`field.*`). */
const optional = (max: number) =>
  z
    .string()
    .trim()
    .max(max, tooLong(max))
    .optional()
    .transform((v) => v || null)

/** A person field: no control characters, no links (app/modules/privacy/person-text.ts). */
const personField = (v: string | null, ctx: z.RefinementCtx) => {
  const problem = v === null ? null : personTextProblem(v)
  if (problem) ctx.addIssue({ code: 'custom', message: problem })
}

export const WalkInSchema = z.object({
  name: z
    .string({ required_error: 'required' })
    .trim()
    .min(1, 'required')
    .max(100, tooLong(100))
    .superRefine(personField),
  furigana: narrowWidth(optional(100).superRefine(personField)),
  email: narrowWidth(
    optional(254).refine((v) => v === null || z.string().email().safeParse(v).success, 'invalidEmail'),
  ),
  organizationName: optional(200).superRefine(personField),
  /** 法人番号: as on the registration form (13 digits, check digit), optional at the door. */
  corporateNumber: optional(20)
    .refine((v) => v === null || normalizeCorporateNumber(v) !== null, 'corporateNumberFormat')
    .refine((v) => v === null || isValidCorporateNumber(v), 'corporateNumberCheckDigit')
    .transform((v) => (v === null ? null : normalizeCorporateNumber(v))),
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

/** Sent with a check-in when the person confirmed a session that is not today. */
const notToday = z.literal('confirmed').optional()

/**
 * The door (check-in page): a code typed into the field (or typed there by a scanner), a QR read by
 * the camera, a person picked from the search or confirmed for a session that is not today
 * (`via`: how they were found), a check-in undone.
 */
export const DoorSchema = z.discriminatedUnion('intent', [
  z.object({ intent: z.literal('code'), code: z.string().default(''), notToday }),
  z.object({ intent: z.literal('scan'), code: z.string().default(''), notToday }),
  z.object({
    intent: z.literal('pick'),
    registrationId: z.string(),
    via: z.enum(['SEARCH', 'QR', 'MANUAL']).default('SEARCH'),
    notToday,
  }),
  z.object({ intent: z.literal('undo'), registrationId: z.string() }),
])

/** The door's search, from the address (`?q=`). */
export const DoorSearchSchema = z
  .object({ q: z.string().optional().catch(undefined) })
  .transform((s) => s.q?.trim() ?? '')

/** A sheet row as shown: `registrationId:attendanceId` (empty after the colon: not attended). */
function parseShown(values: string[]) {
  return values.flatMap((v) => {
    const m = /^([^:\s]{1,64}):([^:\s]{0,64})$/.exec(v)
    return m ? [{ registrationId: m[1], attendanceId: m[2] || null }] : []
  })
}

/** The attendance sheet: who is ticked now, and what each row showed when the sheet was opened. */
export const AttendanceSheetSchema = z.object({
  attended: z.array(z.string()).default([]),
  shown: z.array(z.string()).default([]).transform(parseShown),
})

/** The names listed after saving a sheet (the rest are counted): keeps the address short. */
const CHANGED_LISTED = 50

/** The address after saving a sheet: what was added and removed, and who changed meanwhile. */
export function savedSheetSearch(saved: {
  added: number
  removed: number
  changedMeanwhile: { registrationId: string }[]
}): URLSearchParams {
  const query = new URLSearchParams({
    msg: 'attendance.saved',
    added: String(saved.added),
    removed: String(saved.removed),
  })
  if (saved.changedMeanwhile.length > 0) {
    query.set(
      'changed',
      saved.changedMeanwhile
        .slice(0, CHANGED_LISTED)
        .map((c) => c.registrationId)
        .join(' '),
    )
    query.set('changedCount', String(saved.changedMeanwhile.length))
  }
  return query
}

/** The attendance page after a sheet was saved (`?changed=id id&changedCount=n`). */
export const SavedSheetSearchSchema = z.object({
  changed: z
    .string()
    .optional()
    .catch(undefined)
    .transform((v) => (v ?? '').split(' ').filter(Boolean)),
  changedCount: z
    .string()
    .optional()
    .catch(undefined)
    .transform((v) => Number(v) || 0),
})

/** The attendance import: a meeting report uploaded, or its preview applied (with the people to add). */
export const ImportSchema = z.discriminatedUnion('intent', [
  z.object({ intent: z.undefined(), file: z.instanceof(File).optional() }),
  z.object({
    intent: z.literal('apply'),
    importId: z.string().default(''),
    add: z.array(z.string()).default([]),
    /** The organization typed for each unmatched person, as pairs in the preview's order. */
    orgKey: z.array(z.string().max(300)).default([]),
    orgName: z
      .array(
        z
          .string()
          .max(200)
          .optional()
          .transform((v) => v ?? ''),
      )
      .default([]),
  }),
])

/** The import page's preview, from the address (`?import=`). */
export const ImportSearchSchema = z
  .object({ import: z.string().optional().catch(undefined) })
  .transform((s) => s.import || null)

/** A page's search parameters read with its schema (the first value of each name). */
export function searchOf<Schema extends z.ZodTypeAny>(url: string, schema: Schema): z.output<Schema> {
  const params = new URL(url).searchParams
  const values: Record<string, string> = {}
  for (const [name, value] of params) if (!(name in values)) values[name] = value
  return schema.parse(values)
}
