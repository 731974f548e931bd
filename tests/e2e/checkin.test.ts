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

async function signedInPage(b: Browser, javaScriptEnabled = true): Promise<Page> {
  const context = await b.newContext({ javaScriptEnabled, viewport: { width: 414, height: 896 } })
  const page = await context.newPage()
  page.on('pageerror', (error) => pageErrors.push(error))
  await signIn(page, app.url, 'door@city.example.jp', PASSWORD)
  return page
}

async function seminarWithPeople(title: string) {
  const seminar = await createSeminar(app.db, { title, capacityInPerson: 20 })
  const session = await app.db.session.findFirstOrThrow({ where: { seminarId: seminar.id } })
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
    it('searches, checks in with one tap, undoes, and takes a code as a scanner types it', async () => {
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

      // A keyboard-wedge scanner types the code and presses Enter.
      await page.getByLabel('受付番号（QRコードの読み取りまたは入力）').fill(ken.code)
      await page.keyboard.press('Enter')
      await expect.poll(() => result(page)).toContain('南 健一 さんを受付しました。')
      await page.getByLabel('受付番号（QRコードの読み取りまたは入力）').fill(ken.code.toLowerCase())
      await page.keyboard.press('Enter')
      await expect.poll(() => result(page)).toMatch(/南 健一 さんは \d\d:\d\d に受付済みです（受付 担当）。/)
      await expect.poll(() => counter(page)).toBe('受付済 1 / 予定 2')
      const rows = await app.db.attendance.findMany({
        where: { sessionId: session.id },
        select: { registrationId: true, source: true },
      })
      expect(rows).toEqual([{ registrationId: ken.id, source: 'QR' }])
      expect(sakura.id).not.toBe(ken.id)
      await page.context().close()
    })
  })
}

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
