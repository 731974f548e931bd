import type { MetaFunction } from '@remix-run/node'
import { pageArea } from '~/i18n/areas'
import type { MessageKey, T } from './i18n'
import { rootTranslator, type RootI18n } from './use-i18n'

type Match = { id: string; data: unknown; pathname?: string }

/** The root loader's translator, from the matches a meta function gets. */
export function metaTranslator(matches: Match[]): T {
  return rootTranslator(matches.find((m) => m.id === 'root')?.data as RootI18n | undefined)
}

/**
 * "<page> | Jisseki セミナー" on public pages, "<page> | Jisseki 管理" on the console's (and the
 * check-in helper's), in the page's language: every page its own title (WCAG 2.4.2).
 */
export function titleOf(t: T, page: string, pathname: string): string {
  return `${page} | ${t(pageArea(pathname) === 'console' ? 'site.consoleName' : 'site.name')}`
}

/** A page's title from its message key (from the root loader's data). */
export function pageTitle(matches: Match[], key: MessageKey): string {
  const t = metaTranslator(matches)
  return titleOf(t, t(key), matches.at(-1)?.pathname ?? '/')
}

/**
 * A route's whole meta: its title, by message key or worded from its loader's data (a seminar's
 * title), and on the console's pages `noindex`, as the console layout's own meta says.
 */
export function titled<Data = unknown>(title: MessageKey | ((data: Data, t: T) => string | undefined)): MetaFunction {
  return ({ matches, data, location }) => {
    const t = metaTranslator(matches)
    const page = typeof title === 'string' ? t(title) : (title(data as Data, t) ?? t('errors.title'))
    const console = pageArea(location.pathname) === 'console'
    return [
      { title: titleOf(t, page, location.pathname) },
      ...(console ? [{ name: 'robots', content: 'noindex' }] : []),
    ]
  }
}
