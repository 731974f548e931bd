import type { Browser, Page } from 'playwright-core'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { createStaffUser } from '~/modules/accounts/staff.server'
import { register } from '~/modules/registration/seats.server'
import { startAppServer, type AppServer } from '../support/app-server'
import { launchBrowser } from '../support/browser'
import { signIn } from '../support/console'
import { createSeminar, participant } from '../support/factories'

/**
 * A check-in helper (docs/decisions/0013-roles-and-accounts.md): an organizer makes a link on the
 * seminar's page, a borrowed phone opens it, checks people in for that seminar and nothing else,
 * and stops working when the organizer ends the link.
 */
let app: AppServer
let browser: Browser
const pageErrors: Error[] = []
const ORGANIZER = { email: 'organizer@city.example.jp', password: 'organizer password 1' }

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

async function newPage(viewport = { width: 1200, height: 900 }): Promise<Page> {
  const context = await browser.newContext({ viewport })
  const page = await context.newPage()
  page.on('pageerror', (error) => pageErrors.push(error))
  return page
}

describe('check-in helper links', () => {
  it('let a borrowed phone check people in for one seminar until the link is ended', async () => {
    const seminar = await createSeminar(app.db, { title: '受付ヘルパーのセミナー' })
    const other = await createSeminar(app.db, { title: 'ほかのセミナー' })
    const session = await app.db.session.findFirstOrThrow({ where: { seminarId: seminar.id } })
    const otherSession = await app.db.session.findFirstOrThrow({ where: { seminarId: other.id } })
    const hana = await register(app.db, { seminarId: seminar.id, ...participant({ name: '東 はな' }) })
    const organizer = await createStaffUser(app.db, { ...ORGANIZER, name: '主催 一郎', role: 'ORGANIZER' })
    await app.db.staffProgram.create({ data: { userId: organizer.id, programId: seminar.programId } })

    // The organizer makes a link; a blank name is refused and what was typed stays.
    const desk = await newPage()
    await signIn(desk, app.url, ORGANIZER.email, ORGANIZER.password)
    await desk.goto(`${app.url}/console/seminars/${seminar.id}`)
    await desk.getByLabel('名前（例: 受付A）').fill(' ')
    await desk.getByRole('button', { name: 'リンクを作成' }).click()
    await desk.getByRole('alert').filter({ hasText: '名前を入力してください' }).waitFor()
    await desk.getByLabel('名前（例: 受付A）').fill('受付A')
    await desk.getByRole('button', { name: 'リンクを作成' }).click()
    await desk.getByText('「受付A」用のリンクを作成しました。').waitFor()
    const link = await desk.getByLabel('作成したリンク').inputValue()
    expect(link).toMatch(new RegExp(`^${app.url}/checkin/[\\w-]{43}$`))
    await desk.getByRole('img', { name: '受付ヘルパー用リンクのQRコード' }).waitFor()
    await desk.screenshot({ path: 'test-results/checkin-helper-link.png', fullPage: true })

    // A phone opens it: nothing happens until the helper confirms.
    const phone = await newPage({ width: 390, height: 844 })
    await phone.goto(link)
    await phone.getByText('「受付A」として、次のセミナーの受付を始めます。').waitFor()
    expect(await app.db.staffSession.count({ where: { user: { role: 'CHECKIN' } } })).toBe(0)
    await phone.getByRole('button', { name: 'この端末で受付を始める' }).click()
    await phone.waitForURL(`${app.url}/console/checkin`)
    await phone.getByRole('link', { name: /受付ヘルパーのセミナー/ }).click()
    await phone.waitForURL(`${app.url}/console/sessions/${session.id}/checkin`)
    await phone.getByLabel('受付番号（QRコードの読み取りまたは入力）').fill(hana.code)
    await phone.keyboard.press('Enter')
    await expect.poll(() => phone.getByTestId('checkin-result').textContent()).toContain('東 はな さんを受付しました。')
    const attendance = await app.db.attendance.findFirstOrThrow({
      where: { sessionId: session.id },
      select: { recordedBy: { select: { name: true, role: true } } },
    })
    expect(attendance.recordedBy).toEqual({ name: '受付A', role: 'CHECKIN' })
    // The door, and nothing more: no lists, no other seminar.
    expect(await phone.getByRole('link', { name: '出欠一覧' }).count()).toBe(0)
    for (const path of [`/console/seminars/${seminar.id}`, `/console/sessions/${otherSession.id}/checkin`]) {
      const res = await phone.goto(`${app.url}${path}`)
      expect(res?.status(), path).toBe(403)
    }

    // The organizer ends the link: the phone is signed out at once.
    await desk.goto(`${app.url}/console/seminars/${seminar.id}`)
    await desk.getByRole('table', { name: '受付ヘルパー用リンク' }).getByRole('button', { name: '無効にする' }).click()
    await desk.getByRole('status').filter({ hasText: '受付ヘルパー用リンクを無効にしました。' }).waitFor()
    await phone.goto(`${app.url}/console/sessions/${session.id}/checkin`)
    await phone.waitForURL(/\/console\/login/)
    expect((await phone.goto(link))?.status()).toBe(404)
  })
})
