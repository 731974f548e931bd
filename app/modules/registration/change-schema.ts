import { z } from 'zod'
import { answersSchema, type AskedQuestion } from '../questions/definitions'
import { buildRegistrationFormSchema } from './form-schema'

/**
 * The participant's change form (/r/:token/change): the public registration form's fields and
 * checks, without the email (it identifies the registration and is not changed here), the consent
 * (given when registering) and the submission key; with the language of the messages and the
 * agreement to give up a seat for the other mode's waiting list.
 */
export function buildChangeFormSchema(lang: 'ja' | 'en', questions: AskedQuestion[] = []) {
  return buildRegistrationFormSchema(lang)
    .omit({ email: true, consent: true, submissionKey: true })
    .extend({
      answers: answersSchema(questions),
      language: z.enum(['ja', 'en'], { required_error: 'required', message: 'invalidChoice' }),
      acceptWaitlist: z
        .string()
        .optional()
        .transform((v) => v === 'on'),
    })
}

const schemas = { ja: buildChangeFormSchema('ja'), en: buildChangeFormSchema('en') }

/** The change form's schema, with the seminar's own questions (built once for a seminar without any). */
export function changeFormSchema(lang: 'ja' | 'en', questions: AskedQuestion[] = []) {
  return questions.length ? buildChangeFormSchema(lang, questions) : schemas[lang]
}

export type ChangeForm = z.infer<ReturnType<typeof buildChangeFormSchema>>
