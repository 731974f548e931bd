import fs from 'node:fs'
import type { Browser, Page } from 'playwright-core'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { markAttendance } from '~/modules/attendance/checkin.server'
import { createConsoleUser, startSignIn } from '~/modules/accounts/console-users.server'
import { cancelRegistration, register } from '~/modules/registration/registrations.server'
import { enrolSecondFactor } from '../support/console'
import { startAppServer, type AppServer } from '../support/app-server'
import { launchBrowser } from '../support/browser'
import { createSeminar, participant } from '../support/factories'

/**
 * The audit trail reads as sentences in the staff's language (issue 18 point 12,
 * docs/decisions/0042-audit-sentences-and-start.md): the target named, the codes and raw details kept under
 * 記録の詳細 for auditors, the filter's actions by name; on a desktop and on a phone.
 */
let app: AppServer
let browser: Browser
let session: string
const SHOTS = process.env.SHOTS_DIR

beforeAll(async () => {
  app = await startAppServer()
  browser = await launchBrowser()
  const admin = await createConsoleUser(app.db, {
    email: 'audit-sentences@city.example.jp',
    password: 'a long admin password 1',
    name: '山田 花子',
    role: 'ADMIN',
  })
  await enrolSecondFactor(app.db, admin.email)
  session = await startSignIn(app.db, admin.id, 1)
  const seminar = await createSeminar(app.db, { title: '創業支援セミナー', titleEn: 'Start-up seminar' })
  const first = await app.db.session.findFirstOrThrow({ where: { seminarId: seminar.id } })
  const second = await app.db.session.create({
    data: {
      seminarId: seminar.id,
      number: 2,
      startsAt: new Date(first.startsAt.getTime() + 7 * 86_400_000),
      endsAt: new Date(first.endsAt.getTime() + 7 * 86_400_000),
    },
  })
  const sato = await register(app.db, { seminarId: seminar.id, ...participant({ name: '佐藤 一郎' }) })
  const suzuki = await register(app.db, {
    seminarId: seminar.id,
    ...participant({ name: '鈴木 次郎', email: 'jiro.suzuki.with.a.rather.long.address@example.co.jp' }),
  })
  await markAttendance(app.db, { sessionId: second.id, attendedRegistrationIds: [sato.id], userId: admin.id })
  await cancelRegistration(app.db, suzuki.id, { by: 'ORGANIZER', userId: admin.id })
})
afterEach(() => {
  expect(app.errors()).toBe('')
})
afterAll(async () => {
  await browser?.close()
  await app?.stop()
})

async function auditPage(lang: 'ja' | 'en', width: number, query = ''): Promise<Page> {
  const context = await browser.newContext({ viewport: { width, height: 900 } })
  await context.addCookies([
    { name: 'jisseki_session', value: session, url: app.url },
    { name: 'lang', value: lang, url: app.url },
  ])
  const page = await context.newPage()
  await page.goto(`${app.url}/console/audit${query}`)
  return page
}

const shot = async (page: Page, name: string) => {
  if (!SHOTS) return
  fs.mkdirSync(SHOTS, { recursive: true })
  await page.screenshot({ path: `${SHOTS}/${name}.png`, fullPage: true })
}

describe('the audit trail page', () => {
  it('reads as sentences naming the person, the seminar and the session; codes and JSON only under 記録の詳細', async () => {
    for (const width of [1280, 390, 320]) {
      const page = await auditPage('ja', width)
      const row = page
        .getByRole('row')
        .filter({ hasText: '山田 花子 が 佐藤 一郎 の出席を記録しました（創業支援セミナー 第2回）' })
      await row.waitFor()
      await page
        .getByRole('row')
        .filter({ hasText: '山田 花子 が 鈴木 次郎 の申込みを取り消しました（創業支援セミナー、取消前: 参加確定）' })
        .waitFor()
      // No code or JSON is shown until an auditor opens the record.
      expect(await page.getByText('attendance.mark', { exact: true }).isVisible()).toBe(false)
      expect(await page.getByText('{"attended":true}').isVisible()).toBe(false)
      // The page fits the phone: only the table scrolls sideways, if anything.
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width)
      await shot(page, `audit-ja-${width}`)
      await row.getByText('記録の詳細').click()
      await row.getByText('attendance.mark', { exact: true }).waitFor()
      expect(await row.getByText('{"attended":true}').isVisible()).toBe(true)
      await shot(page, `audit-ja-${width}-open`)
      await page.context().close()
    }
  })

  it('lists the actions of the filter by their names, and filters by them', async () => {
    const page = await auditPage('ja', 1280)
    const select = page.getByRole('combobox', { name: '操作' })
    await select.waitFor()
    const options = await select.locator('option').allTextContents()
    expect(options).toEqual(['すべて', '出席の記録', '申込みの取消（主催者）'])
    await select.selectOption({ label: '申込みの取消（主催者）' })
    await page.getByRole('button', { name: '絞り込む' }).click()
    await page.waitForURL(/action=registration.cancel/)
    await page.getByRole('row').filter({ hasText: '鈴木 次郎 の申込みを取り消しました' }).waitFor()
    await expect.poll(() => page.getByRole('row').filter({ hasText: '佐藤 一郎' }).count()).toBe(0)
    await page.context().close()
  })

  it('reads in English for staff who switched to English', async () => {
    const page = await auditPage('en', 390)
    await page
      .getByRole('row')
      .filter({ hasText: '山田 花子 recorded the attendance of 佐藤 一郎 (Start-up seminar, session 2)' })
      .waitFor()
    const options = await page.getByRole('combobox', { name: 'Action' }).locator('option').allTextContents()
    expect(options).toEqual(['Any', 'Attendance recorded', 'Registration cancelled by staff'])
    await shot(page, 'audit-en-390')
    await page.context().close()
  })
})
