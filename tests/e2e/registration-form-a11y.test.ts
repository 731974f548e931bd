import type { Browser, Page } from 'playwright-core'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { startAppServer, type AppServer } from '../support/app-server'
import { launchBrowser } from '../support/browser'
import { createSeminar } from '../support/factories'

/**
 * The public registration form for people on a keyboard and a screen reader (issue 18 point 3):
 * filled and sent with Tab, Space and Enter alone; checked in the browser after a first error,
 * with no request per keystroke; the submit button never disabled; required fields announced; the
 * error summary's links move the focus to their field; messages that say the limit.
 */

let app: AppServer
let browser: Browser
const pageErrors: Error[] = []

beforeAll(async () => {
  app = await startAppServer()
  browser = await launchBrowser()
})
afterEach(() => {
  expect(pageErrors).toEqual([])
  expect(app.errors()).toBe('')
})
afterAll(async () => {
  await browser?.close()
  await app?.stop()
})

async function newPage(javaScriptEnabled = true): Promise<Page> {
  const context = await browser.newContext({ javaScriptEnabled, locale: 'ja-JP' })
  const page = await context.newPage()
  page.on('pageerror', (error) => pageErrors.push(error))
  // With JavaScript, nothing in the console either (an aborted validation request logged "signal is
  // aborted"). Without, the browser logs the 400 of a refused form, which is the answer expected.
  page.on('console', (message) => {
    if (javaScriptEnabled && message.type() === 'error') pageErrors.push(new Error(message.text()))
  })
  return page
}

/** What has the focus: its name attribute, or its role and text for a button or link. */
const focused = (page: Page) =>
  page.evaluate(() => {
    const el = document.activeElement as HTMLInputElement | null
    if (!el || el === document.body) return ''
    return el.name ? `${el.tagName.toLowerCase()}:${el.name}` : `${el.tagName.toLowerCase()}:${el.textContent?.trim()}`
  })

/** Presses Tab until `target` (as `focused` says it) has the focus; fails after 40 presses. */
async function tabTo(page: Page, target: string) {
  for (let i = 0; i < 40; i++) {
    if ((await focused(page)) === target) return
    await page.keyboard.press('Tab')
  }
  throw new Error(`Tab never reached ${target}; the focus is on ${await focused(page)}`)
}

/** Rendered by the server; with JavaScript, once React has hydrated the form (its props are on the node). */
async function openForm(page: Page, seminarId: string, javaScriptEnabled = true) {
  await page.goto(`${app.url}/seminars/${seminarId}/register`)
  await page.locator('form#registration').waitFor()
  if (javaScriptEnabled) {
    await page.waitForFunction(() =>
      Object.keys(document.getElementById('registration')!).some((k) => k.startsWith('__reactProps')),
    )
  }
}

describe('the registration form on a keyboard', () => {
  it('is filled and sent with Tab, Space and Enter alone; Tab after the consent reaches the submit button', async () => {
    const seminar = await createSeminar(app.db, { title: 'キーボードだけで申し込むセミナー' })
    const page = await newPage()
    await openForm(page, seminar.id)

    await tabTo(page, 'input:name')
    await page.keyboard.type('鍵盤 太郎')
    await page.keyboard.press('Tab')
    expect(await focused(page)).toBe('input:furigana')
    // Half-width katakana, as some keyboards type it: taken as ケンバン タロウ.
    await page.keyboard.type('ｹﾝﾊﾞﾝ ﾀﾛｳ')
    await page.keyboard.press('Tab')
    expect(await focused(page)).toBe('input:email')
    await page.keyboard.type('keyboard@example.jp')
    await tabTo(page, 'select:industry')
    // Type-ahead on a closed select: "E 製造業".
    await page.keyboard.type('E')
    await page.keyboard.press('Tab')
    expect(await focused(page)).toBe('input:inCity')
    await page.keyboard.press('Space')
    await tabTo(page, 'input:consent')
    await page.keyboard.press('Space')
    await page.keyboard.press('Tab')
    expect(await focused(page)).toBe('button:申し込む')
    await page.keyboard.press('Enter')

    await page.waitForURL(/\/registered$/)
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('お申込みを受け付けました')
    const stored = await app.db.registration.findFirstOrThrow({ where: { seminarId: seminar.id } })
    expect(stored).toMatchObject({ name: '鍵盤 太郎', furigana: 'ケンバン タロウ', industry: 'E', inCity: true })
    await page.context().close()
  })

  it('checks in the browser after a first error: no request while typing, the submit button stays enabled', async () => {
    const seminar = await createSeminar(app.db, { title: '入力中に通信しないセミナー' })
    const page = await newPage()
    await openForm(page, seminar.id)
    await page.getByRole('button', { name: '申し込む' }).click()
    const nameError = page.locator('#registration-name-error')
    await expect.poll(() => nameError.textContent()).toBe('入力してください。')

    const requests: string[] = []
    page.on('request', (request) => requests.push(`${request.method()} ${request.url()}`))
    const submit = page.getByRole('button', { name: '申し込む' })
    await page.locator('#registration-name').focus()
    for (const key of '札幌 花子') {
      await page.keyboard.type(key)
      expect(await submit.isEnabled()).toBe(true)
    }
    await expect.poll(() => nameError.textContent()).toBe('')
    await page.locator('#registration-email').focus()
    await page.keyboard.type('not-an-email')
    await expect
      .poll(() => page.locator('#registration-email-error').textContent())
      .toBe('メールアドレスの形式が正しくありません。')
    await page.keyboard.type('@example.jp')
    await expect.poll(() => page.locator('#registration-email-error').textContent()).toBe('')
    await page.locator('#registration-name').fill('あ'.repeat(101))
    await expect.poll(() => nameError.textContent()).toBe('100文字以内で入力してください。')
    expect(requests).toEqual([])
    expect(await submit.isEnabled()).toBe(true)
    await page.context().close()
  })

  it('marks required fields for screen readers and hides the asterisk from them', async () => {
    const seminar = await createSeminar(app.db, { title: '必須項目のセミナー', mode: 'HYBRID', capacityOnline: 100 })
    const page = await newPage()
    await openForm(page, seminar.id)
    for (const name of ['氏名', 'ふりがな', 'メールアドレス']) {
      const box = page.getByRole('textbox', { name, exact: true })
      expect(await box.getAttribute('required'), name).toBe('')
      expect(await box.getAttribute('aria-required'), name).toBe('true')
    }
    const industry = page.getByRole('combobox', { name: '業種', exact: true })
    expect(await industry.getAttribute('aria-required')).toBe('true')
    for (const name of ['所在地', '参加方法']) {
      const group = page.getByRole('radiogroup', { name, exact: true })
      expect(await group.getAttribute('aria-required'), name).toBe('true')
      expect(await group.getByRole('radio').first().getAttribute('required'), name).toBe('')
    }
    expect(
      await page.getByRole('checkbox', { name: '個人情報の取扱いに同意します' }).getAttribute('aria-required'),
    ).toBe('true')
    const stars = page.locator('.required')
    expect(await stars.count()).toBeGreaterThan(5)
    expect(await stars.evaluateAll((els) => els.filter((el) => el.getAttribute('aria-hidden') !== 'true').length)).toBe(
      0,
    )
    // Not required: no mark.
    expect(await page.getByRole('textbox', { name: '所属（会社・団体名）' }).getAttribute('aria-required')).toBeNull()
    await page.context().close()
  })
})

for (const javaScriptEnabled of [true, false]) {
  describe(`the error summary ${javaScriptEnabled ? 'with' : 'without'} JavaScript`, () => {
    it('lists each error with a link to its field; with JavaScript the link moves the focus there', async () => {
      const seminar = await createSeminar(app.db, {
        title: `エラー一覧のセミナー ${javaScriptEnabled}`,
        mode: 'HYBRID',
        capacityOnline: 100,
      })
      const page = await newPage(javaScriptEnabled)
      await openForm(page, seminar.id, javaScriptEnabled)
      await page.locator('[name=furigana]').fill('Sapporo')
      await page.getByRole('button', { name: '申し込む' }).click()
      const summary = page.locator('.error-summary')
      const links = summary.getByRole('link')
      await expect.poll(() => links.count()).toBe(7)
      expect(await links.allTextContents()).toEqual([
        '氏名：入力してください。',
        'ふりがな：ひらがなまたはカタカナで入力してください。',
        'メールアドレス：入力してください。',
        '業種：選択してください。',
        '所在地：選択してください。',
        '参加方法：選択してください。',
        '個人情報の取扱いについて：個人情報の取扱いへの同意が必要です。',
      ])
      // Every link names an element of the page.
      for (const href of await links.evaluateAll((els) => els.map((el) => el.getAttribute('href')!))) {
        expect(href).toMatch(/^#registration-/)
        expect(await page.evaluate((id) => document.getElementById(id) !== null, href.slice(1)), href).toBe(true)
      }
      if (javaScriptEnabled) {
        await summary.getByRole('link', { name: 'メールアドレス：入力してください。' }).click()
        expect(await focused(page)).toBe('input:email')
        await summary.getByRole('link', { name: '所在地：選択してください。' }).click()
        expect(await page.evaluate(() => document.activeElement?.id)).toBe('registration-inCity-yes')
        // By keyboard: Enter on a focused link.
        await summary.getByRole('link', { name: '業種：選択してください。' }).focus()
        await page.keyboard.press('Enter')
        expect(await focused(page)).toBe('select:industry')
      }
      await page.context().close()
    })
  })
}
