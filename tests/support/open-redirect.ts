/**
 * Values of `redirectTo` that leave the site once a URL parser (or a browser reading Location)
 * normalizes them (docs/decisions/0021): for the unit test of safeRedirectPath and the HTTP test
 * of sign-in and /lang.
 */
export const OPEN_REDIRECT_PAYLOADS = [
  '//evil.example',
  '///evil.example',
  '////evil.example',
  '/\\evil.example',
  '\\\\evil.example',
  '/\t/evil.example',
  '/\n/evil.example',
  '/\r\n/evil.example',
  '/.//evil.example/phish',
  '/..//evil.example/phish',
  '/.///evil.example/phish',
  '/././/evil.example',
  '/a/..//evil.example',
  '/a/b/../..//evil.example',
  '/%2e//evil.example',
  '/%2E//evil.example',
  '/%2e%2e//evil.example',
  '/.%2e//evil.example',
  '/%2e/%2e//evil.example',
  '/%2e%2e/%2e%2e//evil.example',
  '/x/%2E%2e//evil.example',
  '/\u0000/evil.example',
  '/\t\t//evil.example',
  '/.\\/evil.example',
  'https://evil.example',
  'https:evil.example',
  'https:/evil.example',
  'http:\\\\evil.example',
  'javascript:alert(1)',
  ' //evil.example',
  '',
]

/** Harmless: stay on the site, possibly in a normalized form. */
export const SAME_SITE_ODDITIES = [
  '/%5cevil.example',
  '/%5c/evil.example',
  '/%09/evil.example',
  '/%0a/evil.example',
  '/%2f/evil.example',
  '/%252e//evil.example',
  '/%2F%2Fevil.example',
  '/./x',
  '/a/../x',
]

/** What a browser does with a Location header: drop tabs and newlines, resolve against the page. */
export function browserReads(location: string, page: string): URL {
  return new URL(location.replace(/[\t\n\r]/g, ''), page)
}
