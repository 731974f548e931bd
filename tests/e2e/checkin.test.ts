import type { Browser, Page } from 'playwright-core'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { createConsoleUser } from '~/modules/accounts/console-users.server'
import { register } from '~/modules/registration/registrations.server'
import { startAppServer, type AppServer } from '../support/app-server'
import { JAVASCRIPT_SETTINGS, launchBrowser } from '../support/browser'
import { signIn } from '../support/console'
import { createSeminar, participant } from '../support/factories'
import { fakeCameraWithQr } from '../support/fake-camera'

let app: AppServer
let browser: Browser
const pageErrors: Error[] = []
const PASSWORD = 'door staff password'

beforeAll(async () => {
  app = await startAppServer()
  browser = await launchBrowser()
  await createConsoleUser(app.db, { email: 'door@city.example.jp', name: '受付 担当', password: PASSWORD })
})
afterEach(() => {
  expect(pageErrors).toEqual([])
  expect(app.errors()).toBe('')
})
afterAll(async () => {
  await browser?.close()
  await app?.stop()
})

async function signedInPage(
  b: Browser,
  javaScriptEnabled = true,
  viewport = { width: 414, height: 896 },
): Promise<Page> {
  const context = await b.newContext({ javaScriptEnabled, viewport })
  const page = await context.newPage()
  page.on('pageerror', (error) => pageErrors.push(error))
  await signIn(page, app.url, 'door@city.example.jp', PASSWORD)
  return page
}

/** A seminar with two confirmed people and one session: running now (today in Japan) or a week ahead. */
async function seminarWithPeople(title: string, when: 'now' | 'next week' = 'now') {
  const seminar = await createSeminar(app.db, { title, capacityInPerson: 20 })
  const first = await app.db.session.findFirstOrThrow({ where: { seminarId: seminar.id } })
  // From an hour ago to an hour ahead: today's date in Japan whenever the test runs, even near midnight.
  const now = app.clock.now().getTime()
  const session =
    when === 'now'
      ? await app.db.session.update({
          where: { id: first.id },
          data: { startsAt: new Date(now - 3600_000), endsAt: new Date(now + 3600_000) },
        })
      : first
  const sakura = await register(app.db, {
    seminarId: seminar.id,
    ...participant({ name: '北野 さくら', furigana: 'きたの さくら' }),
  })
  const ken = await register(app.db, {
    seminarId: seminar.id,
    ...participant({ name: '南 健一', furigana: 'みなみ けんいち' }),
  })
  return { seminar, session, sakura, ken }
}

const result = (page: Page) => page.getByTestId('checkin-result').textContent()
const counter = (page: Page) => page.getByTestId('checkin-counter').textContent()

for (const javaScriptEnabled of JAVASCRIPT_SETTINGS) {
  describe(`the check-in page ${javaScriptEnabled ? 'with' : 'without'} JavaScript`, () => {
    it('searches, checks in with one tap, undoes, and takes a code typed by hand or by a scanner', async () => {
      const { session, sakura, ken } = await seminarWithPeople(`受付テスト ${javaScriptEnabled}`)
      const page = await signedInPage(browser, javaScriptEnabled)
      await page.goto(`${app.url}/console/sessions/${session.id}/checkin`)
      await expect.poll(() => counter(page)).toBe('受付済 0 / 予定 2')

      await page.getByLabel('名前・ふりがな・所属・受付番号で検索').fill('キタノ')
      await page.getByRole('button', { name: '検索' }).click()
      await page.getByRole('button', { name: '受付: 北野 さくら' }).click()
      await expect.poll(() => result(page)).toContain('北野 さくら さんを受付しました。')
      await expect.poll(() => counter(page)).toBe('受付済 1 / 予定 2')

      await page.getByRole('list', { name: '最近の受付' }).getByRole('button', { name: '取消: 北野 さくら' }).click()
      await expect
        .poll(() => page.getByRole('status').last().textContent())
        .toContain('北野 さくら さんの受付を取り消しました。')
      await expect.poll(() => counter(page)).toBe('受付済 0 / 予定 2')
      expect(await app.db.attendance.count({ where: { sessionId: session.id } })).toBe(0)

      // The code on the slip, typed by hand, and Enter.
      await page.getByLabel('受付番号（QRコードの読み取りまたは入力）').fill(ken.code)
      await page.keyboard.press('Enter')
      await expect.poll(() => result(page)).toContain('南 健一 さんを受付しました。')
      await page.getByLabel('受付番号（QRコードの読み取りまたは入力）').fill(ken.code.toLowerCase())
      await page.keyboard.press('Enter')
      await expect.poll(() => result(page)).toMatch(/南 健一 さんは \d\d:\d\d に受付済みです（受付 担当）。/)
      await expect.poll(() => counter(page)).toBe('受付済 1 / 予定 2')
      // A keyboard-wedge scanner reads the slip's QR code and types its token into the same field.
      const { checkinToken } = await app.db.registration.findUniqueOrThrow({
        where: { id: sakura.id },
        select: { checkinToken: true },
      })
      await page.getByLabel('受付番号（QRコードの読み取りまたは入力）').fill(checkinToken!)
      await page.keyboard.press('Enter')
      await expect.poll(() => result(page)).toContain('北野 さくら さんを受付しました。')
      await expect.poll(() => counter(page)).toBe('受付済 2 / 予定 2')
      const rows = await app.db.attendance.findMany({
        where: { sessionId: session.id },
        select: { registrationId: true, source: true },
      })
      // Typed by hand is recorded as typed, not as a QR read; the list says so.
      expect(new Map(rows.map((r) => [r.registrationId, r.source]))).toEqual(
        new Map([
          [ken.id, 'MANUAL'],
          [sakura.id, 'QR'],
        ]),
      )
      const recent = page.getByRole('list', { name: '最近の受付' })
      await recent.getByRole('listitem').filter({ hasText: '南 健一' }).filter({ hasText: '番号入力' }).waitFor()
      await recent.getByRole('listitem').filter({ hasText: '北野 さくら' }).filter({ hasText: 'QR読取' }).waitFor()
      await page.context().close()
    })

    it('asks before checking someone in to a session that is not today, and records nothing until confirmed', async () => {
      const { seminar, session, ken } = await seminarWithPeople(`別の日の受付 ${javaScriptEnabled}`, 'next week')
      const now = app.clock.now().getTime()
      const today = await app.db.session.create({
        data: {
          seminarId: seminar.id,
          number: 2,
          startsAt: new Date(now - 3600_000),
          endsAt: new Date(now + 3600_000),
        },
      })
      const page = await signedInPage(browser, javaScriptEnabled)
      await page.goto(`${app.url}/console/sessions/${session.id}/checkin`)
      const notice = await page.getByTestId('not-today-notice').textContent()
      expect(notice).toMatch(/^この回は今日（\d{4}年\d{1,2}月\d{1,2}日\(.\)）ではありません。受付のたびに確認します。/)
      expect(await page.getByRole('link', { name: '今日の回（第2回）の受付へ' }).getAttribute('href')).toBe(
        `/console/sessions/${today.id}/checkin`,
      )

      const confirm = page.getByTestId('checkin-confirm')
      await page.getByLabel('受付番号（QRコードの読み取りまたは入力）').fill(ken.code)
      await page.keyboard.press('Enter')
      await confirm.waitFor()
      // Both dates, Japan time: the session's (with its time) and today's.
      expect(await confirm.getByRole('alert').textContent()).toMatch(
        /^この回は \d{4}年\d{1,2}月\d{1,2}日\(.\) \d\d:\d\d です。今日（\d{4}年\d{1,2}月\d{1,2}日\(.\)）の回ではありません。南 健一 さんをこの回に受付しますか？/,
      )
      expect(await app.db.attendance.count({ where: { sessionId: session.id } })).toBe(0)
      // 受付しない: back to the door, nothing recorded.
      await confirm.getByRole('link', { name: '受付しない' }).click()
      await confirm.waitFor({ state: 'detached' })
      expect(await app.db.attendance.count({ where: { sessionId: session.id } })).toBe(0)

      // Picked from the search, then confirmed: checked in to this session, recorded as found.
      await page.getByLabel('名前・ふりがな・所属・受付番号で検索').fill('みなみ')
      await page.getByRole('button', { name: '検索' }).click()
      await page.getByRole('button', { name: '受付: 南 健一' }).click()
      await confirm.waitFor()
      expect(await app.db.attendance.count({ where: { sessionId: session.id } })).toBe(0)
      await confirm.getByRole('button', { name: 'この回に受付する' }).click()
      await expect.poll(() => result(page)).toContain('南 健一 さんを受付しました。')
      await expect.poll(() => counter(page)).toBe('受付済 1 / 予定 2')
      expect(
        await app.db.attendance.findMany({
          where: { sessionId: { in: [session.id, today.id] } },
          select: { sessionId: true, registrationId: true, source: true },
        }),
      ).toEqual([{ sessionId: session.id, registrationId: ken.id, source: 'SEARCH' }])

      // Today's session asks nothing.
      await page.goto(`${app.url}/console/sessions/${today.id}/checkin`)
      await page.getByLabel('受付番号（QRコードの読み取りまたは入力）').waitFor()
      expect(await page.getByTestId('not-today-notice').count()).toBe(0)
      await page.getByLabel('受付番号（QRコードの読み取りまたは入力）').fill(ken.code)
      await page.keyboard.press('Enter')
      await expect.poll(() => result(page)).toContain('南 健一 さんを受付しました。')
      expect(await page.getByTestId('checkin-confirm').count()).toBe(0)
      await page.context().close()
    })

    it('does not show a long code back in full, in the message or anywhere in the page', async () => {
      const { session } = await seminarWithPeople(`長い番号 ${javaScriptEnabled}`)
      const page = await signedInPage(browser, javaScriptEnabled)
      await page.goto(`${app.url}/console/sessions/${session.id}/checkin`)
      const long = 'ABCDE0123456789FGHIJKLMN0123456789PQRS'
      const field = page.getByLabel('受付番号（QRコードの読み取りまたは入力）')
      await field.fill(long)
      // What the server answers to the form: the next page without JavaScript, the action's data with it.
      // Its body is read at once, while the browser still holds it (a body asked for later may be gone).
      const answered = page.waitForResponse((res) => res.request().method() === 'POST').then((res) => res.text())
      await page.keyboard.press('Enter')
      const answer = await answered
      await expect.poll(() => result(page)).toBe(`受付番号「ABCD…（${long.length}文字）」は見つかりません。`)
      // Not in the page, nor in what the server answered, nor left in the field.
      await expect.poll(() => field.inputValue()).toBe('')
      expect(await page.content()).not.toContain('E0123456789')
      expect(answer).toContain('ABCD')
      expect(answer).not.toContain('E0123456789')
      // A short one is shown as typed, so a typo can be seen.
      await field.fill('K7QX3M9')
      await page.keyboard.press('Enter')
      await expect.poll(() => result(page)).toBe('受付番号「K7QX3M9」は見つかりません。')
      await page.context().close()
    })
  })
}

describe.skipIf(!JAVASCRIPT_SETTINGS.includes(true))('the check-in page, codes in quick succession', () => {
  it('keeps the next code typed while the last one is still being answered', async () => {
    const { session, sakura, ken } = await seminarWithPeople('続けて受付')
    const page = await signedInPage(browser)
    await page.goto(`${app.url}/console/sessions/${session.id}/checkin`)
    await expect.poll(() => counter(page)).toBe('受付済 0 / 予定 2')
    // The page's data, read again after the check-in, is held back: the answer is on its way.
    let release = () => {}
    const held = new Promise<void>((resolve) => (release = resolve))
    let reloadAsked = () => {}
    const reloading = new Promise<void>((resolve) => (reloadAsked = resolve))
    await page.route(
      (url) => url.pathname.endsWith('/checkin.data'),
      async (route) => {
        if (route.request().method() !== 'GET') return route.continue()
        reloadAsked()
        await held
        await route.continue()
      },
    )
    const field = page.getByLabel('受付番号（QRコードの読み取りまたは入力）')
    await field.fill(ken.code)
    await page.keyboard.press('Enter')
    await reloading
    // The next slip, scanned before the first one's answer is shown.
    await field.fill(sakura.code)
    release()
    await expect.poll(() => counter(page)).toBe('受付済 1 / 予定 2')
    await expect.poll(() => result(page)).toContain('南 健一 さんを受付しました。')
    expect(await field.inputValue()).toBe(sakura.code)
    await page.keyboard.press('Enter')
    await expect.poll(() => result(page)).toContain('北野 さくら さんを受付しました。')
    await expect.poll(() => counter(page)).toBe('受付済 2 / 予定 2')
    await expect.poll(() => field.inputValue()).toBe('')
    await page.context().close()
  })
})

describe('the check-in page on a phone', () => {
  it('has the search field on the first screen of a 390 × 844 phone, also with a result shown', async () => {
    const { session } = await seminarWithPeople('スマートフォンで受付する長い名前のセミナー（全4回・製造業向け）')
    // An admin: the console's longest menu.
    const page = await signedInPage(browser, true, { width: 390, height: 844 })
    const firstScreen = async (label: string) => {
      const box = await page.getByLabel(label).evaluate((el) => {
        const r = el.getBoundingClientRect()
        return { top: r.top + window.scrollY, bottom: r.bottom + window.scrollY }
      })
      expect(box.top).toBeGreaterThan(0)
      expect(box.bottom).toBeLessThanOrEqual(844)
    }
    await page.goto(`${app.url}/console/sessions/${session.id}/checkin`)
    await page.getByLabel('名前・ふりがな・所属・受付番号で検索').waitFor()
    await firstScreen('名前・ふりがな・所属・受付番号で検索')
    await firstScreen('受付番号（QRコードの読み取りまたは入力）')
    // A two-line answer above the forms.
    await page.getByLabel('受付番号（QRコードの読み取りまたは入力）').fill('0123456789ABCDEF0123456789ABCDEF')
    await page.keyboard.press('Enter')
    await expect.poll(() => result(page)).toContain('は見つかりません。')
    await firstScreen('名前・ふりがな・所属・受付番号で検索')
    // Nothing is wider than the phone.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390)
    await page.screenshot({ path: 'test-results/checkin-phone-390.png' })
    await page.context().close()
  })
})

describe('the check-in page with a camera', () => {
  it('reads the QR code of a reception slip through the camera and checks the person in', async () => {
    const { session, ken } = await seminarWithPeople('カメラ受付テスト')
    // The slip's QR carries the registration's 128-bit check-in token, not its short code.
    const { checkinToken } = await app.db.registration.findUniqueOrThrow({
      where: { id: ken.id },
      select: { checkinToken: true },
    })
    const cameraBrowser = await launchBrowser([
      '--use-fake-ui-for-media-stream',
      '--use-fake-device-for-media-stream',
      `--use-file-for-fake-video-capture=${fakeCameraWithQr(checkinToken!)}`,
    ])
    try {
      const page = await signedInPage(cameraBrowser)
      await page.goto(`${app.url}/console/sessions/${session.id}/checkin`)
      await page.getByRole('button', { name: 'カメラで読み取る' }).click()
      await expect.poll(() => result(page), { timeout: 20_000 }).toContain('南 健一 さんを受付しました。')
      await expect.poll(() => counter(page)).toBe('受付済 1 / 予定 2')
      await page.getByRole('button', { name: '読み取りを止める' }).click()
      expect(
        await app.db.attendance.count({ where: { sessionId: session.id, registrationId: ken.id, source: 'QR' } }),
      ).toBe(1)
    } finally {
      await cameraBrowser.close()
    }
  })
})

describe('walk-ins at the door', () => {
  it('registers a walk-in, and asks for an explicit override when the seminar is full', async () => {
    const seminar = await createSeminar(app.db, { title: '当日参加テスト', capacityInPerson: 1 })
    const session = await app.db.session.findFirstOrThrow({ where: { seminarId: seminar.id } })
    const page = await signedInPage(browser)
    await page.goto(`${app.url}/console/sessions/${session.id}/walk-in`)
    await page.locator('[name=name]').fill('当日 一郎')
    await page.getByRole('button', { name: '登録して受付' }).click()
    await expect.poll(() => page.getByRole('status').textContent()).toBe('当日 一郎 さんを当日参加として受付しました。')

    await page.locator('[name=name]').fill('当日 二郎')
    await page.getByRole('button', { name: '登録して受付' }).click()
    await expect.poll(() => page.getByRole('alert').first().textContent()).toContain('定員に達しています')
    expect(await page.locator('[name=name]').inputValue()).toBe('当日 二郎')
    expect(await app.db.registration.count({ where: { seminarId: seminar.id } })).toBe(1)
    await page.getByLabel('定員を超えて受け入れる').check()
    await page.getByRole('button', { name: '登録して受付' }).click()
    await expect.poll(() => page.getByRole('status').textContent()).toBe('当日 二郎 さんを当日参加として受付しました。')
    const walkIns = await app.db.registration.findMany({
      where: { seminarId: seminar.id },
      orderBy: { createdAt: 'asc' },
    })
    // No 所在地 given: unknown, not 市内.
    expect(walkIns.map((r) => [r.name, r.source, r.overCapacity, r.inCity])).toEqual([
      ['当日 一郎', 'WALK_IN', false, null],
      ['当日 二郎', 'WALK_IN', true, null],
    ])
    expect(await app.db.attendance.count({ where: { sessionId: session.id, source: 'WALK_IN' } })).toBe(2)
    await page.context().close()
  })

  it('records 所在地 as given, or unknown, and the registrations list shows 不明 for unknown', async () => {
    const seminar = await createSeminar(app.db, { title: '所在地テスト', capacityInPerson: 10 })
    const session = await app.db.session.findFirstOrThrow({ where: { seminarId: seminar.id } })
    const page = await signedInPage(browser, false)
    for (const [name, choice] of [
      ['市外 花子', '市外'],
      ['不明 太郎', '不明・未回答'],
      ['市内 次郎', '市内'],
    ]) {
      await page.goto(`${app.url}/console/sessions/${session.id}/walk-in`)
      await page.locator('[name=name]').fill(name)
      await page.getByLabel(choice, { exact: true }).check()
      await page.getByRole('button', { name: '登録して受付' }).click()
      await expect.poll(() => page.getByRole('status').textContent()).toBe(`${name} さんを当日参加として受付しました。`)
    }
    const registrations = await app.db.registration.findMany({ where: { seminarId: seminar.id } })
    expect(new Map(registrations.map((r) => [r.name, r.inCity]))).toEqual(
      new Map([
        ['市外 花子', false],
        ['不明 太郎', null],
        ['市内 次郎', true],
      ]),
    )
    await page.goto(`${app.url}/console/seminars/${seminar.id}`)
    const row = (name: string) => page.getByRole('row').filter({ hasText: name })
    const cells = async (name: string) => (await row(name).locator('td').allTextContents()).join('|')
    expect(await cells('不明 太郎')).toContain('|不明|')
    expect(await cells('市外 花子')).toContain('|市外|')
    expect(await cells('市内 次郎')).toContain('|市内|')
    await page.context().close()
  })
})
