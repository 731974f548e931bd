import { z } from 'zod'
import { isValidCorporateNumber, normalizeCorporateNumber } from './identity'
import { JSIC_CODES } from './jsic'
import { personTextProblem } from '../privacy/person-text'

/**
 * The registration form, shared by the browser (Conform) and the server. Messages are i18n keys
 * (`field.*`), translated where they are shown.
 */
export const KANA = /^[\p{Script=Hiragana}\p{Script=Katakana}ー・\s\u3000]+$/u

const text = (max: number) => z.string({ required_error: 'required' }).trim().min(1, 'required').max(max, 'tooLong')

export const optionalText = (max: number) =>
  z
    .string()
    .trim()
    .max(max, 'tooLong')
    .optional()
    .transform((v) => (v ? v : undefined))

/** A person field: no control characters, no links (app/modules/privacy/person-text.ts). */
export const personField = <T extends string | undefined>(v: T, ctx: z.RefinementCtx) => {
  const problem = v === undefined ? null : personTextProblem(v)
  if (problem) ctx.addIssue({ code: 'custom', message: problem })
}

export function buildRegistrationFormSchema(lang: 'ja' | 'en') {
  return z.object({
    name: text(100).superRefine(personField),
    // Furigana lets staff find people at the door; English speakers may leave it empty.
    furigana:
      lang === 'ja'
        ? text(100)
            .superRefine(personField)
            .refine((v) => KANA.test(v), 'invalidKana')
        : optionalText(100)
            .superRefine(personField)
            .refine((v) => v === undefined || KANA.test(v), 'invalidKana'),
    email: z.string({ required_error: 'required' }).trim().min(1, 'required').max(254, 'tooLong').email('invalidEmail'),
    organizationName: optionalText(200).superRefine(personField),
    corporateNumber: optionalText(20)
      .refine((v) => v === undefined || normalizeCorporateNumber(v) !== null, 'corporateNumberFormat')
      .refine((v) => v === undefined || isValidCorporateNumber(v), 'corporateNumberCheckDigit')
      .transform((v) => (v === undefined ? undefined : normalizeCorporateNumber(v)!)),
    industry: z.enum(JSIC_CODES, {
      required_error: 'required',
      invalid_type_error: 'invalidChoice',
      message: 'invalidChoice',
    }),
    inCity: z.enum(['yes', 'no'], { required_error: 'required', message: 'required' }).transform((v) => v === 'yes'),
    mode: z.enum(['IN_PERSON', 'ONLINE'], { required_error: 'required', message: 'required' }),
    // The sessions the person will attend, where the seminar lets them choose (checked on the server).
    sessionIds: z.array(z.string().max(40)).max(200).default([]),
    consent: z.literal('on', { errorMap: () => ({ message: 'consentRequired' }) }),
    submissionKey: z.string().uuid('invalidForm'),
  })
}

const schemas = { ja: buildRegistrationFormSchema('ja'), en: buildRegistrationFormSchema('en') }

/** The registration form's schema for a language (built once: a burst of registrations reuses it). */
export function registrationFormSchema(lang: 'ja' | 'en') {
  return schemas[lang]
}

export type RegistrationForm = z.infer<ReturnType<typeof registrationFormSchema>>

export { HONEYPOT_FIELD, HONEYPOT_STYLE, honeypotFilled } from './honeypot'
