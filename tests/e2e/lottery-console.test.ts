import type { Browser, Page } from 'playwright-core'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { verify, type DrawRecord } from '~/modules/lottery/method'
import { register } from '~/modules/registration/registrations.server'
import { toTokyoInputValue } from '~/utils/time'
import { axeViolations } from '../support/axe'
import { startAppServer, type AppServer } from '../support/app-server'
import { JAVASCRIPT_SETTINGS, launchBrowser } from '../support/browser'
import { signIn, organizerWithProgram } from '../support/console'
import { createSeminar, participant } from '../support/factories'

/**
 * The console's lottery page (docs/decisions/0049-lottery.md): the organizer makes a seminar a
 * lottery with a priority on an answer, sees the commitment and the applications, draws early
 * after confirming, and downloads the record — with and without JavaScript.
 */
let app: AppServer
let browser: Browser
let programId: string
const PASSWORD = 'a long organizer password 1'
const pageErrors: Error[] = []
const DAY = 24 * 3600_000
const SHOTS = process.env.LOTTERY_SHOTS

async function shot(page: Page, name: string) {
  if (SHOTS) await page.screenshot({ path: `${SHOTS}/${name}.png`, fullPage: true })
}

/** The lottery page's states the route table's one visit (a first-come seminar) does not show. */
const violations = axeViolations

beforeAll(async () => {
  app = await startAppServer()
  browser = await launchBrowser()
  programId = (
    await organizerWithProgram(app.db, {
      email: 'lottery@city.example.jp',
      name: '抽選 担当',
      password: PASSWORD,
      code: 'LOT',
      programName: '抽選事業',
    })
  ).programId
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
  const context = await browser.newContext({
    bypassCSP: true,
    javaScriptEnabled,
    viewport: { width: 1280, height: 900 },
    acceptDownloads: true,
  })
  const page = await context.newPage()
  page.on('pageerror', (error) => pageErrors.push(error))
  return page
}

describe('the console lottery page', () => {
  for (const javaScriptEnabled of JAVASCRIPT_SETTINGS) {
    const js = `JavaScript ${javaScriptEnabled ? 'on' : 'off'}`
    it(`sets up a lottery, draws it early once confirmed, and gives its record (${js})`, async () => {
      const seminar = await createSeminar(app.db, { programId, title: `抽選セミナー ${js}`, capacityInPerson: 2 })
      await app.db.question.create({
        data: {
          seminarId: seminar.id,
          form: 'REGISTRATION',
          position: 1,
          kind: 'ONE_CHOICE',
          label: 'ご職業',
          choices: JSON.stringify([
            { key: 'student', label: '学生', labelEn: null },
            { key: 'worker', label: '会社員', labelEn: null },
          ]),
        },
      })
      const staff = await newPage(javaScriptEnabled)
      await signIn(staff, app.url, 'lottery@city.example.jp', PASSWORD)
      await staff.goto(`${app.url}/console/seminars/${seminar.id}`)
      await staff.getByRole('link', { name: '抽選', exact: true }).click()
      await staff.getByRole('heading', { level: 1, name: '抽選' }).waitFor()

      // A draw after registration closes: refused beside the form, what was typed stays.
      const settings = staff.locator('form#lottery-settings')
      const late = toTokyoInputValue(new Date(Date.now() + 30 * DAY))
      await settings.getByLabel('抽選', { exact: true }).check()
      await settings.getByLabel('抽選日時').fill(late)
      await settings.getByLabel(/^当選者の参加確認の期限/).fill('48')
      await settings.getByLabel('優先1').selectOption({ label: '「ご職業」に「学生」と答えた方' })
      await settings.getByLabel('優先2').selectOption({ label: '市内在住・在勤' })
      await settings.getByRole('button', { name: '設定を保存' }).click()
      await settings
        .getByRole('alert')
        .getByText('抽選日時は、申込みの受付開始より後、締切までの日時にしてください。')
        .waitFor()
      await shot(staff, `refused-${javaScriptEnabled}`)
      if (javaScriptEnabled) expect(await violations(staff)).toEqual([])
      expect(await settings.getByLabel('抽選日時').inputValue()).toBe(late)
      expect(await settings.getByLabel(/^当選者の参加確認の期限/).inputValue()).toBe('48')
      expect(await settings.getByLabel('優先2').inputValue()).toBe('IN_CITY')
      expect(await app.db.lottery.count({ where: { seminarId: seminar.id } })).toBe(0)

      await settings.getByLabel('抽選日時').fill(toTokyoInputValue(new Date(Date.now() + 3 * DAY)))
      await settings.getByRole('button', { name: '設定を保存' }).click()
      await staff.getByRole('status').getByText('席の決め方を保存しました。').waitFor()
      const lottery = await app.db.lottery.findUniqueOrThrow({ where: { seminarId: seminar.id } })
      expect(lottery).toMatchObject({ confirmHours: 48, drawnAt: null })
      expect(JSON.parse(lottery.priorities)).toEqual([
        { kind: 'ANSWER', questionId: expect.any(String), value: 'student' },
        { kind: 'IN_CITY' },
      ])
      expect(await staff.getByTestId('seed-hash').textContent()).toBe(lottery.seedHash)
      await staff.getByText(lottery.seed).waitFor({ state: 'detached' })

      // Three people apply for two seats; the draw asks for the confirmation first.
      for (let i = 0; i < 3; i++) await register(app.db, { seminarId: seminar.id, ...participant() })
      await staff.reload()
      expect(await staff.getByTestId('applications-IN_PERSON').textContent()).toBe('3')
      await staff.getByText('申込みがあるため、優先グループは変えられません', { exact: false }).waitFor()
      await shot(staff, `before-draw-${javaScriptEnabled}`)
      if (javaScriptEnabled) expect(await violations(staff)).toEqual([])
      const drawForm = staff.locator('form#lottery-draw')
      await drawForm.getByRole('button', { name: '今すぐ抽選する' }).click()
      await drawForm.getByText('抽選する前に、確認のチェックを入れてください。').first().waitFor()
      expect((await app.db.lottery.findUniqueOrThrow({ where: { seminarId: seminar.id } })).drawnAt).toBeNull()
      await drawForm.getByLabel('申込みの受付を締め切って抽選します。', { exact: false }).check()
      await drawForm.getByRole('button', { name: '今すぐ抽選する' }).click()
      await staff.getByRole('status').getByText('抽選しました。', { exact: false }).waitFor()

      // The result: who, the seed now shown, the counts; the record downloads and verifies.
      await staff.getByRole('heading', { level: 2, name: '抽選の結果' }).waitFor()
      await staff.getByText('抽選 担当', { exact: true }).waitFor()
      await shot(staff, `drawn-${javaScriptEnabled}`)
      if (javaScriptEnabled) expect(await violations(staff)).toEqual([])
      expect(await staff.getByTestId('seed').textContent()).toBe(lottery.seed)
      expect(await staff.getByTestId('results').textContent()).toBe('当選 2名 · 補欠 1名 · 落選 0名')
      const [download] = await Promise.all([
        staff.waitForEvent('download'),
        staff.getByRole('link', { name: '抽選の記録をダウンロード（JSON）' }).click(),
      ])
      const record = JSON.parse(
        await (await download.createReadStream()).toArray().then((c) => Buffer.concat(c).toString('utf8')),
      ) as DrawRecord
      expect(record.seed).toBe(lottery.seed)
      expect(verify(record)).toEqual([])
      await staff.context().close()
    })
  }
})
