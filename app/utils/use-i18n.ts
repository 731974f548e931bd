import { useRouteLoaderData } from '@remix-run/react'
import { isLang, translator, type Lang } from './i18n'

/** The page language, chosen by the root loader from the `lang` cookie. */
export function useLang(): Lang {
  const data = useRouteLoaderData('root') as { lang?: unknown } | undefined
  return isLang(data?.lang) ? data.lang : 'ja'
}

export function useT() {
  return translator(useLang())
}
