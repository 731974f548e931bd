import type { Browser, Page } from 'playwright-core'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { register } from '~/modules/registration/registrations.server'
import { startAppServer, type AppServer } from '../support/app-server'
import { JAVASCRIPT_SETTINGS, launchBrowser } from '../support/browser'
import { signIn, organizerWithProgram } from '../support/console'
import { createSeminar, participant } from '../support/factories'

/**
 * Applications by phone, fax, at the counter or on paper (docs/decisions/0033): an organizer
 * enters them from the seminar's page, with and without JavaScript, and prints the slip.
 */
let app: AppServer
let browser: Browser
let programId: string
const PASSWORD = 'a long organizer password 1'
const pageErrors: Error[] = []

beforeAll(async () => {
  app = await startAppServer()
  browser = await launchBrowser()
  programId = (
    await organizerWithProgram(app.db, {
      email: 'behalf@city.example.jp',
      name: '代理 受付',
      password: PASSWORD,
      code: 'OBH',
      programName: '代理受付事業',
    })
  ).programId
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
  const context = await browser.newContext({ javaScriptEnabled })
  const page = await context.newPage()
  page.on('pageerror', (error) => pageErrors.push(error))
  await signIn(page, app.url, 'behalf@city.example.jp', PASSWORD)
  return page
}

describe('registering someone who applied by phone', () => {
  for (const javaScriptEnabled of JAVASCRIPT_SETTINGS) {
    it(`enters a person without email after the window closed, prints the slip, and finds them on the seminar page (JavaScript ${javaScriptEnabled ? 'on' : 'off'})`, async () => {
      const now = Date.now()
      const seminar = await createSeminar(app.db, {
        programId,
        title: `電話受付セミナー ${javaScriptEnabled}`,
        registrationOpensAt: new Date(now - 10 * 86400_000),
        registrationClosesAt: new Date(now - 86400_000),
      })
      const page = await signedInPage(javaScriptEnabled)
      await page.goto(`${app.url}/console/seminars/${seminar.id}`)
      await page.getByRole('link', { name: '代理で申し込む（電話・窓口・紙）' }).click()
      await page.waitForURL(/\/registrations\/new$/)
      await page.getByRole('heading', { level: 1, name: '代理での申込み' }).waitFor()

      // Neither email nor organization nor phone: refused, and what was typed stays.
      await page.getByLabel('氏名').fill('山本 正')
      await page.getByLabel('ふりがな').fill('やまもと ただし')
      await page.getByLabel('業種').selectOption('E')
      await page.getByLabel('市内').check()
      await page.getByRole('button', { name: '申込みを登録' }).click()
      await page
        .locator('.field-error')
        .getByText('メールアドレスがないときは、会社・団体名か電話番号を入力してください。')
        .waitFor()
      expect(await page.getByLabel('氏名').inputValue()).toBe('山本 正')
      expect(await app.db.registration.count({ where: { seminarId: seminar.id } })).toBe(0)

      await page.getByLabel('電話番号').fill('03-5555-0101')
      await page.getByLabel('確認メール（受付票・カレンダー付き）を送る').uncheck()
      await page.getByRole('button', { name: '申込みを登録' }).click()
      await page.waitForURL(/\/registrations\/[^/]+\/slip\?entered=print$/)
      expect(await page.getByRole('status').textContent()).toContain('山本 正 さんの申込みを登録しました（参加確定）。')
      expect(await page.getByRole('status').textContent()).toContain('メールは送っていません。')
      await page.getByRole('heading', { level: 1, name: '受付票' }).waitFor()
      const code = await page.locator('[data-testid=registration-code]').textContent()
      expect(code).toMatch(/^[0-9A-Z]{8}$/)
      expect(await page.locator('.slip img').getAttribute('src')).toMatch(/^data:image\/png;base64,/)
      // The print button needs JavaScript; without it the browser's own print command is there.
      if (javaScriptEnabled) await page.getByRole('button', { name: '印刷する' }).waitFor()
      else expect(await page.getByRole('button', { name: '印刷する' }).count()).toBe(0)

      const stored = await app.db.registration.findFirstOrThrow({ where: { seminarId: seminar.id } })
      expect(stored).toMatchObject({ source: 'CONSOLE', email: '', phone: '03-5555-0101', code, consentedAt: null })
      expect(await app.db.outboxMessage.count({ where: { registrationId: stored.id } })).toBe(0)

      // The same person again, typed in katakana: refused inline, nothing added.
      await page.getByRole('link', { name: '続けて別の方を登録' }).click()
      await page.waitForURL(/\/registrations\/new$/)
      await page.getByLabel('氏名').fill('山本正')
      await page.getByLabel('ふりがな').fill('ヤマモト タダシ')
      await page.getByLabel('電話番号').fill('０３−５５５５−０１０１')
      await page.getByLabel('業種').selectOption('E')
      await page.getByLabel('市外').check()
      await page.getByRole('button', { name: '申込みを登録' }).click()
      await page.getByText('この方はすでにこのセミナーに申し込んでいます', { exact: false }).waitFor()
      expect(await page.getByLabel('ふりがな').inputValue()).toBe('ヤマモト タダシ')
      expect(await app.db.registration.count({ where: { seminarId: seminar.id } })).toBe(1)

      await page.goto(`${app.url}/console/seminars/${seminar.id}`)
      const row = page.getByRole('row', { name: /山本 正/ })
      expect(await row.textContent()).toContain('03-5555-0101')
      expect(await row.getByRole('link', { name: '受付票' }).getAttribute('href')).toBe(
        `/console/seminars/${seminar.id}/registrations/${stored.id}/slip`,
      )
      await page.context().close()
    })
  }

  it('mails the confirmation when asked, and puts a full seminar’s applicant on the waiting list', async () => {
    const seminar = await createSeminar(app.db, { programId, title: '満席セミナー', capacityInPerson: 1 })
    await register(app.db, { seminarId: seminar.id, ...participant() })
    const page = await signedInPage(false)
    await page.goto(`${app.url}/console/seminars/${seminar.id}/registrations/new`)
    await page.getByLabel('氏名').fill('Anna Berg')
    await page.getByLabel('メールアドレス').fill('anna@example.com')
    await page.getByLabel('業種').selectOption('G')
    await page.getByLabel('市外').check()
    await page.getByLabel('ご案内の言語').selectOption('en')
    await page.getByRole('button', { name: '申込みを登録' }).click()
    await page.waitForURL(/\/slip\?entered=mailed$/)
    expect(await page.getByRole('status').textContent()).toContain(
      'Anna Berg さんをキャンセル待ち 1 番目に登録しました。',
    )
    expect(await page.getByRole('status').textContent()).toContain('確認メールを送ります。')
    // A waiting person's slip has no QR code: it would not let them in.
    expect(await page.locator('.slip img').count()).toBe(0)
    await page.getByText('キャンセル待ち 1 番目です。').waitFor()
    const stored = await app.db.registration.findFirstOrThrow({
      where: { seminarId: seminar.id, email: 'anna@example.com' },
    })
    expect(stored).toMatchObject({ status: 'WAITLISTED', language: 'en', source: 'CONSOLE' })
    expect((await app.db.outboxMessage.findMany({ where: { registrationId: stored.id } })).map((m) => m.kind)).toEqual([
      'WAITLISTED',
    ])
    await page.context().close()
  })
})
