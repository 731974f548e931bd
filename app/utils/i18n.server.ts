import crypto from 'node:crypto'
import { consoleEn } from '~/i18n/en/console'
import { publicEn } from '~/i18n/en/public'
import { serverEn } from '~/i18n/en/server'
import { shellEn } from '~/i18n/en/shell'
import { consoleJa } from '~/i18n/ja/console'
import { publicJa } from '~/i18n/ja/public'
import { serverJa } from '~/i18n/ja/server'
import { shellJa } from '~/i18n/ja/shell'
import { areasOfPage, pageArea, type Area } from '~/i18n/areas'
import {
  isLang,
  messageStore,
  storeKey,
  translatorOf,
  type Dictionary,
  type Lang,
  type MessageKey,
  type T,
} from './i18n'

/**
 * Every string of both languages: only the server has them all (mail, exports, calendar files,
 * loaders, and the server rendering of pages). A browser gets a page's areas as scripts. A new
 * area file is one more line in each language below, and in app/i18n/areas.ts if pages get it.
 */
export const DICTIONARIES = {
  ja: { shell: shellJa, public: publicJa, console: consoleJa, server: serverJa },
  en: { shell: shellEn, public: publicEn, console: consoleEn, server: serverEn },
} satisfies Record<Lang, Record<Area, Dictionary>>

const AREAS = Object.keys(DICTIONARIES.ja) as Area[]
const translators = Object.fromEntries(
  (['ja', 'en'] as const).map((lang) => [
    lang,
    translatorOf(lang, Object.assign({}, ...AREAS.map((area) => DICTIONARIES[lang][area])) as Dictionary<MessageKey>),
  ]),
) as Record<Lang, T>

/** Every string of a language. */
export function translator(lang: Lang): T {
  return translators[lang]
}

// The server renders pages from the same store the browser fills (app/utils/use-i18n.ts).
for (const lang of ['ja', 'en'] as const)
  for (const area of AREAS) messageStore()[storeKey(lang, area)] = DICTIONARIES[lang][area]

/** One area's strings in one language as a script that adds them to the browser's store. */
const scripts = new Map<string, { body: string; url: string; hash: string }>(
  (['ja', 'en'] as const).flatMap((lang) =>
    AREAS.filter((area) => area !== 'server').map((area) => {
      const body = `(self.__jissekiMessages??={})[${JSON.stringify(storeKey(lang, area))}]=${JSON.stringify(DICTIONARIES[lang][area])};\n`
      const hash = crypto.createHash('sha256').update(body).digest('hex').slice(0, 12)
      return [`${lang}-${area}`, { body, url: `/i18n/${lang}-${area}.${hash}.js`, hash }] as const
    }),
  ),
)

/** What the root loader tells a page: its language's areas and the scripts that bring them. */
export function pageStrings(lang: Lang, pathname: string): { areas: Area[]; scripts: string[] } {
  const areas = areasOfPage(pageArea(pathname))
  return { areas, scripts: areas.map((area) => scripts.get(`${lang}-${area}`)!.url) }
}

/**
 * The script at /i18n/<lang>-<area>.<hash>.js: cached for good under its hash; a stale hash (a page
 * from before a deployment) gets today's strings, cached briefly. Null for anything else.
 */
export function messageScript(file: string): { body: string; immutable: boolean } | null {
  const match = /^(\w+)-(\w+)\.([0-9a-f]{12})\.js$/.exec(file)
  if (!match || !isLang(match[1])) return null
  const script = scripts.get(`${match[1]}-${match[2]}`)
  return script ? { body: script.body, immutable: script.hash === match[3] } : null
}
