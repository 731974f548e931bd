import type { Browser, Page } from 'playwright-core'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { createConsoleUser } from '~/modules/accounts/console-users.server'
import { RATE_LIMITS } from '~/modules/security/rate-limit.server'
import { startAppServer, type AppServer } from '../support/app-server'
import { launchBrowser } from '../support/browser'
import { createSeminar } from '../support/factories'

/**
 * The public forms' protection (docs/decisions/0011-security.md): the honeypot, the rate limits
 * per address and per email, and the Origin check, through the production build. The app runs
 * as behind one reverse proxy (TRUST_PROXY=1), so each test chooses its client's address with
 * X-Forwarded-For; public documentation addresses (203.0.113.0/24) are limited, loopback is not.
 */
let app: AppServer
let browser: Browser
const pageErrors: Error[] = []
const STAFF = { email: 'guard@city.example.jp', password: 'a long organizer password' }

beforeAll(async () => {
  app = await startAppServer({ env: { TRUST_PROXY: '1' } })
  browser = await launchBrowser()
  // Office staff: signing in needs no second factor by default (MFA_REQUIRED_ROLES=ADMIN).
  await createConsoleUser(app.db, { ...STAFF, name: '守衛 担当', role: 'STAFF' })
})
afterEach(() => {
  expect(pageErrors).toEqual([])
  expect(app.errors()).toBe('')
})
afterAll(async () => {
  await browser?.close()
  await app?.stop()
})

let nextHost = 0
/** A public address of its own for each test that counts per address. */
const newAddress = () => `203.0.113.${++nextHost}`

function registrationBody(email: string, extra: Record<string, string> = {}) {
  return new URLSearchParams({
    name: '保護 太郎',
    furigana: 'ほご たろう',
    email,
    industry: 'E',
    inCity: 'yes',
    mode: 'IN_PERSON',
    consent: 'on',
    submissionKey: crypto.randomUUID(),
    // What a browser sends for the untouched honeypot.
    website: '',
    ...extra,
  })
}

function post(
  path: string,
  body: URLSearchParams,
  { address, origin = app.url, cookie }: { address: string; origin?: string; cookie?: string },
) {
  return fetch(`${app.url}${path}`, {
    method: 'POST',
    body,
    redirect: 'manual',
    headers: { Origin: origin, 'X-Forwarded-For': address, ...(cookie ? { Cookie: cookie } : {}) },
  })
}

async function newPage(options: { extraHTTPHeaders?: Record<string, string> } = {}): Promise<Page> {
  const context = await browser.newContext({ locale: 'ja-JP', ...options })
  const page = await context.newPage()
  page.on('pageerror', (error) => pageErrors.push(error))
  return page
}

describe('registration', () => {
  it('refuses a form whose honeypot is filled, and stores and counts nothing', async () => {
    const seminar = await createSeminar(app.db, { title: 'ハニーポット確認' })
    const hitsBefore = await app.db.rateLimitHit.count()
    const res = await post(
      `/seminars/${seminar.id}/register`,
      registrationBody('bot@example.jp', { website: 'https://spam.example' }),
      { address: newAddress() },
    )
    expect(res.status).toBe(400)
    const html = await res.text()
    expect(html).toContain('送信内容を受け付けられませんでした。ページを読み込み直して、もう一度入力してください。')
    // The page comes back with the honeypot empty again.
    expect(html).toMatch(/<input[^>]*name="website"[^>]*>/)
    expect(html.match(/<input[^>]*name="website"[^>]*>/)![0]).not.toContain('value=')
    expect(await app.db.registration.count({ where: { seminarId: seminar.id } })).toBe(0)
    expect(await app.db.person.count({ where: { emailNormalized: 'bot@example.jp' } })).toBe(0)
    expect(await app.db.rateLimitHit.count()).toBe(hitsBefore)
  })

  it('takes five registrations an hour per email across seminars, then answers 429 and keeps the form', async () => {
    const { limit } = RATE_LIMITS.registrationPerEmail
    app.clock.awayFromWindowEdge(RATE_LIMITS.registrationPerEmail)
    const seminars = []
    for (let i = 0; i <= limit; i++) seminars.push(await createSeminar(app.db, { title: `メール上限 ${i + 1}` }))
    const email = 'busy.person@example.jp'
    const statuses: number[] = []
    let last: Response | undefined
    // From a different address each time: the limit follows the email, however it is typed.
    for (const [i, seminar] of seminars.entries()) {
      last = await post(
        `/seminars/${seminar.id}/register`,
        registrationBody(i === limit ? 'Busy.Person@EXAMPLE.jp' : email, { name: `多忙 ${i + 1}` }),
        { address: newAddress() },
      )
      statuses.push(last.status)
    }
    expect(statuses).toEqual([...Array(limit).fill(302), 429])
    expect(Number(last!.headers.get('Retry-After'))).toBeGreaterThan(0)
    const html = await last!.text()
    expect(html).toMatch(
      /このメールアドレスで短時間に多くのお申込みがあったため、一時的に受け付けを止めています。\d+分ほどたってから、もう一度お申し込みください（入力内容は残っています）。/,
    )
    // What was typed comes back in the form.
    expect(html).toContain('value="多忙 6"')
    expect(html).toContain('value="Busy.Person@EXAMPLE.jp"')
    expect(await app.db.registration.count({ where: { seminarId: seminars[limit].id } })).toBe(0)
    expect(await app.db.registration.count({ where: { emailNormalized: email } })).toBe(limit)
  })

  it('takes 30 registrations per address in ten minutes, then answers 429; other addresses go on', async () => {
    const { limit } = RATE_LIMITS.registrationPerAddress
    app.clock.awayFromWindowEdge(RATE_LIMITS.registrationPerAddress)
    const seminar = await createSeminar(app.db, { title: '同じネットワークからの申込み', capacityInPerson: 100 })
    const office = newAddress()
    const path = `/seminars/${seminar.id}/register`
    const responses = await Promise.all(
      Array.from({ length: limit }, (_, i) =>
        post(path, registrationBody(`staff${i}@office.example.jp`), { address: office }),
      ),
    )
    expect(responses.map((r) => r.status)).toEqual(Array(limit).fill(302))
    const refused = await post(path, registrationBody('one-too-many@office.example.jp'), { address: office })
    expect(refused.status).toBe(429)
    expect(await refused.text()).toMatch(
      /お使いのネットワークから短時間に多くのお申込みがあったため、一時的に受け付けを止めています。\d+分ほどたってから/,
    )
    expect(await app.db.registration.count({ where: { seminarId: seminar.id } })).toBe(limit)
    const elsewhere = await post(path, registrationBody('one-too-many@office.example.jp'), { address: newAddress() })
    expect(elsewhere.status).toBe(302)
  })

  it('refuses a registration posted from another site', async () => {
    const seminar = await createSeminar(app.db, { title: '他サイトからの送信' })
    const res = await post(`/seminars/${seminar.id}/register`, registrationBody('forged@example.jp'), {
      address: newAddress(),
      origin: 'https://evil.example',
    })
    expect(res.status).toBe(403)
    expect(await app.db.registration.count({ where: { seminarId: seminar.id } })).toBe(0)
  })

  it('hides the honeypot from people, and a person registers as before', async () => {
    const seminar = await createSeminar(app.db, { title: '普通の申込み' })
    const page = await newPage()
    await page.goto(`${app.url}/seminars/${seminar.id}/register`)
    const trap = page.locator('[name=website]')
    expect(await trap.count()).toBe(1)
    expect(await trap.getAttribute('tabindex')).toBe('-1')
    expect(await trap.getAttribute('autocomplete')).toBe('off')
    expect(await trap.locator('xpath=ancestor::*[@aria-hidden="true"]').count()).toBe(1)
    // Off screen, without giving the page a horizontal scroll bar; not in the accessibility tree.
    const box = await trap.boundingBox()
    expect(box === null || box.x + box.width <= 0).toBe(true)
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true)
    expect(await page.getByRole('textbox', { name: 'この欄は入力しないでください（迷惑送信対策）' }).count()).toBe(0)
    // Tabbing through the form never lands on it.
    const reached = new Set<string>()
    for (let i = 0; i < 40; i++) {
      await page.keyboard.press('Tab')
      reached.add(await page.evaluate(() => document.activeElement?.getAttribute('name') ?? ''))
    }
    expect(reached.has('email')).toBe(true)
    expect(reached.has('website')).toBe(false)

    await page.locator('[name=name]').fill('普通 花子')
    await page.locator('[name=furigana]').fill('ふつう はなこ')
    await page.locator('[name=email]').fill('ordinary@example.jp')
    await page.locator('[name=industry]').selectOption('E')
    await page.getByLabel('市内', { exact: true }).check()
    await page.locator('[name=consent]').check()
    await page.getByRole('button', { name: '申し込む' }).click()
    await page.waitForURL(/\/registered$/)
    expect(await app.db.registration.count({ where: { seminarId: seminar.id } })).toBe(1)
    await page.context().close()
  })

  it('shows a person who hit the limit when to try again, with their form as they typed it', async () => {
    const { limit } = RATE_LIMITS.registrationPerEmail
    app.clock.awayFromWindowEdge(RATE_LIMITS.registrationPerEmail)
    const email = 'eager@example.jp'
    for (let i = 0; i < limit; i++) {
      const other = await createSeminar(app.db, { title: `先の申込み ${i}` })
      expect(
        (await post(`/seminars/${other.id}/register`, registrationBody(email), { address: newAddress() })).status,
      ).toBe(302)
    }
    const seminar = await createSeminar(app.db, { title: '上限後の申込み' })
    const page = await newPage({ extraHTTPHeaders: { 'X-Forwarded-For': newAddress() } })
    await page.goto(`${app.url}/seminars/${seminar.id}/register`)
    await page.locator('[name=name]').fill('熱心 一郎')
    await page.locator('[name=furigana]').fill('ねっしん いちろう')
    await page.locator('[name=email]').fill(email)
    await page.locator('[name=industry]').selectOption('E')
    await page.getByLabel('市内', { exact: true }).check()
    await page.locator('[name=consent]').check()
    await page.getByRole('button', { name: '申し込む' }).click()
    await expect
      .poll(() => page.getByRole('alert').textContent())
      .toMatch(/このメールアドレスで短時間に多くのお申込みがあったため.*\d+分ほどたってから/)
    expect(await page.locator('[name=name]').inputValue()).toBe('熱心 一郎')
    expect(await page.locator('[name=email]').inputValue()).toBe(email)
    expect(await page.locator('[name=consent]').isChecked()).toBe(true)
    expect(await app.db.registration.count({ where: { seminarId: seminar.id } })).toBe(0)
    await page.context().close()
  })
})

describe('sign-in', () => {
  const signIn = (fields: Record<string, string>, address: string) =>
    post('/console/login', new URLSearchParams({ website: '', ...fields }), { address })

  it('refuses a form whose honeypot is filled without checking the password or counting a failure', async () => {
    const res = await signIn({ ...STAFF, website: 'https://spam.example' }, newAddress())
    expect(res.status).toBe(400)
    expect(res.headers.get('set-cookie')).toBeNull()
    expect(await res.text()).toContain('送信内容を受け付けられませんでした。')
    expect(await app.db.loginFailure.count()).toBe(0)
  })

  it('takes 20 attempts per address in ten minutes, then answers 429 even with the right password', async () => {
    const { limit } = RATE_LIMITS.signInPerAddress
    app.clock.awayFromWindowEdge(RATE_LIMITS.signInPerAddress)
    const address = newAddress()
    const statuses: number[] = []
    // A different email each time: the per-email lockout never starts, the per-address limit does.
    for (let i = 0; i < limit; i++) {
      statuses.push((await signIn({ email: `guess${i}@city.example.jp`, password: 'wrong password' }, address)).status)
    }
    expect(statuses).toEqual(Array(limit).fill(401))
    const refused = await signIn(STAFF, address)
    expect(refused.status).toBe(429)
    expect(refused.headers.get('set-cookie')).toBeNull()
    expect(Number(refused.headers.get('Retry-After'))).toBeGreaterThan(0)
    expect(await refused.text()).toMatch(
      /お使いのネットワークからのログインの試行が多すぎるため、一時的にログインできません。\d+分ほどたってからお試しください。/,
    )
    // The staff member signs in from elsewhere.
    const elsewhere = await signIn(STAFF, newAddress())
    expect(elsewhere.status).toBe(302)
    expect(elsewhere.headers.get('set-cookie')).toMatch(/^jisseki_session=/)
  })

  it('slows an address down after five failures for an email instead of locking the email: the right password still gets in', async () => {
    const email = STAFF.email
    const address = newAddress()
    const statuses: number[] = []
    for (let i = 0; i < 5; i++) statuses.push((await signIn({ email, password: 'wrong password' }, address)).status)
    expect(statuses).toEqual(Array(5).fill(401))
    // Too soon after the fifth failure: 429 without checking the password, and not counted.
    const early = await signIn({ email, password: 'wrong password' }, address)
    expect(early.status).toBe(429)
    expect(Number(early.headers.get('Retry-After'))).toBeGreaterThan(0)
    expect(await early.text()).toMatch(/ログインの失敗が続いたため、\d+秒ほどたってからもう一度お試しください。/)
    expect(await app.db.loginFailure.count({ where: { email } })).toBe(5)
    // Only that address waits (docs/decisions/0020): from elsewhere the right password gets in at once.
    expect((await signIn(STAFF, newAddress())).status).toBe(302)
    // And once the (short) delay has passed, from that address too: poll, no lockout.
    await expect.poll(async () => (await signIn(STAFF, address)).status, { timeout: 20_000, interval: 500 }).toBe(302)
    await app.db.loginFailure.deleteMany({ where: { email } })
  })

  it('never slows down a browser that signed in to the email before (its device cookie)', async () => {
    const email = STAFF.email
    const first = await signIn(STAFF, newAddress())
    expect(first.status).toBe(302)
    const device = first.headers
      .getSetCookie()
      .find((c) => c.startsWith('jisseki_device='))!
      .split(';')[0]
    // A stranger's failures hold the stranger's address (docs/decisions/0020)...
    const attacker = newAddress()
    // Eight failures that count. An attempt within the delay is refused (429) and not counted, so
    // after one the test moves the server's clock to the moment the server names (Retry-After: 2,
    // 4, 8 s) instead of waiting for it. The right password then meets a 16-second delay, where
    // after five counted failures it met a 2-second one.
    for (let counted = 0; counted < 8; ) {
      const res = await signIn({ email, password: 'wrong password' }, attacker)
      if (res.status !== 429) counted++
      else app.clock.advance(Number(res.headers.get('Retry-After')) * 1000)
    }
    expect((await signIn(STAFF, attacker)).status).toBe(429)
    // ...but not a browser with the device cookie, even from that very address.
    const mine = await post('/console/login', new URLSearchParams({ website: '', ...STAFF }), {
      address: attacker,
      cookie: device,
    })
    expect(mine.status).toBe(302)
    await app.db.loginFailure.deleteMany({ where: { email } })
  })

  it('hides the honeypot on the sign-in page too', async () => {
    const page = await newPage()
    await page.goto(`${app.url}/console/login`)
    const trap = page.locator('[name=website]')
    expect(await trap.getAttribute('tabindex')).toBe('-1')
    expect(await trap.locator('xpath=ancestor::*[@aria-hidden="true"]').count()).toBe(1)
    const box = await trap.boundingBox()
    expect(box === null || box.x + box.width <= 0).toBe(true)
    await page.locator('[name=email]').fill(STAFF.email)
    await page.locator('[name=password]').fill(STAFF.password)
    await page.getByRole('button', { name: 'ログイン' }).click()
    await page.waitForURL(/\/console$/)
    await page.context().close()
  })
})
