import { z } from 'zod'
import { parseTokyoInputValue } from '~/utils/time'
import { hasControlCharacters } from '../privacy/person-text'

/** Console form schemas; messages are i18n keys (`field.*`). */

/** One line of text (names, titles, codes): no line breaks or other control characters. */
const required = (max: number) =>
  z
    .string({ required_error: 'required' })
    .trim()
    .min(1, 'required')
    .max(max, 'tooLong')
    .refine((v) => !hasControlCharacters(v), 'controlChars')
const optional = (max: number) =>
  z
    .string()
    .trim()
    .max(max, 'tooLong')
    .optional()
    .transform((v) => v || null)
const optionalLine = (max: number) =>
  optional(max).refine((v) => v === null || !hasControlCharacters(v), 'controlChars')
const tokyoDateTime = z.string({ required_error: 'required' }).transform((v, ctx) => {
  const d = parseTokyoInputValue(v)
  if (!d) {
    ctx.addIssue({ code: 'custom', message: 'invalidDate' })
    return z.NEVER
  }
  return d
})
const optionalCount = z
  .string()
  .optional()
  .transform((v, ctx) => {
    if (!v?.trim()) return null
    const n = Number(v.normalize('NFKC'))
    if (!Number.isInteger(n) || n < 0 || n > 100_000) {
      ctx.addIssue({ code: 'custom', message: 'notANumber' })
      return z.NEVER
    }
    return n
  })
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
  name: required(200),
  nameEn: optionalLine(200),
  description: optional(2000).transform((v) => v ?? ''),
  /** Fiscal years personal data is kept after the seminar's fiscal year (docs/decisions/0012-retention.md). */
  retentionYears: z
    .string()
    .optional()
    .transform((v, ctx) => {
      if (!v?.trim()) return 3
      const n = Number(v.normalize('NFKC').trim())
      if (!Number.isInteger(n) || n < 1 || n > 10) {
        ctx.addIssue({ code: 'custom', message: 'retentionYears' })
        return z.NEVER
      }
      return n
    }),
  /** Report sentences' wording (app/modules/indicators/report-sentences.ts). */
  reportTotalWord: z.enum(['延べ', '計'], { errorMap: () => ({ message: 'invalidChoice' }) }).default('延べ'),
  reportCounter: z.enum(['名', '人'], { errorMap: () => ({ message: 'invalidChoice' }) }).default('名'),
  reportUniquePersons: z
    .string()
    .optional()
    .transform((v) => v === 'on'),
  reportCompanies: z
    .string()
    .optional()
    .transform((v) => v === 'on'),
})

export const SeminarSchema = z
  .object({
    programId: required(50),
    title: required(200),
    titleEn: optionalLine(200),
    // Browsers send a textarea's line breaks as CRLF: kept as LF, a page saved unchanged changes nothing.
    description: optional(5000).transform((v) => (v ?? '').replace(/\r\n?/g, '\n')),
    categoryId: z.string({ required_error: 'invalidChoice' }).min(1, 'invalidChoice').max(50, 'invalidChoice'),
    mode: z.enum(['IN_PERSON', 'ONLINE', 'HYBRID'], { message: 'invalidChoice' }),
    venueName: optional(200),
    venueAddress: optional(300),
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
