import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startAppServer, type AppServer } from '../support/app-server'
import { launchBrowser } from '../support/browser'
import { createSeminar } from '../support/factories'

/** Security headers on every response, and a Content-Security-Policy the app itself lives with. */
let app: AppServer
let browser: Browser

beforeAll(async () => {
  app = await startAppServer()
  browser = await launchBrowser()
})
afterAll(async () => {
  await browser?.close()
  await app?.stop()
})

describe('security headers', () => {
  it('allow only our own scripts and the per-response nonce, and forbid framing', async () => {
    const seminar = await createSeminar(app.db)
    const nonces = new Set<string>()
    for (const path of ['/', `/seminars/${seminar.id}`, `/seminars/${seminar.id}/register`, '/console/login']) {
      const res = await fetch(`${app.url}${path}`)
      expect(res.status, path).toBe(200)
      const csp = res.headers.get('content-security-policy') ?? ''
      const nonce = /'nonce-([^']+)'/.exec(csp)?.[1]
      expect(nonce, path).toBeTruthy()
      expect(csp).toContain("frame-ancestors 'none'")
      expect(csp).toContain("object-src 'none'")
      expect(csp).not.toMatch(/script-src[^;]*'unsafe-inline'/)
      expect(res.headers.get('x-frame-options')).toBe('DENY')
      expect(res.headers.get('x-content-type-options')).toBe('nosniff')
      expect(res.headers.get('referrer-policy')).toBe('same-origin')
      // Every inline script Remix writes carries this response's nonce.
      const html = await res.text()
      const inline = [...html.matchAll(/<script(?![^>]*\bsrc=)([^>]*)>/g)].map((m) => m[1])
      expect(inline.length, path).toBeGreaterThan(0)
      for (const attributes of inline) expect(attributes, path).toContain(`nonce="${nonce}"`)
      nonces.add(nonce!)
    }
    expect(nonces.size).toBe(4)
  })

  it('runs every page without a Content-Security-Policy violation', async () => {
    const seminar = await createSeminar(app.db)
    const page = await browser.newPage()
    const violations: string[] = []
    page.on('console', (message) => {
      if (/Content Security Policy|Refused to/.test(message.text())) violations.push(message.text())
    })
    for (const path of ['/', `/seminars/${seminar.id}`, `/seminars/${seminar.id}/register`, '/console/login']) {
      await page.goto(`${app.url}${path}`)
      // Hydrated: client-side navigation works only when the scripts ran.
      await page.waitForFunction(() => (window as unknown as { __remixContext?: unknown }).__remixContext)
    }
    await page.getByRole('link', { name: 'セミナー一覧' }).first().click()
    await page.waitForURL(`${app.url}/`)
    expect(violations).toEqual([])
    await page.close()
  })
})
