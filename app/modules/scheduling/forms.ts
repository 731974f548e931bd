import { z } from 'zod'
import {
  checkbox,
  japaneseNumber,
  optionalLine,
  optionalText,
  requiredLine,
  shortCode,
  tokyoDateTime,
} from '~/utils/form-fields'

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
  code: shortCode(20),
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

/** A seminar's fields, before the rules that read several of them (seminarRules). */
const SeminarFields = z.object({
  programId: requiredLine(50),
  title: requiredLine(200),
  titleEn: optionalLine(200),
  // Browsers send a textarea's line breaks as CRLF: kept as LF, a page saved unchanged changes nothing.
  description: optionalText(5000).transform((v) => (v ?? '').replace(/\r\n?/g, '\n')),
  // English texts for English mode (optional; empty shows the Japanese).
  descriptionEn: optionalText(5000).transform((v) => (v === null ? null : v.replace(/\r\n?/g, '\n'))),
  categoryId: z.string({ required_error: 'invalidChoice' }).min(1, 'invalidChoice').max(50, 'invalidChoice'),
  mode: z.enum(['IN_PERSON', 'ONLINE', 'HYBRID'], { message: 'invalidChoice' }),
  venueName: optionalText(200),
  venueNameEn: optionalLine(200),
  venueAddress: optionalText(300),
  onlineUrl: optionalUrl,
  capacityInPerson: optionalCount,
  capacityOnline: optionalCount,
  waitlistEnabled: z
    .string()
    .optional()
    .transform((v) => v === 'on'),
  // Participants choose which sessions of the series they attend (docs/decisions/0035).
  sessionChoice: z
    .string()
    .optional()
    .transform((v) => v === 'on'),
  registrationOpensAt: tokyoDateTime,
  registrationClosesAt: tokyoDateTime,
  minOnlineMinutes: optionalCount.transform((v) => v ?? 30),
  materialsUrl: optionalUrl,
  // Completion rule (修了): at least this many sessions; empty is every session (docs/decisions/0050).
  // Whether it fits the seminar's sessions is checked where they are known (COMPLETION_RULE_TOO_LARGE).
  completionMinSessions: japaneseNumber({ integer: true, min: 1, max: 1000, message: 'completionMinSessions' }),
})

type SeminarFieldValues = z.output<typeof SeminarFields>

function seminarRules(s: SeminarFieldValues, ctx: z.RefinementCtx) {
  if (s.registrationClosesAt <= s.registrationOpensAt) {
    ctx.addIssue({ code: 'custom', path: ['registrationClosesAt'], message: 'closeBeforeOpen' })
  }
  if (s.mode !== 'ONLINE' && !s.venueName) {
    ctx.addIssue({ code: 'custom', path: ['venueName'], message: 'required' })
  }
}

// A format a seminar does not offer has no seats.
function withOfferedSeats<S extends SeminarFieldValues>(s: S): S {
  return {
    ...s,
    capacityInPerson: s.mode === 'ONLINE' ? null : s.capacityInPerson,
    capacityOnline: s.mode === 'IN_PERSON' ? null : s.capacityOnline,
  }
}

export const SeminarSchema = SeminarFields.superRefine(seminarRules).transform(withOfferedSeats)

const SessionFields = z.object({
  startsAt: tokyoDateTime,
  endsAt: tokyoDateTime,
  title: optionalLine(200),
  titleEn: optionalLine(200),
  venueName: optionalLine(200),
  // 必須回: must be attended to complete the seminar (docs/decisions/0050).
  requiredForCompletion: checkbox,
  // "Save anyway": the dates were asked about (long ago, over a day) and are meant (date-checks.ts).
  confirmDates: checkbox,
})

type SessionFieldValues = z.output<typeof SessionFields>

function sessionRules(s: SessionFieldValues, ctx: z.RefinementCtx) {
  if (s.endsAt <= s.startsAt) ctx.addIssue({ code: 'custom', path: ['endsAt'], message: 'endBeforeStart' })
}

export const SessionSchema = SessionFields.superRefine(sessionRules)

/** The seminar's edit page: the seminar's form, a form per session, a new session, a session deleted. */
export const EditSeminarSchema = z
  .discriminatedUnion('intent', [
    SeminarFields.extend({ intent: z.literal('seminar') }),
    SessionFields.extend({ intent: z.literal('add-session') }),
    SessionFields.extend({ intent: z.literal('update-session'), sessionId: z.string() }),
    z.object({ intent: z.literal('delete-session'), sessionId: z.string() }),
  ])
  .superRefine((form, ctx) => {
    if (form.intent === 'seminar') seminarRules(form, ctx)
    else if (form.intent !== 'delete-session') sessionRules(form, ctx)
  })
  .transform((form) => (form.intent === 'seminar' ? withOfferedSeats(form) : form))

/** The English texts and the completion rule are optional for callers other than the form (scripts, imports, tests). */
type EnglishOptional<T, K extends keyof T> = Omit<T, K> & Partial<Pick<T, K>>
export type SeminarInput = EnglishOptional<
  z.infer<typeof SeminarSchema>,
  'descriptionEn' | 'venueNameEn' | 'completionMinSessions'
>
export type SessionInput = EnglishOptional<z.infer<typeof SessionSchema>, 'titleEn' | 'requiredForCompletion'>
export type ProgramInput = z.infer<typeof ProgramSchema>

/**
 * The seminar's console page: its buttons (hidden fields only our page sends) and the check-in
 * helper form, whose label and last day are checked by createCheckinHelper (its refusal is shown
 * beside the form).
 */
export const SeminarPageSchema = z.discriminatedUnion('intent', [
  z.object({ intent: z.literal('publish') }),
  z.object({ intent: z.literal('unpublish') }),
  z.object({ intent: z.literal('retry-mail'), messageId: z.string() }),
  z.object({ intent: z.literal('reissue'), registrationId: z.string() }),
  z.object({
    intent: z.literal('role'),
    registrationId: z.string(),
    role: z.enum(['PARTICIPANT', 'SPEAKER', 'STAFF']),
  }),
  z.object({
    intent: z.literal('create-helper'),
    label: z.string().default(''),
    validUntil: z.string().default(''),
  }),
  z.object({ intent: z.literal('revoke-helper'), helperId: z.string() }),
])
