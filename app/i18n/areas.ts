/**
 * Which strings a page receives (docs/decisions/0030-i18n-per-language-and-area.md). Every page
 * gets `shell` and `public`; the console, its sign-in steps and the check-in helper's pages also
 * get `console`. `server` strings are never sent. app/i18n/areas.test.ts checks that every key a
 * page's code uses is in an area that page gets.
 */
export type Area = 'shell' | 'public' | 'console' | 'server'
export type PageArea = 'public' | 'console'

/** `console` for /console… and /checkin/…, `public` for everything else. */
export function pageArea(pathname: string): PageArea {
  return /^\/(console|checkin)(\/|\.data$|$)/.test(pathname) ? 'console' : 'public'
}

export function areasOfPage(area: PageArea): Area[] {
  return area === 'console' ? ['shell', 'public', 'console'] : ['shell', 'public']
}
