import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestDb } from '../../../tests/support/test-db'
import type { Db } from '~/utils/db.server'
import { isAppError } from '~/utils/errors'
import { RATE_LIMITS } from '../security/rate-limit.server'
import { requestPasswordResetFromPage } from './links.server'
import { signInWithPassword, signOut } from './sign-in.server'
import { createConsoleUser, isSignInDelayed, userForSignIn } from './console-users.server'

/*
 * The pages of signing in are one call each (sign-in.server.ts): what each answers and what it
 * leaves in the security log. The second-factor steps are tested in second-factor.server.test.ts.
 */

let db: Db
let drop: () => Promise<void>
beforeAll(async () => {
  ;({ db, drop } = await createTestDb())
})
afterAll(async () => drop())

const PASSWORD = 'lantern orchard fifteen'
const options = (address: string) => ({ ttlHours: 12, userAgent: 'test', device: null, address })
const refusal = (promise: Promise<unknown>) =>
  promise.then(
    () => null,
    (e: unknown) => e,
  )
const events = (type: string) => db.securityEvent.findMany({ where: { type }, orderBy: { at: 'asc' } })

describe('the password step', () => {
  it('signs in with the account’s email and logs the sign-in; a wrong password is refused and logged', async () => {
    await createConsoleUser(db, { email: 'step@city.example.jp', name: '段階 花子', password: PASSWORD, role: 'STAFF' })
    const step = await signInWithPassword(
      db,
      { email: ' Step@City.example.jp ', password: PASSWORD },
      options('203.0.113.10'),
    )
    expect(step).toMatchObject({ kind: 'session', email: 'step@city.example.jp' })
    const wrong = await refusal(
      signInWithPassword(db, { email: 'step@city.example.jp', password: 'not it' }, options('203.0.113.10')),
    )
    expect(isAppError(wrong, 'INVALID_CREDENTIALS')).toBe(true)
    const signIns = await events('sign-in')
    expect(signIns.map((e) => e.outcome)).toEqual(['success', 'failure'])
    expect(JSON.parse(signIns[1].detail)).toMatchObject({ reason: 'INVALID_CREDENTIALS' })
  })

  it('sends someone with a second factor to its step, without a session yet', async () => {
    await createConsoleUser(db, { email: 'admin-step@city.example.jp', name: '管理', password: PASSWORD })
    const step = await signInWithPassword(
      db,
      { email: 'admin-step@city.example.jp', password: PASSWORD },
      options('203.0.113.11'),
    )
    // Admins must have one: never enrolled, so on to enrolment.
    expect(step).toMatchObject({ kind: 'pending', purpose: 'ENROL', email: 'admin-step@city.example.jp' })
  })

  it('counts the address first: over its limit, the password is not checked and the refusal is logged', async () => {
    const address = '203.0.113.12'
    const { limit } = RATE_LIMITS.signInPerAddress
    for (let i = 0; i < limit; i++)
      await refusal(signInWithPassword(db, { email: `nobody${i}@example.jp`, password: 'x' }, options(address)))
    const step = await signInWithPassword(db, { email: 'step@city.example.jp', password: PASSWORD }, options(address))
    expect(step).toMatchObject({ kind: 'rate-limited' })
    expect(step.kind === 'rate-limited' && step.retryAfterSeconds).toBeGreaterThan(0)
    expect(await events('sign-in.rate-limited')).toHaveLength(1)
  })

  it('is slowed down after repeated failures for one email, and logs that too', async () => {
    await createConsoleUser(db, { email: 'slow@city.example.jp', name: '遅延', password: PASSWORD, role: 'STAFF' })
    let delayed: unknown = null
    for (let i = 0; i < 10 && !delayed; i++) {
      const error = await refusal(
        signInWithPassword(db, { email: 'slow@city.example.jp', password: 'wrong' }, options('203.0.113.13')),
      )
      if (isSignInDelayed(error)) delayed = error
    }
    expect(isSignInDelayed(delayed)).toBe(true)
    expect(await events('sign-in.slow-down')).toHaveLength(1)
  })
})

describe('signing out', () => {
  it('ends the session and logs whose it was; without a session nothing happens', async () => {
    await createConsoleUser(db, { email: 'out@city.example.jp', name: '退出', password: PASSWORD, role: 'STAFF' })
    const step = await signInWithPassword(
      db,
      { email: 'out@city.example.jp', password: PASSWORD },
      options('203.0.113.14'),
    )
    if (step.kind !== 'session') throw new Error('expected a session')
    await signOut(db, step.token)
    expect(await userForSignIn(db, step.token)).toBeNull()
    await signOut(db, undefined)
    const signOuts = await events('sign-out')
    expect(signOuts.map((e) => [e.outcome, e.actorEmail])).toEqual([['success', 'out@city.example.jp']])
  })
})

describe('the forgot-password page', () => {
  it('mails a link and logs the request; over the mailbox’s limit it sends nothing', async () => {
    const user = await createConsoleUser(db, {
      email: 'forgot@city.example.jp',
      name: '忘却',
      password: PASSWORD,
      role: 'STAFF',
    })
    const input = { email: 'forgot@city.example.jp', address: '203.0.113.15' }
    const { limit } = RATE_LIMITS.passwordResetPerEmail
    for (let i = 0; i < limit; i++) expect(await requestPasswordResetFromPage(db, input)).toBeNull()
    expect(await requestPasswordResetFromPage(db, input)).toMatchObject({ reason: 'email' })
    expect(await db.outboxMessage.count({ where: { consoleUserId: user.id, kind: 'PASSWORD_RESET' } })).toBe(limit)
    expect(await events('password.reset-request')).toHaveLength(limit)
  })
})
