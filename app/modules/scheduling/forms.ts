import { z } from 'zod'
import { checkbox, japaneseNumber, optionalLine, optionalText, requiredLine, tokyoDateTime } from '~/utils/form-fields'

/** Console form schemas; messages are i18n keys (`field.*`). */

/** A capacity or a count: empty is none; a whole number up to 100,000 typed as people type it. */
const optionalCount = japaneseNumber({ integer: true, max: 100_000 })
const optionalUrl = z
  .string()
  .trim()
  .optional()
  .transform((v) => v || null)
  .refine((v) => v === null || /^https?:\/\/\S+$/.test(v), 'invalidUrl')

export const ProgramSchema = z.object({
  code: z
    .string({ required_error: 'required' })
    .trim()
    .min(1, 'required')
    .max(20, 'tooLong')
    .regex(/^[A-Za-z0-9-]+$/, 'invalidCode'),
  name: requiredLine(200),
  nameEn: optionalLine(200),
  description: optionalText(2000).transform((v) => v ?? ''),
  /** Fiscal years personal data is kept after the seminar's fiscal year (docs/decisions/0012-retention.md). */
  retentionYears: japaneseNumber({ integer: true, min: 1, max: 10, message: 'retentionYears' }).transform(
    (v) => v ?? 3,
  ),
  /** Report sentences' wording (app/modules/indicators/report-sentences.ts). */
  reportTotalWord: z.enum(['延べ', '計'], { errorMap: () => ({ message: 'invalidChoice' }) }).default('延べ'),
  reportCounter: z.enum(['名', '人'], { errorMap: () => ({ message: 'invalidChoice' }) }).default('名'),
  reportUniquePersons: checkbox,
  reportCompanies: checkbox,
})

/** The programs page's form: a new program, or the one it edits (`id`). */
export const ProgramFormSchema = ProgramSchema.extend({ id: z.string().optional() })

/** The program being edited on the programs page (`?edit=<id>`), if any. */
const ProgramsQuery = z.object({ edit: z.string().nullish() })

export function editedProgramId(params: URLSearchParams): string | null {
  return ProgramsQuery.parse({ edit: params.get('edit') }).edit ?? null
}

export const SeminarSchema = z
  .object({
    programId: requiredLine(50),
    title: requiredLine(200),
    titleEn: optionalLine(200),
    // Browsers send a textarea's line breaks as CRLF: kept as LF, a page saved unchanged changes nothing.
    description: optionalText(5000).transform((v) => (v ?? '').replace(/\r\n?/g, '\n')),
    categoryId: z.string({ required_error: 'invalidChoice' }).min(1, 'invalidChoice').max(50, 'invalidChoice'),
    mode: z.enum(['IN_PERSON', 'ONLINE', 'HYBRID'], { message: 'invalidChoice' }),
    venueName: optionalText(200),
    venueAddress: optionalText(300),
    onlineUrl: optionalUrl,
    capacityInPerson: optionalCount,
    capacityOnline: optionalCount,
    waitlistEnabled: z
      .string()
      .optional()
      .transform((v) => v === 'on'),
    registrationOpensAt: tokyoDateTime,
    registrationClosesAt: tokyoDateTime,
    minOnlineMinutes: optionalCount.transform((v) => v ?? 30),
    materialsUrl: optionalUrl,
  })
  .superRefine((s, ctx) => {
    if (s.registrationClosesAt <= s.registrationOpensAt) {
      ctx.addIssue({ code: 'custom', path: ['registrationClosesAt'], message: 'closeBeforeOpen' })
    }
    if (s.mode !== 'ONLINE' && !s.venueName) {
      ctx.addIssue({ code: 'custom', path: ['venueName'], message: 'required' })
    }
  })
  // A format a seminar does not offer has no seats.
  .transform((s) => ({
    ...s,
    capacityInPerson: s.mode === 'ONLINE' ? null : s.capacityInPerson,
    capacityOnline: s.mode === 'IN_PERSON' ? null : s.capacityOnline,
  }))

export const SessionSchema = z
  .object({
    startsAt: tokyoDateTime,
    endsAt: tokyoDateTime,
    title: optionalLine(200),
    venueName: optionalLine(200),
  })
  .superRefine((s, ctx) => {
    if (s.endsAt <= s.startsAt) ctx.addIssue({ code: 'custom', path: ['endsAt'], message: 'endBeforeStart' })
  })

export type SeminarInput = z.infer<typeof SeminarSchema>
export type SessionInput = z.infer<typeof SessionSchema>
export type ProgramInput = z.infer<typeof ProgramSchema>
