import type { Browser, Page } from 'playwright-core'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { startAppServer, type AppServer } from '../support/app-server'
import { JAVASCRIPT_SETTINGS, launchBrowser } from '../support/browser'
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

for (const javaScriptEnabled of JAVASCRIPT_SETTINGS) {
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
      // The form answers alike for any email (docs/decisions/0022): the slip and the link go by mail.
      await page.waitForURL(/\/seminars\/[^/]+\/registered$/)
      await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('お申込みを受け付けました')
      const mailed = await app.db.registration.findFirstOrThrow({
        where: { emailNormalized: email },
        select: { manageToken: true, messages: { select: { kind: true } } },
      })
      expect(mailed.messages.map((m) => m.kind)).toEqual(['CONFIRMED'])
      // The page the mail's link opens.
      await page.goto(`${app.url}/r/${mailed.manageToken}/done`)

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

      await page.getByRole('link', { name: 'お申込みの確認・変更・キャンセル' }).click()
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
        '選択してください。',
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
      await page.waitForURL(/\/registered$/)
      const { manageToken } = await app.db.registration.findFirstOrThrow({
        where: { emailNormalized: `wait-${javaScriptEnabled}@example.jp` },
      })
      await page.goto(`${app.url}/r/${manageToken}/done`)
      await expect
        .poll(() => page.getByRole('heading', { level: 1 }).textContent())
        .toBe('キャンセル待ちで受け付けました')
      expect(await page.getByRole('status').first().textContent()).toContain('現在1番目です')
      await page.context().close()
    })

    it('answers a second registration with the same email exactly like the first, and mails the existing link', async () => {
      const seminar = await createSeminar(app.db, { title: `重複チェック ${javaScriptEnabled}` })
      const page = await newPage(javaScriptEnabled)
      const email = `dup-${javaScriptEnabled}@example.jp`
      const answers: { url: string; text: string }[] = []
      for (const attempt of [1, 2]) {
        await page.goto(`${app.url}/seminars/${seminar.id}/register`)
        await fillRegistration(page, { name: `重複 三郎${attempt}`, furigana: 'ちょうふく さぶろう', email })
        await page.getByRole('button', { name: '申し込む' }).click()
        await page.waitForURL(/\/registered$/)
        await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('お申込みを受け付けました')
        answers.push({ url: page.url(), text: (await page.locator('main').innerText()).trim() })
      }
      expect(answers[1]).toEqual(answers[0])
      expect(answers[1].text).not.toContain('既に')
      const rows = await app.db.registration.findMany({
        where: { seminarId: seminar.id },
        select: { id: true, name: true, messages: { select: { kind: true }, orderBy: { createdAt: 'asc' } } },
      })
      // One registration, unchanged; the second form sent its link to the address instead.
      expect(rows).toHaveLength(1)
      expect(rows[0].name).toBe('重複 三郎1')
      expect(rows[0].messages.map((m) => m.kind)).toEqual(['CONFIRMED', 'ALREADY_REGISTERED'])
      await page.context().close()
    })

    it('refuses a name carrying a link, saying why, and keeps what was typed', async () => {
      const seminar = await createSeminar(app.db, { title: `URL入り氏名 ${javaScriptEnabled}` })
      const page = await newPage(javaScriptEnabled)
      await page.goto(`${app.url}/seminars/${seminar.id}/register`)
      const name = '山田【重要】https://evil.example/login 再認証してください'
      await fillRegistration(page, { name, furigana: 'やまだ', email: `url-${javaScriptEnabled}@example.jp` })
      await page.locator('[name=organizationName]').fill('Yahoo! JAPAN')
      await page.getByRole('button', { name: '申し込む' }).click()
      const error = page
        .locator('[name=name]')
        .locator('xpath=ancestor::*[contains(@class,"field")][1]')
        .locator('.field-error')
      await expect.poll(() => error.textContent()).toBe('URLやドメイン名（例: example.com）は入力できません。')
      expect(await page.locator('[name=name]').inputValue()).toBe(name)
      expect(await page.locator('[name=organizationName]').inputValue()).toBe('Yahoo! JAPAN')
      expect(await app.db.registration.count({ where: { seminarId: seminar.id } })).toBe(0)
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

  it('gives an attacker the same bytes for a registered and an unregistered email', async () => {
    const seminar = await createSeminar(app.db, { title: '列挙対策' })
    const post = (email: string) =>
      fetch(`${app.url}/seminars/${seminar.id}/register`, {
        method: 'POST',
        redirect: 'manual',
        body: new URLSearchParams({
          name: '列挙 試験',
          furigana: 'れっきょ しけん',
          email,
          industry: 'E',
          inCity: 'yes',
          mode: 'IN_PERSON',
          consent: 'on',
          submissionKey: crypto.randomUUID(),
        }),
      })
    const answer = async (res: Response) => {
      const page = await fetch(new URL(res.headers.get('location')!, app.url))
      return {
        status: res.status,
        location: res.headers.get('location'),
        setCookie: res.headers.get('set-cookie'),
        body: await res.text(),
        pageStatus: page.status,
        // The page's text without the scripts' per-build data.
        page: (await page.text()).replace(/<script[\s\S]*?<\/script>/g, ''),
      }
    }
    const first = await answer(await post('victim@example.jp'))
    const again = await answer(await post('victim@example.jp'))
    const other = await answer(await post('somebody-else@example.jp'))
    expect(again).toEqual(first)
    expect(other).toEqual(first)
    expect(first.status).toBe(302)
    const messages = await app.db.outboxMessage.findMany({
      where: { seminarId: seminar.id },
      select: { kind: true, registration: { select: { emailNormalized: true } } },
      orderBy: { createdAt: 'asc' },
    })
    expect(messages.map((m) => [m.kind, m.registration?.emailNormalized])).toEqual([
      ['CONFIRMED', 'victim@example.jp'],
      ['ALREADY_REGISTERED', 'victim@example.jp'],
      ['CONFIRMED', 'somebody-else@example.jp'],
    ])
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
    expect(await health.json()).toMatchObject({ status: 'ok' })
  })
})
