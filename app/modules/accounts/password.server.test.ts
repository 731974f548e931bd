import { afterEach, describe, expect, it, vi } from 'vitest'
import { hashPassword, PRODUCTION_SCRYPT, scryptCost, verifyPassword } from './password.server'

afterEach(() => vi.unstubAllEnvs())

describe('the cost of password hashes', () => {
  it('is the production cost wherever the test-only setting is not accepted', () => {
    for (const NODE_ENV of ['production', 'development', undefined]) {
      expect(scryptCost({ NODE_ENV, VITEST: 'true', TEST_PASSWORD_COST: 'low' }), String(NODE_ENV)).toEqual(
        PRODUCTION_SCRYPT,
      )
    }
    // NODE_ENV=test alone is not a test run: a server started that way by mistake stays safe.
    expect(scryptCost({ NODE_ENV: 'test', TEST_PASSWORD_COST: 'low' })).toEqual(PRODUCTION_SCRYPT)
    expect(scryptCost({ NODE_ENV: 'test', VITEST: 'true' })).toEqual(PRODUCTION_SCRYPT)
    expect(PRODUCTION_SCRYPT).toEqual({ N: 2 ** 15, r: 8, p: 1 })
  })

  it('is lowered only inside a test run that asks for it', () => {
    expect(scryptCost({ NODE_ENV: 'test', VITEST: 'true', TEST_PASSWORD_COST: 'low' }).N).toBeLessThan(
      PRODUCTION_SCRYPT.N,
    )
  })

  it('makes production hashes in production even when the setting is present', async () => {
    vi.stubEnv('NODE_ENV', 'production')
    vi.stubEnv('TEST_PASSWORD_COST', 'low')
    const stored = await hashPassword('correct horse battery')
    expect(stored).toMatch(/^scrypt\$32768\$8\$1\$/)
    expect(await verifyPassword('correct horse battery', stored)).toBe(true)
  })

  it('verifies a hash by the cost written in it, whatever the current setting', async () => {
    vi.stubEnv('TEST_PASSWORD_COST', 'low')
    const cheap = await hashPassword('a test password')
    expect(cheap).toMatch(/^scrypt\$1024\$8\$1\$/)
    vi.stubEnv('NODE_ENV', 'production')
    expect(await verifyPassword('a test password', cheap)).toBe(true)
    expect(await verifyPassword('another password', cheap)).toBe(false)
  })
})
