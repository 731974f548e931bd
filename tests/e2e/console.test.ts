import type { Browser, Page } from 'playwright-core'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { ensureCategory } from '~/modules/categories/categories.server'
import { register } from '~/modules/registration/registrations.server'
import { createConsoleUser } from '~/modules/accounts/console-users.server'
import { startAppServer, type AppServer } from '../support/app-server'
import { launchBrowser } from '../support/browser'
import { enrolSecondFactor, nextCode, signInByFetch } from '../support/console'
import { createSeminar, participant } from '../support/factories'

let app: AppServer
let browser: Browser
const PASSWORD = 'a long organizer password'
const pageErrors: Error[] = []

async function openPage(): Promise<Page> {
  const page = await browser.newPage()
  page.on('pageerror', (error) => pageErrors.push(error))
  return page
}

beforeAll(async () => {
  app = await startAppServer()
  browser = await launchBrowser()
  await createConsoleUser(app.db, { email: 'staff@city.example.jp', name: '事業 担当', password: PASSWORD })
  // An admin (the default role): signs in with a code from an authenticator app.
  await enrolSecondFactor(app.db, 'staff@city.example.jp')
})
afterEach(() => {
  expect(pageErrors).toEqual([])
  expect(app.errors()).toBe('')
})
afterAll(async () => {
  await browser?.close()
  await app?.stop()
})

async function login(page: Page, password = PASSWORD) {
  await page.goto(`${app.url}/console`)
  await page.waitForURL(/\/console\/login\?redirectTo=%2Fconsole$/)
  await page.locator('[name=email]').fill('staff@city.example.jp')
  await page.locator('[name=password]').fill(password)
  await page.getByRole('button', { name: 'ログイン' }).click()
  if (password !== PASSWORD) return
  await page.waitForURL(/\/console\/login\/code/)
  await page.locator('[name=code]').fill(nextCode(app.url, 'staff@city.example.jp'))
  await page.getByRole('button', { name: '確認してログイン' }).click()
}

describe('organizer console', () => {
  it('requires a login for every console page and action', async () => {
    const seminar = await createSeminar(app.db, { title: 'ログイン必須の確認' })
    const r = await register(app.db, { seminarId: seminar.id, ...participant() })
    const pages = [
      '/console',
      '/console/programs',
      '/console/seminars/new',
      `/console/seminars/${seminar.id}`,
      `/console/seminars/${seminar.id}/edit`,
      `/console/seminars/${seminar.id}/registrations/${r.id}/cancel`,
    ]
    for (const path of pages) {
      // The seminar list has no action: a POST there is 405 whoever sends it.
      for (const method of path === '/console' ? ['GET'] : ['GET', 'POST']) {
        const body =
          method === 'POST' ? new URLSearchParams({ intent: 'unpublish', code: 'X', name: '侵入' }) : undefined
        const res = await fetch(`${app.url}${path}`, { method, body, redirect: 'manual' })
        expect(res.status, `${method} ${path}`).toBe(302)
        expect(res.headers.get('location'), `${method} ${path}`).toMatch(/^\/console\/login\?redirectTo=/)
      }
    }
    expect(await app.db.program.count({ where: { code: 'X' } })).toBe(0)
    expect((await app.db.seminar.findUniqueOrThrow({ where: { id: seminar.id } })).status).toBe('PUBLISHED')
    expect((await app.db.registration.findUniqueOrThrow({ where: { id: r.id } })).status).toBe('CONFIRMED')
  })

  it('refuses a console form posted from another site', async () => {
    const login = await signInByFetch(app.url, 'staff@city.example.jp', PASSWORD)
    const cookie = login.headers.get('set-cookie')!.split(';')[0]
    const res = await fetch(`${app.url}/console/programs`, {
      method: 'POST',
      headers: { cookie, origin: 'https://evil.example' },
      body: new URLSearchParams({ code: 'EVIL', name: '偽の事業' }),
      redirect: 'manual',
    })
    expect(res.status).toBe(403)
    expect(await app.db.program.count({ where: { code: 'EVIL' } })).toBe(0)
  })

  it('refuses a wrong password and keeps the email typed', async () => {
    const page = await openPage()
    await login(page, 'not the password')
    await expect
      .poll(() => page.getByRole('alert').textContent())
      .toBe('メールアドレスまたはパスワードが正しくありません。')
    expect(await page.locator('[name=email]').inputValue()).toBe('staff@city.example.jp')
    expect(await page.locator('[name=password]').inputValue()).toBe('')
    expect(page.url()).toContain('/console/login')
    await page.close()
  })

  it('sets an HttpOnly, SameSite=Lax session cookie and signs out on POST', async () => {
    const res = await signInByFetch(app.url, 'staff@city.example.jp', PASSWORD)
    expect(res.status).toBe(302)
    const cookie = res.headers.get('set-cookie')!
    expect(cookie).toMatch(/^jisseki_session=[A-Za-z0-9_-]{43};/)
    expect(cookie).toContain('HttpOnly')
    expect(cookie).toContain('SameSite=Lax')
    const session = cookie.split(';')[0]
    expect((await fetch(`${app.url}/console`, { headers: { cookie: session }, redirect: 'manual' })).status).toBe(200)
    // GET on the logout address changes nothing; POST ends the session.
    await fetch(`${app.url}/console/logout`, { headers: { cookie: session }, redirect: 'manual' })
    expect((await fetch(`${app.url}/console`, { headers: { cookie: session }, redirect: 'manual' })).status).toBe(200)
    await fetch(`${app.url}/console/logout`, { method: 'POST', headers: { cookie: session }, redirect: 'manual' })
    expect((await fetch(`${app.url}/console`, { headers: { cookie: session }, redirect: 'manual' })).status).toBe(302)
  })

  it('creates a program, a seminar and its sessions, publishes it, and it appears on the public list', async () => {
    const page = await openPage()
    await login(page)
    await page.waitForURL(/\/console$/)

    await page.getByRole('link', { name: '事業', exact: true }).click()
    await page.locator('[name=code]').fill('DX')
    await page.locator('[name=name]').fill('DX推進事業')
    await page.getByRole('button', { name: '保存' }).click()
    await expect.poll(() => page.getByRole('status').textContent()).toBe('保存しました。')

    await ensureCategory(app.db, '講座')
    await page.goto(`${app.url}/console/seminars/new`)
    await page.locator('[name=programId]').selectOption({ label: 'DX推進事業' })
    await page.locator('[name=title]').fill('DX実践講座')
    await page.locator('[name=categoryId]').selectOption({ label: '講座' })
    await page.locator('[name=mode]').selectOption('IN_PERSON')
    await page.locator('[name=capacityInPerson]').fill('1')
    // A bad value is reported and nothing is saved.
    await page.getByRole('button', { name: '保存' }).click()
    await expect
      .poll(() => page.locator('.field-invalid .field-error').first().textContent())
      .toBe('入力してください。')
    expect(await app.db.seminar.count({ where: { title: 'DX実践講座' } })).toBe(0)
    expect(await page.locator('[name=title]').inputValue()).toBe('DX実践講座')
    await page.locator('[name=venueName]').fill('市民交流プラザ 3階')
    await page.getByRole('button', { name: '保存' }).click()
    await page.waitForURL(/\/console\/seminars\/[^/]+\/edit\?msg=/)

    // Publishing without a session is refused.
    const seminar = await app.db.seminar.findFirstOrThrow({ where: { title: 'DX実践講座' } })
    await page.goto(`${app.url}/console/seminars/${seminar.id}`)
    await page.getByRole('button', { name: '公開する' }).click()
    await expect.poll(() => page.getByRole('status').textContent()).toBe('公開するには日程を1回以上登録してください。')

    await page.goto(`${app.url}/console/seminars/${seminar.id}/edit`)
    const next = new Date(Date.now() + 10 * 86400_000).toISOString().slice(0, 10)
    const later = new Date(Date.now() + 17 * 86400_000).toISOString().slice(0, 10)
    const addForm = page.locator('#new-session')
    await addForm.locator('[name=startsAt]').fill(`${later}T14:00`)
    await addForm.locator('[name=endsAt]').fill(`${later}T16:00`)
    await addForm.getByRole('button', { name: '日程を追加' }).click()
    await expect.poll(() => page.getByRole('status').textContent()).toBe('日程を追加しました。')
    await page.locator('#new-session [name=startsAt]').fill(`${next}T14:00`)
    await page.locator('#new-session [name=endsAt]').fill(`${next}T13:00`)
    await page.locator('#new-session').getByRole('button', { name: '日程を追加' }).click()
    await expect
      .poll(() => page.locator('#new-session .field-invalid .field-error').textContent())
      .toBe('終了は開始より後にしてください。')
    await page.locator('#new-session [name=endsAt]').fill(`${next}T16:00`)
    await page.locator('#new-session').getByRole('button', { name: '日程を追加' }).click()
    // Sessions are numbered by date: the one added second comes first (renumbered just after it
    // is added, so wait for the numbering, not only for the second session).
    await expect
      .poll(async () =>
        (await app.db.session.findMany({ where: { seminarId: seminar.id }, orderBy: { number: 'asc' } })).map((s) =>
          s.startsAt.toISOString(),
        ),
      )
      .toEqual([new Date(`${next}T14:00:00+09:00`).toISOString(), new Date(`${later}T14:00:00+09:00`).toISOString()])

    await page.goto(`${app.url}/console/seminars/${seminar.id}`)
    await page.getByRole('button', { name: '公開する' }).click()
    await expect.poll(() => page.getByRole('status').textContent()).toBe('公開しました。')
    const publicList = await (await fetch(app.url)).text()
    expect(publicList).toContain('DX実践講座')
    await page.close()
  })

  it('shows registrations and the waiting list, and cancels on behalf, promoting the first waiting', async () => {
    const seminar = await createSeminar(app.db, { title: '代理キャンセル確認', capacityInPerson: 1 })
    const first = await register(app.db, { seminarId: seminar.id, ...participant({ name: '確定 一郎' }) })
    await register(app.db, { seminarId: seminar.id, ...participant({ name: '待機 二郎' }) })
    const page = await openPage()
    await login(page)
    await page.waitForURL(/\/console$/)
    await page.getByRole('link', { name: '代理キャンセル確認' }).click()
    const confirmed = page.getByRole('table', { name: '申込者' })
    const waiting = page.getByRole('table', { name: 'キャンセル待ち' })
    expect(await confirmed.textContent()).toContain('確定 一郎')
    expect(await waiting.textContent()).toContain('待機 二郎')

    await confirmed.getByRole('link', { name: '代理でキャンセル' }).click()
    await page.waitForURL(/\/cancel$/)
    expect((await app.db.registration.findUniqueOrThrow({ where: { id: first.id } })).status).toBe('CONFIRMED')
    await page.getByRole('button', { name: 'キャンセルする' }).click()
    await expect.poll(() => page.getByRole('status').textContent()).toBe('1名がキャンセル待ちから繰り上がりました。')
    expect(await page.getByRole('table', { name: '申込者' }).textContent()).toContain('待機 二郎')
    expect(await page.getByRole('table', { name: 'キャンセル済み' }).textContent()).toContain('主催者')
    const staff = await app.db.consoleUser.findUniqueOrThrow({ where: { email: 'staff@city.example.jp' } })
    expect(await app.db.registration.findUniqueOrThrow({ where: { id: first.id } })).toMatchObject({
      status: 'CANCELLED',
      cancelledBy: 'ORGANIZER',
      cancelledByUserId: staff.id,
    })
    await page.close()
  })
})
