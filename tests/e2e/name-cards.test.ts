import type { Browser, Page } from 'playwright-core'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { createConsoleUser } from '~/modules/accounts/console-users.server'
import { cancelRegistration, register } from '~/modules/registration/registrations.server'
import { startAppServer, type AppServer } from '../support/app-server'
import { launchBrowser } from '../support/browser'
import { signIn } from '../support/console'
import { createSeminar, participant } from '../support/factories'

/**
 * Name cards (名札) printed from the roster (docs/decisions/0033): ten 90 × 55 mm cards to an A4
 * page, in the roster's order, a long name shrunk to stay inside its card; with and without
 * JavaScript, measured in print emulation and printed to PDF.
 */
let app: AppServer
let browser: Browser
let seminarId: string
const PASSWORD = 'a long name-card password 1'
const pageErrors: Error[] = []

const MM = 96 / 25.4 // CSS pixels in a millimetre
const LONG_KANJI = '寿限無寿限無五劫の擦り切れ海砂利水魚の水行末雲来末風来末'
const LONG_LATIN = 'Maximilian Alexander von Hohenzollern-Sigmaringen'
const LONG_ORGANIZATION = '一般社団法人 全国中小企業デジタルトランスフォーメーション推進協議会 東日本地域本部 事務局'

/** 23 people who hold a place, readings in katakana and hiragana mixed, given out of order. */
const PEOPLE: { name: string; furigana: string; organizationName?: string }[] = [
  { name: '渡辺 光', furigana: 'わたなべ ひかる' },
  { name: '青木 空', furigana: 'アオキ ソラ' },
  { name: LONG_KANJI, furigana: 'じゅげむ', organizationName: LONG_ORGANIZATION },
  { name: '石井 学', furigana: 'いしい まなぶ' },
  { name: '上田 純', furigana: 'ウエダ ジュン' },
  { name: '遠藤 愛', furigana: 'えんどう あい' },
  { name: '岡田 翔', furigana: 'オカダ ショウ' },
  { name: '加藤 誠', furigana: 'かとう まこと' },
  { name: '木村 拓', furigana: 'キムラ タク' },
  { name: '工藤 静', furigana: 'くどう しずか' },
  { name: '小林 進', furigana: 'コバヤシ ススム' },
  { name: '佐藤 健', furigana: 'さとう けん' },
  { name: '清水 恵', furigana: 'シミズ メグミ' },
  { name: '鈴木 一郎', furigana: 'すずき いちろう' },
  { name: '関 大地', furigana: 'セキ ダイチ' },
  { name: '田中 花子', furigana: 'たなか はなこ' },
  { name: '千葉 陸', furigana: 'チバ リク' },
  { name: '中村 優', furigana: 'なかむら ゆう' },
  { name: '西田 海', furigana: 'ニシダ カイ' },
  { name: '橋本 蓮', furigana: 'はしもと れん' },
  { name: '松本 葵', furigana: 'マツモト アオイ' },
  { name: '山本 正', furigana: 'やまもと ただし' },
  { name: LONG_LATIN, furigana: '', organizationName: 'Example Manufacturing Co., Ltd.' },
]
/** By reading, katakana and hiragana together; no reading last. */
const EXPECTED = [
  '青木 空',
  '石井 学',
  '上田 純',
  '遠藤 愛',
  '岡田 翔',
  '加藤 誠',
  '木村 拓',
  '工藤 静',
  '小林 進',
  '佐藤 健',
  '清水 恵',
  LONG_KANJI,
  '鈴木 一郎',
  '関 大地',
  '田中 花子',
  '千葉 陸',
  '中村 優',
  '西田 海',
  '橋本 蓮',
  '松本 葵',
  '山本 正',
  '渡辺 光',
  LONG_LATIN,
]

beforeAll(async () => {
  app = await startAppServer()
  browser = await launchBrowser()
  await createConsoleUser(app.db, {
    email: 'cards@city.example.jp',
    name: '名札 係',
    password: PASSWORD,
    role: 'STAFF',
  })
  const seminar = await createSeminar(app.db, { title: '名札を作るセミナー', capacityInPerson: 23 })
  seminarId = seminar.id
  const [first, ...rest] = PEOPLE
  const left = await register(app.db, {
    seminarId,
    ...participant({ name: '辞退 する人', furigana: 'あああ' }),
  })
  for (const p of [first, ...rest]) await register(app.db, { seminarId, ...participant(p) })
  // The 24th registered was waiting; the one who cancels frees a place for them.
  await cancelRegistration(app.db, left.id, { by: 'PARTICIPANT' })
  await register(app.db, { seminarId, ...participant({ name: '待機 次郎', furigana: 'たいき じろう' }) })
})
afterEach(() => {
  expect(pageErrors).toEqual([])
  expect(app.errors()).toBe('')
})
afterAll(async () => {
  await browser?.close()
  await app?.stop()
})

async function signedInPage(options: { javaScriptEnabled: boolean; width?: number }): Promise<Page> {
  const context = await browser.newContext({
    javaScriptEnabled: options.javaScriptEnabled,
    viewport: { width: options.width ?? 1280, height: 900 },
  })
  const page = await context.newPage()
  page.on('pageerror', (error) => pageErrors.push(error))
  await signIn(page, app.url, 'cards@city.example.jp', PASSWORD)
  return page
}

const cardNames = (page: Page) =>
  page.locator('.name-card .name-card-name').evaluateAll((els) => els.map((e) => e.textContent))

type Box = { left: number; top: number; right: number; bottom: number }
type Measured = { sheets: { card: Box; texts: Box[]; name: string }[][] }

/** Every card's box and the boxes of the text in it (its glyphs, whatever the CSS boxes say). */
function measure(page: Page): Promise<Measured> {
  return page.evaluate(() => {
    const box = (r: DOMRect) => ({ left: r.left, top: r.top, right: r.right, bottom: r.bottom })
    const sheets = [...document.querySelectorAll('.name-card-sheet')].map((sheet) =>
      [...sheet.querySelectorAll('.name-card')].map((card) => {
        const texts = [...card.querySelectorAll('p')].map((p) => {
          const range = document.createRange()
          range.selectNodeContents(p)
          return box(range.getBoundingClientRect())
        })
        return {
          card: box(card.getBoundingClientRect()),
          texts,
          name: card.querySelector('.name-card-name')!.textContent!,
        }
      }),
    )
    return { sheets }
  })
}

/** The pages of a PDF Chromium printed (its page objects are written uncompressed). */
const pageCount = (pdf: Buffer) => pdf.toString('latin1').match(/\/Type\s*\/Page(?![a-z])/g)?.length ?? 0

const inside = (inner: Box, outer: Box) =>
  inner.left >= outer.left - 0.5 &&
  inner.right <= outer.right + 0.5 &&
  inner.top >= outer.top - 0.5 &&
  inner.bottom <= outer.bottom + 0.5

describe('name cards', () => {
  it('are reached from the roster: those confirmed, by reading, ten to an A4 page of 2 × 5 cards of 90 × 55 mm, a long name inside its card', async () => {
    const page = await signedInPage({ javaScriptEnabled: true })
    await page.goto(`${app.url}/console/seminars/${seminarId}/roster`)
    await page.getByRole('link', { name: '名札を印刷' }).click()
    await page.waitForURL(/\/name-cards$/)
    await page.getByRole('heading', { level: 1, name: '名札を作るセミナー 名札' }).waitFor()
    expect(await cardNames(page)).toEqual(EXPECTED)
    expect(await page.getByText('23枚（A4 3ページ、1ページに10枚）。').count()).toBe(1)
    // The print button comes with JavaScript.
    await page.getByRole('button', { name: '名札を印刷する' }).waitFor()
    // Organization, reading and name on each card, the seminar's title too.
    const first = page.locator('.name-card').first()
    expect(await first.locator('.name-card-organization').textContent()).toBe('株式会社サンプル')
    expect(await first.locator('.name-card-furigana').textContent()).toBe('アオキ ソラ')
    expect(await first.locator('.name-card-seminar').textContent()).toBe('名札を作るセミナー')

    await page.emulateMedia({ media: 'print' })
    expect(await page.getByRole('button', { name: '名札を印刷する' }).isVisible()).toBe(false)
    const { sheets } = await measure(page)
    expect(sheets.map((s) => s.length)).toEqual([10, 10, 3])
    for (const sheet of sheets) {
      const lefts = new Set(sheet.map((c) => Math.round(c.card.left)))
      const tops = new Set(sheet.map((c) => Math.round(c.card.top)))
      expect(lefts.size).toBe(Math.min(sheet.length, 2))
      expect(tops.size).toBe(Math.ceil(sheet.length / 2))
      for (const { card, texts, name } of sheet) {
        expect(card.right - card.left).toBeCloseTo(90 * MM, 0)
        expect(card.bottom - card.top).toBeCloseTo(55 * MM, 0)
        // Every text (organization, reading, name, title) stays inside its card.
        for (const text of texts) expect(inside(text, card), `${name}: ${JSON.stringify({ text, card })}`).toBe(true)
      }
      // Ten cards take 180 × 275 mm: inside A4 (210 × 297 mm) less the 10 × 15 mm margins.
      const top = Math.min(...sheet.map((c) => c.card.top))
      const bottom = Math.max(...sheet.map((c) => c.card.bottom))
      expect(bottom - top).toBeLessThanOrEqual(277 * MM)
    }
    // The long names were shrunk, not cut: still a readable size.
    const sizes = await page
      .locator('.name-card-name')
      .evaluateAll((els) =>
        Object.fromEntries(els.map((e) => [e.textContent, parseFloat(getComputedStyle(e).fontSize)])),
      )
    expect(sizes[LONG_KANJI]).toBeGreaterThan(4 * MM)
    expect(sizes[LONG_LATIN]).toBeGreaterThan(4 * MM)
    expect(sizes['関 大地']).toBeCloseTo(11 * MM, 0)

    // Printed to A4: three pages for 23 people.
    const pdf = await page.pdf({ format: 'A4', preferCSSPageSize: true, printBackground: true })
    expect(pageCount(pdf)).toBe(3)

    // Ten people fill one page, and no empty page follows.
    const ten = await createSeminar(app.db, { title: '十人のセミナー' })
    for (const p of PEOPLE.slice(0, 10)) await register(app.db, { seminarId: ten.id, ...participant(p) })
    await page.goto(`${app.url}/console/seminars/${ten.id}/name-cards`)
    expect((await cardNames(page)).length).toBe(10)
    expect(pageCount(await page.pdf({ format: 'A4', preferCSSPageSize: true }))).toBe(1)
    await page.context().close()
  })

  it('work without JavaScript, filter by status, and fit a phone screen', async () => {
    const page = await signedInPage({ javaScriptEnabled: false, width: 390 })
    await page.goto(`${app.url}/console/seminars/${seminarId}/name-cards`)
    expect((await cardNames(page)).length).toBe(23)
    expect(await page.getByRole('button', { name: '名札を印刷する' }).count()).toBe(0)
    await page.getByLabel('参加確定').uncheck()
    await page.getByLabel('キャンセル待ち').check()
    await page.getByRole('button', { name: '表示' }).click()
    await page.waitForURL(/status=WAITLISTED/)
    expect(await cardNames(page)).toEqual(['待機 次郎'])
    await page.goto(`${app.url}/console/seminars/${seminarId}/name-cards?status=CANCELLED`)
    expect(await cardNames(page)).toEqual(['辞退 する人'])

    await page.goto(`${app.url}/console/seminars/${seminarId}/name-cards`)
    // One card across on a phone, none wider than the screen, the text inside.
    const { sheets } = await measure(page)
    for (const { card, texts, name } of sheets.flat()) {
      expect(card.right).toBeLessThanOrEqual(390)
      for (const text of texts) expect(inside(text, card), name).toBe(true)
    }
    expect(new Set(sheets.flat().map((c) => Math.round(c.card.left))).size).toBe(1)
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390)
    await page.context().close()
  })
})
