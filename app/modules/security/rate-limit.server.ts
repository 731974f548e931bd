import crypto from 'node:crypto'
import net from 'node:net'
import { normalizeEmail } from '~/modules/registration/identity'
import type { Db } from '~/utils/db.server'

/**
 * Fixed-window rate limits kept in the database (RateLimitHit), so they hold across app
 * processes sharing one PostgreSQL (docs/decisions/0011-security.md). One atomic upsert per hit:
 * no read-then-write race, 50 simultaneous hits with a limit of 10 let exactly 10 through.
 * A fixed window lets up to twice the limit through around a window's edge; that is enough to
 * stop floods, which is all these are for.
 */

const MINUTE = 60_000
const HOUR = 60 * MINUTE

export type RatePolicy = { limit: number; windowMs: number }

/** Every limit, in one place. Refused attempts count too: hammering does not reopen a window. */
export const RATE_LIMITS = {
  // A company, school or city office may send a whole group through one address; 30 in ten
  // minutes is far more than a group registers by hand, far less than a script sends.
  registrationPerAddress: { limit: 30, windowMs: 10 * MINUTE },
  // Each registration emails the address typed: this caps how much mail the form can be made to
  // send to someone else's mailbox. One person signs up for a few seminars at a time, not six.
  registrationPerEmail: { limit: 5, windowMs: HOUR },
  // On top of the per-email lockout (5 failures in 15 minutes, staff.server.ts), which trying
  // many emails from one place would get around. Staff behind one office address sign in a few
  // times a day each.
  signInPerAddress: { limit: 20, windowMs: 10 * MINUTE },
  // "Forgot your password?" may send mail to the address typed: a person needs one or two links,
  // not a mailbox full. Counted for unknown addresses too, so a refusal reveals no account.
  passwordResetPerAddress: { limit: 10, windowMs: 15 * MINUTE },
  passwordResetPerEmail: { limit: 3, windowMs: HOUR },
} as const satisfies Record<string, RatePolicy>

export type RateResult = { allowed: boolean; retryAfterSeconds: number; count: number }

/** Rows older than this are deleted; the longest window is an hour. */
const KEEP_MS = 24 * HOUR
let lastPrunedAt = 0

/**
 * Counts one hit on `key` in the current window and says whether it is within `limit`.
 * `retryAfterSeconds` (when refused) is the time until the window ends.
 */
export async function hit(
  db: Db,
  key: string,
  { limit, windowMs, now = new Date() }: RatePolicy & { now?: Date },
): Promise<RateResult> {
  // Each process clears expired windows at most once an hour, before it counts.
  if (Date.now() - lastPrunedAt > HOUR) {
    lastPrunedAt = Date.now()
    await pruneRateLimits(db, new Date())
  }
  const start = Math.floor(now.getTime() / windowMs) * windowMs
  // A Date parameter, so each database stores it as Prisma stores a DateTime.
  const windowStart = new Date(start)
  const rows = await db.$queryRaw<{ count: number | bigint }[]>`
    INSERT INTO "RateLimitHit" ("key", "windowStart", "count") VALUES (${key}, ${windowStart}, 1)
    ON CONFLICT ("key", "windowStart") DO UPDATE SET "count" = "RateLimitHit"."count" + 1
    RETURNING "count"`
  const count = Number(rows[0].count)
  const allowed = count <= limit
  return {
    allowed,
    retryAfterSeconds: allowed ? 0 : Math.max(1, Math.ceil((start + windowMs - now.getTime()) / 1000)),
    count,
  }
}

/** Deletes windows that started more than a day before `now`. */
export async function pruneRateLimits(db: Db, now = new Date()): Promise<number> {
  const { count } = await db.rateLimitHit.deleteMany({
    where: { windowStart: { lt: new Date(now.getTime() - KEEP_MS) } },
  })
  return count
}

/** Keys hold no email or address in clear. */
const digest = (value: string) => crypto.createHash('sha256').update(value).digest('hex')

// What a reverse proxy, a container network or an intranet look like from the app: limiting
// such an address would limit everyone behind it at once, so only public addresses are limited.
const NOT_PUBLIC = new net.BlockList()
for (const [prefix, bits] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.168.0.0', 16],
] as const)
  NOT_PUBLIC.addSubnet(prefix, bits, 'ipv4')
for (const [prefix, bits] of [
  ['::', 128],
  ['::1', 128],
  ['fc00::', 7],
  ['fe80::', 10],
] as const)
  NOT_PUBLIC.addSubnet(prefix, bits, 'ipv6')

/**
 * The bucket an address is counted in, or null when it is not limited (unknown or not public).
 * IPv6 counts per /64: one subscriber usually holds a whole /64.
 */
export function addressBucket(address: string): string | null {
  const family = net.isIP(address)
  if (family === 0 || NOT_PUBLIC.check(address, family === 4 ? 'ipv4' : 'ipv6')) return null
  if (family === 4) return address
  // A trailing dotted quad (::ffff:1.2.3.4 and the like) is two groups.
  const hex = address
    .toLowerCase()
    .replace(/(\d+)\.(\d+)\.(\d+)\.(\d+)$/, (_m, a: string, b: string, c: string, d: string) =>
      [(Number(a) << 8) | Number(b), (Number(c) << 8) | Number(d)].map((n) => n.toString(16)).join(':'),
    )
  const [head, tail = ''] = hex.split('::')
  const left = head ? head.split(':') : []
  const right = tail ? tail.split(':') : []
  const groups = hex.includes('::') ? [...left, ...Array(8 - left.length - right.length).fill('0'), ...right] : left
  return `${groups
    .slice(0, 4)
    .map((g) => g.padStart(4, '0'))
    .join(':')}::/64`
}

export type Refusal = { reason: 'address' | 'email'; retryAfterSeconds: number }

/** Per address first (public addresses only), then per email (not counted when the address is refused). */
async function limitByAddressThenEmail(
  db: Db,
  form: string,
  policies: { perAddress: RatePolicy; perEmail: RatePolicy },
  { address, email, now = new Date() }: { address: string; email: string; now?: Date },
): Promise<Refusal | null> {
  const bucket = addressBucket(address)
  if (bucket) {
    const byAddress = await hit(db, `${form}:address:${digest(bucket)}`, { ...policies.perAddress, now })
    if (!byAddress.allowed) return { reason: 'address', retryAfterSeconds: byAddress.retryAfterSeconds }
  }
  const byEmail = await hit(db, `${form}:email:${digest(normalizeEmail(email))}`, { ...policies.perEmail, now })
  return byEmail.allowed ? null : { reason: 'email', retryAfterSeconds: byEmail.retryAfterSeconds }
}

/** A registration attempt. */
export function limitRegistration(db: Db, input: { address: string; email: string; now?: Date }) {
  return limitByAddressThenEmail(
    db,
    'registration',
    { perAddress: RATE_LIMITS.registrationPerAddress, perEmail: RATE_LIMITS.registrationPerEmail },
    input,
  )
}

/** A "forgot your password?" request. */
export function limitPasswordReset(db: Db, input: { address: string; email: string; now?: Date }) {
  return limitByAddressThenEmail(
    db,
    'password-reset',
    { perAddress: RATE_LIMITS.passwordResetPerAddress, perEmail: RATE_LIMITS.passwordResetPerEmail },
    input,
  )
}

/** A sign-in attempt from an address, counted before the password is checked. */
export async function limitSignIn(
  db: Db,
  { address, now = new Date() }: { address: string; now?: Date },
): Promise<Refusal | null> {
  const bucket = addressBucket(address)
  if (!bucket) return null
  const result = await hit(db, `sign-in:address:${digest(bucket)}`, { ...RATE_LIMITS.signInPerAddress, now })
  return result.allowed ? null : { reason: 'address', retryAfterSeconds: result.retryAfterSeconds }
}

/** Whole minutes to wait, for messages ("try again in N minutes"). */
export function retryAfterMinutes(seconds: number): number {
  return Math.max(1, Math.ceil(seconds / 60))
}
