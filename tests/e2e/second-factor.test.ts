import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { decryptSecret, secretKey, totpFor } from '~/modules/accounts/second-factor.server'
import { createConsoleUser } from '~/modules/accounts/console-users.server'
import { appIdentitySecret, startAppServer, type AppServer } from '../support/app-server'
import { launchBrowser } from '../support/browser'
import { enrolSecondFactor, nextCode, signIn, signInByFetch, totpSecretOf } from '../support/console'

/** The second factor, sessions and cookies (docs/decisions/0020), against the production build. */

let app: AppServer
let browser: Browser
const ADMIN = { email: 'first-admin@city.example.jp', password: 'lantern orchard fifteen' }
const CODE_ADMIN = { email: 'code-admin@city.example.jp', password: 'harbour violet ninety' }

beforeAll(async () => {
  app = await startAppServer()
  browser = await launchBrowser()
  await createConsoleUser(app.db, { email: ADMIN.email, name: '最初 管理者', password: ADMIN.password })
  await createConsoleUser(app.db, { email: CODE_ADMIN.email, name: 'コード 管理者', password: CODE_ADMIN.password })
  await enrolSecondFactor(app.db, CODE_ADMIN.email)
})
afterAll(async () => {
  await browser?.close()
  await app?.stop()
})

const cookiesOf = (res: Response) => res.headers.getSetCookie().map((c) => c.split(';')[0])

describe('second factor', () => {
  it('sends an admin without one to enrolment right after the password, with nothing else open until enrolled', async () => {
    const res = await fetch(`${app.url}/console/login`, {
      method: 'POST',
      body: new URLSearchParams({ email: ADMIN.email, password: ADMIN.password }),
      redirect: 'manual',
    })
    expect(res.status).toBe(302)
    expect(res.headers.get('location')).toMatch(/^\/console\/login\/enrol\?/)
    const pending = cookiesOf(res)
    expect(pending).toHaveLength(1)
    expect(pending[0]).toMatch(/^jisseki_pending=/)
    // The pending step is no session: the console still asks for a login.
    const console = await fetch(`${app.url}/console`, { headers: { cookie: pending[0] }, redirect: 'manual' })
    expect(console.status).toBe(302)
    expect(console.headers.get('location')).toMatch(/^\/console\/login/)
    expect(await app.db.consoleSignIn.count({ where: { user: { email: ADMIN.email } } })).toBe(0)

    // Through the browser: the QR code and key, a first code, the recovery codes once.
    const page = await browser.newPage()
    await signIn(page, app.url, ADMIN.email, ADMIN.password)
    expect(totpSecretOf(ADMIN.email)).toMatch(/^[A-Z2-7]{32}$/)
    const user = await app.db.consoleUser.findUniqueOrThrow({ where: { email: ADMIN.email } })
    expect(user.totpSecret).toMatch(/^v1\./)
    expect(user.totpSecret).not.toContain(totpSecretOf(ADMIN.email))
    expect(await app.db.recoveryCode.count({ where: { userId: user.id } })).toBe(10)
    await page.close()
  })

  it('signs in with a code, refuses the same code again (replay), and takes a recovery code once', async () => {
    const login = () =>
      fetch(`${app.url}/console/login`, {
        method: 'POST',
        body: new URLSearchParams({ email: CODE_ADMIN.email, password: CODE_ADMIN.password }),
        redirect: 'manual',
      })
    const codeStep = async (code: string) => {
      const res = await login()
      expect(res.headers.get('location')).toMatch(/^\/console\/login\/code\?/)
      return fetch(`${app.url}/console/login/code`, {
        method: 'POST',
        headers: { cookie: cookiesOf(res)[0] },
        body: new URLSearchParams({ code }),
        redirect: 'manual',
      })
    }
    const code = nextCode(app.url, CODE_ADMIN.email)
    const ok = await codeStep(code)
    expect(ok.status).toBe(302)
    expect(cookiesOf(ok)[0]).toMatch(/^jisseki_session=/)
    const replay = await codeStep(code)
    expect(replay.status).toBe(400)
    expect(replay.headers.getSetCookie().some((c) => c.startsWith('jisseki_session='))).toBe(false)

    // Recovery codes: set up through the account page would show them; here made known directly.
    const user = await app.db.consoleUser.findUniqueOrThrow({ where: { email: CODE_ADMIN.email } })
    const { hashRecoveryCode } = await import('~/modules/accounts/second-factor.server')
    await app.db.recoveryCode.create({ data: { userId: user.id, codeHash: hashRecoveryCode('abcde-fghjk') } })
    expect((await codeStep('ABCDE-FGHJK')).status).toBe(302)
    expect((await codeStep('abcde-fghjk')).status).toBe(400)
    await app.db.loginFailure.deleteMany({})
  })

  it('asks the password again before ending other sessions', async () => {
    const mine = await signInByFetch(app.url, CODE_ADMIN.email, CODE_ADMIN.password)
    const other = await signInByFetch(app.url, CODE_ADMIN.email, CODE_ADMIN.password)
    const cookie = cookiesOf(mine)[0]
    const otherCookie = cookiesOf(other)[0]
    const end = (reauth: string) =>
      fetch(`${app.url}/console/account`, {
        method: 'POST',
        headers: { cookie, Origin: app.url },
        body: new URLSearchParams({ intent: 'end-sessions', sessionId: '', reauth }),
        redirect: 'manual',
      })
    const refused = await end('not my password')
    expect(refused.status).toBe(400)
    expect((await fetch(`${app.url}/console`, { headers: { cookie: otherCookie }, redirect: 'manual' })).status).toBe(
      200,
    )
    const done = await end(CODE_ADMIN.password)
    expect(done.status).toBe(302)
    expect((await fetch(`${app.url}/console`, { headers: { cookie: otherCookie }, redirect: 'manual' })).status).toBe(
      302,
    )
    expect((await fetch(`${app.url}/console`, { headers: { cookie }, redirect: 'manual' })).status).toBe(200)
    await app.db.loginFailure.deleteMany({})
  })

  it("lets an admin reset someone's lost second factor (audited with the admin), who enrols again at the next sign-in", async () => {
    const lost = await createConsoleUser(app.db, {
      email: 'lost@city.example.jp',
      name: '紛失 太郎',
      password: 'granite puffin twelve',
    })
    await enrolSecondFactor(app.db, lost.email)
    const page = await browser.newPage()
    await signIn(page, app.url, CODE_ADMIN.email, CODE_ADMIN.password)
    await page.goto(`${app.url}/console/users/${lost.id}`)
    await page.getByRole('button', { name: '二段階認証を解除する' }).click()
    await page.getByText('二段階認証を解除しました。次のログインで設定し直します。').waitFor()
    const admin = await app.db.consoleUser.findUniqueOrThrow({ where: { email: CODE_ADMIN.email } })
    const audit = await app.db.auditEvent.findFirstOrThrow({
      where: { entityId: lost.id, action: 'user.second-factor-reset' },
    })
    expect(audit.actorId).toBe(admin.id)
    expect((await app.db.consoleUser.findUniqueOrThrow({ where: { id: lost.id } })).totpSecret).toBeNull()
    const res = await fetch(`${app.url}/console/login`, {
      method: 'POST',
      body: new URLSearchParams({ email: lost.email, password: 'granite puffin twelve' }),
      redirect: 'manual',
    })
    expect(res.headers.get('location')).toMatch(/^\/console\/login\/enrol\?/)
    await page.close()
  })

  it('lets office staff set one up on their account page after their password, and refuses a common new password', async () => {
    await createConsoleUser(app.db, {
      email: 'keen@city.example.jp',
      name: '熱心 花子',
      password: 'walnut glacier forty',
      role: 'STAFF',
    })
    const page = await browser.newPage()
    await signIn(page, app.url, 'keen@city.example.jp', 'walnut glacier forty')
    await page.goto(`${app.url}/console/account`)
    await page.locator('#reauth-mfa-start').fill('not my password')
    await page.getByRole('button', { name: '認証アプリを設定する' }).click()
    await page.getByRole('alert').filter({ hasText: '現在のパスワードが正しくありません。' }).waitFor()
    await page.locator('#reauth-mfa-start').fill('walnut glacier forty')
    await page.getByRole('button', { name: '認証アプリを設定する' }).click()
    const secret = (await page.getByTestId('totp-secret').textContent())!.replace(/\s/g, '')
    await page
      .locator('#enrol [name=code], form#enrol [name=code]')
      .first()
      .fill(totpFor(secret).generate({ timestamp: app.clock.now().getTime() }))
    await page.getByRole('button', { name: '設定を完了する' }).click()
    await expect.poll(() => page.getByTestId('recovery-codes').locator('li').count()).toBe(10)
    expect(
      (await app.db.consoleUser.findUniqueOrThrow({ where: { email: 'keen@city.example.jp' } })).totpSecret,
    ).toMatch(/^v1\./)

    await page.goto(`${app.url}/console/account`)
    await page.locator('[name=current]').fill('walnut glacier forty')
    await page.locator('[name=password]').fill('password1234')
    await page.locator('[name=confirm]').fill('password1234')
    await page.getByRole('button', { name: /パスワードを変更/ }).click()
    await page
      .getByText('よく使われているパスワード、または推測されやすいパスワードです。', { exact: false })
      .first()
      .waitFor()
    await page.close()
  })

  it('shows and confirms a secret left pending only to the session that started it after the password, for 15 minutes', async () => {
    const STAFF = { email: 'pending-staff@city.example.jp', password: 'amber thicket ninety' }
    await createConsoleUser(app.db, { email: STAFF.email, name: '職員', password: STAFF.password, role: 'STAFF' })
    const sessionOf = async () =>
      cookiesOf(await signInByFetch(app.url, STAFF.email, STAFF.password)).find((c) =>
        c.startsWith('jisseki_session='),
      )!
    const [mine, theirs] = [await sessionOf(), await sessionOf()]
    const account = (cookie: string, body?: Record<string, string>) =>
      fetch(`${app.url}/console/account`, {
        method: body ? 'POST' : 'GET',
        headers: { cookie },
        redirect: 'manual',
        ...(body ? { body: new URLSearchParams(body) } : {}),
      })
    expect((await account(mine, { intent: 'mfa-start', reauth: STAFF.password })).status).toBe(302)
    const row = await app.db.consoleUser.findUniqueOrThrow({ where: { email: STAFF.email } })
    const secret = decryptSecret(row.totpPending!, secretKey(appIdentitySecret()))
    const shown = secret.replace(/(.{4})/g, '$1 ').trim()
    expect(await (await account(mine)).text()).toContain(shown)
    // Another session of the same user (say, one taken over) neither sees nor confirms it.
    expect(await (await account(theirs)).text()).not.toContain(shown)
    const code = () => totpFor(secret).generate({ timestamp: app.clock.now().getTime() })
    expect((await account(theirs, { intent: 'mfa-confirm', code: code() })).status).toBe(400)
    // Left for longer than 15 minutes, it is gone even for the session that started it.
    await app.db.consoleUser.update({
      where: { id: row.id },
      data: { totpPendingAt: new Date(app.clock.now().getTime() - 16 * 60_000) },
    })
    expect(await (await account(mine)).text()).not.toContain(shown)
    expect((await account(mine, { intent: 'mfa-confirm', code: code() })).status).toBe(400)
    expect((await app.db.consoleUser.findUniqueOrThrow({ where: { id: row.id } })).totpSecret).toBeNull()
    // In time, the session that started it confirms it.
    await app.db.consoleUser.update({ where: { id: row.id }, data: { totpPendingAt: app.clock.now() } })
    expect((await account(mine, { intent: 'mfa-confirm', code: code() })).status).toBe(200)
    expect((await app.db.consoleUser.findUniqueOrThrow({ where: { id: row.id } })).totpSecret).not.toBeNull()
  })

  it('clears the site data on sign-out', async () => {
    const res = await signInByFetch(app.url, CODE_ADMIN.email, CODE_ADMIN.password)
    const out = await fetch(`${app.url}/console/logout`, {
      method: 'POST',
      headers: { cookie: cookiesOf(res)[0] },
      redirect: 'manual',
    })
    expect(out.status).toBe(302)
    expect(out.headers.get('clear-site-data')).toBe('"cache", "storage"')
  })

  it('answers 200 on every page with a malformed cookie', async () => {
    for (const path of ['/', '/console/login', '/privacy', '/healthz']) {
      const res = await fetch(`${app.url}${path}`, { headers: { cookie: 'lang=%E0%A4%A; jisseki_session=%zz' } })
      expect(res.status, path).toBe(200)
    }
  })

  it('generates codes any authenticator app makes (RFC 6238 SHA-1, 6 digits, 30 s)', () => {
    // The RFC 6238 test vector for SHA-1 (secret "12345678901234567890", T = 59 s), last 6 digits.
    const secret = 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ'
    expect(totpFor(secret).generate({ timestamp: 59_000 })).toBe('287082')
  })
})

describe('cookies under https', () => {
  it('names the session cookie with the __Host- prefix: Secure, Path=/, no Domain', async () => {
    const https = await startAppServer({ env: { APP_URL: 'https://jisseki.city.example.jp' } })
    try {
      await createConsoleUser(https.db, {
        email: 'staff@city.example.jp',
        name: '担当',
        password: 'copper meadow seventy',
        role: 'STAFF',
      })
      const res = await fetch(`${https.url}/console/login`, {
        method: 'POST',
        body: new URLSearchParams({ email: 'staff@city.example.jp', password: 'copper meadow seventy' }),
        redirect: 'manual',
      })
      expect(res.status, https.errors()).toBe(302)
      const session = res.headers.getSetCookie()[0]
      expect(session).toMatch(/^__Host-jisseki_session=[A-Za-z0-9_-]{43}; Path=\/;/)
      expect(session).toContain('Secure')
      expect(session).not.toMatch(/domain=/i)
      const hsts = (await fetch(`${https.url}/`)).headers.get('strict-transport-security')
      expect(hsts).toBe('max-age=31536000; includeSubDomains')
    } finally {
      await https.stop()
    }
  })
})

describe('the slow-down cannot be held shut by a stranger (TRUST_PROXY=1, addresses from X-Forwarded-For)', () => {
  let proxied: AppServer
  const STAFF = { email: 'held-staff@city.example.jp', password: 'copper meadow eleven' }
  beforeAll(async () => {
    proxied = await startAppServer({ env: { TRUST_PROXY: '1' } })
    await createConsoleUser(proxied.db, { email: STAFF.email, name: '職員', password: STAFF.password, role: 'STAFF' })
  })
  afterAll(async () => {
    await proxied?.stop()
  })

  const login = (address: string, password: string, cookie?: string) =>
    fetch(`${proxied.url}/console/login`, {
      method: 'POST',
      redirect: 'manual',
      headers: {
        Origin: proxied.url,
        'Content-Type': 'application/x-www-form-urlencoded',
        'X-Forwarded-For': address,
        ...(cookie ? { cookie } : {}),
      },
      body: new URLSearchParams({ website: '', email: STAFF.email, password }),
    })

  it('an attacker’s failures hold only the attacker’s address; the real user on a new browser signs in, and keeps the device cookie on sign-out', async () => {
    for (let i = 0; i < 5; i++) expect((await login('203.0.113.66', `guess ${i}`)).status).toBe(401)
    // The attacker's address now waits (even with the right password: it is not checked).
    const held = await login('203.0.113.66', STAFF.password)
    expect(held.status).toBe(429)
    expect(Number(held.headers.get('retry-after'))).toBeGreaterThan(0)
    // The real user, from elsewhere and with no device cookie, is not held.
    const ok = await login('198.51.100.7', STAFF.password)
    expect(ok.status).toBe(302)
    const cookies = cookiesOf(ok)
    expect(cookies.map((c) => c.split('=')[0]).sort()).toEqual(['jisseki_device', 'jisseki_session'])

    // Signing out forgets cache and storage and ends the session, but not the device cookie.
    const out = await fetch(`${proxied.url}/console/logout`, {
      method: 'POST',
      redirect: 'manual',
      headers: { Origin: proxied.url, cookie: cookies.join('; '), 'X-Forwarded-For': '198.51.100.7' },
    })
    expect(out.status).toBe(302)
    expect(out.headers.get('clear-site-data')).toBe('"cache", "storage"')
    const cleared = out.headers.getSetCookie()
    expect(cleared.some((c) => /^jisseki_session=;/.test(c) && /Max-Age=0|Expires=Thu, 01 Jan 1970/i.test(c))).toBe(
      true,
    )
    expect(cleared.some((c) => c.startsWith('jisseki_device='))).toBe(false)
    const session = cookies.find((c) => c.startsWith('jisseki_session='))!
    const after = await fetch(`${proxied.url}/console`, { headers: { cookie: session }, redirect: 'manual' })
    expect(after.headers.get('location')).toMatch(/^\/console\/login/)
    expect(proxied.errors()).toBe('')
  }, 60_000)
})
