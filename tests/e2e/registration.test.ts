import type { Browser, Page } from 'playwright-core'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { startAppServer, type AppServer } from '../support/app-server'
import { launchBrowser } from '../support/browser'
import { createSeminar } from '../support/factories'

let app: AppServer
let browser: Browser
const pageErrors: Error[] = []

beforeAll(async () => {
  app = await startAppServer()
  browser = await launchBrowser()
})
afterEach(() => {
  // Nothing may fail silently: not in the page, not on the server.
  expect(pageErrors).toEqual([])
  expect(app.errors()).toBe('')
})
afterAll(async () => {
  await browser?.close()
  await app?.stop()
})

async function newPage(javaScriptEnabled: boolean): Promise<Page> {
  const context = await browser.newContext({ javaScriptEnabled, locale: 'ja-JP' })
  const page = await context.newPage()
  page.on('pageerror', (error) => pageErrors.push(error))
  return page
}

async function fillRegistration(page: Page, values: { name: string; furigana: string; email: string }) {
  await page.locator('[name=name]').fill(values.name)
  await page.locator('[name=furigana]').fill(values.furigana)
  await page.locator('[name=email]').fill(values.email)
  await page.locator('[name=organizationName]').fill('株式会社テスト製作所')
  await page.locator('[name=corporateNumber]').fill('7000012050002')
  await page.locator('[name=industry]').selectOption('E')
  await page.getByLabel('市内', { exact: true }).check()
  await page.locator('[name=consent]').check()
}

for (const javaScriptEnabled of [true, false]) {
  describe(`a participant ${javaScriptEnabled ? 'with' : 'without'} JavaScript`, () => {
    it('finds a seminar, registers, sees the QR slip, opens the manage link and cancels', async () => {
      const title = `DX推進セミナー ${javaScriptEnabled ? 'JS' : 'HTML'}`
      await createSeminar(app.db, { title, capacityInPerson: 30 })
      const page = await newPage(javaScriptEnabled)
      await page.goto(app.url)
      await page.getByRole('link', { name: title }).click()
      await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe(title)
      await page.getByRole('link', { name: '申し込む' }).click()
      await page.waitForURL(/\/register$/)

      const email = `e2e-${javaScriptEnabled}@example.jp`
      await fillRegistration(page, { name: '札幌 花子', furigana: 'さっぽろ はなこ', email })
      await page.getByRole('button', { name: '申し込む' }).click()
      await page.waitForURL(/\/r\/[A-Za-z0-9_-]{43}\/done$/)

      await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('お申込みが完了しました')
      const code = (await page.getByTestId('registration-code').textContent())!.trim()
      expect(code).toMatch(/^[0-9A-HJKMNP-TV-Z]{8}$/)
      const qr = page.getByRole('img', { name: `受付票QRコード（受付番号 ${code}）` })
      expect(await qr.getAttribute('src')).toMatch(/^data:image\/png;base64,/)
      expect(await qr.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBeGreaterThan(100)

      const stored = await app.db.registration.findFirstOrThrow({ where: { emailNormalized: email } })
      expect(stored).toMatchObject({
        status: 'CONFIRMED',
        code,
        corporateNumber: '7000012050002',
        industry: 'E',
        inCity: true,
      })

      await page.getByRole('link', { name: 'お申込みの確認・キャンセル' }).click()
      await page.waitForURL(/\/r\/[A-Za-z0-9_-]{43}$/)
      expect(await page.getByTestId('registration-status').textContent()).toBe('参加確定')
      await page.getByRole('link', { name: 'お申込みをキャンセルする' }).click()
      await page.waitForURL(/\/cancel$/)
      // Opening the confirmation page changes nothing.
      expect((await app.db.registration.findUniqueOrThrow({ where: { id: stored.id } })).status).toBe('CONFIRMED')
      await page.getByRole('button', { name: 'キャンセルする' }).click()
      await page.waitForURL(/\/r\/[A-Za-z0-9_-]{43}$/)
      await expect.poll(() => page.getByTestId('registration-status').textContent()).toBe('キャンセル済み')
      expect((await app.db.registration.findUniqueOrThrow({ where: { id: stored.id } })).status).toBe('CANCELLED')
      await page.context().close()
    })

    it('shows every invalid field with its translated message, keeps what was typed and stores nothing', async () => {
      const seminar = await createSeminar(app.db, { title: `入力チェック ${javaScriptEnabled}` })
      const page = await newPage(javaScriptEnabled)
      await page.goto(`${app.url}/seminars/${seminar.id}/register`)
      await page.locator('[name=furigana]').fill('Sapporo')
      await page.locator('[name=email]').fill('not-an-email')
      await page.locator('[name=corporateNumber]').fill('8000012050002')
      await page.getByRole('button', { name: '申し込む' }).click()

      const error = (field: string) =>
        page
          .locator(`[name=${field}]`)
          .locator('xpath=ancestor::*[contains(@class,"field")][1]')
          .locator('.field-error')
      await expect.poll(() => error('name').textContent()).toBe('入力してください。')
      expect(await error('furigana').textContent()).toBe('ひらがなまたはカタカナで入力してください。')
      expect(await error('email').textContent()).toBe('メールアドレスの形式が正しくありません。')
      expect(await error('corporateNumber').textContent()).toBe(
        '法人番号が正しくありません（チェックディジットが一致しません）。',
      )
      expect(await error('industry').textContent()).toBe('選択してください。')
      expect(await page.locator('fieldset').filter({ hasText: '所在地' }).locator('.field-error').textContent()).toBe(
        '入力してください。',
      )
      expect(await page.locator('fieldset').filter({ hasText: '同意' }).locator('.field-error').textContent()).toBe(
        '個人情報の取扱いへの同意が必要です。',
      )
      expect(await page.locator('[name=email]').inputValue()).toBe('not-an-email')
      expect(await page.locator('[name=furigana]').inputValue()).toBe('Sapporo')
      expect(await page.locator('[name=email]').getAttribute('aria-invalid')).toBe('true')
      expect(await app.db.registration.count({ where: { seminarId: seminar.id } })).toBe(0)

      // Switching to English translates the page; the messages follow.
      await page.getByRole('button', { name: 'English' }).click()
      await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Registration')
      await page.locator('[name=email]').fill('still-not-an-email')
      await page.getByRole('button', { name: 'Register' }).click()
      await expect.poll(() => error('email').textContent()).toBe('Enter a valid email address.')
      expect(await page.locator('[name=email]').inputValue()).toBe('still-not-an-email')
      await page.context().close()
    })

    it('puts a participant on the waiting list with their position when the seminar is full', async () => {
      const seminar = await createSeminar(app.db, { title: `満席セミナー ${javaScriptEnabled}`, capacityInPerson: 0 })
      const page = await newPage(javaScriptEnabled)
      await page.goto(`${app.url}/seminars/${seminar.id}`)
      expect(await page.locator('.badge').first().textContent()).toBe('満席・キャンセル待ち')
      await page.getByRole('link', { name: 'キャンセル待ちに申し込む' }).click()
      await fillRegistration(page, {
        name: '待機 次郎',
        furigana: 'たいき じろう',
        email: `wait-${javaScriptEnabled}@example.jp`,
      })
      await page.getByRole('button', { name: 'キャンセル待ちに申し込む' }).click()
      await page.waitForURL(/\/done$/)
      await expect
        .poll(() => page.getByRole('heading', { level: 1 }).textContent())
        .toBe('キャンセル待ちで受け付けました')
      expect(await page.getByRole('status').first().textContent()).toContain('現在1番目です')
      await page.context().close()
    })

    it('refuses a second registration with the same email, saying so, and keeps the form', async () => {
      const seminar = await createSeminar(app.db, { title: `重複チェック ${javaScriptEnabled}` })
      const page = await newPage(javaScriptEnabled)
      const email = `dup-${javaScriptEnabled}@example.jp`
      for (const attempt of [1, 2]) {
        await page.goto(`${app.url}/seminars/${seminar.id}/register`)
        await fillRegistration(page, { name: '重複 三郎', furigana: 'ちょうふく さぶろう', email })
        await page.getByRole('button', { name: '申し込む' }).click()
        if (attempt === 1) await page.waitForURL(/\/done$/)
      }
      await expect
        .poll(() => page.locator('.field-invalid .field-error').first().textContent())
        .toContain('このメールアドレスでは既にこのセミナーにお申込みいただいています')
      expect(await page.locator('[name=name]').inputValue()).toBe('重複 三郎')
      expect(await app.db.registration.count({ where: { seminarId: seminar.id } })).toBe(1)
      await page.context().close()
    })
  })
}

describe('the public site over plain HTTP', () => {
  it('creates one registration when the same form is posted twice', async () => {
    const seminar = await createSeminar(app.db, { title: '二重送信' })
    const form = new URLSearchParams({
      name: '二重 送信',
      furigana: 'にじゅう そうしん',
      email: 'double@example.jp',
      industry: 'G',
      inCity: 'no',
      mode: 'IN_PERSON',
      consent: 'on',
      submissionKey: crypto.randomUUID(),
    })
    const post = () =>
      fetch(`${app.url}/seminars/${seminar.id}/register`, { method: 'POST', body: form, redirect: 'manual' })
    const [a, b] = await Promise.all([post(), post()])
    const c = await post()
    for (const res of [a, b, c]) expect(res.status).toBe(302)
    expect(new Set([a, b, c].map((r) => r.headers.get('location'))).size).toBe(1)
    expect(await app.db.registration.count({ where: { seminarId: seminar.id } })).toBe(1)
  })

  it('gives 50 seats to 200 simultaneous form posts and queues the other 150 in order', async () => {
    const seminar = await createSeminar(app.db, { title: '定員50名の人気セミナー', capacityInPerson: 50 })
    const responses = await Promise.all(
      Array.from({ length: 200 }, (_, i) =>
        fetch(`${app.url}/seminars/${seminar.id}/register`, {
          method: 'POST',
          redirect: 'manual',
          body: new URLSearchParams({
            name: `同時 申込${i}`,
            furigana: 'どうじ もうしこみ',
            email: `rush${i}@example.jp`,
            industry: 'E',
            inCity: 'yes',
            mode: 'IN_PERSON',
            consent: 'on',
            submissionKey: crypto.randomUUID(),
          }),
        }),
      ),
    )
    expect(responses.map((r) => r.status)).toEqual(Array(200).fill(302))
    const rows = await app.db.registration.findMany({
      where: { seminarId: seminar.id },
      select: { status: true, waitlistPosition: true },
    })
    expect(rows.filter((r) => r.status === 'CONFIRMED')).toHaveLength(50)
    const positions = rows.filter((r) => r.status === 'WAITLISTED').map((r) => r.waitlistPosition!)
    expect(positions.sort((a, b) => a - b)).toEqual(Array.from({ length: 150 }, (_, i) => i + 1))
    expect((await app.db.seminar.findUniqueOrThrow({ where: { id: seminar.id } })).seatsTakenInPerson).toBe(50)
  })

  it('refuses registration outside the window with a clear message', async () => {
    const seminar = await createSeminar(app.db, {
      title: '受付終了のセミナー',
      registrationOpensAt: new Date(Date.now() - 10 * 86400_000),
      registrationClosesAt: new Date(Date.now() - 86400_000),
    })
    const page = await newPage(true)
    await page.goto(`${app.url}/seminars/${seminar.id}`)
    expect(await page.locator('.notice').textContent()).toBe('このセミナーの申込受付は終了しました。')
    expect(await page.getByRole('link', { name: '申し込む' }).count()).toBe(0)
    const res = await fetch(`${app.url}/seminars/${seminar.id}/register`, {
      method: 'POST',
      body: new URLSearchParams({
        name: '遅刻 者',
        furigana: 'ちこく しゃ',
        email: 'late@example.jp',
        industry: 'G',
        inCity: 'yes',
        mode: 'IN_PERSON',
        consent: 'on',
        submissionKey: crypto.randomUUID(),
      }),
    })
    expect(res.status).toBe(409)
    expect(await app.db.registration.count({ where: { seminarId: seminar.id } })).toBe(0)
    await page.close()
  })

  it('shows nobody a registration without its token, and answers /healthz', async () => {
    expect((await fetch(`${app.url}/r/not-a-real-token`)).status).toBe(404)
    expect((await fetch(`${app.url}/r/${'A'.repeat(43)}`)).status).toBe(404)
    const health = await fetch(`${app.url}/healthz`)
    expect(health.status).toBe(200)
    expect(await health.json()).toEqual({ status: 'ok' })
  })
})
