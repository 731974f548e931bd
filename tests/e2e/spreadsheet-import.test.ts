import ExcelJS from 'exceljs'
import type { Browser, Page } from 'playwright-core'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { createConsoleUser } from '~/modules/accounts/console-users.server'
import { ensureCategory } from '~/modules/categories/categories.server'
import { startAppServer, type AppServer } from '../support/app-server'
import { JAVASCRIPT_SETTINGS, launchBrowser, waitForStatus } from '../support/browser'
import { signIn } from '../support/console'
import { createSeminar } from '../support/factories'

/**
 * Spreadsheet imports (docs/decisions/0034) through the pages: upload → columns → preview →
 * apply → undo, into a seminar with and without JavaScript, and past seminars from an Excel book.
 */
let app: AppServer
let browser: Browser
let programId: string
const PASSWORD = 'a long organizer password 1'
const pageErrors: Error[] = []

beforeAll(async () => {
  app = await startAppServer()
  browser = await launchBrowser()
  const organizer = await createConsoleUser(app.db, {
    email: 'sheets@city.example.jp',
    name: '表 取込',
    password: PASSWORD,
    role: 'ORGANIZER',
  })
  programId = (await app.db.program.create({ data: { code: 'SHT', name: '表取込事業' } })).id
  await app.db.programAssignment.create({ data: { userId: organizer.id, programId } })
  await ensureCategory(app.db, 'セミナー')
})
afterEach(() => {
  expect(pageErrors).toEqual([])
  expect(app.errors()).toBe('')
})
afterAll(async () => {
  await browser?.close()
  await app?.stop()
})

async function signedInPage(javaScriptEnabled: boolean): Promise<Page> {
  const context = await browser.newContext({ javaScriptEnabled })
  const page = await context.newPage()
  page.on('pageerror', (error) => pageErrors.push(error))
  await signIn(page, app.url, 'sheets@city.example.jp', PASSWORD)
  return page
}

describe('importing a registrant list into a seminar', () => {
  for (const javaScriptEnabled of JAVASCRIPT_SETTINGS) {
    it(`uploads, maps a column by hand, previews, applies and undoes (JavaScript ${javaScriptEnabled ? 'on' : 'off'})`, async () => {
      const seminar = await createSeminar(app.db, { programId, title: `名簿取込セミナー ${javaScriptEnabled}` })
      const page = await signedInPage(javaScriptEnabled)
      await page.goto(`${app.url}/console/seminars/${seminar.id}`)
      await page.getByRole('link', { name: '表計算ファイルから取り込む' }).click()
      await page.waitForURL(/\/import$/)
      await page.getByRole('heading', { level: 1, name: '申込者・出欠の取込' }).waitFor()

      // A form service's export: a question's number is no header the app knows (another one per
      // run: a mapping chosen once is offered again for the same headers).
      const question = javaScriptEnabled ? 'Q3' : 'Q4'
      const csv = [
        `氏名,ふりがな,${question},会社名`,
        `青木 一,あおき はじめ,aoki-${javaScriptEnabled}@example.jp,青木工業`,
        `井上 二,いのうえ じ,inoue-${javaScriptEnabled}@example.jp,井上商事`,
        `青木 一,あおき はじめ,aoki-${javaScriptEnabled}@example.jp,青木工業`,
      ].join('\r\n')
      await page.getByLabel('ファイル（CSV または Excel の .xlsx）').setInputFiles({
        name: 'form.csv',
        mimeType: 'text/csv',
        buffer: Buffer.from('\uFEFF' + csv, 'utf8'),
      })
      await page.getByRole('button', { name: '読み込む' }).click()
      await page.waitForURL(/\/import\/[^/]+$/)
      await page.getByRole('heading', { name: '列の対応' }).waitFor()
      expect(await page.getByLabel(question, { exact: true }).inputValue()).toBe('none')
      expect(await app.db.registration.count({ where: { seminarId: seminar.id } })).toBe(0)

      await page.getByLabel(question, { exact: true }).selectOption('email')
      await page.getByRole('button', { name: 'この対応で確認する' }).click()
      await page.locator('tr[data-line="4"][data-outcome="duplicate"]').waitFor()
      expect(await page.getByLabel(question, { exact: true }).inputValue()).toBe('email')
      expect(await page.locator('tr[data-line="4"]').textContent()).toContain('2行目と重複（取り込みません）')
      expect(await page.locator('dd[data-count="newRegistrations"]').textContent()).toBe('2')
      expect(await app.db.registration.count({ where: { seminarId: seminar.id } })).toBe(0)

      await page.getByRole('button', { name: 'この内容で取り込む' }).click()
      await page.waitForURL(/\?done=applied$/)
      await waitForStatus(page, '取り込みました。')
      const imported = await app.db.registration.findMany({ where: { seminarId: seminar.id } })
      expect(imported.map((r) => [r.name, r.source, r.consentedAt])).toEqual(
        expect.arrayContaining([
          ['青木 一', 'IMPORT', null],
          ['井上 二', 'IMPORT', null],
        ]),
      )
      expect(imported).toHaveLength(2)
      expect(await app.db.outboxMessage.count({ where: { seminarId: seminar.id } })).toBe(0)

      await page.getByRole('button', { name: 'この取込を取り消す' }).click()
      await page.waitForURL(/\?done=undone$/)
      await waitForStatus(page, '取込を取り消しました。')
      expect(await app.db.registration.count({ where: { seminarId: seminar.id } })).toBe(0)

      // The list of imports shows it as undone.
      await page.getByRole('link', { name: '取込の一覧へ' }).click()
      await page.waitForURL(/\/import$/)
      expect(await page.getByRole('row', { name: /form\.csv/ }).textContent()).toContain('取消済み')
      await page.context().close()
    })
  }
})

describe('importing past seminars', () => {
  it('creates a past seminar from an Excel book with a column per session (JavaScript off)', async () => {
    const book = new ExcelJS.Workbook()
    const sheet = book.addWorksheet('令和4年度')
    sheet.addRow(['講座名', '氏名', 'メールアドレス', '会社名', '2022/6/1', '2022/7/1'])
    sheet.addRow(['創業塾', '上田 一', 'ueda@example.jp', '上田商店', '○', '○'])
    sheet.addRow(['創業塾', '江藤 二', '', '江藤製作所', '×', '○'])
    const buffer = Buffer.from(await book.xlsx.writeBuffer())

    const page = await signedInPage(false)
    await page.goto(`${app.url}/console`)
    await page.getByRole('link', { name: '過去の開催を取り込む' }).click()
    await page.waitForURL(/\/console\/past-imports$/)
    await page.getByLabel('事業').selectOption({ label: 'SHT 表取込事業' })
    // An old binary .xls is refused with what to do about it.
    await page.getByLabel('ファイル（CSV または Excel の .xlsx）').setInputFiles({
      name: '平成30年度.xls',
      mimeType: 'application/vnd.ms-excel',
      buffer: Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0, 0, 0]),
    })
    await page.getByRole('button', { name: '読み込む' }).click()
    await page.getByText('読み込めないファイルです。', { exact: false }).waitFor()
    expect(await app.db.spreadsheetImport.count({ where: { programId } })).toBe(0)
    await page.getByLabel('事業').selectOption({ label: 'SHT 表取込事業' })
    await page.getByLabel('ファイル（CSV または Excel の .xlsx）').setInputFiles({
      name: '令和4年度.xlsx',
      mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      buffer,
    })
    await page.getByRole('button', { name: '読み込む' }).click()
    await page.waitForURL(/\/console\/programs\/[^/]+\/import\/[^/]+$/)
    await page.locator('dd[data-count="newSessions"]').waitFor()
    expect(await page.locator('dd[data-count="newSeminars"]').textContent()).toBe('1')
    expect(await page.locator('dd[data-count="newSessions"]').textContent()).toBe('2')
    expect(await page.locator('dd[data-count="newAttendances"]').textContent()).toBe('3')
    await page.getByRole('button', { name: 'この内容で取り込む' }).click()
    await page.waitForURL(/\?done=applied$/)

    const seminar = await app.db.seminar.findFirstOrThrow({
      where: { programId, title: '創業塾' },
      include: { sessions: { include: { _count: { select: { attendances: true } } }, orderBy: { number: 'asc' } } },
    })
    expect(seminar.sessions.map((s) => [s.number, s._count.attendances])).toEqual([
      [1, 1],
      [2, 2],
    ])
    await page.context().close()
  })
})
