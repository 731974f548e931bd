import { isLang, translator, type MessageKey } from './i18n'

type Match = { id: string; data: unknown }

/** "<page> | Jisseki セミナー" in the page's language (from the root loader's data). */
export function pageTitle(matches: Match[], key: MessageKey): string {
  const root = matches.find((m) => m.id === 'root')?.data as { lang?: unknown } | undefined
  const t = translator(isLang(root?.lang) ? root.lang : 'ja')
  return `${t(key)} | ${t('site.name')}`
}
