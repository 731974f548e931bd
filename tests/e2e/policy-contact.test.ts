import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startAppServer, type AppServer } from '../support/app-server'
import { launchBrowser } from '../support/browser'

/**
 * The accessibility policy and the privacy notice named the office but gave no way to reach it
 * (みんなの公共サイト運用ガイドライン asks for a contact): both show its address as a mail link,
 * CONTACT_EMAIL when set, in Japanese and English.
 */
let app: AppServer
let browser: Browser

beforeAll(async () => {
  app = await startAppServer({
    env: { MAIL_FROM: '産業振興課 セミナー受付 <no-reply@city.example.jp>', CONTACT_EMAIL: 'seminar@city.example.jp' },
  })
  browser = await launchBrowser()
})
afterAll(async () => {
  await browser?.close()
  await app?.stop()
})

describe('the policy pages', () => {
  for (const [lang, label] of [
    ['ja', 'メール：'],
    ['en', 'Email: '],
  ] as const)
    it(`give the office's address to write to (${lang})`, async () => {
      const context = await browser.newContext()
      // The language the footer's switch picks (a cookie).
      await context.addCookies([{ name: 'lang', value: lang, url: app.url }])
      const p = await context.newPage()
      for (const path of ['/accessibility', '/privacy']) {
        await p.goto(`${app.url}${path}`)
        const link = p.locator('main a[href^="mailto:"]')
        await link.waitFor()
        expect(await link.getAttribute('href'), path).toBe('mailto:seminar@city.example.jp')
        expect(await p.locator('.contact-address').textContent(), path).toBe(`${label}seminar@city.example.jp`)
        expect(await p.locator('main').textContent(), path).toContain('産業振興課 セミナー受付')
      }
      await context.close()
    })
})
