import { describe, expect, it } from 'vitest'
import { OPEN_REDIRECT_PAYLOADS, SAME_SITE_ODDITIES } from '../../tests/support/open-redirect'
import { safeRedirectPath } from './request.server'

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
    expect(safeRedirectPath('/console//seminars?next=//x')).toBe('/console/seminars?next=//x')
  })
})

describe('cookies that cannot be read', () => {
  it('ignores a malformed cookie value instead of throwing (a 500 on every page before)', async () => {
    const { getLang, sessionToken } = await import('./request.server')
    const request = new Request('http://localhost/', { headers: { Cookie: 'lang=%E0%A4%A; jisseki_session=%zz' } })
    expect(getLang(request)).toBe('ja')
    expect(() => sessionToken(request)).not.toThrow()
    expect(getLang(new Request('http://localhost/', { headers: { Cookie: 'x=%E0; lang=en' } }))).toBe('en')
  })
})
