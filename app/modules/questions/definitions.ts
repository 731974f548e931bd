import { z } from 'zod'
import { hasControlCharacters } from '~/modules/privacy/person-text'
import { parseNumberInput } from '~/utils/number-input'
import { tooLong } from '~/utils/form-fields'

/*
 * An organizer's own questions (docs/decisions/0046-questions.md): what they are, how a form's
 * answers to them are checked, and how an answer reads in words. Shared by the browser (Conform)
 * and the server, so the form is checked the same way with and without JavaScript.
 */

export const QUESTION_KINDS = [
  'SHORT_TEXT',
  'LONG_TEXT',
  'ONE_CHOICE',
  'MANY_CHOICES',
  'YES_NO',
  'NUMBER',
  'SATISFACTION',
] as const
export type QuestionKind = (typeof QUESTION_KINDS)[number]

/** The kinds a registration form may ask; a survey may also ask for satisfaction. */
export const REGISTRATION_KINDS = QUESTION_KINDS.filter((k) => k !== 'SATISFACTION')

export const CHOICE_KINDS: readonly QuestionKind[] = ['ONE_CHOICE', 'MANY_CHOICES']

export type Choice = { key: string; label: string; labelEn: string | null }

/** A question as forms need it. */
export type AskedQuestion = {
  id: string
  kind: QuestionKind
  label: string
  labelEn: string | null
  choices: Choice[]
  asSelect: boolean
  required: boolean
}

/** The longest answers taken: a line, and a free comment. */
export const SHORT_TEXT_MAX = 200
export const LONG_TEXT_MAX = 2000

/** The five points of the satisfaction scale, best first, as stored (5) and read (満足). */
export const SATISFACTION_POINTS = [5, 4, 3, 2, 1] as const
export const SATISFACTION_WORDS: Record<number, { ja: string; en: string }> = {
  5: { ja: '満足', en: 'Satisfied' },
  4: { ja: 'やや満足', en: 'Somewhat satisfied' },
  3: { ja: 'どちらともいえない', en: 'Neutral' },
  2: { ja: 'やや不満', en: 'Somewhat dissatisfied' },
  1: { ja: '不満', en: 'Dissatisfied' },
}

/** The choices stored on a question (JSON), or none when the column holds anything else. */
export function parseChoices(json: string): Choice[] {
  try {
    const parsed = z
      .array(z.object({ key: z.string().min(1), label: z.string(), labelEn: z.string().nullable().default(null) }))
      .safeParse(JSON.parse(json))
    return parsed.success ? parsed.data : []
  } catch {
    return []
  }
}

/** A question's label or a choice's words in the reader's language (English falls back to Japanese). */
export function inLanguage(lang: 'ja' | 'en', ja: string, en: string | null | undefined): string {
  return lang === 'en' && en ? en : ja
}

/** An answer as stored: what the form sent, checked. */
export type AnswerValue = string | number | string[]

const blankToUndefined = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? undefined : v)
const asList = (v: unknown) => (v === undefined || v === '' ? [] : Array.isArray(v) ? v : [v])

/** Free text: trimmed, no control characters (line breaks allowed in a long answer). */
function freeText(max: number, lines: boolean) {
  return z
    .string()
    .transform((v) => v.replace(/\r\n?/g, '\n').trim())
    .pipe(z.string().max(max, tooLong(max)))
    .refine(
      (v) => !hasControlCharacters(lines ? v.replace(/\n/g, ' ') : v),
      lines ? 'answerControlChars' : 'controlChars',
    )
}

/** The schema of one question's answer; undefined when an optional question is left empty. */
export function answerSchema(q: AskedQuestion): z.ZodType<AnswerValue | undefined, z.ZodTypeDef, unknown> {
  // Nothing chosen says 「選択してください。」, nothing typed 「入力してください。」.
  const missing =
    CHOICE_KINDS.includes(q.kind) || q.kind === 'YES_NO' || q.kind === 'SATISFACTION' ? 'invalidChoice' : 'required'
  const need = <T extends z.ZodTypeAny>(schema: T) =>
    q.required
      ? z.preprocess(blankToUndefined, schema.optional()).refine((v) => v !== undefined, missing)
      : z.preprocess(blankToUndefined, schema.optional())
  switch (q.kind) {
    case 'SHORT_TEXT':
      return need(freeText(SHORT_TEXT_MAX, false))
    case 'LONG_TEXT':
      return need(freeText(LONG_TEXT_MAX, true))
    case 'YES_NO':
      return need(z.enum(['yes', 'no'], { message: 'invalidChoice' }))
    case 'SATISFACTION':
      return need(z.enum(['1', '2', '3', '4', '5'], { message: 'invalidChoice' }).transform(Number))
    case 'NUMBER':
      return need(
        z.string().transform((v, ctx) => {
          const n = parseNumberInput(v)
          if (!Number.isFinite(n) || Math.abs(n) > 1e12) {
            ctx.addIssue({ code: 'custom', message: 'answerNumber' })
            return z.NEVER
          }
          return n
        }),
      )
    case 'ONE_CHOICE': {
      const keys = q.choices.map((c) => c.key)
      return need(z.string().refine((v) => keys.includes(v), 'invalidChoice'))
    }
    case 'MANY_CHOICES': {
      const keys = q.choices.map((c) => c.key)
      const list = z
        .preprocess(asList, z.array(z.string()).max(keys.length, 'invalidChoice'))
        .refine((v) => v.every((k) => keys.includes(k)), 'invalidChoice')
        // In the choices' order, each once.
        .transform((v) => keys.filter((k) => v.includes(k)))
      return q.required
        ? list.refine((v) => v.length > 0, 'invalidChoice')
        : list.transform((v) => (v.length ? v : undefined))
    }
  }
}

/** The answers of a form to its questions, keyed by question id: `answers.<id>` in the form. */
export function answersSchema(questions: AskedQuestion[]) {
  // A form sent without any `answers.*` field is checked as one with every answer empty: a
  // required question is never skipped.
  return z.preprocess(
    (v) => v ?? {},
    z.object(Object.fromEntries(questions.map((q) => [q.id, answerSchema(q)]))).optional(),
  )
}

export type Answers = Record<string, AnswerValue | undefined>

/** An answer in words, in Japanese (stored with it) or English. */
export function answerWords(q: Pick<AskedQuestion, 'kind' | 'choices'>, value: AnswerValue, lang: 'ja' | 'en' = 'ja') {
  const choice = (key: string) => {
    const c = q.choices.find((x) => x.key === key)
    return c ? inLanguage(lang, c.label, c.labelEn) : key
  }
  switch (q.kind) {
    case 'YES_NO':
      return value === 'yes' ? (lang === 'en' ? 'Yes' : 'はい') : lang === 'en' ? 'No' : 'いいえ'
    case 'SATISFACTION':
      return SATISFACTION_WORDS[Number(value)]?.[lang] ?? String(value)
    case 'ONE_CHOICE':
      return choice(String(value))
    case 'MANY_CHOICES':
      return (Array.isArray(value) ? value : [String(value)]).map(choice).join(lang === 'en' ? ', ' : '、')
    case 'NUMBER':
      return String(value)
    default:
      return String(value)
  }
}

/** What a form field shows for a stored answer (the value sent back): keys, "yes"/"no", text. */
export function formValue(value: AnswerValue): string | string[] {
  return Array.isArray(value) ? value : String(value)
}
