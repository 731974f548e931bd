import { afterAll, beforeAll, describe, expect, it, onTestFinished, vi } from 'vitest'
import { createTestDb } from '../../../tests/support/test-db'
import type { Db } from '~/utils/db.server'
import { isAppError } from '~/utils/errors'
import { authenticate, createConsoleUser, endSignIn, startSignIn, userForSignIn } from './console-users.server'

let db: Db
let drop: () => Promise<void>
beforeAll(async () => {
  ;({ db, drop } = await createTestDb())
})
afterAll(async () => drop())

describe('staff accounts', () => {
  it('stores only an scrypt hash and authenticates with the right password only', async () => {
    // At the production cost: the suite's test-only cost (vitest.config.ts) would not show it.
    vi.stubEnv('TEST_PASSWORD_COST', '')
    onTestFinished(() => {
      vi.unstubAllEnvs()
    })
    await createConsoleUser(db, { email: 'Admin@City.example.jp', name: '管理者', password: 'correct horse battery' })
    const stored = await db.consoleUser.findUniqueOrThrow({ where: { email: 'admin@city.example.jp' } })
    expect(stored.passwordHash).toMatch(/^scrypt\$32768\$8\$1\$/)
    expect(stored.passwordHash).not.toContain('correct horse')
    expect((await authenticate(db, 'admin@city.example.jp', 'correct horse battery')).role).toBe('ADMIN')
    const wrong = await authenticate(db, 'admin@city.example.jp', 'wrong password!!').catch((e: unknown) => e)
    expect(isAppError(wrong, 'INVALID_CREDENTIALS')).toBe(true)
    const unknown = await authenticate(db, 'nobody@city.example.jp', 'correct horse battery').catch((e: unknown) => e)
    expect(isAppError(unknown, 'INVALID_CREDENTIALS')).toBe(true)
  })

  it('refuses someone without a password like a wrong password, and names a disabled account only to its owner', async () => {
    await db.consoleUser.create({ data: { email: 'invited@city.example.jp', name: '招待', passwordHash: null } })
    for (const password of ['', 'any password at all'])
      expect(
        isAppError(
          await authenticate(db, 'invited@city.example.jp', password).catch((e: unknown) => e),
          'INVALID_CREDENTIALS',
        ),
      ).toBe(true)
    const user = await createConsoleUser(db, {
      email: 'off@city.example.jp',
      name: 'off',
      password: 'the right password',
    })
    await db.consoleUser.update({ where: { id: user.id }, data: { disabledAt: new Date() } })
    const wrong = await authenticate(db, 'off@city.example.jp', 'a wrong password').catch((e: unknown) => e)
    expect(isAppError(wrong, 'INVALID_CREDENTIALS')).toBe(true)
    const right = await authenticate(db, 'off@city.example.jp', 'the right password').catch((e: unknown) => e)
    expect(isAppError(right, 'ACCOUNT_DISABLED')).toBe(true)
  })

  it('refuses short passwords', async () => {
    await expect(createConsoleUser(db, { email: 'x@city.example.jp', name: 'x', password: 'short' })).rejects.toThrow(
      /12/,
    )
  })

  it('keeps sessions by token hash, expires and ends them', async () => {
    const user = await createConsoleUser(db, {
      email: 'sess@city.example.jp',
      name: 's',
      password: 'another long password',
    })
    const now = new Date()
    const token = await startSignIn(db, user.id, 1, now, 'Mozilla/5.0 (TestOS)')
    expect(await db.consoleSignIn.count({ where: { id: token } })).toBe(0)
    expect((await db.consoleSignIn.findFirstOrThrow({ where: { userId: user.id } })).userAgent).toBe(
      'Mozilla/5.0 (TestOS)',
    )
    expect((await userForSignIn(db, token, now))?.id).toBe(user.id)
    expect(await userForSignIn(db, token, new Date(now.getTime() + 3600_001))).toBeNull()
    expect(await userForSignIn(db, 'forged-token', now)).toBeNull()
    await endSignIn(db, token)
    expect(await userForSignIn(db, token, now)).toBeNull()
    // A disabled user's sessions stop working even if one was left behind.
    const again = await startSignIn(db, user.id, 1, now)
    await db.consoleUser.update({ where: { id: user.id }, data: { disabledAt: now } })
    expect(await userForSignIn(db, again, now)).toBeNull()
  })

  it('slows down after five failures instead of locking: the right password gets in once the delay has passed', async () => {
    await createConsoleUser(db, { email: 'target@city.example.jp', name: 't', password: 'the right password' })
    const now = new Date()
    for (let i = 0; i < 5; i++) {
      const e = await authenticate(db, 'target@city.example.jp', `guess ${i}`, now).catch((x: unknown) => x)
      expect(isAppError(e, 'INVALID_CREDENTIALS')).toBe(true)
    }
    const tooSoon = await authenticate(db, 'target@city.example.jp', 'the right password', now).catch((x: unknown) => x)
    expect(isAppError(tooSoon, 'TOO_MANY_ATTEMPTS')).toBe(true)
    // Not a 15-minute lockout: two seconds later the right password works.
    const later = new Date(now.getTime() + 2_000)
    expect((await authenticate(db, 'target@city.example.jp', 'the right password', later)).email).toBe(
      'target@city.example.jp',
    )
  })
})
