import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createConsoleUser, startSignIn } from '~/modules/accounts/console-users.server'
import { startAppServer, type AppServer } from '../support/app-server'
import { launchBrowser } from '../support/browser'
import { createSeminar } from '../support/factories'
import { ensureCategory } from '~/modules/categories/categories.server'

/*
 * No page carries a NUL byte (React 18.3.1 pads its stream with them: app/utils/nul-free-stream.server.ts).
 * Every HTML page reachable by links from the home page and from the console, on a fresh demo
 * install, in Japanese and English — and seminar pages whose texts shift by one byte at a time.
 */

let app: AppServer
let adminCookie: string
let browser: Browser

beforeAll(async () => {
  // The demo's queued mail would keep the outbox writing beside this test's own writes to the same
  // SQLite file (SQLITE_BUSY on a busy machine): the pages are what is tested here, not the mail.
  app = await startAppServer({ demoData: true, env: { MAIL_INTERVAL_MS: '600000' } })
  const admin = await createConsoleUser(app.db, {
    email: 'admin@city.example.jp',
    name: '管理 花子',
    password: 'a long admin password',
    role: 'ADMIN',
  })
  adminCookie = `jisseki_session=${await startSignIn(app.db, admin.id, 2)}`
})
afterAll(async () => {
  await browser?.close()
  await app?.stop()
})

async function fetchPage(path: string, cookie: string) {
  const res = await fetch(`${app.url}${path}`, { headers: { Cookie: cookie }, redirect: 'manual' })
  const body = Buffer.from(await res.arrayBuffer())
  return { status: res.status, html: (res.headers.get('content-type') ?? '').startsWith('text/html'), body }
}

/** Pages reachable by links from `start` (same site, GET, HTML), at most `limit`. */
async function crawl(start: string, cookie: string, limit: number) {
  const seen = new Set<string>([start])
  const queue = [start]
  const withNul: string[] = []
  let pages = 0
  while (queue.length && pages < limit) {
    const path = queue.shift()!
    const page = await fetchPage(path, cookie)
    if (!page.html) continue
    pages++
    if (page.body.includes(0)) withNul.push(path)
    for (const [, href] of page.body.toString('utf8').matchAll(/href="(\/[^"#]*)"/g)) {
      const link = href.replaceAll('&amp;', '&')
      // Files (.ics, .csv, .xlsx) are not pages; assets are not rendered by React.
      if (/\.(ics|csv|xlsx|css|js|png|svg|ico|webmanifest)(\?|$)/.test(link) || link.startsWith('/assets/')) continue
      if (!seen.has(link)) {
        seen.add(link)
        queue.push(link)
      }
    }
  }
  return { pages, withNul }
}

describe('pages never carry NUL bytes', () => {
  it('every public and console page of a demo install, in Japanese and in English', async () => {
    for (const lang of ['ja', 'en']) {
      const publicPages = await crawl('/', `lang=${lang}`, 80)
      expect(publicPages.pages).toBeGreaterThan(10)
      expect(publicPages.withNul, lang).toEqual([])
      const consolePages = await crawl('/console', `lang=${lang}; ${adminCookie}`, 120)
      expect(consolePages.pages).toBeGreaterThan(20)
      expect(consolePages.withNul, lang).toEqual([])
    }
  })

  it('seminar pages whose title shifts the rest of the page one byte at a time', async () => {
    const ids: string[] = []
    for (let k = 0; k < 48; k++) {
      const seminar = await createSeminar(app.db, {
        title: `${'A'.repeat(k)}プローブ型センサー活用セミナー`,
        categoryId: await ensureCategory(app.db, 'プローブ'),
        description: '見つかりません。岡田 健一郎。'.repeat(30),
      })
      ids.push(seminar.id)
    }
    const withNul: string[] = []
    for (const id of ids) {
      for (const path of [
        `/seminars/${id}`,
        `/seminars/${id}/register`,
        `/console/seminars/${id}`,
        `/console/seminars/${id}/edit`,
      ]) {
        const page = await fetchPage(path, adminCookie)
        expect(page.status, path).toBe(200)
        if (page.body.includes(0)) withNul.push(path)
      }
    }
    expect(withNul).toEqual([])
  })

  it('a seminar saved unchanged from its edit page without JavaScript stays exactly as it was', async () => {
    browser = await launchBrowser()
    const context = await browser.newContext({ javaScriptEnabled: false })
    const [name, value] = adminCookie.split('=')
    await context.addCookies([{ name, value, url: app.url }])
    const page = await context.newPage()
    // Times on whole minutes, as the form shows them (datetime-local).
    const minute = (offsetDays: number) => new Date(Math.floor(Date.now() / 60_000) * 60_000 + offsetDays * 86_400_000)
    const changed: string[] = []
    for (let k = 0; k < 24; k++) {
      const seminar = await createSeminar(app.db, {
        title: `${'B'.repeat(k)}プローブ型センサー活用セミナー（第${k}期）`,
        categoryId: await ensureCategory(app.db, 'プローブ'),
        description: '見つかりません。岡田 健一郎。'.repeat(20 + k),
        venueName: '産業振興センター 2階 セミナールーム',
        venueAddress: '札幌市白石区東札幌5条1丁目1-1',
        registrationOpensAt: minute(-1),
        registrationClosesAt: minute(6),
      })
      const before = await app.db.seminar.findUniqueOrThrow({ where: { id: seminar.id }, omit: { updatedAt: true } })
      await page.goto(`${app.url}/console/seminars/${seminar.id}/edit`)
      await page.locator('form:has(input[name=intent][value=seminar]) button[type=submit]').click()
      await page.waitForURL(/msg=console\.saved/)
      const after = await app.db.seminar.findUniqueOrThrow({ where: { id: seminar.id }, omit: { updatedAt: true } })
      if (JSON.stringify(after) !== JSON.stringify(before)) changed.push(`${k}: ${JSON.stringify(after)}`)
    }
    expect(changed).toEqual([])
    await context.close()
  })
})
