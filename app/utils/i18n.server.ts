import { consoleEn } from '~/i18n/en/console'
import { publicEn } from '~/i18n/en/public'
import { serverEn } from '~/i18n/en/server'
import { shellEn } from '~/i18n/en/shell'
import { consoleJa } from '~/i18n/ja/console'
import { publicJa } from '~/i18n/ja/public'
import { serverJa } from '~/i18n/ja/server'
import { shellJa } from '~/i18n/ja/shell'
import { areasOfPage, pageArea, type Area } from '~/i18n/areas'
import { translatorOf, type Dictionary, type Lang, type MessageKey, type Messages, type T } from './i18n'

/**
 * Every string of both languages: only the server has them all (mail, exports, calendar files,
 * plain-text answers). Pages get theirs through `pageMessages`. A new area file is one more line
 * in each language below, and in app/i18n/areas.ts if pages get it.
 */
export const DICTIONARIES = {
  ja: { shell: shellJa, public: publicJa, console: consoleJa, server: serverJa },
  en: { shell: shellEn, public: publicEn, console: consoleEn, server: serverEn },
} satisfies Record<Lang, Record<Area, Dictionary>>

const merge = (lang: Lang, areas: Area[]): Messages => Object.assign({}, ...areas.map((a) => DICTIONARIES[lang][a]))

const all: Record<Lang, Dictionary<MessageKey>> = {
  ja: merge('ja', ['shell', 'public', 'console', 'server']) as Dictionary<MessageKey>,
  en: merge('en', ['shell', 'public', 'console', 'server']) as Dictionary<MessageKey>,
}
const translators: Record<Lang, T> = { ja: translatorOf('ja', all.ja), en: translatorOf('en', all.en) }
const pages = new Map<string, Messages>()

/** Every string of a language. */
export function translator(lang: Lang): T {
  return translators[lang]
}

/** The strings a page at this path gets (the root loader sends them), one object per language and area set. */
export function pageMessages(lang: Lang, pathname: string): Messages {
  const area = pageArea(pathname)
  const key = `${lang}:${area}`
  let messages = pages.get(key)
  if (!messages) pages.set(key, (messages = merge(lang, areasOfPage(area))))
  return messages
}
