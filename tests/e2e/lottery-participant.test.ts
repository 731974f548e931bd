import type { Browser, Page } from 'playwright-core'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { createConsoleUser } from '~/modules/accounts/console-users.server'
import { drawLottery } from '~/modules/lottery/draw.server'
import { register } from '~/modules/registration/registrations.server'
import { formatDateTime } from '~/utils/time'
import { axeViolations } from '../support/axe'
import { startAppServer, type AppServer } from '../support/app-server'
import { JAVASCRIPT_SETTINGS, launchBrowser } from '../support/browser'
import { createSeminar, makeLottery, participant } from '../support/factories'

/**
 * A lottery seminar as a participant sees it (docs/decisions/0049-lottery.md): the seminar page
 * says it is a lottery, when applications close and when it is drawn; the form applies; the link
 * page shows 抽選待ち, then 当選 with the slip and a button to confirm by the deadline (a POST: the
 * page itself changes nothing), or 落選 with nothing to change or cancel.
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

async function newPage(javaScriptEnabled: boolean): Promise<Page> {
  // axe comes from another origin (tests/support/axe.ts), which the app's Content-Security-Policy refuses.
  const context = await browser.newContext({ javaScriptEnabled, locale: 'ja-JP', bypassCSP: true })
  const page = await context.newPage()
  page.on('pageerror', (error) => pageErrors.push(error))
  return page
}

/** The lottery's states the route table's visits (first-come seminars) do not show; run with JavaScript only. */
const violations = async (page: Page, javaScriptEnabled: boolean) => (javaScriptEnabled ? axeViolations(page) : [])

const text = async (page: Page, testId: string) => (await page.getByTestId(testId).textContent())?.trim()

for (const javaScriptEnabled of JAVASCRIPT_SETTINGS) {
  describe(`a lottery seminar's participant ${javaScriptEnabled ? 'with' : 'without'} JavaScript`, () => {
    it('applies, waits for the draw, wins and confirms; one not selected can neither change nor cancel', async () => {
      const title = `抽選の講座 ${javaScriptEnabled ? 'JS' : 'HTML'}`
      const seminar = await createSeminar(app.db, { title, capacityInPerson: 1, waitlistEnabled: false })
      const drawAt = new Date(Date.now() + 2 * 86400_000)
      await makeLottery(app.db, seminar.id, { drawAt, confirmHours: 48 })
      const drawDate = formatDateTime(drawAt, 'ja')

      const page = await newPage(javaScriptEnabled)
      await page.goto(`${app.url}/seminars/${seminar.id}`)
      expect(await text(page, 'lottery-badge')).toBe('抽選')
      expect(await text(page, 'lottery-draw-at')).toBe(drawDate)
      expect(await text(page, 'lottery-period')).toContain(drawDate)
      expect(await text(page, 'lottery-notice')).toContain(`${drawDate} に抽選し`)
      expect(await violations(page, javaScriptEnabled)).toEqual([])
      await page.getByRole('link', { name: '抽選に申し込む' }).click()
      await page.waitForURL(/\/register$/)
      expect(await text(page, 'lottery-form-notice')).toContain(`${drawDate} の抽選まで`)
      const email = `lottery-${javaScriptEnabled}@example.jp`
      await page.locator('[name=name]').fill('抽選 花子')
      await page.locator('[name=furigana]').fill('ちゅうせん はなこ')
      await page.locator('[name=email]').fill(email)
      await page.locator('[name=organizationName]').fill('株式会社テスト製作所')
      await page.locator('[name=industry]').selectOption('E')
      await page.getByLabel('市内', { exact: true }).check()
      await page.locator('[name=consent]').check()
      await page.getByRole('button', { name: '抽選に申し込む' }).click()
      await page.waitForURL(/\/seminars\/[^/]+\/registered$/)
      await expect
        .poll(() => page.getByRole('heading', { level: 1 }).textContent())
        .toBe('抽選のお申込みを受け付けました')
      expect(await text(page, 'lottery-applied')).toContain(`抽選待ちです。抽選は ${drawDate} に行い`)
      const mine = await app.db.registration.findFirstOrThrow({ where: { seminarId: seminar.id, email } })
      expect(mine.status).toBe('APPLIED')

      // The link page before the draw: 抽選待ち with the draw's date, no slip, no calendar; the
      // application may still be changed or cancelled.
      await page.goto(`${app.url}/r/${mine.manageToken}`)
      expect(await text(page, 'registration-status')).toBe('抽選待ち')
      expect(await text(page, 'lottery-state')).toContain(`抽選は ${drawDate} に行い`)
      expect(await page.getByRole('img', { name: /受付票QRコード/ }).count()).toBe(0)
      expect(await page.getByRole('link', { name: 'カレンダーに登録 (.ics)' }).count()).toBe(0)
      expect(await page.getByRole('link', { name: 'お申込み内容を変更する' }).count()).toBe(1)
      expect(await page.getByRole('link', { name: 'お申込みをキャンセルする' }).count()).toBe(1)
      expect(await violations(page, javaScriptEnabled)).toEqual([])

      // Someone else applies too; the draw gives the one seat to one of the two.
      const other = await register(app.db, { seminarId: seminar.id, ...participant() })
      const staff = await createConsoleUser(app.db, {
        email: `lottery-staff-${javaScriptEnabled}@city.example.jp`,
        name: '抽選 係',
        password: 'a long password 1',
      })
      await drawLottery(app.db, seminar.id, { userId: staff.id })
      const rows = await app.db.registration.findMany({ where: { id: { in: [mine.id, other.id] } } })
      const winner = rows.find((r) => r.status === 'CONFIRMED')!
      const loser = rows.find((r) => r.status === 'NOT_SELECTED')!

      // The seminar page now says it was drawn and seats left go first come.
      await page.goto(`${app.url}/seminars/${seminar.id}`)
      expect(await page.getByTestId('lottery-badge').count()).toBe(0)
      expect(await text(page, 'lottery-notice')).toContain(
        '抽選を行いました。残っている席は、先着順で受け付けています。',
      )

      // The winner: 当選, the lottery number, the slip and the deadline with its button.
      await page.goto(`${app.url}/r/${winner.manageToken}`)
      expect(await text(page, 'registration-status')).toBe('参加確定')
      expect(await text(page, 'lottery-state')).toBe('抽選の結果、当選しました。')
      expect(await text(page, 'lottery-number')).toBe(String(winner.lotteryNumber))
      expect(await page.getByRole('img', { name: /受付票QRコード/ }).count()).toBe(1)
      const deadline = formatDateTime(winner.confirmBy!, 'ja')
      await page.getByText(`${deadline} までに、下のボタンで参加を確定してください。`).waitFor()
      expect(await violations(page, javaScriptEnabled)).toEqual([])
      // Opening the page confirmed nothing.
      expect((await app.db.registration.findUniqueOrThrow({ where: { id: winner.id } })).confirmBy).toEqual(
        winner.confirmBy,
      )
      await page.getByRole('button', { name: '参加を確定する' }).click()
      await page.waitForURL(/\?changed=confirmed$/)
      expect(await page.getByRole('status').textContent()).toBe(
        '参加を確定しました。当日は受付票（QRコード）をお示しください。',
      )
      expect((await app.db.registration.findUniqueOrThrow({ where: { id: winner.id } })).confirmBy).toBeNull()
      expect(await page.getByRole('button', { name: '参加を確定する' }).count()).toBe(0)

      // The one not selected: 落選, no slip, nothing to change or cancel.
      await page.goto(`${app.url}/r/${loser.manageToken}`)
      expect(await text(page, 'registration-status')).toBe('落選')
      expect(await text(page, 'lottery-state')).toContain('抽選の結果、残念ながら落選となりました。')
      expect(await page.getByRole('img', { name: /受付票QRコード/ }).count()).toBe(0)
      expect(await page.getByRole('link', { name: 'お申込み内容を変更する' }).count()).toBe(0)
      expect(await page.getByRole('link', { name: 'お申込みをキャンセルする' }).count()).toBe(0)
      expect(await violations(page, javaScriptEnabled)).toEqual([])
      await page.goto(`${app.url}/r/${loser.manageToken}/change`)
      await page.getByText('抽選の結果、落選となったお申込みは、変更・キャンセルできません。').waitFor()
      expect(await page.getByRole('button', { name: '変更する' }).count()).toBe(0)
      await page.goto(`${app.url}/r/${loser.manageToken}/cancel`)
      await page.waitForURL(new RegExp(`/r/${loser.manageToken}$`))
      expect((await app.db.registration.findUniqueOrThrow({ where: { id: loser.id } })).status).toBe('NOT_SELECTED')
      await page.context().close()
    })
  })
}

describe('a lottery seminar with a waiting list', () => {
  it('shows the one drawn onto the reserve list their place (補欠) and the lottery number', async () => {
    const seminar = await createSeminar(app.db, { title: '補欠のある抽選', capacityInPerson: 1 })
    await makeLottery(app.db, seminar.id)
    const a = await register(app.db, { seminarId: seminar.id, ...participant() })
    const b = await register(app.db, { seminarId: seminar.id, ...participant() })
    await drawLottery(app.db, seminar.id, null)
    const rows = await app.db.registration.findMany({ where: { id: { in: [a.id, b.id] } } })
    const reserve = rows.find((r) => r.status === 'WAITLISTED')!
    const page = await newPage(false)
    await page.goto(`${app.url}/r/${reserve.manageToken}`)
    expect(await text(page, 'registration-status')).toBe('補欠（1番目）')
    expect(await text(page, 'lottery-state')).toBe(
      '抽選の結果、補欠（1番目）になりました。お席が空きしだい順に繰り上がり、メールでお知らせします。',
    )
    expect(await text(page, 'lottery-number')).toBe(String(reserve.lotteryNumber))
    expect(await page.getByTestId('slip-waiting').count()).toBe(0)
    expect(await page.getByRole('img', { name: /受付票QRコード/ }).count()).toBe(0)
    // A reserve place may still be given up, as any place on a waiting list.
    expect(await page.getByRole('link', { name: 'お申込みをキャンセルする' }).count()).toBe(1)
    await page.context().close()
  })
})
