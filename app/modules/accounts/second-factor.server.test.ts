import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestDb } from '../../../tests/support/test-db'
import type { Db } from '~/utils/db.server'
import { isAppError } from '~/utils/errors'
import { passwordWeakness } from './password-strength.server'
import { confirmOwnEnrolment, secondFactorState, startEnrolmentAfterPassword } from './account-security.server'
import {
  confirmEnrolment,
  decryptSecret,
  ENROLMENT_MINUTES,
  hasSecondFactor,
  pendingEnrolment,
  removeSecondFactor,
  secondFactorRequired,
  startEnrolment,
  totpFor,
  verifySecondFactor,
} from './second-factor.server'
import { afterPassword, pendingSignIn, signInWithCode } from './sign-in.server'
import {
  authenticate,
  createConsoleUser,
  delayAfterFailures,
  EMAIL_BUSY_DELAY_SECONDS,
  EMAIL_BUSY_FAILURES,
  isSignInDelayed,
  startSignIn,
  userForSignIn,
} from './console-users.server'
import { changeOwnPassword, disableUser, sessionIdOf } from './users.server'

let db: Db
let drop: () => Promise<void>
beforeAll(async () => {
  ;({ db, drop } = await createTestDb())
})
afterAll(async () => drop())

const at = (seconds: number) => new Date(Date.UTC(2026, 10, 30, 9, 0, 0) + seconds * 1000)
const codeAt = (secret: string, date: Date) => totpFor(secret).generate({ timestamp: date.getTime() })

async function enrolled(email: string, now = at(0)) {
  const user = await createConsoleUser(db, { email, name: '管理 花子', password: 'lantern orchard fifteen' })
  await startEnrolment(db, user.id, 'session-1', now)
  const secret = (await pendingEnrolment(db, user.id, 'session-1', now))!.secret
  const codes = await confirmEnrolment(db, user.id, codeAt(secret, now), { startedBy: 'session-1', now })
  return { user, secret, codes }
}

describe('TOTP second factor', () => {
  it('enrols with a first valid code, stores the secret encrypted, and gives ten recovery codes once', async () => {
    const user = await createConsoleUser(db, {
      email: 'enrol@city.example.jp',
      name: 'x',
      password: 'lantern orchard fifteen',
    })
    await startEnrolment(db, user.id, 'session-1', at(0))
    const enrolment = (await pendingEnrolment(db, user.id, 'session-1', at(0)))!
    expect(enrolment.uri).toMatch(/^otpauth:\/\/totp\/Jisseki:enrol%40city.example.jp\?/)
    expect(enrolment.qrSvg).toMatch(/^<svg/)
    const wrong = await confirmEnrolment(db, user.id, '000000', { startedBy: 'session-1', now: at(0) }).catch(
      (e: unknown) => e,
    )
    expect(isAppError(wrong, 'INVALID_CODE')).toBe(true)
    const codes = await confirmEnrolment(db, user.id, codeAt(enrolment.secret, at(0)), {
      startedBy: 'session-1',
      now: at(0),
    })
    expect(codes).toHaveLength(10)
    const row = await db.consoleUser.findUniqueOrThrow({ where: { id: user.id } })
    expect(row.totpPending).toBeNull()
    expect(row.totpSecret).not.toContain(enrolment.secret)
    expect(decryptSecret(row.totpSecret!)).toBe(enrolment.secret)
    const hashes = await db.recoveryCode.findMany({ where: { userId: user.id } })
    expect(hashes.map((h) => h.codeHash)).not.toContain(codes[0])
  })

  it('accepts a code once: the same code again (replay) and an older one are refused', async () => {
    const { user, secret } = await enrolled('replay@city.example.jp')
    // The enrolment used step at(0); the next step's code works once.
    expect(await verifySecondFactor(db, user.id, codeAt(secret, at(30)), at(30))).toBe('totp')
    expect(await verifySecondFactor(db, user.id, codeAt(secret, at(30)), at(31))).toBeNull()
    expect(await verifySecondFactor(db, user.id, codeAt(secret, at(0)), at(31))).toBeNull()
    expect(await verifySecondFactor(db, user.id, codeAt(secret, at(60)), at(60))).toBe('totp')
    expect(await verifySecondFactor(db, user.id, codeAt(secret, at(600)), at(60))).toBeNull()
  })

  it('takes each recovery code once', async () => {
    const { user, codes } = await enrolled('recovery@city.example.jp')
    expect(await verifySecondFactor(db, user.id, codes[0].toUpperCase(), at(5))).toBe('recovery')
    expect(await verifySecondFactor(db, user.id, codes[0], at(6))).toBeNull()
    expect(await verifySecondFactor(db, user.id, codes[1], at(7))).toBe('recovery')
  })

  it("an admin's reset removes the factor and the sessions, audited with the admin as actor", async () => {
    const admin = await createConsoleUser(db, {
      email: 'resetter@city.example.jp',
      name: 'a',
      password: 'lantern orchard fifteen',
    })
    const { user } = await enrolled('lost-phone@city.example.jp')
    await startSignIn(db, user.id, 1)
    await removeSecondFactor(db, admin.id, user.id, at(10))
    const row = await db.consoleUser.findUniqueOrThrow({ where: { id: user.id } })
    expect(row.totpSecret).toBeNull()
    expect(await db.recoveryCode.count({ where: { userId: user.id } })).toBe(0)
    expect(await db.consoleSignIn.count({ where: { userId: user.id } })).toBe(0)
    const audit = await db.auditEvent.findFirstOrThrow({
      where: { entityId: user.id, action: 'user.second-factor-reset' },
    })
    expect(audit.actorId).toBe(admin.id)
    // At the next sign-in: enrolment again.
    const step = await afterPassword(db, { ...user }, { ttlHours: 1 })
    expect(step).toMatchObject({ kind: 'pending', purpose: 'ENROL' })
  })

  it('requires it for admins always, for other roles only when configured', () => {
    expect(secondFactorRequired('ADMIN', [])).toBe(true)
    expect(secondFactorRequired('STAFF', ['ADMIN'])).toBe(false)
    expect(secondFactorRequired('STAFF', ['ADMIN', 'STAFF'])).toBe(true)
    expect(secondFactorRequired('CHECKIN', ['ADMIN', 'STAFF', 'ORGANIZER'])).toBe(false)
  })

  it('signs in in two steps; wrong codes end the pending step after five', async () => {
    const { user, secret } = await enrolled('steps@city.example.jp')
    const step = await afterPassword(db, user, { ttlHours: 1, now: at(39) })
    expect(step.kind).toBe('pending')
    expect(await db.consoleSignIn.count({ where: { userId: user.id } })).toBe(0)
    for (let i = 0; i < 4; i++) {
      const e = await signInWithCode(db, step.token, '123456', { ttlHours: 1, now: at(40) }).catch((x: unknown) => x)
      expect(isAppError(e, 'INVALID_CODE')).toBe(true)
    }
    const last = await signInWithCode(db, step.token, '123456', { ttlHours: 1, now: at(40) }).catch((x: unknown) => x)
    expect(isAppError(last, 'SIGN_IN_EXPIRED')).toBe(true)
    const again = await afterPassword(db, user, { ttlHours: 1, now: at(41) })
    // Five code failures count for the email too: the next attempt must wait.
    const early = await signInWithCode(db, again.token, codeAt(secret, at(41)), { ttlHours: 1, now: at(41) }).catch(
      (x: unknown) => x,
    )
    expect(isSignInDelayed(early)).toBe(true)
    const ok = await signInWithCode(db, again.token, codeAt(secret, at(60)), { ttlHours: 1, now: at(60) })
    expect(await userForSignIn(db, ok.token, at(61))).toMatchObject({ id: user.id })
  })
})

describe('slowing down instead of locking out', () => {
  it('waits longer after each failure past five, capped', () => {
    expect([4, 5, 6, 7, 20].map(delayAfterFailures)).toEqual([0, 2, 4, 8, 120])
  })

  it('lets the right password in once the delay has passed, and a known device at once', async () => {
    await createConsoleUser(db, { email: 'target@city.example.jp', name: 't', password: 'lantern orchard fifteen' })
    for (let i = 0; i < 5; i++)
      await authenticate(db, 'target@city.example.jp', 'wrong guess', at(i)).catch(() => undefined)
    const early = await authenticate(db, 'target@city.example.jp', 'lantern orchard fifteen', at(5)).catch(
      (e: unknown) => e,
    )
    expect(isSignInDelayed(early)).toBe(true)
    // Not counted: the delay does not grow with refused-too-soon attempts.
    expect(await db.loginFailure.count({ where: { email: 'target@city.example.jp' } })).toBe(5)
    expect((await authenticate(db, 'target@city.example.jp', 'lantern orchard fifteen', at(7))).email).toBe(
      'target@city.example.jp',
    )
    // The real user's browser (device cookie) is counted apart from strangers.
    expect(
      (await authenticate(db, 'target@city.example.jp', 'lantern orchard fifteen', at(5), { device: 'device-1' }))
        .email,
    ).toBe('target@city.example.jp')
    const wrong = await authenticate(db, 'target@city.example.jp', 'wrong', at(8)).catch((e: unknown) => e)
    expect(isAppError(wrong, 'TOO_MANY_ATTEMPTS') || isAppError(wrong, 'INVALID_CREDENTIALS')).toBe(true)
  })
})

describe('a stranger cannot hold the slow-down shut (per address)', () => {
  const attacker = { address: '203.0.113.66' }
  const user = { address: '198.51.100.7' }

  it('an attacker re-arming the wait from one address never delays the real user at another address', async () => {
    await createConsoleUser(db, { email: 'held@city.example.jp', name: 'h', password: 'lantern orchard fifteen' })
    // The attacker sends a wrong password each time the wait ends, for an hour and more.
    let t = 0
    let failures = 0
    for (let i = 0; t < 3700; i++) {
      const e = await authenticate(db, 'held@city.example.jp', `guess ${i}`, at(t), attacker).catch((x: unknown) => x)
      if (isSignInDelayed(e)) {
        t += e.retryAfterSeconds
        continue
      }
      expect(isAppError(e, 'INVALID_CREDENTIALS')).toBe(true)
      failures += 1
      // Right after each failure (past the free ones) the attacker's own address is held...
      if (failures >= 5) {
        const held = await authenticate(db, 'held@city.example.jp', 'lantern orchard fifteen', at(t), attacker).catch(
          (x: unknown) => x,
        )
        expect(isSignInDelayed(held)).toBe(true)
      }
      // ...but the real user, on a new browser (no device cookie) elsewhere, gets in at once.
      expect((await authenticate(db, 'held@city.example.jp', 'lantern orchard fifteen', at(t), user)).email).toBe(
        'held@city.example.jp',
      )
    }
    expect(failures).toBeGreaterThan(30)
  })

  it('across the whole email, many failing addresses slow each failing address to 10 s but never one without failures', async () => {
    await createConsoleUser(db, { email: 'swarm@city.example.jp', name: 's', password: 'lantern orchard fifteen' })
    for (let i = 0; i < EMAIL_BUSY_FAILURES; i++)
      await authenticate(db, 'swarm@city.example.jp', 'wrong guess', at(i), { address: `192.0.2.${i}` }).catch(
        () => undefined,
      )
    const fresh = { address: '198.51.100.9' }
    // An address with no failure of its own is never held.
    expect((await authenticate(db, 'swarm@city.example.jp', 'lantern orchard fifteen', at(60), fresh)).email).toBe(
      'swarm@city.example.jp',
    )
    // One typo there: now it waits EMAIL_BUSY_DELAY_SECONDS after its own failure, and no longer.
    await authenticate(db, 'swarm@city.example.jp', 'a typo', at(60), fresh).catch(() => undefined)
    const early = await authenticate(db, 'swarm@city.example.jp', 'lantern orchard fifteen', at(65), fresh).catch(
      (e: unknown) => e,
    )
    expect(isSignInDelayed(early) && early.retryAfterSeconds).toBe(EMAIL_BUSY_DELAY_SECONDS - 5)
    expect(
      (
        await authenticate(
          db,
          'swarm@city.example.jp',
          'lantern orchard fifteen',
          at(60 + EMAIL_BUSY_DELAY_SECONDS),
          fresh,
        )
      ).email,
    ).toBe('swarm@city.example.jp')
  })
})

describe('a secret left pending', () => {
  it('is offered and confirmed only for 15 minutes, and only to the session or sign-in that started it', async () => {
    const user = await createConsoleUser(db, {
      email: 'pending@city.example.jp',
      name: 'p',
      password: 'lantern orchard fifteen',
    })
    await startEnrolment(db, user.id, 'session-a', at(0))
    const secret = (await pendingEnrolment(db, user.id, 'session-a', at(0)))!.secret
    // Another session of the same user (someone who took it over) sees nothing and cannot confirm.
    expect(await pendingEnrolment(db, user.id, 'session-b', at(60))).toBeNull()
    const other = await confirmEnrolment(db, user.id, codeAt(secret, at(60)), {
      startedBy: 'session-b',
      now: at(60),
    }).catch((e: unknown) => e)
    expect(isAppError(other, 'INVALID_CODE')).toBe(true)
    // Too late, even for the session that started it.
    const late = at(ENROLMENT_MINUTES * 60)
    expect(await pendingEnrolment(db, user.id, 'session-a', late)).toBeNull()
    const stale = await confirmEnrolment(db, user.id, codeAt(secret, late), {
      startedBy: 'session-a',
      now: late,
    }).catch((e: unknown) => e)
    expect(isAppError(stale, 'INVALID_CODE')).toBe(true)
    expect(await hasSecondFactor(db, user.id)).toBe(false)
    // In time, the session that started it confirms it.
    const inTime = at(ENROLMENT_MINUTES * 60 - 30)
    expect(
      await confirmEnrolment(db, user.id, codeAt(secret, inTime), { startedBy: 'session-a', now: inTime }),
    ).toHaveLength(10)
  })

  it('on the account page: confirming needs the secret this session started after the password', async () => {
    const user = await createConsoleUser(db, {
      email: 'acct@city.example.jp',
      name: 'a',
      password: 'lantern orchard fifteen',
    })
    const identity = { id: user.id, email: user.email, name: user.name, role: user.role }
    await startEnrolmentAfterPassword(db, {
      user: identity,
      password: 'lantern orchard fifteen',
      currentSessionId: 'mine',
      now: at(0),
    })
    const mine = await secondFactorState(db, identity, 'mine', at(0))
    expect(mine.enrolment?.secret).toBeTruthy()
    expect((await secondFactorState(db, identity, 'theirs', at(0))).enrolment).toBeNull()
    const taken = await confirmOwnEnrolment(db, {
      user: identity,
      code: codeAt(mine.enrolment!.secret, at(30)),
      currentSessionId: 'theirs',
      now: at(30),
    }).catch((e: unknown) => e)
    expect(isAppError(taken, 'INVALID_CODE')).toBe(true)
  })
})

describe('pending sign-ins end with the password', () => {
  async function waitingForCode(email: string) {
    const { user } = await enrolled(email)
    const step = await afterPassword(db, user, { ttlHours: 1, now: at(0) })
    expect(step.kind).toBe('pending')
    return { user, token: step.kind === 'pending' ? step.token : '' }
  }

  it('a password change, disabling the user and a factor reset each end the pending sign-in', async () => {
    const admin = await createConsoleUser(db, {
      email: 'boss@city.example.jp',
      name: 'b',
      password: 'lantern orchard fifteen',
    })
    const changed = await waitingForCode('changed@city.example.jp')
    const here = await startSignIn(db, changed.user.id, 1, at(0))
    await changeOwnPassword(
      db,
      {
        user: changed.user,
        currentPassword: 'lantern orchard fifteen',
        newPassword: 'quiet meadow lantern seven',
        currentSessionId: sessionIdOf(here),
      },
      at(0),
    )
    expect(await pendingSignIn(db, changed.token, at(0))).toBeNull()
    expect(await db.pendingSignIn.count({ where: { userId: changed.user.id } })).toBe(0)

    const disabled = await waitingForCode('disabled@city.example.jp')
    await disableUser(db, admin.id, disabled.user.id, at(0))
    expect(await db.pendingSignIn.count({ where: { userId: disabled.user.id } })).toBe(0)

    const reset = await waitingForCode('reset-factor@city.example.jp')
    await removeSecondFactor(db, admin.id, reset.user.id, at(0))
    expect(await db.pendingSignIn.count({ where: { userId: reset.user.id } })).toBe(0)
  })
})

describe('inactivity timeout', () => {
  it('ends a session idle for longer than the limit, and writes lastSeenAt at most once a minute', async () => {
    const user = await createConsoleUser(db, {
      email: 'idle@city.example.jp',
      name: 'i',
      password: 'lantern orchard fifteen',
    })
    const token = await startSignIn(db, user.id, 12, at(0))
    expect(await userForSignIn(db, token, at(30), 30)).not.toBeNull()
    expect((await db.consoleSignIn.findFirstOrThrow({ where: { userId: user.id } })).lastSeenAt).toBeNull()
    expect(await userForSignIn(db, token, at(29 * 60), 30)).not.toBeNull()
    expect((await db.consoleSignIn.findFirstOrThrow({ where: { userId: user.id } })).lastSeenAt).toEqual(at(29 * 60))
    expect(await userForSignIn(db, token, at(29 * 60 + 30 * 60 - 1), 30)).not.toBeNull()
    expect(await userForSignIn(db, token, at(29 * 60 + 30 * 60 - 1 + 30 * 60 + 1), 30)).toBeNull()
  })
})

describe('password checks', () => {
  it('refuses common passwords and passwords made of the product name, the email or the name', () => {
    const person = { email: 'yamada.hanako@city.example.jp', name: '山田 花子' }
    expect(passwordWeakness('password1234', person)).toBe('common')
    expect(passwordWeakness('qwertyuiop12', person)).toBe('common')
    expect(passwordWeakness('jisseki2026!!', person)).toBe('context')
    expect(passwordWeakness('yamadahanako1', person)).toBe('context')
    // A context word that is also a common password still counts as context (found trying user:create).
    expect(passwordWeakness('jisseki-admin-2026', { email: 'admin@city.example.jp', name: '山田 花子' })).toBe(
      'context',
    )
    expect(passwordWeakness('city-example-jp-77', { email: 'admin@city.example.jp' })).toBe('context')
    expect(passwordWeakness('実績実績実績実績実績実績', person)).not.toBeNull()
    expect(passwordWeakness('lantern orchard fifteen', person)).toBeNull()
  })
})
