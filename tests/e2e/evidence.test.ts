import type { Browser, Page } from 'playwright-core'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { createConsoleUser } from '~/modules/accounts/console-users.server'
import { markAttendance } from '~/modules/attendance/checkin.server'
import { saveIndicator } from '~/modules/indicators/indicators.server'
import { deletePersonalData } from '~/modules/privacy/retention.server'
import { register } from '~/modules/registration/registrations.server'
import { fiscalYearOf, formatTime } from '~/utils/time'
import { startAppServer, type AppServer } from '../support/app-server'
import { launchBrowser } from '../support/browser'
import { signIn } from '../support/console'
import { createSeminar, participant } from '../support/factories'

let app: AppServer
let browser: Browser
let page: Page
const pageErrors: Error[] = []

beforeAll(async () => {
  app = await startAppServer()
  browser = await launchBrowser()
  await createConsoleUser(app.db, {
    email: 'staff@city.example.jp',
    name: '内訳 確認',
    password: 'evidence staff password',
  })
  page = await browser.newPage({ viewport: { width: 1280, height: 900 } })
  page.on('pageerror', (error) => pageErrors.push(error))
  await signIn(page, app.url, 'staff@city.example.jp', 'evidence staff password')
})
afterEach(() => {
  expect(pageErrors).toEqual([])
  expect(app.errors()).toBe('')
})
afterAll(async () => {
  await browser?.close()
  await app?.stop()
})

describe('the evidence of a unique count', () => {
  it('lists the distinct persons behind 実人数 with their records and a total equal to the actual, and each session’s end time', async () => {
    const seminar = await createSeminar(app.db, { title: '実人数の内訳セミナー' })
    const first = await app.db.session.findFirstOrThrow({ where: { seminarId: seminar.id } })
    const second = await app.db.session.create({
      data: {
        seminarId: seminar.id,
        number: 2,
        startsAt: new Date(first.startsAt.getTime() + 7 * 86400_000),
        // 1 h 45 min: an end that is not the start.
        endsAt: new Date(first.startsAt.getTime() + 7 * 86400_000 + 6300_000),
      },
    })
    const fy = fiscalYearOf(first.startsAt)
    const program = await app.db.program.findUniqueOrThrow({ where: { code: 'TEST' } })
    const indicatorId = await saveIndicator(app.db, {
      code: 'E2E-UP',
      name: '内訳の実人数',
      nameEn: null,
      kind: 'ACTIVITY',
      unit: '人',
      rule: 'UNIQUE_PERSONS',
      categoryIds: [],
      seminarIds: [],
      modeScope: 'ALL',
      cumulative: false,
      baseYear: null,
      baseline: null,
      note: '',
      programIds: [program.id],
    })
    const taro = await register(app.db, { seminarId: seminar.id, ...participant({ name: '内訳 太郎' }) })
    const hana = await register(app.db, { seminarId: seminar.id, ...participant({ name: '内訳 花子' }) })
    await markAttendance(app.db, { sessionId: first.id, attendedRegistrationIds: [taro.id, hana.id], userId: null })
    await markAttendance(app.db, { sessionId: second.id, attendedRegistrationIds: [taro.id], userId: null })
    // Their confirmations go out first (the mail worker must not lose a message it is sending).
    await expect
      .poll(() => app.db.outboxMessage.count({ where: { status: { not: 'SENT' } } }), { timeout: 20_000 })
      .toBe(0)
    // Hana asks for her data to be deleted: she stays counted, under a pseudonym.
    await deletePersonalData(app.db, { registrationId: hana.id, userId: null })

    await page.goto(`${app.url}/console/indicators?fy=${fy}`)
    const row = page.getByRole('row', { name: /内訳の実人数/ })
    expect(await row.locator('td').nth(2).textContent()).toContain('2人')

    await page.goto(`${app.url}/console/indicators/${indicatorId}/evidence?fy=${fy}`)
    await expect.poll(() => page.getByTestId('evidence-total').textContent()).toBe('合計: 2 人')
    const members = page.getByRole('table', { name: '実人数の内訳（重複を除いた参加者）' })
    const rows = members.locator('tbody tr')
    expect(await rows.count()).toBe(2)
    const taroRow = rows.filter({ hasText: '内訳 太郎' })
    expect(await taroRow.locator('td').nth(2).textContent()).toBe('2')
    expect(await taroRow.locator('li').count()).toBe(2)
    const hanaRow = rows.filter({ hasText: /参加者 #[0-9A-F]{10}/ })
    expect(await hanaRow.textContent()).toContain('個人情報は削除済み')
    expect(await hanaRow.textContent()).not.toContain('内訳 花子')
    expect(await members.locator('tfoot').textContent()).toContain('2 人')

    // The same list as CSV, recorded in the audit trail as a download.
    const href = await page.getByRole('link', { name: '内訳をCSVでダウンロード' }).getAttribute('href')
    const csv = await page.request.get(`${app.url}${href}`)
    expect(csv.status()).toBe(200)
    expect(csv.headers()['content-type']).toContain('text/csv')
    const text = await csv.text()
    expect(text).toContain('内訳 太郎')
    expect(text).toMatch(/参加者 #[0-9A-F]{10},（個人情報は削除済み）/)
    expect(text).toContain('合計,2 人,,,,3,')
    expect(await app.db.auditEvent.count({ where: { action: 'export.indicator-evidence' } })).toBe(1)

    // The sessions list shows each session's own end time.
    const sessions = page.getByRole('table', { name: '対象の日程' })
    expect(await sessions.locator('tbody tr').nth(1).textContent()).toContain(
      `${formatTime(second.startsAt, 'ja')}–${formatTime(second.endsAt, 'ja')}`,
    )
    expect(await sessions.locator('tbody tr').nth(0).textContent()).toContain(
      `${formatTime(first.startsAt, 'ja')}–${formatTime(first.endsAt, 'ja')}`,
    )
  })
})
