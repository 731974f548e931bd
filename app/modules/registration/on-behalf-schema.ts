import { z } from 'zod'
import { buildRegistrationFormSchema, optionalEmail, optionalKana, optionalText } from './form-schema'

/** Digits, spaces, hyphens, brackets and a leading + (full-width allowed): 03-1234-5678, +81 3 1234 5678. */
const PHONE = /^\+?[\d\s\-()]{6,30}$/

/** Full-width digits and brackets, and the dashes a Japanese keyboard types (−, ー, ‐ …), as ASCII. */
const asciiPhone = (v: string) => v.normalize('NFKC').replace(/[\u2010-\u2015\u2212\u30fc\uff70]/g, '-')

/**
 * An application staff take by phone, fax, at the counter or from a letter: the public form's
 * fields and checks, except that email is optional (then organization or phone tells the person
 * apart, identity.ts personKey), a phone number may be given, the person's language chosen, and
 * staff choose between mailing the confirmation and printing the slip. No consent is asked: the
 * registration records none (the person is told of the privacy notice by staff or on paper).
 */
export const OnBehalfSchema = z
  .object({
    ...buildRegistrationFormSchema('en').omit({ consent: true, email: true, furigana: true }).shape,
    furigana: optionalKana(100),
    email: optionalEmail(254),
    phone: optionalText(30)
      .refine(
        (v) => v === undefined || (PHONE.test(asciiPhone(v)) && asciiPhone(v).replace(/\D/g, '').length >= 6),
        'invalidPhone',
      )
      .transform((v) => (v === undefined ? undefined : asciiPhone(v))),
    language: z.enum(['ja', 'en'], { message: 'invalidChoice' }).default('ja'),
    sendMail: z
      .string()
      .optional()
      .transform((v) => v === 'on'),
  })
  .superRefine((form, ctx) => {
    if (!form.email && !form.organizationName && !form.phone) {
      ctx.addIssue({ code: 'custom', path: ['phone'], message: 'contactRequired' })
    }
  })

export type OnBehalfForm = z.infer<typeof OnBehalfSchema>
