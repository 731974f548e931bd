import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser } from 'playwright-core'
import { register } from '~/modules/registration/registrations.server'
import { startAppServer, type AppServer } from '../support/app-server'
import { launchBrowser } from '../support/browser'
import { signedInAs } from '../support/routes'
import { createSeminar, participant } from '../support/factories'

/*
 * Typing before the page has hydrated (a slow phone at the door, someone quick with the search):
 * the page must neither throw nor be rendered again on the client. With Remix's default entry, a
 * key pressed before React's first render made React hydrate synchronously while RemixBrowser was
 * still decoding the page's data: "An error occurred during hydration", then React error 345
 * (app/entry.client.tsx, docs/decisions/0045-hydration-after-decoding.md). The CPU is slowed down
 * twelve times, as a low-end phone, so the keys arrive while the page is still loading.
 */

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

describe('keys pressed while a page is still loading', () => {
  it('search at the door typed and sent at once on a slow phone: found, no error, no client re-render', async () => {
    const seminar = await createSeminar(app.db, { title: '早押し受付セミナー' })
    const now = app.clock.now().getTime()
    const first = await app.db.session.findFirstOrThrow({ where: { seminarId: seminar.id } })
    // Today's session, so the door asks nothing before checking in.
    const session = await app.db.session.update({
      where: { id: first.id },
      data: { startsAt: new Date(now - 3600_000), endsAt: new Date(now + 3600_000) },
    })
    await register(app.db, {
      seminarId: seminar.id,
      ...participant({ name: '北野 さくら', furigana: 'きたの さくら' }),
    })
    const admin = await signedInAs(app.db, 'early-door@city.example.jp', 'ADMIN')
    const [name, value] = admin.cookie.split('=')
    const problems: string[] = []
    for (let attempt = 0; attempt < 8; attempt++) {
      const context = await browser.newContext({ locale: 'ja-JP' })
      await context.addCookies([{ name, value, domain: new URL(app.url).hostname, path: '/' }])
      const page = await context.newPage()
      page.on('pageerror', (error) => problems.push(`${attempt}: ${error.message}`))
      // React reports a hydration that fell back to a client render on the console. (A fetch of
      // Remix's route manifest cut short when the form, sent before hydration, leaves the page is
      // also logged there, and is harmless.)
      page.on('console', (message) => {
        if (message.type() === 'error' && /hydrat|React error/i.test(message.text()))
          problems.push(`${attempt}: console: ${message.text()}`)
      })
      const cdp = await context.newCDPSession(page)
      await cdp.send('Emulation.setCPUThrottlingRate', { rate: 12 })
      // As soon as the page's first bytes arrive: the search field is in the HTML, React is not yet.
      await page.goto(`${app.url}/console/sessions/${session.id}/checkin`, { waitUntil: 'commit' })
      await page.locator('#q').focus()
      await page.keyboard.type('きたの')
      await page.keyboard.press('Enter')
      await page.getByRole('button', { name: '受付: 北野 さくら' }).waitFor()
      await context.close()
    }
    expect(problems).toEqual([])
    expect(app.errors()).toBe('')
  }, 240_000)
})
