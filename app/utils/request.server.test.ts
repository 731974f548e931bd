import { describe, expect, it } from 'vitest'
import { safeRedirectPath } from './request.server'

/** Payloads that leave the site once a URL parser (or a browser reading Location) normalizes them. */
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
const SAME_SITE_ODDITIES = [
  '/%5cevil.example',
  '/%5c/evil.example',
  '/%09/evil.example',
  '/%0a/evil.example',
  '/%2f/evil.example',
  '/./x',
  '/a/../x',
]

/** What a browser does with a Location header: drop tabs and newlines, resolve against the page. */
function browserReads(location: string): URL {
  return new URL(location.replace(/[\t\n\r]/g, ''), 'https://jisseki.example/console/login')
}

describe('safeRedirectPath', () => {
  it('keeps paths on this site', () => {
    expect(safeRedirectPath('/console/seminars/x?msg=1#top')).toBe('/console/seminars/x?msg=1#top')
    expect(safeRedirectPath('/console/seminars?q=%E7%A0%94%E4%BF%AE')).toBe('/console/seminars?q=%E7%A0%94%E4%BF%AE')
  })

  it('refuses everything that could leave the site, checked after normalizing', () => {
    for (const bad of [...OPEN_REDIRECT_PAYLOADS, null, undefined]) {
      expect(safeRedirectPath(bad, '/fallback'), JSON.stringify(bad)).toBe('/fallback')
    }
  })

  it('answers, for any of them, a Location the browser reads as this site, never starting with // or /\\', () => {
    for (const payload of [...OPEN_REDIRECT_PAYLOADS, ...SAME_SITE_ODDITIES]) {
      const location = safeRedirectPath(payload)
      expect(location, JSON.stringify(payload)).toMatch(/^\/(?![/\\])/)
      expect(browserReads(location).origin, JSON.stringify(payload)).toBe('https://jisseki.example')
      // Normalized once: giving the answer back gives the same answer.
      expect(safeRedirectPath(location)).toBe(location)
    }
  })

  it('keeps harmless odd paths on the site', () => {
    expect(safeRedirectPath('/%5cevil.example')).toBe('/%5cevil.example')
    expect(safeRedirectPath('/a/../x')).toBe('/x')
  })
})
