import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestDb } from '../../../tests/support/test-db'
import type { Db } from '~/utils/db.server'
import { isDomainError } from '~/utils/errors'
import { isAccountError } from './account-errors'
import { passwordWeakness } from './password-strength.server'
import {
  confirmEnrolment,
  decryptSecret,
  pendingEnrolment,
  removeSecondFactor,
  secondFactorRequired,
  startEnrolment,
  totpFor,
  verifySecondFactor,
} from './second-factor.server'
import { afterPassword, signInWithCode } from './sign-in.server'
import {
  authenticate,
  createStaffUser,
  delayAfterFailures,
  isSignInDelayed,
  startSession,
  userForSession,
} from './staff.server'

let db: Db
let drop: () => Promise<void>
beforeAll(async () => {
  ;({ db, drop } = await createTestDb())
})
afterAll(async () => drop())

const at = (seconds: number) => new Date(Date.UTC(2026, 10, 30, 9, 0, 0) + seconds * 1000)
const codeAt = (secret: string, date: Date) => totpFor(secret).generate({ timestamp: date.getTime() })

async function enrolled(email: string, now = at(0)) {
  const user = await createStaffUser(db, { email, name: '管理 花子', password: 'lantern orchard fifteen' })
  await startEnrolment(db, user.id)
  const secret = (await pendingEnrolment(db, user.id))!.secret
  const codes = await confirmEnrolment(db, user.id, codeAt(secret, now), now)
  return { user, secret, codes }
}

describe('TOTP second factor', () => {
  it('enrols with a first valid code, stores the secret encrypted, and gives ten recovery codes once', async () => {
    const user = await createStaffUser(db, {
      email: 'enrol@city.example.jp',
      name: 'x',
      password: 'lantern orchard fifteen',
    })
    await startEnrolment(db, user.id)
    const enrolment = (await pendingEnrolment(db, user.id))!
    expect(enrolment.uri).toMatch(/^otpauth:\/\/totp\/Jisseki:enrol%40city.example.jp\?/)
    expect(enrolment.qrSvg).toMatch(/^<svg/)
    const wrong = await confirmEnrolment(db, user.id, '000000', at(0)).catch((e: unknown) => e)
    expect(isAccountError(wrong, 'INVALID_CODE')).toBe(true)
    const codes = await confirmEnrolment(db, user.id, codeAt(enrolment.secret, at(0)), at(0))
    expect(codes).toHaveLength(10)
    const row = await db.staffUser.findUniqueOrThrow({ where: { id: user.id } })
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
    const admin = await createStaffUser(db, {
      email: 'resetter@city.example.jp',
      name: 'a',
      password: 'lantern orchard fifteen',
    })
    const { user } = await enrolled('lost-phone@city.example.jp')
    await startSession(db, user.id, 1)
    await removeSecondFactor(db, admin.id, user.id, at(10))
    const row = await db.staffUser.findUniqueOrThrow({ where: { id: user.id } })
    expect(row.totpSecret).toBeNull()
    expect(await db.recoveryCode.count({ where: { userId: user.id } })).toBe(0)
    expect(await db.staffSession.count({ where: { userId: user.id } })).toBe(0)
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
    expect(await db.staffSession.count({ where: { userId: user.id } })).toBe(0)
    for (let i = 0; i < 4; i++) {
      const e = await signInWithCode(db, step.token, '123456', { ttlHours: 1, now: at(40) }).catch((x: unknown) => x)
      expect(isAccountError(e, 'INVALID_CODE')).toBe(true)
    }
    const last = await signInWithCode(db, step.token, '123456', { ttlHours: 1, now: at(40) }).catch((x: unknown) => x)
    expect(isAccountError(last, 'SIGN_IN_EXPIRED')).toBe(true)
    const again = await afterPassword(db, user, { ttlHours: 1, now: at(41) })
    // Five code failures count for the email too: the next attempt must wait.
    const early = await signInWithCode(db, again.token, codeAt(secret, at(41)), { ttlHours: 1, now: at(41) }).catch(
      (x: unknown) => x,
    )
    expect(isSignInDelayed(early)).toBe(true)
    const ok = await signInWithCode(db, again.token, codeAt(secret, at(60)), { ttlHours: 1, now: at(60) })
    expect(await userForSession(db, ok.token, at(61))).toMatchObject({ id: user.id })
  })
})

describe('slowing down instead of locking out', () => {
  it('waits longer after each failure past five, capped', () => {
    expect([4, 5, 6, 7, 20].map(delayAfterFailures)).toEqual([0, 2, 4, 8, 120])
  })

  it('lets the right password in once the delay has passed, and a known device at once', async () => {
    await createStaffUser(db, { email: 'target@city.example.jp', name: 't', password: 'lantern orchard fifteen' })
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
    expect((await authenticate(db, 'target@city.example.jp', 'lantern orchard fifteen', at(5), 'device-1')).email).toBe(
      'target@city.example.jp',
    )
    const wrong = await authenticate(db, 'target@city.example.jp', 'wrong', at(8)).catch((e: unknown) => e)
    expect(isDomainError(wrong, 'TOO_MANY_ATTEMPTS') || isDomainError(wrong, 'INVALID_CREDENTIALS')).toBe(true)
  })
})

describe('inactivity timeout', () => {
  it('ends a session idle for longer than the limit, and writes lastSeenAt at most once a minute', async () => {
    const user = await createStaffUser(db, {
      email: 'idle@city.example.jp',
      name: 'i',
      password: 'lantern orchard fifteen',
    })
    const token = await startSession(db, user.id, 12, at(0))
    expect(await userForSession(db, token, at(30), 30)).not.toBeNull()
    expect((await db.staffSession.findFirstOrThrow({ where: { userId: user.id } })).lastSeenAt).toBeNull()
    expect(await userForSession(db, token, at(29 * 60), 30)).not.toBeNull()
    expect((await db.staffSession.findFirstOrThrow({ where: { userId: user.id } })).lastSeenAt).toEqual(at(29 * 60))
    expect(await userForSession(db, token, at(29 * 60 + 30 * 60 - 1), 30)).not.toBeNull()
    expect(await userForSession(db, token, at(29 * 60 + 30 * 60 - 1 + 30 * 60 + 1), 30)).toBeNull()
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
