import fs from 'node:fs/promises'
import path from 'node:path'
import { simpleParser } from 'mailparser'
import type { Browser, Page } from 'playwright-core'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { createConsoleUser } from '~/modules/accounts/console-users.server'
import { startAppServer, type AppServer } from '../support/app-server'
import { launchBrowser } from '../support/browser'
import { signIn } from '../support/console'

/**
 * Accounts as an admin and an invited person use them, on the built app without a mail server
 * (messages become .eml files in MAIL_DIR): invite, set the password through the emailed link,
 * sign in; disable, and the person's open session stops working.
 */
let app: AppServer
let browser: Browser
const pageErrors: Error[] = []
const ADMIN = { email: 'admin@city.example.jp', password: 'a long admin password' }

beforeAll(async () => {
  app = await startAppServer()
  browser = await launchBrowser()
  await createConsoleUser(app.db, { email: ADMIN.email, name: '管理 花子', password: ADMIN.password })
  await app.db.program.create({ data: { code: 'SOGYO', name: '創業支援事業' } })
})
afterEach(() => {
  expect(pageErrors).toEqual([])
  expect(app.errors()).toBe('')
})
afterAll(async () => {
  await browser?.close()
  await app?.stop()
})

/** A page in a browser context of its own (its own cookies: another person, another device). */
async function newPage(): Promise<Page> {
  const context = await browser.newContext()
  const page = await context.newPage()
  page.on('pageerror', (error) => pageErrors.push(error))
  return page
}

async function adminPage(): Promise<Page> {
  const page = await newPage()
  await signIn(page, app.url, ADMIN.email, ADMIN.password)
  return page
}

/** The sent invitation to `email`, read from the .eml file the app wrote. */
async function sentMailTo(email: string) {
  const deadline = Date.now() + 15_000
  for (;;) {
    const message = await app.db.outboxMessage.findFirst({
      where: { consoleUser: { email }, status: 'SENT' },
      orderBy: { createdAt: 'desc' },
    })
    if (message?.emlFile) {
      // Sent: the outbox keeps no copy of the link any more.
      expect(message.body).toBeNull()
      return simpleParser(await fs.readFile(path.join(app.mailDir, message.emlFile)))
    }
    if (Date.now() > deadline) throw new Error(`no message sent to ${email} within 15 s`)
    await new Promise((r) => setTimeout(r, 100))
  }
}

describe('accounts', () => {
  it('invites a person who sets a password through the emailed link; disabling them ends their session', async () => {
    const admin = await adminPage()
    await admin.goto(`${app.url}/console/users`)
    await admin.getByRole('heading', { level: 1, name: 'ユーザー' }).waitFor()
    await admin.getByLabel('メールアドレス').fill('Organizer@City.example.jp')
    await admin.getByLabel('氏名').fill('担当 太郎')
    await admin.getByLabel('役割').selectOption('ORGANIZER')
    await admin.getByLabel('創業支援事業').check()
    await admin.getByRole('button', { name: '招待メールを送る' }).click()
    await admin
      .getByRole('status')
      .filter({ hasText: 'organizer@city.example.jp への招待メールを送信待ちにしました。' })
      .waitFor()
    const row = admin.getByRole('row').filter({ hasText: '担当 太郎' })
    await row.getByText('招待中（パスワード未設定）').waitFor()
    await row.getByText('創業支援事業').waitFor()

    const mail = await sentMailTo('organizer@city.example.jp')
    expect(mail.subject).toContain('招待')
    expect(mail.to && !Array.isArray(mail.to) ? mail.to.value[0].address : null).toBe('organizer@city.example.jp')
    const link = new RegExp(`${app.url.replace(/[.]/g, '\\.')}/console/password/[A-Za-z0-9_-]{43}`).exec(
      mail.text ?? '',
    )?.[0]
    expect(link).toBeTruthy()
    expect(mail.html).toContain(link)

    // The invited person, in a browser of their own.
    const person = await newPage()
    await person.goto(link!)
    await person.getByRole('heading', { level: 1, name: 'パスワードの設定' }).waitFor()
    await person.getByLabel(/^新しいパスワード[\s*]*$/).fill('short')
    await person.getByLabel('新しいパスワード（確認）').fill('short')
    await person.getByRole('button', { name: 'パスワードを設定してログイン' }).click()
    await person.locator('.field-error').filter({ hasText: '12文字以上で入力してください。' }).waitFor()
    await person.getByLabel(/^新しいパスワード[\s*]*$/).fill('my chosen long password')
    await person.getByLabel('新しいパスワード（確認）').fill('my chosen long password')
    await person.getByRole('button', { name: 'パスワードを設定してログイン' }).click()
    await person.waitForURL(/\/console(\?|$)/)
    await person.getByText('担当 太郎 としてログイン中').waitFor()
    await person.getByRole('status').filter({ hasText: 'パスワードを設定しました。' }).waitFor()

    // The link worked once.
    const reused = await newPage()
    const res = await reused.goto(link!)
    expect(res?.status()).toBe(410)
    await reused.getByRole('heading', { level: 1, name: 'このリンクは使えません' }).waitFor()
    await reused.close()

    // Their own account page marks this device.
    await person.goto(`${app.url}/console/account`)
    await person.getByRole('row').filter({ hasText: 'この端末' }).waitFor()

    // The admin sees the active account and its session, and disables it.
    await admin.goto(`${app.url}/console/users`)
    await admin.getByRole('row').filter({ hasText: '担当 太郎' }).getByText('有効').waitFor()
    await admin.getByRole('link', { name: '担当 太郎' }).click()
    await admin.getByRole('heading', { level: 1, name: '担当 太郎' }).waitFor()
    expect(await admin.getByRole('table', { name: 'ログイン中の端末' }).getByRole('row').count()).toBe(2)
    await admin.getByRole('button', { name: 'アカウントを無効にする' }).click()
    await admin.getByRole('status').filter({ hasText: 'アカウントを無効にしました。' }).waitFor()
    await admin.getByText('ログイン中の端末はありません。').waitFor()

    // Their open page no longer works: the next request asks them to sign in.
    await person.reload()
    await person.waitForURL(/\/console\/login/)
    // With the right password, they are told the account is disabled.
    await person.locator('[name=email]').fill('organizer@city.example.jp')
    await person.locator('[name=password]').fill('my chosen long password')
    await person.getByRole('button', { name: 'ログイン' }).click()
    await person.getByRole('alert').filter({ hasText: 'このアカウントは無効になっています。' }).waitFor()

    const audit = await app.db.auditEvent.findMany({
      where: { entityType: 'StaffUser' },
      orderBy: [{ at: 'asc' }, { id: 'asc' }],
      select: { action: true },
    })
    // The admin's own first sign-in set up their second factor.
    expect(audit.map((a) => a.action)).toEqual([
      'user.second-factor-enrol',
      'user.invite',
      'user.invitation-accept',
      'user.disable',
    ])
    await admin.close()
    await person.close()
  })

  it('keeps what was typed when the email already has an account, and says so', async () => {
    const admin = await adminPage()
    await admin.goto(`${app.url}/console/users`)
    await admin.getByLabel('メールアドレス').fill('ADMIN@city.example.jp')
    await admin.getByLabel('氏名').fill('重複 次郎')
    await admin.getByLabel('役割').selectOption('STAFF')
    await admin.getByRole('button', { name: '招待メールを送る' }).click()
    await admin
      .locator('.field-invalid .field-error')
      .filter({ hasText: 'このメールアドレスのユーザーは既に登録されています。' })
      .waitFor()
    expect(await admin.getByLabel('メールアドレス').inputValue()).toBe('ADMIN@city.example.jp')
    expect(await admin.getByLabel('氏名').inputValue()).toBe('重複 次郎')
    expect(await admin.getByLabel('役割').inputValue()).toBe('STAFF')
    expect(await app.db.consoleUser.count({ where: { name: '重複 次郎' } })).toBe(0)
    await admin.close()
  })

  it('answers a forgotten-password request the same for any address', async () => {
    const page = await newPage()
    await page.goto(`${app.url}/console/login`)
    await page.getByRole('link', { name: 'パスワードをお忘れの方' }).click()
    await page.getByRole('heading', { level: 1, name: 'パスワードの再設定' }).waitFor()
    for (const email of ['nobody@city.example.jp', ADMIN.email]) {
      await page.getByLabel('メールアドレス').fill(email)
      await page.getByRole('button', { name: '再設定用のリンクを送る' }).click()
      await page.getByRole('status').filter({ hasText: 'アカウントがあれば' }).waitFor()
    }
    const mail = await sentMailTo(ADMIN.email)
    expect(mail.subject).toContain('パスワードの再設定')
    expect(await app.db.outboxMessage.count({ where: { kind: 'PASSWORD_RESET' } })).toBe(1)
    await page.close()
  })
})
