import type { Browser, BrowserContext, Page } from 'playwright-core'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { createConsoleUser } from '~/modules/accounts/console-users.server'
import { ensureCategory } from '~/modules/categories/categories.server'
import { tokyoDate, tokyoDayRange } from '~/utils/time'
import { startAppServer, type AppServer } from '../support/app-server'
import { launchBrowser } from '../support/browser'
import { signIn } from '../support/console'

/**
 * The console's long lists as staff use them (issue 18 points 11 and 13): the seminar list by
 * date with filters in a plain GET form (JavaScript off), 50 a page with 前へ/次へ and the total;
 * the sent mail and the audit trail paged the same way; sessions named by browser and system.
 */
let app: AppServer
let browser: Browser
let signedIn: BrowserContext | undefined
const pageErrors: Error[] = []
const ADMIN = { email: 'lists-admin@city.example.jp', password: 'a long admin password' }
const HOUR = 3600_000

beforeAll(async () => {
  app = await startAppServer()
  browser = await launchBrowser()
  await createConsoleUser(app.db, { email: ADMIN.email, name: '一覧 花子', password: ADMIN.password })
  const now = app.clock.now()
  const category = await ensureCategory(app.db, 'セミナー')
  const many = await app.db.program.create({ data: { code: 'MANY', name: '連続講座事業' } })
  const other = await app.db.program.create({ data: { code: 'TODAY', name: '交流事業' } })
  const seminar = (id: string, programId: string, title: string, status = 'PUBLISHED' as const) => ({
    id,
    programId,
    categoryId: category,
    title,
    status,
    mode: 'IN_PERSON' as const,
    venueName: '産業振興センター',
    capacityInPerson: 30,
    registrationOpensAt: new Date(now.getTime() - 24 * HOUR),
    registrationClosesAt: new Date(now.getTime() + 24 * HOUR),
  })
  // 120 seminars created in the reverse order of their dates: 講座000 is the soonest.
  await app.db.seminar.createMany({
    data: Array.from({ length: 120 }, (_, i) =>
      seminar(`many-${119 - i}`, many.id, `講座${String(119 - i).padStart(3, '0')}`),
    ),
  })
  await app.db.session.createMany({
    data: Array.from({ length: 120 }, (_, i) => ({
      seminarId: `many-${i}`,
      number: 1,
      startsAt: new Date(now.getTime() + (48 + i) * HOUR),
      endsAt: new Date(now.getTime() + (49 + i) * HOUR),
    })),
  })
  // One session on today's Japan date, a minute after its midnight.
  const today = tokyoDayRange(tokyoDate(now))!.start
  await app.db.seminar.create({ data: seminar('today', other.id, '今日の交流会') })
  await app.db.session.create({
    data: {
      seminarId: 'today',
      number: 1,
      startsAt: new Date(today.getTime() + 60_000),
      endsAt: new Date(today.getTime() + 2 * HOUR),
    },
  })
  await app.db.seminar.create({
    data: { ...seminar('cancelled', other.id, '中止になった交流会'), status: 'CANCELLED' },
  })
  await app.db.session.create({
    data: {
      seminarId: 'cancelled',
      number: 1,
      startsAt: new Date(now.getTime() - 400 * 24 * HOUR),
      endsAt: new Date(now.getTime() - 399 * 24 * HOUR),
    },
  })
  // 120 messages and 60 changes in the trail, all at one instant.
  await app.db.outboxMessage.createMany({
    data: Array.from({ length: 120 }, (_, i) => ({
      kind: 'CONFIRMED' as const,
      status: 'SENT' as const,
      sentAt: now,
      messageId: `<e2e-${i}@jisseki.test>`,
      seminarId: 'many-0',
      createdAt: now,
    })),
  })
  await app.db.auditEvent.createMany({
    data: Array.from({ length: 60 }, (_, i) => ({
      at: now,
      action: 'seminar.update',
      entityType: 'Seminar',
      entityId: `many-${i}`,
    })),
  })
})
afterEach(() => {
  expect(pageErrors).toEqual([])
  expect(app.errors()).toBe('')
})
afterAll(async () => {
  await browser?.close()
  await app?.stop()
})

/** A page of the signed-in admin; `javaScriptEnabled: false` for the plain-HTML path. */
async function adminPage(options: { javaScriptEnabled?: boolean; width?: number } = {}): Promise<Page> {
  // Signed in once, at the first page (not in beforeAll: a loaded machine needs the hook's time for the server).
  if (!signedIn) {
    signedIn = await browser.newContext()
    const page = await signedIn.newPage()
    await signIn(page, app.url, ADMIN.email, ADMIN.password)
    await page.close()
  }
  const context = await browser.newContext({
    storageState: await signedIn.storageState(),
    javaScriptEnabled: options.javaScriptEnabled ?? true,
    viewport: { width: options.width ?? 1280, height: 900 },
  })
  const page = await context.newPage()
  page.on('pageerror', (error) => pageErrors.push(error))
  return page
}

/** Waits for the list's count (shown above the list and again beside 前へ/次へ). */
const shown = (page: Page, text: string) => page.locator('.pager-count', { hasText: text }).first().waitFor()
const titlesOf = (page: Page) => page.locator('table.data tbody tr td:first-child').allTextContents()

describe('the console seminar list', () => {
  it('filters by program, time and text without JavaScript, keeps the filters in the URL and the form, and pages them', async () => {
    const page = await adminPage({ javaScriptEnabled: false })
    await page.goto(`${app.url}/console`)
    await shown(page, '全122件中 1〜50件目')
    expect(await titlesOf(page)).toHaveLength(50)
    await page.getByLabel('事業').selectOption('MANY')
    await page.getByLabel('時期').selectOption('upcoming')
    await page.getByLabel('タイトル・会場').fill('講座')
    await page.getByRole('button', { name: '絞り込む' }).click()
    await shown(page, '全120件中 1〜50件目')
    expect(new URL(page.url()).searchParams.toString()).toBe('program=MANY&status=&when=upcoming&q=%E8%AC%9B%E5%BA%A7')
    // By date, the soonest first — not in the order they were created.
    expect((await titlesOf(page)).slice(0, 3)).toEqual(['講座000', '講座001', '講座002'])
    await page.getByRole('navigation', { name: 'ページ送り' }).getByRole('link', { name: '次へ' }).click()
    await shown(page, '全120件中 51〜100件目')
    expect(new URL(page.url()).searchParams.get('page')).toBe('2')
    expect((await titlesOf(page))[0]).toBe('講座050')
    // The form still shows the filters of the page.
    expect(await page.getByLabel('事業').inputValue()).toBe('MANY')
    expect(await page.getByLabel('時期').inputValue()).toBe('upcoming')
    expect(await page.getByLabel('タイトル・会場').inputValue()).toBe('講座')
    await page.getByRole('link', { name: '次へ' }).click()
    await shown(page, '全120件中 101〜120件目')
    expect(await titlesOf(page)).toHaveLength(20)
    await page.getByRole('link', { name: '今日のセミナー' }).click()
    await shown(page, '全1件')
    expect(await titlesOf(page)).toEqual(['今日の交流会'])
    expect(await page.getByLabel('時期').inputValue()).toBe('today')
  })

  it('never breaks a status word on a phone', async () => {
    const page = await adminPage({ width: 320 })
    await page.goto(`${app.url}/console?status=CANCELLED`)
    const badge = page.locator('table.data .badge', { hasText: '中止' })
    await badge.waitFor()
    expect(await badge.evaluate((el) => [getComputedStyle(el).whiteSpace, getComputedStyle(el).wordBreak])).toEqual([
      'nowrap',
      'keep-all',
    ])
    // One line: no taller than the line of a one-character badge.
    const box = await badge.boundingBox()
    const lineHeight = await badge.evaluate((el) => parseFloat(getComputedStyle(el).lineHeight) || 20)
    expect(box!.height).toBeLessThan(lineHeight * 1.8)
  })
})

describe('the public seminar list', () => {
  for (const javaScriptEnabled of [false, true]) {
    it(`shows 30 cards a page with 前へ/次へ, the filters kept (JavaScript ${javaScriptEnabled ? 'on' : 'off'})`, async () => {
      const context = await browser.newContext({ javaScriptEnabled, viewport: { width: 390, height: 844 } })
      const page = await context.newPage()
      page.on('pageerror', (error) => pageErrors.push(error))
      const cards = () => page.locator('.seminar-cards h2').allTextContents()
      const count = () => page.locator('.result-count').textContent()
      await page.goto(`${app.url}/?program=MANY`)
      expect(await count()).toBe('全120件中 1〜30件目')
      expect(await cards()).toEqual(Array.from({ length: 30 }, (_, i) => `講座${String(i).padStart(3, '0')}`))
      const pager = page.getByRole('navigation', { name: '開催予定のセミナーのページ送り' })
      expect(await pager.getByRole('listitem').nth(1).textContent()).toBe('1 / 4ページ')
      await pager.getByRole('link', { name: '次へ' }).click()
      await page.waitForURL((url) => url.searchParams.get('page') === '2')
      expect(new URL(page.url()).searchParams.get('program')).toBe('MANY')
      await expect.poll(count).toBe('全120件中 31〜60件目')
      expect((await cards())[0]).toBe('講座030')
      await page.goto(`${app.url}/?program=MANY&page=9`)
      expect(await count()).toBe('全120件中 91〜120件目')
      expect((await cards()).at(-1)).toBe('講座119')
      await pager.getByRole('link', { name: '前へ' }).click()
      await expect.poll(count).toBe('全120件中 61〜90件目')
      await context.close()
    })
  }
})

describe('long admin lists', () => {
  it('pages the sent mail and the audit trail 50 at a time with the total', async () => {
    const page = await adminPage()
    await page.goto(`${app.url}/console/mail`)
    await shown(page, '全120件中 1〜50件目')
    expect(await page.locator('table.data tbody tr').count()).toBe(50)
    await page.getByRole('link', { name: '次へ' }).click()
    await shown(page, '全120件中 51〜100件目')
    await page.getByRole('link', { name: '前へ' }).click()
    await shown(page, '全120件中 1〜50件目')
    await page.goto(`${app.url}/console/audit?action=seminar.update`)
    await shown(page, '全60件中 1〜50件目')
    await page.getByRole('link', { name: '次へ' }).click()
    await shown(page, '全60件中 51〜60件目')
    expect(await page.locator('table.data tbody tr').count()).toBe(10)
    expect(new URL(page.url()).searchParams.get('action')).toBe('seminar.update')
  })

  it('names the device of a session by browser and system, not by its User-Agent string', async () => {
    const page = await adminPage()
    await page.goto(`${app.url}/console/account`)
    const table = page.getByRole('table', { name: 'ログイン中の端末' })
    await table.getByText('Chrome（Linux）').first().waitFor()
    expect(await table.textContent()).not.toContain('Mozilla/5.0')
  })
})
