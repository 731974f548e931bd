import { spawn } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import type { ParsedMail } from 'mailparser'
import type { Browser, Page } from 'playwright-core'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { verify, type DrawRecord } from '~/modules/lottery/method'
import { register } from '~/modules/registration/registrations.server'
import { startAppServer, type AppServer } from '../support/app-server'
import { launchBrowser } from '../support/browser'
import { createSeminar, makeLottery, participant } from '../support/factories'
import { startTestSmtp, type TestSmtp } from '../support/smtp'

/**
 * A lottery from applications to the waiting list moving up (docs/decisions/0049-lottery.md), as
 * the app runs it: people apply on a phone (with and without JavaScript) and by other means, the
 * background job draws at the set time (the server's clock moved past it), the results go through
 * a real SMTP server — winners with their slip and calendar entry, the others with their 補欠
 * place — a winner cancels and the first reserve moves up, and the public record of the draw,
 * checked by `npm run lottery:verify`, gives the same winners.
 */
let app: AppServer
let smtp: TestSmtp
let browser: Browser
const pageErrors: Error[] = []
const HOUR = 3600_000
/** Waits for mail and the job count on a busy machine's pace, not an idle one's. */
const MAIL_WAIT_MS = 120_000

beforeAll(async () => {
  smtp = await startTestSmtp()
  app = await startAppServer({ env: { SMTP_URL: smtp.url } })
  browser = await launchBrowser()
})
afterEach(() => {
  expect(pageErrors).toEqual([])
  expect(app.errors()).toBe('')
})
afterAll(async () => {
  await browser?.close()
  await app?.stop()
  await smtp?.stop()
})

async function phone(javaScriptEnabled: boolean): Promise<Page> {
  const context = await browser.newContext({
    javaScriptEnabled,
    locale: 'ja-JP',
    viewport: { width: 390, height: 844 },
    acceptDownloads: true,
  })
  const page = await context.newPage()
  page.on('pageerror', (error) => pageErrors.push(error))
  return page
}

/** The 抽選 chips on the public list's card of a seminar. */
const lotteryChip = (page: Page, title: string) =>
  page
    .locator('.card', { hasText: title })
    .locator('.chip', { hasText: /^抽選$/ })
    .count()
const to = (mail: ParsedMail) => (Array.isArray(mail.to) ? mail.to[0] : mail.to)?.value[0]?.address ?? ''
const mailsTo = (address: string) => smtp.received.filter((m) => to(m) === address)

describe('a lottery, from applications to the waiting list', () => {
  it('is drawn by itself at its time, mails winners and reserves, moves the list up, and can be recomputed', async () => {
    const title = '抽選つき講座（定員2名）'
    const seminar = await createSeminar(app.db, { title, capacityInPerson: 2, waitlistEnabled: true })
    const drawAt = new Date(app.clock.now().getTime() + HOUR)
    await makeLottery(app.db, seminar.id, { drawAt })

    // Two people apply on a phone, one with JavaScript and one without; two more by other means.
    const emails: string[] = []
    for (const javaScriptEnabled of [true, false]) {
      const email = `lottery-flow-${javaScriptEnabled}@example.jp`
      emails.push(email)
      const page = await phone(javaScriptEnabled)
      // The list says it is a lottery.
      await page.goto(app.url)
      expect(await lotteryChip(page, title)).toBe(1)
      await page.goto(`${app.url}/seminars/${seminar.id}`)
      await page.getByTestId('lottery-fairness').getByText('抽選の方法と確かめ方').click()
      const lottery = await app.db.lottery.findUniqueOrThrow({ where: { seminarId: seminar.id } })
      expect(await page.getByTestId('public-seed-hash').textContent()).toBe(lottery.seedHash)
      expect(await page.getByTestId('public-seed').count()).toBe(0)
      await page.getByRole('link', { name: '抽選に申し込む' }).click()
      await page.locator('[name=name]').fill(`抽選 ${javaScriptEnabled ? '一郎' : '二郎'}`)
      await page.locator('[name=furigana]').fill('ちゅうせん')
      await page.locator('[name=email]').fill(email)
      await page.locator('[name=organizationName]').fill('株式会社テスト製作所')
      await page.locator('[name=industry]').selectOption('E')
      await page.getByLabel('市内', { exact: true }).check()
      await page.locator('[name=consent]').check()
      await page.getByRole('button', { name: '抽選に申し込む' }).click()
      await expect
        .poll(() => page.getByRole('heading', { level: 1 }).textContent())
        .toBe('抽選のお申込みを受け付けました')
      await page.context().close()
    }
    for (let i = 0; i < 2; i++) {
      const p = participant()
      emails.push(p.email)
      await register(app.db, { ...p, seminarId: seminar.id })
    }
    // Each gets the receipt of their application; nobody holds a seat yet.
    await smtp.waitFor(4, MAIL_WAIT_MS)
    expect(smtp.received.map((m) => m.subject)).toEqual(Array(4).fill(`【抽選お申込み受付】${title}`))
    expect((await app.db.seminar.findUniqueOrThrow({ where: { id: seminar.id } })).seatsTakenInPerson).toBe(0)

    // The draw's time passes: the background job draws by itself.
    app.clock.advance(HOUR + 60_000)
    await expect
      .poll(async () => (await app.db.lottery.findUniqueOrThrow({ where: { seminarId: seminar.id } })).drawnAt, {
        timeout: MAIL_WAIT_MS,
      })
      .not.toBeNull()
    const rows = await app.db.registration.findMany({ where: { seminarId: seminar.id } })
    const winners = rows.filter((r) => r.status === 'CONFIRMED')
    const reserves = rows
      .filter((r) => r.status === 'WAITLISTED')
      .sort((a, b) => a.waitlistPosition! - b.waitlistPosition!)
    expect([winners.length, reserves.length]).toEqual([2, 2])
    await smtp.waitFor(8, MAIL_WAIT_MS)
    for (const w of winners) {
      const [mail] = mailsTo(w.email).filter((m) => m.subject === `【抽選結果・当選】${title}`)
      expect(mail.text).toContain(w.code)
      expect(mail.attachments.some((a) => a.contentType.startsWith('text/calendar'))).toBe(true)
      expect(mail.attachments.some((a) => a.contentType === 'image/png')).toBe(true)
    }
    for (const [i, r] of reserves.entries()) {
      const lost = mailsTo(r.email).filter((m) => m.subject === `【抽選結果・補欠】${title}`)
      expect(lost).toHaveLength(1)
      expect(lost[0].text).toContain(`補欠（${i + 1}番目）`)
      expect(lost[0].attachments.some((a) => a.contentType.startsWith('text/calendar'))).toBe(false)
    }

    // A winner cancels through their link on a phone: the first reserve moves up and is told.
    const page = await phone(false)
    await page.goto(`${app.url}/r/${winners[0].manageToken}/cancel`)
    await page.getByRole('button', { name: 'キャンセルする' }).click()
    await expect
      .poll(async () => (await app.db.registration.findUniqueOrThrow({ where: { id: reserves[0].id } })).status)
      .toBe('CONFIRMED')
    await expect
      .poll(
        () =>
          mailsTo(reserves[0].email).some(
            (m) =>
              m.text?.includes(reserves[0].code) && m.subject === `【参加確定】${title}（キャンセル待ちから繰り上げ）`,
          ),
        {
          timeout: MAIL_WAIT_MS,
        },
      )
      .toBe(true)
    expect((await app.db.registration.findUniqueOrThrow({ where: { id: reserves[1].id } })).waitlistPosition).toBe(1)

    // Drawn: the list no longer calls it a lottery (seats left go first come). Anyone downloads the
    // record from the seminar page and recomputes it with the documented command.
    await page.goto(app.url)
    expect(await lotteryChip(page, title)).toBe(0)
    await page.goto(`${app.url}/seminars/${seminar.id}`)
    await page.getByTestId('lottery-fairness').getByText('抽選の方法と確かめ方').click()
    const seed = await page.getByTestId('public-seed').textContent()
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: '抽選の記録（JSON、個人情報を含みません）' }).click(),
    ])
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'lottery-')), 'lottery.json')
    await download.saveAs(file)
    const record = JSON.parse(fs.readFileSync(file, 'utf8')) as DrawRecord
    expect(record.seed).toBe(seed)
    expect(verify(record)).toEqual([])
    const { code, out } = await lotteryVerify(file)
    expect(out).toContain('OK: all 4 results match')
    expect(code).toBe(0)
    // Its winners are the people seated by the draw.
    const wonNumbers = record.units.filter((u) => u.result === 'WON').map((u) => u.number)
    expect(wonNumbers.sort()).toEqual(winners.map((w) => w.lotteryNumber).sort())
    await page.context().close()
  })
})

/** `npm run lottery:verify -- file`, as the README documents it (run through tsx, as npm does). */
function lotteryVerify(file: string): Promise<{ code: number | null; out: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/lottery-verify.ts', file], {
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let out = ''
  child.stdout.on('data', (d) => (out += d))
  child.stderr.on('data', (d) => (out += d))
  return new Promise((resolve) => child.once('exit', (code) => resolve({ code, out })))
}
