import { describe, expect, it } from 'vitest'
import { safeRedirectPath } from './request.server'

describe('safeRedirectPath', () => {
  it('keeps paths on this site', () => {
    expect(safeRedirectPath('/console/seminars/x?msg=1#top')).toBe('/console/seminars/x?msg=1#top')
  })
  it('refuses everything that could leave the site', () => {
    for (const bad of [
      '//evil.example',
      '/\\evil.example',
      '/\t/evil.example',
      '/\n/evil.example',
      'https://evil.example',
      'javascript:alert(1)',
      '',
      null,
    ]) {
      expect(safeRedirectPath(bad, '/fallback')).toBe('/fallback')
    }
  })
})

describe('cookies that cannot be read', () => {
  it('ignores a malformed cookie value instead of throwing (issue 14 point 7)', async () => {
    const { getLang, sessionToken } = await import('./request.server')
    const request = new Request('http://localhost/', { headers: { Cookie: 'lang=%E0%A4%A; jisseki_session=%zz' } })
    expect(getLang(request)).toBe('ja')
    expect(() => sessionToken(request)).not.toThrow()
    expect(getLang(new Request('http://localhost/', { headers: { Cookie: 'x=%E0; lang=en' } }))).toBe('en')
  })
})
