import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { createConsoleUser } from '~/modules/accounts/console-users.server'
import { limitSignIn, RATE_LIMITS } from '~/modules/security/rate-limit.server'
import { startAppServer, type AppServer } from '../support/app-server'
import { createSeminar } from '../support/factories'
import { browserReads, OPEN_REDIRECT_PAYLOADS, SAME_SITE_ODDITIES } from '../support/open-redirect'

/**
 * Redirects after sign-in and from /lang stay on the site, and the rate limits count private
 * addresses and +tagged emails (docs/decisions/0021), on the production build. The app runs as
 * behind one reverse proxy (TRUST_PROXY=1), so each request chooses its client's address with
 * X-Forwarded-For.
 */
let app: AppServer
const STAFF = { email: 'redirect@city.example.jp', password: 'a long organizer password' }

beforeAll(async () => {
  app = await startAppServer({ env: { TRUST_PROXY: '1' } })
  // Office staff (no second factor by default): the password step itself signs in and redirects.
  await createConsoleUser(app.db, { ...STAFF, name: '転送 確認', role: 'STAFF' })
})
afterEach(() => {
  expect(app.errors()).toBe('')
})
afterAll(async () => {
  await app?.stop()
})

let nextHost = 0
/** A public address of its own: the per-address sign-in limit stays out of the way. */
const newAddress = () => `198.51.100.${++nextHost}`

function post(path: string, body: Record<string, string>, address: string) {
  return fetch(`${app.url}${path}`, {
    method: 'POST',
    body: new URLSearchParams(body),
    redirect: 'manual',
    headers: { Origin: app.url, 'X-Forwarded-For': address },
  })
}

function expectSameSite(location: string | null, payload: string) {
  expect(location, JSON.stringify(payload)).toMatch(/^\/(?![/\\])/)
  expect(browserReads(location!, `${app.url}/console/login`).origin, JSON.stringify(payload)).toBe(app.url)
}

describe('redirects', () => {
  it('signs in and sends the browser to a path on this site, whatever redirectTo says', async () => {
    for (const payload of [...OPEN_REDIRECT_PAYLOADS, ...SAME_SITE_ODDITIES]) {
      const res = await post('/console/login', { ...STAFF, website: '', redirectTo: payload }, newAddress())
      expect(res.status, JSON.stringify(payload)).toBe(302)
      expectSameSite(res.headers.get('Location'), payload)
      if (OPEN_REDIRECT_PAYLOADS.includes(payload)) expect(res.headers.get('Location')).toBe('/console')
    }
    const ok = await post(
      '/console/login',
      { ...STAFF, website: '', redirectTo: '/console/seminars?x=1' },
      newAddress(),
    )
    expect(ok.headers.get('Location')).toBe('/console/seminars?x=1')
  })

  it('switches the language and goes back to a path on this site, whatever redirectTo says', async () => {
    for (const payload of [...OPEN_REDIRECT_PAYLOADS, ...SAME_SITE_ODDITIES]) {
      const res = await post('/lang', { lang: 'en', redirectTo: payload }, newAddress())
      expect(res.status, JSON.stringify(payload)).toBe(302)
      expectSameSite(res.headers.get('Location'), payload)
      if (OPEN_REDIRECT_PAYLOADS.includes(payload)) expect(res.headers.get('Location')).toBe('/')
    }
  })
})

describe('rate limits', () => {
  it('limits sign-in attempts from an office (private) address too, at its higher threshold', async () => {
    const { limit } = RATE_LIMITS.signInPerPrivateAddress
    app.clock.awayFromWindowEdge(RATE_LIMITS.signInPerPrivateAddress)
    // The first limit − 2 attempts counted as the route counts them (each would check a password,
    // which takes a while), at the server's time, then the last two allowed and one more refused
    // over HTTP.
    for (let i = 0; i < limit - 2; i++)
      expect(await limitSignIn(app.db, { address: '192.168.20.30', now: app.clock.now() })).toBeNull()
    const statuses: number[] = []
    for (let i = 0; i < 3; i++) {
      const res = await post(
        '/console/login',
        { email: `nobody${i}@city.example.jp`, password: 'not a password at all', website: '' },
        '192.168.20.30',
      )
      statuses.push(res.status)
    }
    // A wrong password (401 today), not the address limit, for the last two allowed ones.
    expect(statuses.map((s) => s === 429)).toEqual([false, false, true])
    // Another machine on the office network signs in.
    const other = await post('/console/login', { ...STAFF, website: '' }, '192.168.20.31')
    expect(other.status).toBe(302)
  })

  it('limits password-reset requests from a private address too', async () => {
    const { limit } = RATE_LIMITS.passwordResetPerPrivateAddress
    app.clock.awayFromWindowEdge(RATE_LIMITS.passwordResetPerPrivateAddress)
    const statuses: number[] = []
    for (let i = 0; i <= limit; i++) {
      const res = await post('/console/forgot-password', { email: `who${i}@city.example.jp`, website: '' }, '10.9.8.7')
      statuses.push(res.status)
    }
    expect(statuses).toEqual([...Array(limit).fill(200), 429])
  })

  it('counts victim+1@ and victim+2@ as one mailbox for the registration limit', async () => {
    const { limit } = RATE_LIMITS.registrationPerEmail
    app.clock.awayFromWindowEdge(RATE_LIMITS.registrationPerEmail)
    const statuses: number[] = []
    for (let i = 0; i <= limit; i++) {
      const seminar = await createSeminar(app.db, { title: `タグ付き ${i + 1}` })
      const res = await post(
        `/seminars/${seminar.id}/register`,
        {
          name: `標的 ${i + 1}`,
          furigana: 'ひょうてき',
          email: `victim+${i + 1}@example.jp`,
          industry: 'E',
          inCity: 'yes',
          mode: 'IN_PERSON',
          consent: 'on',
          submissionKey: crypto.randomUUID(),
          website: '',
        },
        newAddress(),
      )
      statuses.push(res.status)
    }
    expect(statuses).toEqual([...Array(limit).fill(302), 429])
  })
})
