import type { Browser, Page } from 'playwright-core'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { createConsoleUser } from '~/modules/accounts/console-users.server'
import { startAppServer, type AppServer } from '../support/app-server'
import { launchBrowser } from '../support/browser'
import { signIn } from '../support/console'
import { createSeminar } from '../support/factories'

/**
 * Issue 18 point 5: every page has its own title (WCAG 2.4.2), 404 and 403 included; the 403 page
 * says what is not allowed and which role may; the focus ring meets 3:1 on white and on dark
 * (WCAG 1.4.11); a table that scrolls sideways can be reached and scrolled from the keyboard.
 */
let app: AppServer
let browser: Browser
const pageErrors: Error[] = []
let seminarId: string

beforeAll(async () => {
  app = await startAppServer()
  browser = await launchBrowser()
  seminarId = (await createSeminar(app.db, { title: '題名を確かめるセミナー', titleEn: 'A seminar to title' })).id
  await createConsoleUser(app.db, {
    email: 'titles-staff@city.example.jp',
    name: '事業 花子',
    password: 'a long staff password 123',
    role: 'STAFF',
  })
  await createConsoleUser(app.db, {
    email: 'titles-organizer@city.example.jp',
    name: '担当 次郎',
    password: 'a long organizer password 1',
    role: 'ORGANIZER',
  })
})
afterEach(() => {
  expect(pageErrors).toEqual([])
})
afterAll(async () => {
  await browser?.close()
  await app?.stop()
})

async function newPage(lang: 'ja' | 'en' = 'ja'): Promise<Page> {
  const context = await browser.newContext({ locale: 'ja-JP' })
  if (lang === 'en') await context.addCookies([{ name: 'lang', value: 'en', url: app.url }])
  const page = await context.newPage()
  page.on('pageerror', (error) => pageErrors.push(error))
  return page
}

async function titleOf(page: Page, path: string): Promise<string> {
  await page.goto(`${app.url}${path}`)
  await page.locator('h1').first().waitFor()
  return page.title()
}

describe('page titles', () => {
  it('names each public page, and the 404 page', async () => {
    const page = await newPage()
    const expected: [string, string][] = [
      ['/', '開催予定のセミナー | Jisseki セミナー'],
      [`/seminars/${seminarId}`, '題名を確かめるセミナー | Jisseki セミナー'],
      ['/privacy', '個人情報の取扱い | Jisseki セミナー'],
      ['/no-such-page', 'ページが見つかりません | Jisseki セミナー'],
      [`/seminars/not-a-seminar`, 'ページが見つかりません | Jisseki セミナー'],
    ]
    const seen: [string, string][] = []
    for (const [path] of expected) seen.push([path, await titleOf(page, path)])
    expect(seen).toEqual(expected)
    await page.context().close()
  })

  it('names each console page by what it is, in the staff member’s language', async () => {
    const expected: [string, string, string][] = [
      ['/console', 'セミナー一覧 | Jisseki 管理', 'Seminars | Jisseki console'],
      ['/console/programs', '事業 | Jisseki 管理', 'Programs | Jisseki console'],
      ['/console/categories', 'セミナーの種類 | Jisseki 管理', 'Seminar types | Jisseki console'],
      ['/console/indicators', '活動指標 | Jisseki 管理', 'Activity indicators | Jisseki console'],
      [
        `/console/seminars/${seminarId}`,
        '題名を確かめるセミナー | Jisseki 管理',
        '題名を確かめるセミナー | Jisseki console',
      ],
    ]
    for (const lang of ['ja', 'en'] as const) {
      const page = await newPage()
      await signIn(page, app.url, 'titles-staff@city.example.jp', 'a long staff password 123')
      if (lang === 'en') await page.context().addCookies([{ name: 'lang', value: 'en', url: app.url }])
      const seen: [string, string][] = []
      for (const [path] of expected) seen.push([path, await titleOf(page, path)])
      expect(seen).toEqual(expected.map(([path, ja, en]) => [path, lang === 'ja' ? ja : en]))
      await page.context().close()
    }
  }, 180_000)
})

describe('the 403 page', () => {
  it('says the page is not allowed and which role may open it', async () => {
    const page = await newPage()
    await signIn(page, app.url, 'titles-staff@city.example.jp', 'a long staff password 123')
    const response = await page.goto(`${app.url}/console/users`)
    expect(response?.status()).toBe(403)
    await page.getByRole('heading', { level: 1, name: 'このページを開く権限がありません' }).waitFor()
    expect(await page.title()).toBe('このページを開く権限がありません | Jisseki 管理')
    expect(await page.getByRole('alert').textContent()).toBe('このページは「管理者」の役割の人が開けます。')
    expect(await page.getByText('問題が発生しました', { exact: false }).count()).toBe(0)
    await page.context().close()
  })

  it('tells an organizer a seminar outside their programs is not theirs, and names the roles in English', async () => {
    const page = await newPage()
    await signIn(page, app.url, 'titles-organizer@city.example.jp', 'a long organizer password 1')
    expect((await page.goto(`${app.url}/console/seminars/${seminarId}`))?.status()).toBe(403)
    await page.getByRole('heading', { level: 1, name: 'このページを開く権限がありません' }).waitFor()
    expect(await page.getByRole('alert').textContent()).toBe(
      'このページは、担当として割り当てられた事業・セミナーのものだけ開けます。',
    )
    await page.context().addCookies([{ name: 'lang', value: 'en', url: app.url }])
    expect((await page.goto(`${app.url}/console/programs`))?.status()).toBe(403)
    await page.getByRole('heading', { level: 1, name: 'You are not allowed to open this page' }).waitFor()
    expect(await page.title()).toBe('You are not allowed to open this page | Jisseki console')
    expect(await page.getByRole('alert').textContent()).toBe(
      'This page is for the role of Administrator or Program staff.',
    )
    await page.context().close()
  })
})

/** WCAG relative luminance contrast of two CSS rgb() colours. */
function contrast(a: string, b: string): number {
  const lum = (css: string) => {
    const [r, g, bl] = css
      .match(/\d+(\.\d+)?/g)!
      .slice(0, 3)
      .map((v) => {
        const c = Number(v) / 255
        return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4
      })
    return 0.2126 * r + 0.7152 * g + 0.0722 * bl
  }
  const [hi, lo] = [lum(a), lum(b)].sort((x, y) => y - x)
  return (hi + 0.05) / (lo + 0.05)
}

describe('keyboard focus', () => {
  it('shows a ring with 3:1 against white and against a dark header', async () => {
    const page = await newPage()
    await page.goto(`${app.url}/`)
    await page.locator('h1').first().waitFor()
    await page.keyboard.press('Tab')
    const ring = await page.evaluate(() => {
      const el = document.activeElement as HTMLElement
      const style = getComputedStyle(el)
      return { tag: el.tagName, outline: style.outlineColor, width: style.outlineWidth, shadow: style.boxShadow }
    })
    expect(ring.tag).toBe('A')
    expect(parseFloat(ring.width)).toBeGreaterThanOrEqual(2)
    const halo = ring.shadow.match(/rgba?\([^)]*\)/)?.[0]
    expect(halo, 'a light halo around the dark line').toBeTruthy()
    // The line on white; the halo on a dark header (#1b1f24) and on the brand blue; line and halo apart.
    expect(contrast(ring.outline, 'rgb(255, 255, 255)')).toBeGreaterThanOrEqual(3)
    expect(contrast(halo!, 'rgb(27, 31, 36)')).toBeGreaterThanOrEqual(3)
    expect(contrast(halo!, 'rgb(11, 92, 171)')).toBeGreaterThanOrEqual(3)
    expect(contrast(ring.outline, halo!)).toBeGreaterThanOrEqual(3)
    await page.context().close()
  })

  it('reaches a table that scrolls sideways, named as the table is', async () => {
    const page = await newPage()
    await signIn(page, app.url, 'titles-staff@city.example.jp', 'a long staff password 123')
    await page.goto(`${app.url}/console`)
    await page.locator('h1').first().waitFor()
    const regions = await page.locator('.table-wrap').evaluateAll((els) =>
      els.map((el) => ({
        tabIndex: (el as HTMLElement).tabIndex,
        role: el.getAttribute('role'),
        name: el.getAttribute('aria-label'),
      })),
    )
    expect(regions.length).toBeGreaterThan(0)
    for (const region of regions)
      expect(region).toMatchObject({ tabIndex: 0, role: 'region', name: expect.any(String) })
    await page.getByRole('region', { name: 'セミナー' }).focus()
    expect(await page.evaluate(() => document.activeElement?.classList.contains('table-wrap'))).toBe(true)
    await page.context().close()
  })
})
