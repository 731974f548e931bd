import crypto from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { sqlDialect, type Db } from '~/utils/db.server'
import { clientAddress, trustedProxyHops } from '~/utils/request.server'
import { createTestDb, TEST_DB_KIND } from '../../../tests/support/test-db'
import {
  addressBucket,
  hit,
  limitPasswordReset,
  limitRegistration,
  limitSignIn,
  limitApiRefusal,
  pruneRateLimits,
  RATE_LIMITS,
  rateLimitEmailKey,
} from './rate-limit.server'

const MINUTE = 60_000
const HOUR = 60 * MINUTE

let db: Db
let drop: () => Promise<void>
beforeAll(async () => {
  ;({ db, drop } = await createTestDb())
})
afterAll(async () => {
  await drop?.()
})

// Half a minute into the current hour: recent, so nothing here is old enough to be pruned.
const hourStart = Math.floor(Date.now() / HOUR) * HOUR
const at = (ms: number) => new Date(hourStart + ms)
let keys = 0
const freshKey = () => `test:${++keys}:${Math.random().toString(36).slice(2)}`

describe('hit', () => {
  it('counts hits in a window and refuses those over the limit until the window ends', async () => {
    const key = freshKey()
    const policy = { limit: 3, windowMs: MINUTE }
    const results = []
    for (let i = 0; i < 5; i++) results.push(await hit(db, key, { ...policy, now: at(30_000 + i * 1000) }))
    expect(results.map((r) => [r.allowed, r.count])).toEqual([
      [true, 1],
      [true, 2],
      [true, 3],
      [false, 4],
      [false, 5],
    ])
    expect(results[0].retryAfterSeconds).toBe(0)
    // The 4th hit came at 33 s into a one-minute window: 27 s left.
    expect(results[3].retryAfterSeconds).toBe(27)
    expect(results[4].retryAfterSeconds).toBe(26)
    // Stored as Prisma stores a DateTime: the model API finds the row by its window's start.
    const row = await db.rateLimitHit.findUnique({ where: { key_windowStart: { key, windowStart: at(0) } } })
    expect(row?.count).toBe(5)
    expect(row?.windowStart.toISOString()).toBe(at(0).toISOString())
  })

  it('starts afresh in the next window', async () => {
    const key = freshKey()
    const policy = { limit: 1, windowMs: MINUTE }
    expect((await hit(db, key, { ...policy, now: at(59_999) })).allowed).toBe(true)
    expect((await hit(db, key, { ...policy, now: at(59_999) })).allowed).toBe(false)
    const next = await hit(db, key, { ...policy, now: at(60_000) })
    expect(next).toEqual({ allowed: true, retryAfterSeconds: 0, count: 1 })
  })

  it('keeps keys apart', async () => {
    const [a, b] = [freshKey(), freshKey()]
    const policy = { limit: 2, windowMs: 10 * MINUTE, now: at(1000) }
    await hit(db, a, policy)
    await hit(db, a, policy)
    expect((await hit(db, a, policy)).allowed).toBe(false)
    expect(await hit(db, b, policy)).toMatchObject({ allowed: true, count: 1 })
  })

  it('lets exactly the limit through when 50 hits arrive at once', async () => {
    const key = freshKey()
    const results = await Promise.all(
      Array.from({ length: 50 }, () => hit(db, key, { limit: 10, windowMs: 10 * MINUTE, now: at(2000) })),
    )
    expect(results.filter((r) => r.allowed)).toHaveLength(10)
    expect(results.map((r) => r.count).sort((x, y) => x - y)).toEqual(Array.from({ length: 50 }, (_, i) => i + 1))
    expect(results.filter((r) => !r.allowed).every((r) => r.retryAfterSeconds > 0)).toBe(true)
  })
})

describe('pruneRateLimits', () => {
  it('deletes windows that started more than a day ago and keeps the others', async () => {
    const [old, recent] = [freshKey(), freshKey()]
    const now = new Date()
    await db.rateLimitHit.create({ data: { key: old, windowStart: new Date(now.getTime() - 25 * HOUR), count: 3 } })
    await db.rateLimitHit.create({ data: { key: recent, windowStart: new Date(now.getTime() - 23 * HOUR), count: 3 } })
    expect(await pruneRateLimits(db, now)).toBeGreaterThanOrEqual(1)
    expect(await db.rateLimitHit.count({ where: { key: old } })).toBe(0)
    expect(await db.rateLimitHit.count({ where: { key: recent } })).toBe(1)
  })
})

describe('addressBucket', () => {
  it('limits public addresses, IPv6 per /64', () => {
    expect(addressBucket('203.0.113.7')).toEqual({ bucket: '203.0.113.7', private: false })
    expect(addressBucket('2001:db8:1:2:3:4:5:6')?.bucket).toBe('2001:0db8:0001:0002::/64')
    expect(addressBucket('2001:db8::1')?.bucket).toBe('2001:0db8:0000:0000::/64')
    expect(addressBucket('2001:db8:1:2::ffff:1.2.3.4')?.bucket).toBe('2001:0db8:0001:0002::/64')
  })
  it('counts private and loopback addresses too, one by one, as private', () => {
    for (const address of ['127.0.0.1', '10.1.2.3', '172.17.0.1', '192.168.1.10', '169.254.1.1', '::1', 'fd00::1']) {
      expect(addressBucket(address), address).toEqual({ bucket: address, private: true })
    }
    expect(addressBucket('unknown')).toBeNull()
  })
})

describe('rateLimitEmailKey', () => {
  it('counts one mailbox whatever its +tag, and Gmail without dots', () => {
    expect(rateLimitEmailKey('Victim+1@Example.JP')).toBe('victim@example.jp')
    expect(rateLimitEmailKey(' victim+2@example.jp ')).toBe('victim@example.jp')
    expect(rateLimitEmailKey('victim+a+b@example.jp')).toBe('victim@example.jp')
    expect(rateLimitEmailKey('ｖｉｃｔｉｍ＋３@example.jp')).toBe('victim@example.jp')
    expect(rateLimitEmailKey('vi.c.tim+x@gmail.com')).toBe('victim@gmail.com')
    expect(rateLimitEmailKey('Vic.Tim@googlemail.com')).toBe('victim@gmail.com')
    // Elsewhere a dot is part of the name.
    expect(rateLimitEmailKey('vic.tim@example.jp')).toBe('vic.tim@example.jp')
    expect(rateLimitEmailKey('+only@example.jp')).toBe('+only@example.jp')
  })
})

describe('clientAddress', () => {
  const request = (xff?: string) => new Request('http://localhost/', { headers: xff ? { 'X-Forwarded-For': xff } : {} })
  it('uses the socket address and ignores X-Forwarded-For unless told there is a proxy', () => {
    expect(clientAddress(request('198.51.100.1'), { clientAddress: '203.0.113.9' }, 0)).toBe('203.0.113.9')
    expect(clientAddress(request(), { clientAddress: '::ffff:203.0.113.9' }, 0)).toBe('203.0.113.9')
    expect(clientAddress(request('198.51.100.1'), {}, 0)).toBe('unknown')
  })
  it('behind a proxy, takes the entry the proxy added, not what the client sent', () => {
    const spoofed = request('1.1.1.1, 198.51.100.1')
    expect(clientAddress(spoofed, { clientAddress: '10.0.0.2' }, 1)).toBe('198.51.100.1')
    expect(clientAddress(spoofed, { clientAddress: '10.0.0.2' }, 2)).toBe('1.1.1.1')
    expect(clientAddress(request(), { clientAddress: '10.0.0.2' }, 1)).toBe('10.0.0.2')
    expect(clientAddress(request('[2001:db8::5]:4711'), {}, 1)).toBe('2001:db8::5')
  })
  it('reads TRUST_PROXY as a number of hops', () => {
    expect([undefined, '', '0', 'false', 'nonsense', '1', 'true', '2'].map((v) => trustedProxyHops(v))).toEqual([
      0, 0, 0, 0, 0, 1, 1, 2,
    ])
  })
})

describe('the policies', () => {
  it('limits registrations per email across seminars, however the address is typed, without storing it', async () => {
    const email = `limit-${freshKey().replaceAll(':', '-')}@example.jp`
    const now = at(3000)
    const outcomes = []
    for (let i = 0; i < RATE_LIMITS.registrationPerEmail.limit + 1; i++) {
      const typed = i % 2 ? email.toUpperCase() : ` ${email} `
      outcomes.push(await limitRegistration(db, { address: '127.0.0.1', email: typed, now }))
    }
    expect(outcomes.slice(0, 5)).toEqual(Array(5).fill(null))
    expect(outcomes[5]).toEqual({ reason: 'email', retryAfterSeconds: 3600 - 3 })
    const rows = await db.rateLimitHit.findMany({ select: { key: true } })
    expect(rows.some((r) => r.key.includes('example.jp') || r.key.includes('127.0.0.1'))).toBe(false)
  })

  it('limits registrations per mailbox: +tags and Gmail dots do not make new addresses', async () => {
    const local = `victim${freshKey().replaceAll(':', '')}`
    const now = at(3500)
    const typed = [1, 2, 3, 4, 5, 6].map((i) => `${local}+${i}@example.jp`)
    const outcomes = []
    for (const email of typed) outcomes.push(await limitRegistration(db, { address: '203.0.113.60', email, now }))
    expect(outcomes.slice(0, 5)).toEqual(Array(5).fill(null))
    expect(outcomes[5]).toMatchObject({ reason: 'email' })
    const gmail = [1, 2, 3, 4, 5, 6].map((i) => `${local.slice(0, i)}.${local.slice(i)}+g@gmail.com`)
    gmail[5] = `${local}@googlemail.com`
    const gmailOutcomes = []
    for (const email of gmail) gmailOutcomes.push(await limitRegistration(db, { address: '203.0.113.61', email, now }))
    expect(gmailOutcomes.slice(0, 5)).toEqual(Array(5).fill(null))
    expect(gmailOutcomes[5]).toMatchObject({ reason: 'email' })
  })

  it('limits password-reset requests per mailbox too', async () => {
    const local = `reset${freshKey().replaceAll(':', '')}`
    const now = at(3600)
    const outcomes = []
    for (let i = 0; i <= RATE_LIMITS.passwordResetPerEmail.limit; i++)
      outcomes.push(
        await limitPasswordReset(db, { address: `203.0.113.${70 + i}`, email: `${local}+${i}@example.jp`, now }),
      )
    expect(outcomes.at(-1)).toMatchObject({ reason: 'email' })
  })

  it('limits registrations per public address, and does not count the email of a refused one', async () => {
    const now = at(4000)
    const address = '203.0.113.50'
    for (let i = 0; i < RATE_LIMITS.registrationPerAddress.limit; i++) {
      expect(await limitRegistration(db, { address, email: `addr${i}@example.jp`, now })).toBeNull()
    }
    expect(await limitRegistration(db, { address, email: 'one-more@example.jp', now })).toEqual({
      reason: 'address',
      retryAfterSeconds: 600 - 4,
    })
    expect(await limitRegistration(db, { address: '203.0.113.51', email: 'one-more@example.jp', now })).toBeNull()
  })

  it('limits each private and loopback address as well, at the higher private threshold', async () => {
    const now = at(4500)
    for (const address of ['192.168.0.9', '10.20.30.40', '172.16.5.5', '127.0.0.9', '::1']) {
      const { limit } = RATE_LIMITS.registrationPerPrivateAddress
      expect(limit).toBeGreaterThan(RATE_LIMITS.registrationPerAddress.limit)
      const outcomes = await Promise.all(
        Array.from({ length: limit + 1 }, (_, i) =>
          limitRegistration(db, { address, email: `lan${i}-${address}@example.jp`, now }),
        ),
      )
      expect(
        outcomes.filter((o) => o === null),
        address,
      ).toHaveLength(limit)
      expect(
        outcomes.find((o) => o !== null),
        address,
      ).toEqual({ reason: 'address', retryAfterSeconds: 600 - 4 })
    }
    // Another machine on the same network is counted on its own.
    expect(await limitRegistration(db, { address: '192.168.0.10', email: 'other-pc@example.jp', now })).toBeNull()
  })

  it('limits sign-in attempts per public address', async () => {
    const now = at(5000)
    const results = []
    for (let i = 0; i < RATE_LIMITS.signInPerAddress.limit + 1; i++) {
      results.push(await limitSignIn(db, { address: '2001:db8:5:5::1', now }))
    }
    expect(results.slice(0, 20)).toEqual(Array(20).fill(null))
    expect(results[20]).toMatchObject({ reason: 'address' })
    // Another address in the same /64 shares the count.
    expect(await limitSignIn(db, { address: '2001:db8:5:5::2', now })).toMatchObject({ reason: 'address' })
    expect(await limitSignIn(db, { address: '127.0.0.1', now })).toBeNull()
  })

  it('limits API calls with a refused token per address, private addresses at their own threshold', async () => {
    const now = at(5200)
    const publicResults = []
    for (let i = 0; i <= RATE_LIMITS.apiRefusedPerAddress.limit; i++)
      publicResults.push(await limitApiRefusal(db, { address: '198.51.100.9', now }))
    expect(publicResults.filter((r) => r === null)).toHaveLength(RATE_LIMITS.apiRefusedPerAddress.limit)
    expect(publicResults.at(-1)).toMatchObject({ reason: 'address' })
    // The sign-in's count is another one.
    expect(await limitSignIn(db, { address: '198.51.100.9', now })).toBeNull()
    expect(await limitApiRefusal(db, { address: '10.9.9.9', now })).toBeNull()
  })

  it('limits sign-in attempts and reset requests from a staff network address, at the private thresholds', async () => {
    const now = at(5500)
    const signIns = []
    for (let i = 0; i <= RATE_LIMITS.signInPerPrivateAddress.limit; i++)
      signIns.push(await limitSignIn(db, { address: '10.1.1.1', now }))
    expect(signIns.filter((r) => r === null)).toHaveLength(RATE_LIMITS.signInPerPrivateAddress.limit)
    expect(signIns.at(-1)).toMatchObject({ reason: 'address' })
    const resets = []
    for (let i = 0; i <= RATE_LIMITS.passwordResetPerPrivateAddress.limit; i++)
      resets.push(await limitPasswordReset(db, { address: '172.31.0.7', email: `r${i}@city.example.jp`, now }))
    expect(resets.filter((r) => r === null)).toHaveLength(RATE_LIMITS.passwordResetPerPrivateAddress.limit)
    expect(resets.at(-1)).toMatchObject({ reason: 'address' })
  })
})

/*
 * limitRegistration counts the address and the email in one statement (one per database); a
 * client it does not know (here an extended one) gets the two hits one after the other. Both must
 * count alike: the email only when the address is allowed, exactly the limit under a burst.
 */
describe('the address and the email counted in one statement', () => {
  const sha = (value: string) => crypto.createHash('sha256').update(value).digest('hex')
  const countOf = async (key: string, windowMs: number, now: Date) =>
    (
      await db.rateLimitHit.findUnique({
        where: {
          key_windowStart: { key, windowStart: new Date(Math.floor(now.getTime() / windowMs) * windowMs) },
        },
      })
    )?.count ?? 0
  const emailCount = (email: string, now: Date) =>
    countOf(`registration:email:${sha(rateLimitEmailKey(email))}`, HOUR, now)
  const addressCount = (address: string, now: Date) => countOf(`registration:address:${sha(address)}`, 10 * MINUTE, now)

  it('is what the app’s client does; another client (one sqlDialect does not know) gets two statements', () => {
    expect(sqlDialect(db)).toBe(TEST_DB_KIND === 'postgres' ? 'postgresql' : 'sqlite')
    expect(sqlDialect(db.$extends({}))).toBeNull()
  })

  for (const [name, client, n] of [
    ['one statement', () => db, 0],
    ['two statements', () => db.$extends({}) as unknown as Db, 1],
  ] as const) {
    it(`${name}: a burst from one address lets exactly its limit through and counts only their emails`, async () => {
      const now = at(5000)
      const address = `198.51.100.${20 + n}`
      const tag = freshKey().replaceAll(':', '-')
      const emails = Array.from({ length: 45 }, (_, i) => `burst-${tag}-${i}@example.jp`)
      const outcomes = await Promise.all(emails.map((email) => limitRegistration(client(), { address, email, now })))
      const allowed = emails.filter((_, i) => outcomes[i] === null)
      expect(allowed).toHaveLength(RATE_LIMITS.registrationPerAddress.limit)
      expect(outcomes.filter((o) => o !== null).every((o) => o!.reason === 'address')).toBe(true)
      expect(await addressCount(address, now)).toBe(45)
      for (const email of emails) expect(await emailCount(email, now)).toBe(allowed.includes(email) ? 1 : 0)
    })

    it(`${name}: a burst for one email from many addresses lets exactly its limit through, each address counted`, async () => {
      const now = at(6000)
      const email = `one-${freshKey().replaceAll(':', '-')}@example.jp`
      const addresses = Array.from({ length: 20 }, (_, i) => `192.0.2.${100 * n + i}`)
      const outcomes = await Promise.all(
        addresses.map((address) => limitRegistration(client(), { address, email, now })),
      )
      expect(outcomes.filter((o) => o === null)).toHaveLength(RATE_LIMITS.registrationPerEmail.limit)
      expect(outcomes.filter((o) => o !== null).every((o) => o!.reason === 'email')).toBe(true)
      expect(await emailCount(email, now)).toBe(20)
      for (const address of addresses) expect(await addressCount(address, now)).toBe(1)
    })

    it(`${name}: a refused address leaves an email already counted as it was, and counts no new one`, async () => {
      const now = at(7000)
      const address = `198.51.100.${30 + n}`
      const tag = freshKey().replaceAll(':', '-')
      const known = `known-${tag}@example.jp`
      const fresh = `new-${tag}@example.jp`
      expect(await limitRegistration(client(), { address: `192.0.2.${200 + n}`, email: known, now })).toBeNull()
      for (let i = 1; i < RATE_LIMITS.registrationPerAddress.limit; i++) {
        expect(await limitRegistration(client(), { address, email: `fill-${tag}-${i}@example.jp`, now })).toBeNull()
      }
      // The last one the address may send, then two refused.
      expect(await limitRegistration(client(), { address, email: known, now })).toBeNull()
      expect(await emailCount(known, now)).toBe(2)
      expect(await limitRegistration(client(), { address, email: known, now })).toMatchObject({ reason: 'address' })
      expect(await limitRegistration(client(), { address, email: fresh, now })).toMatchObject({ reason: 'address' })
      expect(await emailCount(known, now)).toBe(2)
      expect(await db.rateLimitHit.count({ where: { key: `registration:email:${sha(fresh)}` } })).toBe(0)
      expect(await addressCount(address, now)).toBe(RATE_LIMITS.registrationPerAddress.limit + 2)
    })

    it(`${name}: counts only the email when there is no address to count`, async () => {
      const now = at(8000)
      const email = `noaddr-${freshKey().replaceAll(':', '-')}@example.jp`
      for (let i = 0; i < RATE_LIMITS.registrationPerEmail.limit; i++) {
        expect(await limitRegistration(client(), { address: 'unknown', email, now })).toBeNull()
      }
      expect(await limitRegistration(client(), { address: 'unknown', email, now })).toMatchObject({ reason: 'email' })
      expect(await emailCount(email, now)).toBe(RATE_LIMITS.registrationPerEmail.limit + 1)
    })
  }
})
