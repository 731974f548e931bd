import type { Browser, Page } from 'playwright-core'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { createConsoleUser } from '~/modules/accounts/console-users.server'
import { startAppServer, type AppServer } from '../support/app-server'
import { launchBrowser } from '../support/browser'
import { signIn } from '../support/console'
import { attendee, series, type Series } from '../support/completion-factories'

/**
 * Completion (修了) in the browser (docs/decisions/0050-completion-rules.md): an organizer sets a
 * series' rule on its edit page — a number larger than its sessions is refused beside the field,
 * the form keeping what was typed — marks a required session, and reads 修了 / 未修了 with x/N in
 * the registrant list, following the attendance.
 */
let app: AppServer
let browser: Browser
let s: Series
const PASSWORD = 'a long completion password 1'
const EMAIL = 'completion-organizer@city.example.jp'
const pageErrors: Error[] = []

beforeAll(async () => {
  app = await startAppServer()
  browser = await launchBrowser()
  const now = new Date()
  s = await series(app.db, now, 5, { title: 'AI人材育成プログラム' })
  const organizer = await createConsoleUser(app.db, {
    email: EMAIL,
    name: '主催 修子',
    password: PASSWORD,
    role: 'ORGANIZER',
  })
  await app.db.programAssignment.create({ data: { userId: organizer.id, programId: s.seminar.programId } })
  await attendee(app.db, now, s, [1, 2, 3, 4], { name: '修了 花子', furigana: 'しゅうりょう はなこ' })
  await attendee(app.db, now, s, [1, 2, 3, { n: 5, online: 10 }], { name: '途中 次郎', furigana: 'とちゅう じろう' })
})
afterEach(() => {
  expect(pageErrors).toEqual([])
  expect(app.errors()).toBe('')
})
afterAll(async () => {
  await browser?.close()
  await app?.stop()
})

async function signedInPage(javaScriptEnabled: boolean): Promise<Page> {
  const context = await browser.newContext({ javaScriptEnabled, viewport: { width: 1280, height: 900 } })
  const page = await context.newPage()
  page.on('pageerror', (error) => pageErrors.push(error))
  await signIn(page, app.url, EMAIL, PASSWORD)
  return page
}

/** The completion cell of a person in the registrant list. */
async function completionOf(page: Page, name: string) {
  await page.goto(`${app.url}/console/seminars/${s.seminar.id}`)
  const table = page.getByRole('table', { name: '申込者' }).first()
  const header = await table.locator('thead th').allTextContents()
  const column = header.indexOf('修了')
  expect(column).toBeGreaterThan(0)
  const row = table.locator('tbody tr', { hasText: name })
  return (await row.locator('td, th').nth(column).textContent())?.trim()
}

describe('completion rule and the registrant list', () => {
  for (const javaScriptEnabled of [false, true]) {
    it(`refuses too large a rule, saves one that fits and shows 修了 (JavaScript ${javaScriptEnabled ? 'on' : 'off'})`, async () => {
      await app.db.seminar.update({ where: { id: s.seminar.id }, data: { completionMinSessions: null } })
      const page = await signedInPage(javaScriptEnabled)
      // Every session by default: nobody attended all five.
      expect(await completionOf(page, '修了 花子')).toBe('未修了 4/5')

      await page.goto(`${app.url}/console/seminars/${s.seminar.id}/edit`)
      const field = page.getByLabel('修了に必要な出席回数')
      const title = page.locator('#seminar-title')
      await title.fill('AI人材育成プログラム（全5回）')
      await field.fill('6')
      await page.locator('form#seminar').getByRole('button', { name: '保存' }).click()
      await page.waitForSelector('#seminar-completionMinSessions[aria-invalid="true"]')
      await expect(page.locator('form#seminar').textContent()).resolves.toContain(
        '修了に必要な回数が、このセミナーの回の数より多くなっています。',
      )
      // The form keeps what was typed, and nothing was saved.
      expect(await field.inputValue()).toBe('6')
      expect(await title.inputValue()).toBe('AI人材育成プログラム（全5回）')
      const saved = await app.db.seminar.findUniqueOrThrow({ where: { id: s.seminar.id } })
      expect([saved.completionMinSessions, saved.title]).toEqual([null, 'AI人材育成プログラム'])

      await field.fill('4')
      await title.fill('AI人材育成プログラム')
      await page.locator('form#seminar').getByRole('button', { name: '保存' }).click()
      await page.waitForURL(/msg=console\.saved/)
      expect((await app.db.seminar.findUniqueOrThrow({ where: { id: s.seminar.id } })).completionMinSessions).toBe(4)

      expect(await completionOf(page, '修了 花子')).toBe('修了 4/4')
      // Online under the minimum does not count: three sessions.
      expect(await completionOf(page, '途中 次郎')).toBe('未修了 3/4')
      await page.context().close()
    })
  }

  it('marks a session required to complete, and the list follows', async () => {
    await app.db.seminar.update({ where: { id: s.seminar.id }, data: { completionMinSessions: 4 } })
    const page = await signedInPage(true)
    await page.goto(`${app.url}/console/seminars/${s.seminar.id}/edit`)
    const fifth = page.locator(`form#session-${s.sessions[4].id}`)
    await fifth.getByLabel('修了に必須の回').check()
    await fifth.getByRole('button', { name: '保存' }).click()
    await page.waitForURL(/msg=console\.saved/)
    expect((await app.db.session.findUniqueOrThrow({ where: { id: s.sessions[4].id } })).requiredForCompletion).toBe(
      true,
    )
    expect(await completionOf(page, '修了 花子')).toBe('未修了 4/4')
    await page.context().close()
  })
})
