/**
 * The translation function, shared by server and browser. The strings themselves live per
 * language and area in app/i18n/<lang>/<area>.ts (docs/decisions/0030-i18n-per-language-and-area.md):
 * the server holds them all (`translator` in ./i18n.server.ts); a page gets only its language's
 * strings of the areas it uses, as scripts the root loader names (`useT` in ./use-i18n.ts). Keys are dotted;
 * `{name}` is replaced by the value given; a message with plural forms picks one through
 * `Intl.PluralRules` for the number in `{count}` (or the variable named by `by`).
 */
import type { consoleJa } from '~/i18n/ja/console'
import type { publicJa } from '~/i18n/ja/public'
import type { serverJa } from '~/i18n/ja/server'
import type { shellJa } from '~/i18n/ja/shell'

export const LANGS = ['ja', 'en'] as const
export type Lang = (typeof LANGS)[number]

export function isLang(value: unknown): value is Lang {
  return value === 'ja' || value === 'en'
}

/** One form per plural category of the language (`other` always); `by` names the counting variable. */
export type PluralMessage = { by?: string; other: string } & Partial<Record<Intl.LDMLPluralRule, string>>
export type Message = string | PluralMessage
export type Dictionary<K extends string = string> = Record<K, Message>

export type MessageKey = keyof typeof shellJa | keyof typeof publicJa | keyof typeof consoleJa | keyof typeof serverJa
/** Strings of some areas in one language, as a page receives them. */
export type Messages = Partial<Dictionary<MessageKey>>
export type Vars = Record<string, string | number>

export type T = {
  (key: MessageKey, vars?: Vars): string
  /** Whether this translator has the key (a key that came as data, e.g. `?msg=`). */
  has(key: string): key is MessageKey
}

const pluralRules = new Map<Lang, Intl.PluralRules>()

function pluralForm(lang: Lang, message: PluralMessage, vars: Vars | undefined): string {
  let rules = pluralRules.get(lang)
  if (!rules) pluralRules.set(lang, (rules = new Intl.PluralRules(lang)))
  return message[rules.select(Number(vars?.[message.by ?? 'count']))] ?? message.other
}

/** A translator over the given messages; a key it does not have is shown as the key. */
export function translatorOf(lang: Lang, messages: Messages): T {
  const t = (key: MessageKey, vars?: Vars) => {
    const message = messages[key]
    if (message === undefined) return key
    const text = typeof message === 'string' ? message : pluralForm(lang, message, vars)
    return vars ? text.replace(/\{(\w+)\}/g, (m, name: string) => (name in vars ? String(vars[name]) : m)) : text
  }
  return Object.assign(t, { has: (key: string): key is MessageKey => Object.hasOwn(messages, key) })
}

/**
 * The strings a process holds, by `<lang>/<area>`: all of them on the server (i18n.server.ts), and
 * in the browser the ones the page's scripts (/i18n/…js, from the root loader) brought.
 */
export type MessageStore = Record<string, Messages>
declare global {
  var __jissekiMessages: MessageStore | undefined
}
export const storeKey = (lang: Lang, area: string) => `${lang}/${area}`
export const messageStore = (): MessageStore => (globalThis.__jissekiMessages ??= {})

/**
 * Translates a validation message key (`field.*`) coming from a Zod schema. A key may carry a
 * limit after a colon, `tooLong:100`, given to the message as `{max}` (「100文字以内で入力してください。」).
 */
export function fieldMessage(t: T, key: string | undefined): string | undefined {
  if (!key) return undefined
  const [, name, max] = /^(\w+):(\d+)$/.exec(key) ?? [undefined, key, undefined]
  const full = `field.${name}`
  if (!t.has(full)) return key
  return max === undefined ? t(full) : t(full, { max: Number(max) })
}
