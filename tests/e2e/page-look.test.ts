import type { Browser, Page } from 'playwright-core'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { startAppServer, type AppServer } from '../support/app-server'
import { launchBrowser } from '../support/browser'
import { createSeminar } from '../support/factories'

/**
 * What the README screenshots showed wrong. Boxes that touched: the accessibility policy, the
 * privacy notice and the error pages (404, 403) opened with their panel glued to the header's line,
 * and the registration form's box touched the seminar's summary above it (a gap of at least 12 px
 * now, at phone and desktop width). And after an error only a select was outlined in red: the text
 * fields' own border rule was more specific than the error's.
 */
let app: AppServer
let browser: Browser
const pageErrors: Error[] = []
let seminarId: string

beforeAll(async () => {
  app = await startAppServer()
  browser = await launchBrowser()
  seminarId = (await createSeminar(app.db, { title: '余白を確かめるセミナー' })).id
})
afterEach(() => {
  expect(pageErrors).toEqual([])
})
afterAll(async () => {
  await browser?.close()
  await app?.stop()
})

async function page(width: number): Promise<Page> {
  const p = await browser.newPage({ viewport: { width, height: 800 }, locale: 'ja-JP' })
  p.on('pageerror', (error) => pageErrors.push(error))
  return p
}

/** The vertical gap in px between the bottom of `above` and the top of `below`. */
function gap(p: Page, above: string, below: string) {
  return p.evaluate(
    ([a, b]) =>
      document.querySelector(b)!.getBoundingClientRect().top -
      document.querySelector(a)!.getBoundingClientRect().bottom,
    [above, below],
  )
}

describe('page spacing', () => {
  for (const width of [390, 1280]) {
    it(`leaves a gap under the header and between the form and its summary (${width} px)`, async () => {
      const p = await page(width)
      const touching: string[] = []
      for (const path of ['/accessibility', '/privacy', '/no-such-page']) {
        await p.goto(`${app.url}${path}`)
        await p.locator('h1').first().waitFor()
        const g = await gap(p, 'header', 'main > .panel:first-child')
        if (g < 12) touching.push(`${path}: ${g} px under the header`)
      }
      await p.goto(`${app.url}/seminars/${seminarId}/register`)
      await p.locator('form.form').waitFor()
      const g = await gap(p, '.register .summary', 'form.form')
      if (g < 12) touching.push(`register: ${g} px between the summary and the form`)
      expect(touching).toEqual([])
      await p.close()
    })
  }
})

describe('fields in error', () => {
  it('outline a text field in red like a select', async () => {
    const p = await page(390)
    await p.goto(`${app.url}/seminars/${seminarId}/register`)
    await p.locator('[name=email]').fill('hanako@example')
    await p.getByRole('button', { name: '申し込む' }).click()
    await p.locator('.error-summary').waitFor()
    const border = (name: string) =>
      p.locator(`[name=${name}]`).evaluate((el) => {
        const style = getComputedStyle(el)
        return `${style.borderTopWidth} ${style.borderTopColor}`
      })
    const red = await border('industry')
    expect(red).toBe('2px rgb(180, 35, 24)')
    expect({ name: await border('name'), email: await border('email') }).toEqual({ name: red, email: red })
    // A field without an error keeps the grey line.
    expect(await border('organizationName')).toBe('1px rgb(138, 150, 163)')
    await p.close()
  })
})
