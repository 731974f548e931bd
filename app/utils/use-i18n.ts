import { useRouteLoaderData } from '@remix-run/react'
import type { Area } from '~/i18n/areas'
import { shellJa } from '~/i18n/ja/shell'
import { isLang, messageStore, storeKey, translatorOf, type Lang, type T } from './i18n'

/** What the root loader sends: the language, the page's areas and the scripts that bring them. */
export type RootI18n = { lang?: unknown; areas?: Area[]; scripts?: string[] }

const translators = new Map<string, T>()
// Without the root loader's data (an unknown URL's 404) the page is in Japanese, as before the split.
const shellOnly = translatorOf('ja', shellJa)

/**
 * The translator of a page, from the root loader's data and the strings at hand: every string on
 * the server, the page's scripts' in the browser (for hooks, meta functions and the like).
 */
export function rootTranslator(root: RootI18n | undefined): T {
  if (!root?.areas || !isLang(root.lang)) return shellOnly
  const id = storeKey(root.lang, root.areas.join('+'))
  let t = translators.get(id)
  if (!t) {
    const parts = root.areas.map((area) => messageStore()[storeKey(root.lang as Lang, area)])
    t = translatorOf(root.lang, Object.assign({}, ...parts))
    // Kept once every area is there (a script that failed to load may come with the next page).
    if (parts.every(Boolean)) translators.set(id, t)
  }
  return t
}

/** Loads the scripts of a page's strings that this browser has not run yet. */
export async function loadStringScripts(urls: string[] = []): Promise<void> {
  await Promise.all(
    urls
      .filter((url) => !document.querySelector(`script[src="${url}"]`))
      .map(
        (url) =>
          new Promise<void>((resolve) => {
            const script = document.createElement('script')
            script.src = url
            // A failed script leaves keys showing, never a page that does not render.
            script.onload = script.onerror = () => resolve()
            document.head.append(script)
          }),
      ),
  )
}

/** The page language, chosen by the root loader from the `lang` cookie. */
export function useLang(): Lang {
  const data = useRouteLoaderData('root') as RootI18n | undefined
  return isLang(data?.lang) ? data.lang : 'ja'
}

export function useT(): T {
  return rootTranslator(useRouteLoaderData('root') as RootI18n | undefined)
}

/** The `<script>` elements of the page's strings, before the app's own scripts (root Layout). */
export function useStringScripts(): string[] {
  return (useRouteLoaderData('root') as RootI18n | undefined)?.scripts ?? []
}
