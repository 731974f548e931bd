import { z } from 'zod'
import { emailAddress, narrowWidth, tooLong } from '~/utils/form-fields'
import { isValidCorporateNumber, normalizeCorporateNumber } from './identity'
import { JSIC_CODES } from './jsic'
import { personTextProblem } from '../privacy/person-text'
import { answersSchema, type AskedQuestion } from '../questions/definitions'

/**
 * The registration form, shared by the browser (Conform) and the server. Messages are i18n keys
 * (`field.*`), translated where they are shown.
 */
export const KANA = /^[\p{Script=Hiragana}\p{Script=Katakana}ー・\s\u3000]+$/u

const text = (max: number) => z.string({ required_error: 'required' }).trim().min(1, 'required').max(max, tooLong(max))

export const optionalText = (max: number) =>
  z
    .string()
    .trim()
    .max(max, tooLong(max))
    .optional()
    .transform((v) => (v ? v : undefined))

/** A person field: no control characters, no links (app/modules/privacy/person-text.ts). */
export const personField = <T extends string | undefined>(v: T, ctx: z.RefinementCtx) => {
  const problem = v === undefined ? null : personTextProblem(v)
  if (problem) ctx.addIssue({ code: 'custom', message: problem })
}

/** Furigana: kana only, typed in half width or full (normalized to full-width katakana). */
const kana = <S extends z.ZodType<string, z.ZodTypeDef, unknown>>(schema: S) =>
  narrowWidth(schema.superRefine(personField).refine((v) => KANA.test(v), 'invalidKana'))

/** Optional furigana, as `kana`. */
export const optionalKana = (max: number) =>
  narrowWidth(
    optionalText(max)
      .superRefine(personField)
      .refine((v) => v === undefined || KANA.test(v), 'invalidKana'),
  )

/** An optional email address, typed in full width or half. */
export const optionalEmail = (max = 254) =>
  narrowWidth(
    optionalText(max).refine((v) => v === undefined || z.string().email().safeParse(v).success, 'invalidEmail'),
  )

export function buildRegistrationFormSchema(lang: 'ja' | 'en') {
  return z.object({
    name: text(100).superRefine(personField),
    // Furigana lets staff find people at the door; English speakers may leave it empty. Half-width
    // katakana (ﾔﾏﾀﾞ) is taken as full-width (ヤマダ), not refused.
    furigana: lang === 'ja' ? kana(text(100)) : optionalKana(100),
    email: emailAddress(254),
    organizationName: optionalText(200).superRefine(personField),
    corporateNumber: optionalText(20)
      .refine((v) => v === undefined || normalizeCorporateNumber(v) !== null, 'corporateNumberFormat')
      .refine((v) => v === undefined || isValidCorporateNumber(v), 'corporateNumberCheckDigit')
      .transform((v) => (v === undefined ? undefined : normalizeCorporateNumber(v)!)),
    // A select or radio group with nothing chosen says 「選択してください」.
    industry: z.enum(JSIC_CODES, { message: 'invalidChoice' }),
    inCity: z.enum(['yes', 'no'], { message: 'invalidChoice' }).transform((v) => v === 'yes'),
    mode: z.enum(['IN_PERSON', 'ONLINE'], { message: 'invalidChoice' }),
    // The sessions the person will attend, where the seminar lets them choose (checked on the server).
    sessionIds: z.array(z.string().max(40)).max(200).default([]),
    consent: z.literal('on', { errorMap: () => ({ message: 'consentRequired' }) }),
    submissionKey: z.string().uuid('invalidForm'),
  })
}

/**
 * The most people one form registers: the contact person and up to nine more of the same
 * organization (docs/decisions/0036). A larger party is registered in several forms, or by staff.
 */
export const GROUP_MAX_PEOPLE = 10

/**
 * One more person of the contact's organization: their own name, furigana and (optional) email.
 * Organization, corporate number, industry, in-city, attendance mode and consent are the
 * contact's, shared by the group. Without an email the person is known by name, furigana and the
 * organization (identity.ts personKey) and hears of their registration through the contact.
 */
export function buildGroupMemberSchema(lang: 'ja' | 'en') {
  const { name, furigana } = buildRegistrationFormSchema(lang).shape
  return z.object({
    name,
    furigana,
    email: optionalEmail(254),
  })
}

/**
 * The public form: one person, or a contact person with more people of their organization, and
 * the answers to the seminar's own questions (`answers.<question id>`, docs/decisions/0046-questions.md).
 */
export function buildPublicRegistrationSchema(lang: 'ja' | 'en', questions: AskedQuestion[] = []) {
  return buildRegistrationFormSchema(lang)
    .extend({
      members: z
        .array(buildGroupMemberSchema(lang))
        .max(GROUP_MAX_PEOPLE - 1, 'groupTooLarge')
        .default([]),
      answers: answersSchema(questions),
    })
    .superRefine((form, ctx) => {
      // Members without email are told apart by the organization they share with the contact.
      if (form.members.length > 0 && !form.organizationName) {
        ctx.addIssue({ code: 'custom', path: ['organizationName'], message: 'groupOrganizationRequired' })
      }
    })
}

/** What the group page of a contact person's link sends: cancel one person, or everyone. */
export const GroupCancelSchema = z.discriminatedUnion('intent', [
  z.object({ intent: z.literal('cancel-member'), registrationId: z.string().min(1).max(64) }),
  z.object({ intent: z.literal('cancel-all') }),
])

/** A lottery winner's "confirm my place" button on their link page (docs/decisions/0049-lottery.md). */
export const ConfirmWinSchema = z.object({ intent: z.literal('confirm') })

const schemas = { ja: buildPublicRegistrationSchema('ja'), en: buildPublicRegistrationSchema('en') }

/**
 * The registration form's schema for a language and the seminar's questions (built once for a
 * seminar without questions: a burst of registrations reuses it).
 */
export function registrationFormSchema(lang: 'ja' | 'en', questions: AskedQuestion[] = []) {
  return questions.length ? buildPublicRegistrationSchema(lang, questions) : schemas[lang]
}

export type RegistrationForm = z.infer<ReturnType<typeof registrationFormSchema>>

export { HONEYPOT_FIELD, HONEYPOT_STYLE, honeypotFilled } from './honeypot'
