import type { Browser, Page } from 'playwright-core'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { createConsoleUser } from '~/modules/accounts/console-users.server'
import { markAttendance } from '~/modules/attendance/checkin.server'
import { fiscalYearLabel, fiscalYearOf } from '~/utils/time'
import { saveIndicator } from '~/modules/indicators/indicators.server'
import { register } from '~/modules/registration/registrations.server'
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
    email: 'admin@city.example.jp',
    name: '評価 管理者',
    password: 'evaluation admin password',
  })
  page = await browser.newPage({ viewport: { width: 1280, height: 900 } })
  page.on('pageerror', (error) => pageErrors.push(error))
  await signIn(page, app.url, 'admin@city.example.jp', 'evaluation admin password')
})
afterEach(() => {
  expect(pageErrors).toEqual([])
  expect(app.errors()).toBe('')
})
afterAll(async () => {
  await browser?.close()
  await app?.stop()
})

describe('activity indicators in the console', () => {
  it('creates an indicator, shows its actual as attendance is recorded, closes the year and accepts a late correction', async () => {
    const seminar = await createSeminar(app.db, { title: '指標セミナー' })
    // The session took place yesterday: it counts as held.
    const held = await app.db.session.findFirstOrThrow({ where: { seminarId: seminar.id } })
    const session = await app.db.session.update({
      where: { id: held.id },
      data: { startsAt: new Date(Date.now() - 86400_000), endsAt: new Date(Date.now() - 86400_000 + 7200_000) },
    })
    const fy = fiscalYearOf(session.startsAt)
    const [a, b] = await Promise.all([1, 2].map(() => register(app.db, { seminarId: seminar.id, ...participant() })))

    await page.goto(`${app.url}/console/indicators/new`)
    await page.locator('[name=code]').fill('E2E-1')
    await page.locator('[name=name]').fill('セミナー参加者数')
    await page.locator('[name=rule]').selectOption('PERSON_TIMES')
    await page.getByRole('button', { name: '保存' }).click()
    // Without a program the form says so and keeps what was typed.
    await expect.poll(() => page.locator('fieldset .field-error').first().textContent()).toBe('入力してください。')
    expect(await page.locator('[name=name]').inputValue()).toBe('セミナー参加者数')
    await page.getByLabel('テスト事業').check()
    await page.getByRole('button', { name: '保存' }).click()
    await page.waitForURL(/\/console\/indicators\/[^/?]+\?msg=/)
    await page
      .getByLabel(new RegExp(`FY${fy}|令和`))
      .first()
      .waitFor()
    await page.locator(`[name=plan-${fy}]`).fill('10')
    await page.getByRole('button', { name: '予定を保存' }).click()
    // The URL already ends in ?msg=ind.saved from saving the indicator: wait for the plan itself.
    await expect
      .poll(() => app.db.indicatorTarget.count({ where: { fiscalYear: fy, plan: 10 } }), { timeout: 10_000 })
      .toBe(1)

    await markAttendance(app.db, { sessionId: session.id, attendedRegistrationIds: [a.id], userId: null })
    await page.goto(`${app.url}/console/indicators?fy=${fy}`)
    const row = page.getByRole('row', { name: /セミナー参加者数/ })
    expect(await row.textContent()).toContain('10人')
    expect(await row.locator('td').nth(2).textContent()).toContain('1人')
    expect(await row.locator('td').nth(3).textContent()).toBe('10%')

    // Closing asks first, on a page of its own, and says who can reopen.
    await page.getByRole('link', { name: /を締める…$/ }).click()
    await page.waitForURL(/\/console\/indicators\/close\?fy=/)
    await expect.poll(() => page.locator('main').textContent()).toContain('締めを解除できるのは管理者です')
    await page.getByRole('button', { name: /を締める$/ }).click()
    await expect.poll(() => page.getByRole('status').textContent()).toBe('締めました。')
    await markAttendance(app.db, { sessionId: session.id, attendedRegistrationIds: [a.id, b.id], userId: null })
    await page.reload()
    expect(
      await page
        .getByRole('row', { name: /セミナー参加者数/ })
        .locator('td')
        .nth(2)
        .textContent(),
    ).toContain('締め後の差分 +1')
    // The report sentences keep the closed figure and show what waits.
    await page.goto(`${app.url}/console/reports?fy=${fy}`)
    expect(await page.locator('.sentences').first().textContent()).toContain('指標セミナーを開催、1名が参加')
    expect(await page.getByRole('region', { name: '締め後の差分（未反映）' }).textContent()).toContain(
      '延べ人数: 1 → 2',
    )
    // So does the evidence: the closed figure, and beside it what the records say now.
    const indicator = await app.db.indicator.findUniqueOrThrow({ where: { code: 'E2E-1' } })
    await page.goto(`${app.url}/console/indicators/${indicator.id}/evidence?fy=${fy}`)
    expect(await page.locator('.closed-figure').textContent()).toMatch(
      /締め済みの確定値です.*1人.*締め後の差分 \+1（未反映） — 現在の記録では 2人/,
    )
    await page.goto(`${app.url}/console/reports?fy=${fy}`)
    await page.getByLabel('調整の理由').fill('紙の名簿の転記漏れ')
    await page.getByRole('button', { name: '差分をすべて調整として反映' }).click()
    await expect.poll(() => page.getByRole('status').textContent()).toBe('調整を反映しました。')
    expect(
      await page
        .getByRole('row', { name: /セミナー参加者数/ })
        .locator('td')
        .nth(2)
        .textContent(),
    ).toMatch(/^2人/)
    expect(await page.locator('.adjustments').textContent()).toContain('紙の名簿の転記漏れ')

    await page.getByLabel('解除の理由').fill('再集計')
    await page.getByRole('button', { name: '締めを解除する（管理者のみ）' }).click()
    await expect.poll(() => page.getByRole('status').textContent()).toBe('締めを解除しました。')
    expect(await app.db.auditEvent.count({ where: { entityType: 'FiscalYear', entityId: String(fy) } })).toBe(3)

    await page.getByRole('link', { name: '内訳' }).first().click()
    expect(await page.getByRole('table', { name: '対象の日程' }).textContent()).toContain('指標セミナー')

    // Report sentences and the evaluation sheet show the same figures.
    await page.goto(`${app.url}/console/reports?fy=${fy}`)
    expect(await page.locator('.sentences').first().textContent()).toContain('指標セミナーを開催、2名が参加')
    const cookies = (await page.context().cookies()).map((c) => `${c.name}=${c.value}`).join('; ')
    const csv = await (
      await fetch(`${app.url}/console/exports/evaluation.csv?fy=${fy}`, { headers: { cookie: cookies } })
    ).text()
    // No seminar in scope the year before: blank, not 0. 2 of 10 is 20.0 %. Reopened, the year
    // under way is 集計中 (確定 only for a closed year).
    expect(csv.split('\r\n')[1]).toContain('テスト事業,セミナー参加者数,活動指標,人,,10,2,20,,集計中,')
  })

  it('writes report sentences in the wording chosen for the program, without JavaScript', async () => {
    const context = await browser.newContext({ javaScriptEnabled: false })
    await context.addCookies(await page.context().cookies())
    const plain = await context.newPage()
    const program = await app.db.program.create({ data: { code: 'AIFUKYU', name: 'AI普及啓発事業' } })
    const seminar = await createSeminar(app.db, { title: 'AI普及啓発セミナー', programId: program.id })
    const day = 86400_000
    const first = await app.db.session.findFirstOrThrow({ where: { seminarId: seminar.id } })
    await app.db.session.update({
      where: { id: first.id },
      data: { startsAt: new Date(Date.now() - 3 * day), endsAt: new Date(Date.now() - 3 * day + 7200_000) },
    })
    const second = await app.db.session.create({
      data: {
        seminarId: seminar.id,
        number: 2,
        startsAt: new Date(Date.now() - 2 * day),
        endsAt: new Date(Date.now() - 2 * day + 7200_000),
      },
    })
    const people = await Promise.all([1, 2, 3].map(() => register(app.db, { seminarId: seminar.id, ...participant() })))
    const ids = people.map((p) => p.id)
    await markAttendance(app.db, { sessionId: first.id, attendedRegistrationIds: ids, userId: null })
    await markAttendance(app.db, { sessionId: second.id, attendedRegistrationIds: ids.slice(0, 2), userId: null })
    const fy = fiscalYearOf(second.startsAt)

    await plain.goto(`${app.url}/console/reports?fy=${fy}`)
    const panel = plain.locator('.panel', { has: plain.getByRole('heading', { name: 'AI普及啓発事業' }) })
    expect(await panel.locator('.sentences li').first().textContent()).toBe(
      'AI普及啓発セミナーを2回開催、延べ5名が参加（実人数3名、1社）',
    )
    await panel.getByRole('link', { name: /書き方/ }).click()
    await plain.getByLabel('複数回の合計').selectOption('計')
    await plain.getByLabel('人数の単位').selectOption('人')
    await plain.getByLabel(/実人数を添える/).uncheck()
    await plain.getByLabel(/社数を添える/).uncheck()
    await plain.getByRole('button', { name: '保存' }).click()
    await plain.waitForURL(/msg=console\.saved/)
    await plain.goto(`${app.url}/console/reports?fy=${fy}`)
    expect(await panel.locator('.sentences li').allTextContents()).toEqual([
      'AI普及啓発セミナーを2回開催、計5人が参加',
      'AI普及啓発事業全体で計2回開催、計5人が参加',
    ])
    await context.close()
  })
})

describe('plans, past years and achievement rates (docs/decisions/0017)', () => {
  it('without JavaScript: the plans form saves all or nothing, with the error beside the field', async () => {
    const fy = fiscalYearOf(new Date())
    const program = await app.db.program.create({ data: { code: 'E2E-PL', name: '予定テスト事業' } })
    const id = await saveIndicator(app.db, {
      code: 'E2E-PLAN',
      name: '予定入力の指標',
      nameEn: null,
      kind: 'ACTIVITY',
      unit: '人',
      rule: 'PERSON_TIMES',
      categoryIds: [],
      seminarIds: [],
      modeScope: 'ALL',
      cumulative: false,
      baseYear: fy - 6,
      baseline: null,
      note: '',
      programIds: [program.id],
    })
    const context = await browser.newContext({ javaScriptEnabled: false, viewport: { width: 414, height: 896 } })
    const noJs = await context.newPage()
    await signIn(noJs, app.url, 'admin@city.example.jp', 'evaluation admin password')
    await noJs.goto(`${app.url}/console/indicators/${id}`)
    // Plans from the base year (six years back) to three years ahead.
    expect(await noJs.locator('[name^=plan-]').count()).toBe(10)
    const plan = (year: number) => noJs.getByLabel(fiscalYearLabel(year, 'ja'), { exact: true })
    const errorBeside = (year: number) =>
      noJs.locator('.field', { has: noJs.locator(`[name=plan-${year}]`) }).locator('.field-error')
    /** Submits a plain form and waits for the page that comes back. */
    const submit = (name: string) =>
      Promise.all([noJs.waitForEvent('load'), noJs.getByRole('button', { name, exact: true }).click()])
    const savePlans = () => submit('予定を保存')

    await plan(fy - 2).fill('77')
    await plan(fy).fill('abc')
    await savePlans()
    expect(await errorBeside(fy).textContent()).toBe('0以上の整数で入力してください。')
    expect(await errorBeside(fy - 2).textContent()).toBe('')
    expect([await plan(fy - 2).inputValue(), await plan(fy).inputValue()]).toEqual(['77', 'abc'])
    expect(await app.db.indicatorTarget.count({ where: { indicatorId: id } })).toBe(0)
    for (const bad of ['-1', '1.5']) {
      await plan(fy).fill(bad)
      await savePlans()
      expect(await errorBeside(fy).textContent(), bad).toBe('0以上の整数で入力してください。')
      expect(await app.db.indicatorTarget.count({ where: { indicatorId: id } })).toBe(0)
    }
    await plan(fy).fill('１，２００')
    await savePlans()
    expect(await noJs.getByRole('status').textContent()).toBe('保存しました。')
    const saved = await app.db.indicatorTarget.findMany({ where: { indicatorId: id }, orderBy: { fiscalYear: 'asc' } })
    expect(saved.map((t) => [t.fiscalYear, t.plan])).toEqual([
      [fy - 2, 77],
      [fy, 1200],
    ])

    // A hand-entered actual five years back, for a seminar-fed indicator; negative is refused.
    const old = fy - 5
    await noJs.getByLabel('年度', { exact: true }).selectOption(String(old))
    await noJs.locator('#manual [name=value]').fill('-3')
    await submit('実績を保存')
    expect(
      await noJs
        .locator('.field', { has: noJs.locator('[name=value]') })
        .locator('.field-error')
        .textContent(),
    ).toBe('0以上の数値で入力してください。')
    expect(await app.db.manualFigure.count({ where: { indicatorId: id } })).toBe(0)
    await noJs.locator('#manual [name=value]').fill('150')
    await noJs.getByLabel('状態', { exact: true }).selectOption('ESTIMATE')
    await submit('実績を保存')
    expect(await app.db.manualFigure.count({ where: { indicatorId: id, fiscalYear: old, month: 0 } })).toBe(1)
    const handEntered = noJs.getByRole('table', { name: '手入力の実績' })
    expect(await handEntered.getByRole('row', { name: new RegExp(fiscalYearLabel(old, 'ja')) }).textContent()).toMatch(
      /150\s*手入力記録なし見込/,
    )

    // The dashboard of that year shows the figure with its mark.
    await noJs.goto(`${app.url}/console/indicators?fy=${old}`)
    const dashboardRow = await noJs
      .getByRole('row', { name: /予定入力の指標/ })
      .locator('td')
      .nth(2)
      .textContent()
    expect(dashboardRow).toMatch(/^150人.*手入力/)

    // The office turns the achievement bands on.
    await noJs.goto(`${app.url}/console/indicators/settings`)
    await noJs.getByLabel('達成度区分を出力に含める').check()
    await submit('設定を保存')
    expect(await noJs.getByRole('status').textContent()).toBe('達成度区分の設定を保存しました。')

    // The evaluation sheet of the year after: 前年度実績 150 entered by hand; the plan of that year.
    await noJs.goto(`${app.url}/console/reports?fy=${old + 1}`)
    const sheet = noJs.getByRole('table', { name: '事業評価調書' })
    expect(await sheet.locator('th').allTextContents()).toContain('達成度区分')
    const cells = await sheet
      .getByRole('row', { name: /予定入力の指標/ })
      .locator('td')
      .allTextContents()
    expect(cells.slice(4)).toEqual(['150', '', '', '', '', '', '見込', '前年度実績', ''])
    const multi = noJs.getByRole('table', { name: '年度別推移' })
    const multiCells = await multi
      .getByRole('row', { name: /予定入力の指標/ })
      .locator('td')
      .allTextContents()
    // Five years up to the chosen one, each plan, actual, rate, band, state: years without data are
    // blank; the hand-entered year (the fourth) carries its mark.
    expect(multiCells.slice(4, 9)).toEqual(['', '', '', '', '見込'])
    expect(multiCells.slice(19, 24)).toEqual(['', '150', '', '', '見込（手入力）'])

    // This year: 1,200 planned; nothing held in scope, so the actual is blank (not 0); 集計中.
    await noJs.goto(`${app.url}/console/reports?fy=${fy}`)
    const now = await noJs
      .getByRole('table', { name: '事業評価調書' })
      .getByRole('row', { name: /予定入力の指標/ })
      .locator('td')
      .allTextContents()
    expect(now.slice(5, 7)).toEqual(['1,200', ''])
    expect(now[10]).toBe('集計中')

    // Deleting the hand-entered figure gives the year back to its records (none: blank).
    await noJs.goto(`${app.url}/console/indicators/${id}`)
    await submit(`削除 ${fiscalYearLabel(old, 'ja')}`)
    expect(await noJs.getByRole('status').textContent()).toBe('削除しました。')
    expect(await app.db.manualFigure.count({ where: { indicatorId: id } })).toBe(0)
    await context.close()
  })
})
