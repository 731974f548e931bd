import { z } from 'zod'
import { hasControlCharacters } from '~/modules/privacy/person-text'
import { parseNumberInput } from './number-input'
import { parseTokyoInputValue } from './time'

/**
 * The pieces every form schema is built from (docs/decisions/0027-one-front-door.md): text as
 * people type it here, numbers typed with full-width digits and thousands separators, and dates
 * and times on the Japan wall clock. Messages are i18n keys (`field.*`).
 */

/**
 * The message of a text longer than `max` characters: `tooLong:<max>`, shown as
 * 「100文字以内で入力してください。」 (`fieldMessage` in app/utils/i18n.ts reads the limit).
 */
export const tooLong = (max: number) => `tooLong:${max}`

/**
 * Text as a Japanese keyboard types it, in the width the checks expect (Unicode NFKC): half-width
 * katakana become full-width with their voicing marks joined (ﾔﾏﾀﾞ → ヤマダ), full-width letters,
 * digits and signs become ASCII (ｙａｍａｄａ＠ｅｘａｍｐｌｅ．ｊｐ → yamada@example.jp), the
 * ideographic space a plain one. Anything not a string is left for the schema to refuse.
 */
export const toNarrowWidth = (value: unknown) => (typeof value === 'string' ? value.normalize('NFKC') : value)

/** The dashes a Japanese keyboard types where a hyphen is meant (‐ – — ― − ー ｰ, and － after NFKC). */
const DASHES = /[\u2010-\u2015\u2212\u30fc\uff70]/g

/** A code as typed (program and indicator codes): NFKC, and any dash a hyphen (ＡＩ－０１ → AI-01). */
export const toAsciiCode = (value: unknown) =>
  typeof value === 'string' ? value.normalize('NFKC').replace(DASHES, '-') : value

/** `z.preprocess` typed with its schema's input: forms are typed by what they post (Conform). */
const preprocessed = <S extends z.ZodTypeAny>(normalize: (value: unknown) => unknown, schema: S) =>
  z.preprocess(normalize, schema) as unknown as z.ZodEffects<S, z.output<S>, z.input<S>>

/**
 * A schema that first brings the value to narrow width (`toNarrowWidth`): for furigana and email
 * addresses, which are normalized rather than refused.
 */
export const narrowWidth = <S extends z.ZodTypeAny>(schema: S) => preprocessed(toNarrowWidth, schema)

/** One required line of text (names, titles, codes): trimmed, no line breaks or control characters. */
export const requiredLine = (max: number) =>
  z
    .string({ required_error: 'required' })
    .trim()
    .min(1, 'required')
    .max(max, tooLong(max))
    .refine((v) => !hasControlCharacters(v), 'controlChars')

/**
 * A code people type (program and indicator codes): letters, digits and hyphens, typed in full
 * width or half (`toAsciiCode`).
 */
export const shortCode = (max: number) =>
  preprocessed(
    toAsciiCode,
    z
      .string({ required_error: 'required' })
      .trim()
      .min(1, 'required')
      .max(max, tooLong(max))
      .regex(/^[A-Za-z0-9-]+$/, 'invalidCode'),
  )

/** A required email address, typed in full width or half (`toNarrowWidth`). */
export const emailAddress = (max = 254) =>
  narrowWidth(
    z.string({ required_error: 'required' }).trim().min(1, 'required').max(max, tooLong(max)).email('invalidEmail'),
  )

/** Optional text (line breaks allowed): trimmed; empty is null. */
export const optionalText = (max: number) =>
  z
    .string()
    .trim()
    .max(max, tooLong(max))
    .optional()
    .transform((v) => v || null)

/** One optional line of text: trimmed, no control characters; empty is null. */
export const optionalLine = (max: number) =>
  optionalText(max).refine((v) => v === null || !hasControlCharacters(v), 'controlChars')

/** A date and time typed on the Japan wall clock (`2026-04-01T13:30`), as an instant. */
export const tokyoDateTime = z.string({ required_error: 'required' }).transform((v, ctx) => {
  const d = parseTokyoInputValue(v)
  if (!d) {
    ctx.addIssue({ code: 'custom', message: 'invalidDate' })
    return z.NEVER
  }
  return d
})

type NumberRule = {
  /** Only whole numbers. */
  integer?: boolean
  min?: number
  max?: number
  /** The `field.*` key of the message when the number is not one or is out of range. */
  message?: string
}

/**
 * An optional number typed as people type them here (full-width digits, thousands separators, a
 * typed minus: app/utils/number-input.ts): empty is null, anything else must be a number within the
 * rule. One reading of numbers for every form.
 */
export function japaneseNumber({ integer = false, min = 0, max = 1e12, message = 'notANumber' }: NumberRule = {}) {
  return z
    .string()
    .optional()
    .transform((v, ctx) => {
      if (!v?.trim()) return null
      const n = parseNumberInput(v)
      if (!Number.isFinite(n) || n < min || n > max || (integer && !Number.isInteger(n))) {
        ctx.addIssue({ code: 'custom', message })
        return z.NEVER
      }
      return n
    })
}

/** A checkbox: ticked is true. */
export const checkbox = z
  .string()
  .optional()
  .transform((v) => v === 'on')
