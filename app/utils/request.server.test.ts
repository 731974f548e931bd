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
