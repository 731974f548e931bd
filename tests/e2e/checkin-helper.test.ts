import type { Browser, Page } from 'playwright-core'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { createCheckinHelper } from '~/modules/accounts/checkin-helpers.server'
import { createConsoleUser } from '~/modules/accounts/console-users.server'
import { HELPER_DOOR_ATTEMPTS, HELPER_SEARCH_LIMIT } from '~/modules/attendance/checkin.server'
import { register } from '~/modules/registration/registrations.server'
import { startAppServer, type AppServer } from '../support/app-server'
import { launchBrowser } from '../support/browser'
import { signIn } from '../support/console'
import { createSeminar, participant } from '../support/factories'

/**
 * A check-in helper (docs/decisions/0013-roles-and-accounts.md): an organizer makes a link on the
 * seminar's page, a borrowed phone opens it, checks people in for that seminar and nothing else,
 * and stops working when the organizer ends the link.
 */
let app: AppServer
let browser: Browser
const pageErrors: Error[] = []
const ORGANIZER = { email: 'organizer@city.example.jp', password: 'organizer password 1' }

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

async function newPage(viewport = { width: 1200, height: 900 }): Promise<Page> {
  const context = await browser.newContext({ viewport })
  const page = await context.newPage()
  page.on('pageerror', (error) => pageErrors.push(error))
  return page
}

describe('check-in helper links', () => {
  it('let a borrowed phone check people in for one seminar until the link is ended', async () => {
    const seminar = await createSeminar(app.db, { title: '受付ヘルパーのセミナー' })
    const other = await createSeminar(app.db, { title: 'ほかのセミナー' })
    // The door is today's: the seminar's session runs now (a session of another day asks first).
    const now = app.clock.now().getTime()
    const session = await app.db.session.update({
      where: { id: (await app.db.session.findFirstOrThrow({ where: { seminarId: seminar.id } })).id },
      data: { startsAt: new Date(now - 3600_000), endsAt: new Date(now + 3600_000) },
    })
    const otherSession = await app.db.session.findFirstOrThrow({ where: { seminarId: other.id } })
    const hana = await register(app.db, { seminarId: seminar.id, ...participant({ name: '東 はな' }) })
    const organizer = await createConsoleUser(app.db, { ...ORGANIZER, name: '主催 一郎', role: 'ORGANIZER' })
    await app.db.programAssignment.create({ data: { userId: organizer.id, programId: seminar.programId } })

    // The organizer makes a link; a blank name is refused and what was typed stays.
    const desk = await newPage()
    await signIn(desk, app.url, ORGANIZER.email, ORGANIZER.password)
    await desk.goto(`${app.url}/console/seminars/${seminar.id}`)
    await desk.getByLabel('名前（例: 受付A）').fill(' ')
    await desk.getByRole('button', { name: 'リンクを作成' }).click()
    await desk.getByRole('alert').filter({ hasText: '名前を入力してください' }).waitFor()
    await desk.getByLabel('名前（例: 受付A）').fill('受付A')
    await desk.getByRole('button', { name: 'リンクを作成' }).click()
    await desk.getByText('「受付A」用のリンクを作成しました。').waitFor()
    const link = await desk.getByLabel('作成したリンク').inputValue()
    expect(link).toMatch(new RegExp(`^${app.url}/checkin/[\\w-]{43}$`))
    await desk.getByRole('img', { name: '受付ヘルパー用リンクのQRコード' }).waitFor()
    await desk.screenshot({ path: 'test-results/checkin-helper-link.png', fullPage: true })

    // A phone opens it: nothing happens until the helper confirms.
    const phone = await newPage({ width: 390, height: 844 })
    await phone.goto(link)
    await phone.getByText('「受付A」として、次のセミナーの受付を始めます。').waitFor()
    expect(await app.db.consoleSignIn.count({ where: { user: { role: 'CHECKIN' } } })).toBe(0)
    await phone.getByRole('button', { name: 'この端末で受付を始める' }).click()
    await phone.waitForURL(`${app.url}/console/checkin`)
    await phone.getByRole('link', { name: /受付ヘルパーのセミナー/ }).click()
    await phone.waitForURL(`${app.url}/console/sessions/${session.id}/checkin`)
    await phone.getByLabel('受付番号（QRコードの読み取りまたは入力）').fill(hana.code)
    await phone.keyboard.press('Enter')
    await expect.poll(() => phone.getByTestId('checkin-result').textContent()).toContain('東 はな さんを受付しました。')
    const attendance = await app.db.attendance.findFirstOrThrow({
      where: { sessionId: session.id },
      select: { recordedBy: { select: { name: true, role: true } } },
    })
    expect(attendance.recordedBy).toEqual({ name: '受付A', role: 'CHECKIN' })
    // The door, and nothing more: no lists, no other seminar.
    expect(await phone.getByRole('link', { name: '出欠一覧' }).count()).toBe(0)
    for (const path of [`/console/seminars/${seminar.id}`, `/console/sessions/${otherSession.id}/checkin`]) {
      const res = await phone.goto(`${app.url}${path}`)
      expect(res?.status(), path).toBe(403)
    }

    // The organizer ends the link: the phone is signed out at once.
    await desk.goto(`${app.url}/console/seminars/${seminar.id}`)
    await desk.getByRole('table', { name: '受付ヘルパー用リンク' }).getByRole('button', { name: '無効にする' }).click()
    await desk.getByRole('status').filter({ hasText: '受付ヘルパー用リンクを無効にしました。' }).waitFor()
    await phone.goto(`${app.url}/console/sessions/${session.id}/checkin`)
    await phone.waitForURL(/\/console\/login/)
    expect((await phone.goto(link))?.status()).toBe(404)
  })
})

describe('what a helper link shows over HTTP (docs/decisions/0022)', () => {
  it('needs two characters, caps the list, shows no codes, says "not found" for another seminar and limits codes tried', async () => {
    const seminar = await createSeminar(app.db, { title: '名簿保護のセミナー', capacityInPerson: 50 })
    const other = await createSeminar(app.db, { title: '別会場の秘密セミナー' })
    const session = await app.db.session.findFirstOrThrow({ where: { seminarId: seminar.id } })
    const people: Awaited<ReturnType<typeof register>>[] = []
    for (let i = 0; i < HELPER_SEARCH_LIMIT + 3; i++)
      people.push(
        await register(app.db, {
          seminarId: seminar.id,
          ...participant({ name: `山田 名簿${i}`, furigana: `やまだ めいぼ${i}` }),
        }),
      )
    const outsider = await register(app.db, { seminarId: other.id, ...participant({ name: '他所 太郎' }) })
    const otherRow = await app.db.registration.findUniqueOrThrow({ where: { id: outsider.id } })
    const admin = await createConsoleUser(app.db, {
      email: 'roster-admin@city.example.jp',
      name: '管理 者',
      password: 'roster admin password',
      role: 'ADMIN',
    })
    const link = await createCheckinHelper(app.db, {
      seminarId: seminar.id,
      label: '受付B',
      validUntilDay: new Date(Date.now() + 9 * 3600_000 + 86_400_000).toISOString().slice(0, 10),
      createdById: admin.id,
    })
    // The phone opens the link as a person would: the session cookie comes from there.
    const start = await fetch(`${app.url}/checkin/${link.token}`, {
      method: 'POST',
      headers: { Origin: app.url, 'Content-Type': 'application/x-www-form-urlencoded' },
      body: '',
      redirect: 'manual',
    })
    expect(start.status).toBe(302)
    const cookie = start.headers
      .getSetCookie()
      .map((c) => c.split(';')[0])
      .join('; ')
    const door = `${app.url}/console/sessions/${session.id}/checkin`
    const get = async (q: string) => {
      const res = await fetch(`${door}?q=${encodeURIComponent(q)}`, { headers: { Cookie: cookie } })
      expect(res.status).toBe(200)
      return res.text()
    }
    const post = async (code: string) => {
      const res = await fetch(door, {
        method: 'POST',
        headers: { Cookie: cookie, Origin: app.url, 'Content-Type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ intent: 'code', code }),
      })
      expect(res.status).toBe(200)
      return res.text()
    }
    const codes = people.map((p) => p.code)
    const named = (html: string) => people.filter((_, i) => html.includes(`山田 名簿${i}<`)).length

    // One kana lists nobody.
    const one = await get('や')
    expect(one).toContain('2文字以上で検索してください。')
    expect(named(one)).toBe(0)
    // Two list at most ten, ask to narrow it down, and carry no code anywhere in the page.
    const two = await get('やま')
    expect(named(two)).toBe(HELPER_SEARCH_LIMIT)
    expect(two).toContain('絞り込んでください')
    for (const code of codes) expect(two).not.toContain(code)
    // A code typed into the search finds nobody.
    expect(named(await get(codes[0]))).toBe(0)

    // Another seminar's code and QR: "not found", and nothing about that seminar.
    for (const code of [otherRow.code, otherRow.checkinToken!]) {
      const answer = await post(code)
      expect(answer).toContain('は見つかりません。')
      expect(answer).not.toContain('別会場の秘密セミナー')
    }
    expect(await app.db.attendance.count({ where: { registrationId: outsider.id } })).toBe(0)

    // Codes tried in a row are limited per link (a fixed window: a window may end meanwhile, so
    // wrong codes are tried until the limit answers, then the right one, which is refused too).
    let refusedRight = false
    for (let round = 0; round < 3 && !refusedRight; round++) {
      let refusedWrong = false
      for (let i = 0; i <= 2 * HELPER_DOOR_ATTEMPTS.limit && !refusedWrong; i++)
        refusedWrong = (await post(`ZZZZ${i}`)).includes('受付番号の入力が続けて多すぎます。')
      expect(refusedWrong).toBe(true)
      refusedRight = (await post(codes[0])).includes('受付番号の入力が続けて多すぎます。')
    }
    expect(refusedRight).toBe(true)
    expect(await app.db.attendance.count({ where: { registrationId: people[0].id } })).toBe(0)
  })
})
