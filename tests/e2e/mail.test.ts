import type { Browser, Page } from 'playwright-core'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { createConsoleUser } from '~/modules/accounts/console-users.server'
import { register } from '~/modules/registration/registrations.server'
import { startAppServer, type AppServer } from '../support/app-server'
import { launchBrowser } from '../support/browser'
import { signIn } from '../support/console'
import { createSeminar, participant } from '../support/factories'

/**
 * The app as `npm start` runs it, without a mail server: messages become .eml files that admins
 * read in the console; organizers message registrants and cancel a seminar through forms.
 */
let app: AppServer
let browser: Browser
const pageErrors: Error[] = []
const PASSWORD = 'a long organizer password'

beforeAll(async () => {
  app = await startAppServer()
  browser = await launchBrowser()
  await createConsoleUser(app.db, { email: 'admin@city.example.jp', name: '管理 花子', password: PASSWORD })
  // Program staff read seminars but neither message participants nor read the sent mail.
  await createConsoleUser(app.db, {
    email: 'viewer@city.example.jp',
    name: '閲覧 次郎',
    password: PASSWORD,
    role: 'STAFF',
  })
})
afterEach(() => {
  expect(pageErrors).toEqual([])
  expect(app.errors()).toBe('')
})
afterAll(async () => {
  await browser?.close()
  await app?.stop()
})

async function signedIn(email = 'admin@city.example.jp'): Promise<Page> {
  const page = await browser.newPage()
  page.on('pageerror', (error) => pageErrors.push(error))
  await signIn(page, app.url, email, PASSWORD)
  return page
}

/** A registration staff took by phone or at the counter, without an email: nothing is mailed to it. */
function byPhone(fields: Record<string, unknown>) {
  return participant({ email: '', source: 'CONSOLE', sendMail: false, ...fields })
}

async function allSent(seminarId: string) {
  const deadline = Date.now() + 15_000
  while (await app.db.outboxMessage.count({ where: { seminarId, status: { not: 'SENT' } } })) {
    if (Date.now() > deadline) throw new Error('messages not sent within 15 s')
    await new Promise((r) => setTimeout(r, 100))
  }
}

describe('mail without a mail server', () => {
  it('shows admins each message exactly as the participant receives it', async () => {
    const seminar = await createSeminar(app.db, { title: 'メール確認セミナー' })
    const r = await register(app.db, { seminarId: seminar.id, ...participant({ name: '受信 確認' }) })
    await allSent(seminar.id)
    const page = await signedIn()
    await page.getByRole('link', { name: '送信メール' }).click()
    await page.waitForURL(/\/console\/mail$/)
    await page.getByRole('heading', { level: 1, name: '送信メール' }).waitFor()
    const row = page.getByRole('row').filter({ hasText: '受信 確認' })
    await row.getByText('送信済み').waitFor()
    await row.getByRole('link', { name: 'お申込み完了' }).click()
    await page.getByRole('heading', { level: 1, name: '【お申込み完了】メール確認セミナー' }).waitFor()
    expect(await page.locator('pre.mail-text').first().textContent()).toContain(r.code)
    // The HTML part, sandboxed, with the QR slip inlined.
    const frame = page.frameLocator('iframe.mail-preview')
    await expect(frame.getByText('受信 確認 様').count()).resolves.toBe(1)
    const qr = frame.locator('img')
    expect(await qr.getAttribute('src')).toMatch(/^data:image\/png;base64,/)
    expect(await page.getByText('seminar.ics').count()).toBe(1)
    await page.close()
  })

  it('lets an organizer message a group of registrants, keeping what was typed when something is missing', async () => {
    const seminar = await createSeminar(app.db, { title: 'お知らせセミナー', capacityInPerson: 2 })
    await register(app.db, { seminarId: seminar.id, ...participant() })
    // Taken by phone without an email (ADR 0033): one holds a seat, one waits.
    await register(app.db, { seminarId: seminar.id, ...byPhone({ name: '電話 確定', phone: '03-1111-0000' }) })
    await register(app.db, { seminarId: seminar.id, ...participant({ name: '待機 三郎' }) })
    await register(app.db, { seminarId: seminar.id, ...byPhone({ name: '電話 四郎', phone: '03-2222-3333' }) })
    await allSent(seminar.id)
    const page = await signedIn()
    await page.goto(`${app.url}/console/seminars/${seminar.id}`)
    await page.getByRole('link', { name: '参加者へのお知らせ' }).click()
    await page.getByLabel(/キャンセル待ちの方/).check()
    await page.getByLabel(/本文/).fill('追加の席をご用意しました。')
    await page.getByRole('button', { name: '送信内容を確認する' }).click()
    await page.locator('.field-invalid .field-error').filter({ hasText: '入力してください。' }).first().waitFor()
    expect(await page.getByLabel(/本文/).inputValue()).toBe('追加の席をご用意しました。')
    await page.getByLabel(/件名/).fill('席の追加について')
    // Nothing is sent before the preview and its count are confirmed (docs/decisions/0040).
    await page.getByRole('button', { name: '送信内容を確認する' }).click()
    // The waiting person without an email is listed with the phone to call; the count mails only the other.
    const unmailed = page.getByRole('table', { name: 'メールが届かない方（1名）：電話などでお知らせください' })
    await unmailed.getByRole('row').filter({ hasText: '電話 四郎' }).getByText('03-2222-3333').waitFor()
    expect(await unmailed.getByText('電話 確定').count()).toBe(0)
    await page.getByRole('button', { name: '1名に送信する' }).click()
    await page.waitForURL(new RegExp(`/console/seminars/${seminar.id}\\?msg=mail.queued`))
    await page.getByRole('status').filter({ hasText: '1名へのメールを送信待ちにしました。' }).waitFor()
    await allSent(seminar.id)
    const sent = await app.db.outboxMessage.findMany({ where: { seminarId: seminar.id, kind: 'ORGANIZER' } })
    expect(sent).toHaveLength(1)
    expect(sent[0]).toMatchObject({ subject: '席の追加について', status: 'SENT' })
    await page.close()
  })

  it('cancels a seminar after a confirmation with a reason, and tells everyone registered', async () => {
    const seminar = await createSeminar(app.db, { title: '中止になるセミナー' })
    await register(app.db, { seminarId: seminar.id, ...participant() })
    await register(app.db, { seminarId: seminar.id, ...participant() })
    await register(app.db, { seminarId: seminar.id, ...byPhone({ name: '窓口 五郎', phone: null }) })
    const page = await signedIn()
    await page.goto(`${app.url}/console/seminars/${seminar.id}`)
    await page.getByRole('link', { name: '開催中止' }).click()
    expect(await page.locator('.lead').textContent()).toContain('申込者2名')
    // Not mailed, so listed for staff to tell: known by organization, without a phone.
    const unmailed = page.getByRole('table', { name: 'メールが届かない方（1名）：電話などでお知らせください' })
    await unmailed.getByRole('row').filter({ hasText: '窓口 五郎' }).getByText('電話番号なし').waitFor()
    await page.getByRole('button', { name: '開催を中止する' }).click()
    await page.locator('.field-error').filter({ hasText: '入力してください。' }).first().waitFor()
    await page.getByLabel(/中止の理由/).fill('講師の体調不良のため')
    await page.getByRole('button', { name: '開催を中止する' }).click()
    await page.waitForURL(/msg=mail.seminarCancelled/)
    await page.getByRole('status').filter({ hasText: '開催中止にしました' }).waitFor()
    expect(await page.locator('.chip').first().textContent()).toBe('中止')
    await allSent(seminar.id)
    expect(await app.db.outboxMessage.count({ where: { seminarId: seminar.id, kind: 'SEMINAR_CANCELLED' } })).toBe(2)
    await page.close()
  })

  it('keeps the sent mail to admins and message sending from program staff', async () => {
    const seminar = await createSeminar(app.db)
    const page = await signedIn('viewer@city.example.jp')
    expect(await page.getByRole('link', { name: '送信メール' }).count()).toBe(0)
    for (const path of [
      '/console/mail',
      `/console/seminars/${seminar.id}/message`,
      `/console/seminars/${seminar.id}/cancel`,
    ]) {
      const res = await page.goto(`${app.url}${path}`)
      expect(res?.status(), path).toBe(403)
    }
    const res = await page.request.post(`${app.url}/console/seminars/${seminar.id}/message`, {
      form: { audience: 'ALL', subject: 'x', body: 'y' },
      headers: { Origin: app.url },
    })
    expect(res.status()).toBe(403)
    await page.close()
  })
})
