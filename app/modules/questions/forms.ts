import { z } from 'zod'
import { hasControlCharacters } from '~/modules/privacy/person-text'
import { checkbox, optionalLine, optionalText, requiredLine, tooLong } from '~/utils/form-fields'
import { CHOICE_KINDS, QUESTION_KINDS, REGISTRATION_KINDS, type QuestionKind } from './definitions'

/*
 * The question editor's forms (docs/decisions/0046-questions.md), shared by the browser and the
 * server. Choices are typed one per line, 「日本語 | English」 (the English part optional), so the
 * editor works the same without JavaScript.
 */

export const MAX_CHOICES = 30
export const CHOICE_MAX = 100
export const LABEL_MAX = 200

/** The choice lines as typed: blank lines dropped, each split at its first 「|」 (or full-width 「｜」). */
export function splitChoiceLines(text: string | null) {
  return (text ?? '')
    .split(/\r\n?|\n/)
    .map((line) => line.trim())
    .filter(Boolean)
    .map((line) => {
      const bar = line.search(/[|｜]/)
      const label = (bar < 0 ? line : line.slice(0, bar)).trim()
      const labelEn = bar < 0 ? '' : line.slice(bar + 1).trim()
      return { label, labelEn: labelEn || null }
    })
}

/** The choice lines of a question's choices, for the editor's text box. */
export function choiceLinesText(choices: { label: string; labelEn: string | null }[]) {
  return choices.map((c) => (c.labelEn ? `${c.label} | ${c.labelEn}` : c.label)).join('\n')
}

function questionFields(kinds: readonly QuestionKind[]) {
  return z
    .object({
      kind: z.enum(kinds as [QuestionKind, ...QuestionKind[]], { message: 'invalidChoice' }),
      label: requiredLine(LABEL_MAX),
      labelEn: optionalLine(LABEL_MAX),
      choices: optionalText(MAX_CHOICES * (CHOICE_MAX * 2 + 4)),
      asSelect: checkbox,
      required: checkbox,
    })
    .transform((v, ctx) => {
      const lines = CHOICE_KINDS.includes(v.kind) ? splitChoiceLines(v.choices) : []
      const problem = choiceProblem(v.kind, lines)
      if (problem) {
        ctx.addIssue({ code: 'custom', path: ['choices'], message: problem })
        return z.NEVER
      }
      return {
        kind: v.kind,
        label: v.label,
        labelEn: v.labelEn,
        choiceLines: lines,
        asSelect: v.asSelect,
        required: v.required,
      }
    })
}

function choiceProblem(kind: QuestionKind, lines: ReturnType<typeof splitChoiceLines>): string | null {
  if (!CHOICE_KINDS.includes(kind)) return null
  if (lines.length < 2) return 'choicesTooFew'
  if (lines.length > MAX_CHOICES) return `choicesTooMany:${MAX_CHOICES}`
  for (const line of lines) {
    if (!line.label) return 'choiceEmpty'
    if (line.label.length > CHOICE_MAX || (line.labelEn?.length ?? 0) > CHOICE_MAX) return tooLong(CHOICE_MAX)
    if (hasControlCharacters(line.label) || hasControlCharacters(line.labelEn ?? '')) return 'controlChars'
  }
  if (new Set(lines.map((l) => l.label)).size !== lines.length) return 'choicesDuplicate'
  return null
}

const id = z.string({ required_error: 'required' }).min(1).max(64)

/** What the question editor sends: add, change, remove or move a question, or copy another's. */
export function questionEditorSchema(form: 'REGISTRATION' | 'SURVEY') {
  const fields = questionFields(form === 'SURVEY' ? QUESTION_KINDS : REGISTRATION_KINDS)
  return z.discriminatedUnion('intent', [
    z.object({ intent: z.literal('add'), question: fields }),
    z.object({ intent: z.literal('update'), questionId: id, question: fields }),
    z.object({ intent: z.literal('remove'), questionId: id }),
    z.object({ intent: z.literal('move'), questionId: id, direction: z.enum(['up', 'down']) }),
    // 「seminar:<id>」 or 「program:<id>」
    z.object({
      intent: z.literal('copy'),
      from: z
        .string({ required_error: 'required' })
        .regex(/^(seminar|program):[\w-]{1,64}$/, 'invalidChoice')
        .transform((v) => {
          const [kind, ownerId] = v.split(':')
          return kind === 'seminar' ? { seminarId: ownerId } : { programId: ownerId }
        }),
    }),
  ])
}

export type QuestionEditorIntent = z.output<ReturnType<typeof questionEditorSchema>>
