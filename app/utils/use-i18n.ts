import { useRouteLoaderData } from '@remix-run/react'
import { shellJa } from '~/i18n/ja/shell'
import { isLang, translatorOf, type Lang, type Messages, type T } from './i18n'

/** What the root loader sends: the language and the page's strings in it (app/utils/i18n.server.ts). */
export type RootI18n = { lang?: unknown; messages?: Messages }

const translators = new WeakMap<Messages, T>()
// Without the root loader's data (an unknown URL's 404) the page is in Japanese, as before the split.
const shellOnly = translatorOf('ja', shellJa)

/** The translator of a page, from the root loader's data (for hooks, meta functions and the like). */
export function rootTranslator(root: RootI18n | undefined): T {
  if (!root?.messages || !isLang(root.lang)) return shellOnly
  let t = translators.get(root.messages)
  if (!t) translators.set(root.messages, (t = translatorOf(root.lang, root.messages)))
  return t
}

/** The page language, chosen by the root loader from the `lang` cookie. */
export function useLang(): Lang {
  const data = useRouteLoaderData('root') as RootI18n | undefined
  return isLang(data?.lang) ? data.lang : 'ja'
}

export function useT(): T {
  return rootTranslator(useRouteLoaderData('root') as RootI18n | undefined)
}
