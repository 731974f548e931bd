import type { MessageKey } from './i18n'
import { rootTranslator, type RootI18n } from './use-i18n'

type Match = { id: string; data: unknown }

/** "<page> | Jisseki セミナー" in the page's language (from the root loader's data). */
export function pageTitle(matches: Match[], key: MessageKey): string {
  const t = rootTranslator(matches.find((m) => m.id === 'root')?.data as RootI18n | undefined)
  return `${t(key)} | ${t('site.name')}`
}
