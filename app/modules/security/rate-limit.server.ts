import crypto from 'node:crypto'
import net from 'node:net'
import { normalizeEmail } from '~/modules/registration/identity'
import { sqlDialect, type Db } from '~/utils/db.server'
import { currentTime } from '~/utils/clock.server'

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

/**
 * Every limit, in one place. Refused attempts count too: hammering does not reopen a window.
 * Addresses on a private network (an office LAN, loopback, a container network) are counted too,
 * in buckets of their own with the `…Private` thresholds: a staff network is exactly such an
 * address, and a reverse proxy without TRUST_PROXY makes every client one (docs/decisions/0021).
 */
export const RATE_LIMITS = {
  // A company, school or city office may send a whole group through one address; 30 in ten
  // minutes is far more than a group registers by hand, far less than a script sends.
  registrationPerAddress: { limit: 30, windowMs: 10 * MINUTE },
  // A private address is one machine on the office network, or a whole office behind NAT, or
  // (a proxy without TRUST_PROXY) everyone: ten times the public threshold, still far below a
  // script, so one compromised office PC cannot fill every seminar or mailbox.
  registrationPerPrivateAddress: { limit: 300, windowMs: 10 * MINUTE },
  // Each registration emails the address typed: this caps how much mail the form can be made to
  // send to someone else's mailbox. One person signs up for a few seminars at a time, not six.
  // Counted per mailbox (rateLimitEmailKey): "name+1@" and "name+2@" are one.
  registrationPerEmail: { limit: 5, windowMs: HOUR },
  // On top of the per-email lockout (5 failures in 15 minutes, console-users.server.ts), which trying
  // many emails from one place would get around. Staff behind one office address sign in a few
  // times a day each.
  signInPerAddress: { limit: 20, windowMs: 10 * MINUTE },
  // Staff sign in from the office network: a whole floor behind one NAT address at the start of
  // the day stays far below 100 in ten minutes; guessing passwords from inside does not.
  signInPerPrivateAddress: { limit: 100, windowMs: 10 * MINUTE },
  // "Forgot your password?" may send mail to the address typed: a person needs one or two links,
  // not a mailbox full. Counted for unknown addresses too, so a refusal reveals no account.
  passwordResetPerAddress: { limit: 10, windowMs: 15 * MINUTE },
  passwordResetPerPrivateAddress: { limit: 30, windowMs: 15 * MINUTE },
  passwordResetPerEmail: { limit: 3, windowMs: HOUR },
  // Each change a participant makes through their link mails them the updated registration. A
  // person corrects a typo or switches mode once or twice; a group's contact holds every member's
  // link, so without a cap they could mail a member's inbox without end (docs/decisions/0035).
  registrationChangePerRegistration: { limit: 10, windowMs: HOUR },
  // API calls with a token that is missing, unknown, revoked or expired (docs/decisions/0055-api.md):
  // a system configured once makes a few while someone fixes it; guessing a 256-bit token is
  // hopeless anyway, but each refusal writes to the security log, which this keeps from flooding.
  apiRefusedPerAddress: { limit: 30, windowMs: 10 * MINUTE },
  apiRefusedPerPrivateAddress: { limit: 300, windowMs: 10 * MINUTE },
} as const satisfies Record<string, RatePolicy>

export type RateResult = { allowed: boolean; retryAfterSeconds: number; count: number }

/** Rows older than this are deleted (every hour, by the background loop); the longest window is an hour. */
const KEEP_MS = 24 * HOUR

/**
 * Counts one hit on `key` in the current window and says whether it is within `limit`.
 * `retryAfterSeconds` (when refused) is the time until the window ends.
 */
export async function hit(
  db: Db,
  key: string,
  { limit, windowMs, now = currentTime() }: RatePolicy & { now?: Date },
): Promise<RateResult> {
  const window = windowOf(windowMs, now)
  const rows = await db.$queryRaw<{ count: number | bigint }[]>`
    INSERT INTO "RateLimitHit" ("key", "windowStart", "count") VALUES (${key}, ${window.start}, 1)
    ON CONFLICT ("key", "windowStart") DO UPDATE SET "count" = "RateLimitHit"."count" + 1
    RETURNING "count"`
  return rateResult(Number(rows[0].count), { limit, windowMs, now })
}

/** The fixed window `now` falls in; a Date, so each database stores it as Prisma stores a DateTime. */
function windowOf(windowMs: number, now: Date) {
  return { start: new Date(Math.floor(now.getTime() / windowMs) * windowMs) }
}

function rateResult(count: number, { limit, windowMs, now }: RatePolicy & { now: Date }): RateResult {
  const allowed = count <= limit
  const end = windowOf(windowMs, now).start.getTime() + windowMs
  return { allowed, retryAfterSeconds: allowed ? 0 : Math.max(1, Math.ceil((end - now.getTime()) / 1000)), count }
}

/**
 * One hit on the address's key, then one on the email's only if the address is allowed — what
 * two hit() calls in that order count, in one statement (one client call, one turn on SQLite's
 * connection, one commit). SQL with no portable form (docs/decisions/0054), one per database; a
 * client sqlDialect does not know gets the two hit() calls.
 * - PostgreSQL: a data-modifying CTE. The email's INSERT reads the address's count as the address's
 *   upsert returned it, and that row stays locked until the statement commits. Address keys are
 *   always locked before email keys, so two such statements never wait for each other in a circle.
 * - SQLite: one INSERT … SELECT of both rows; the email's row is selected only while the address's
 *   count before this hit is below its limit (after it, within). The statement is atomic and every
 *   statement takes its turn on the one connection; its SELECT reads the table it inserts into, so
 *   SQLite computes all rows before it writes one — and the email's row comes first, so its count
 *   is read before the address's row is written whichever way rows were computed.
 */
async function hitAddressThenEmail(
  db: Db,
  address: { key: string } & RatePolicy,
  email: { key: string } & RatePolicy,
  now: Date,
): Promise<{ address: RateResult; email: RateResult | null }> {
  const dialect = sqlDialect(db)
  if (dialect === null) {
    const byAddress = await hit(db, address.key, { ...address, now })
    if (!byAddress.allowed) return { address: byAddress, email: null }
    return { address: byAddress, email: await hit(db, email.key, { ...email, now }) }
  }
  const a = windowOf(address.windowMs, now).start
  const e = windowOf(email.windowMs, now).start
  let counts: { address: number | bigint; email: number | bigint | null }
  if (dialect === 'postgresql') {
    ;[counts] = await db.$queryRaw<(typeof counts)[]>`
      WITH "a" AS (
        INSERT INTO "RateLimitHit" ("key", "windowStart", "count") VALUES (${address.key}, ${a}, 1)
        ON CONFLICT ("key", "windowStart") DO UPDATE SET "count" = "RateLimitHit"."count" + 1
        RETURNING "count"),
      "e" AS (
        INSERT INTO "RateLimitHit" ("key", "windowStart", "count")
        SELECT ${email.key}, ${e}, 1 FROM "a" WHERE "a"."count" <= ${address.limit}
        ON CONFLICT ("key", "windowStart") DO UPDATE SET "count" = "RateLimitHit"."count" + 1
        RETURNING "count")
      SELECT "a"."count" AS "address", (SELECT "e"."count" FROM "e") AS "email" FROM "a"`
  } else {
    const rows = await db.$queryRaw<{ key: string; count: number | bigint }[]>`
      INSERT INTO "RateLimitHit" ("key", "windowStart", "count")
      SELECT "v"."key", "v"."windowStart", 1 FROM (
        SELECT ${email.key} AS "key", ${e} AS "windowStart"
        WHERE (SELECT COALESCE(MAX(f."count"), 0) FROM "RateLimitHit" f
          WHERE f."key" = ${address.key} AND f."windowStart" = ${a}) < ${address.limit}
        UNION ALL SELECT ${address.key}, ${a}) "v"
      WHERE true
      ON CONFLICT ("key", "windowStart") DO UPDATE SET "count" = "RateLimitHit"."count" + 1
      RETURNING "key", "count"`
    const count = (key: string) => rows.find((r) => r.key === key)?.count ?? null
    counts = { address: count(address.key)!, email: count(email.key) }
  }
  const byAddress = rateResult(Number(counts.address), { ...address, now })
  if (!byAddress.allowed) return { address: byAddress, email: null }
  return { address: byAddress, email: rateResult(Number(counts.email), { ...email, now }) }
}

/** Deletes windows that started more than a day before `now`. */
export async function pruneRateLimits(db: Db, now = currentTime()): Promise<number> {
  const { count } = await db.rateLimitHit.deleteMany({
    where: { windowStart: { lt: new Date(now.getTime() - KEEP_MS) } },
  })
  return count
}

/** Keys hold no email or address in clear. */
const digest = (value: string) => crypto.createHash('sha256').update(value).digest('hex')

/**
 * The mailbox an address reaches, for per-email limits only (never for identity): lower case,
 * NFKC, without a "+tag" ("name+1@" and "name+2@" reach one mailbox at most providers), and at
 * Gmail (gmail.com, googlemail.com) without dots in the local part, which Gmail ignores.
 */
export function rateLimitEmailKey(email: string): string {
  const normalized = normalizeEmail(email)
  const at = normalized.lastIndexOf('@')
  if (at <= 0) return normalized
  let local = normalized.slice(0, at)
  let domain = normalized.slice(at + 1)
  const plus = local.indexOf('+')
  if (plus > 0) local = local.slice(0, plus)
  if (domain === 'gmail.com' || domain === 'googlemail.com') {
    domain = 'gmail.com'
    local = local.replaceAll('.', '')
  }
  return `${local}@${domain}`
}

// What a reverse proxy, a container network or an intranet look like from the app: limited too,
// but with the higher `…Private` thresholds, since many people may share such an address.
const PRIVATE = new net.BlockList()
for (const [prefix, bits] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.168.0.0', 16],
] as const)
  PRIVATE.addSubnet(prefix, bits, 'ipv4')
for (const [prefix, bits] of [
  ['::', 128],
  ['::1', 128],
  ['fc00::', 7],
  ['fe80::', 10],
] as const)
  PRIVATE.addSubnet(prefix, bits, 'ipv6')

export type AddressBucket = { bucket: string; private: boolean }

/**
 * The bucket an address is counted in, and whether it is a private (or loopback) one; null only
 * when there is no address at all ('unknown': no socket, as in a script calling the module).
 * IPv6 counts per /64: one subscriber usually holds a whole /64. Private addresses count one by
 * one: on an office network each is one machine (or one NAT).
 */
export function addressBucket(address: string): AddressBucket | null {
  const family = net.isIP(address)
  if (family === 0) return null
  if (PRIVATE.check(address, family === 4 ? 'ipv4' : 'ipv6')) return { bucket: address, private: true }
  if (family === 4) return { bucket: address, private: false }
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
  return {
    bucket: `${groups
      .slice(0, 4)
      .map((g) => g.padStart(4, '0'))
      .join(':')}::/64`,
    private: false,
  }
}

export type Refusal = { reason: 'address' | 'email'; retryAfterSeconds: number }

type AddressPolicies = { public: RatePolicy; private: RatePolicy }

/** The key and threshold an address is counted with (its own for private addresses); null: not counted. */
function addressLimit(form: string, policies: AddressPolicies, address: string): ({ key: string } & RatePolicy) | null {
  const counted = addressBucket(address)
  if (!counted) return null
  const key = `${form}:${counted.private ? 'private-address' : 'address'}:${digest(counted.bucket)}`
  return { key, ...(counted.private ? policies.private : policies.public) }
}

/** One hit for the address (its own key and threshold for private addresses); null when allowed. */
async function limitAddress(
  db: Db,
  form: string,
  policies: AddressPolicies,
  address: string,
  now: Date,
): Promise<Refusal | null> {
  const limit = addressLimit(form, policies, address)
  if (!limit) return null
  const result = await hit(db, limit.key, { ...limit, now })
  return result.allowed ? null : { reason: 'address', retryAfterSeconds: result.retryAfterSeconds }
}

/** Per address first, then per mailbox (not counted when the address is refused): one client call. */
async function limitByAddressThenEmail(
  db: Db,
  form: string,
  policies: { perAddress: AddressPolicies; perEmail: RatePolicy },
  { address, email, now = currentTime() }: { address: string; email: string; now?: Date },
): Promise<Refusal | null> {
  const perEmail = { key: `${form}:email:${digest(rateLimitEmailKey(email))}`, ...policies.perEmail }
  const perAddress = addressLimit(form, policies.perAddress, address)
  if (!perAddress) {
    const byEmail = await hit(db, perEmail.key, { ...perEmail, now })
    return byEmail.allowed ? null : { reason: 'email', retryAfterSeconds: byEmail.retryAfterSeconds }
  }
  const counted = await hitAddressThenEmail(db, perAddress, perEmail, now)
  if (!counted.address.allowed) return { reason: 'address', retryAfterSeconds: counted.address.retryAfterSeconds }
  const byEmail = counted.email!
  return byEmail.allowed ? null : { reason: 'email', retryAfterSeconds: byEmail.retryAfterSeconds }
}

/** A registration attempt. */
export function limitRegistration(db: Db, input: { address: string; email: string; now?: Date }) {
  return limitByAddressThenEmail(
    db,
    'registration',
    {
      perAddress: { public: RATE_LIMITS.registrationPerAddress, private: RATE_LIMITS.registrationPerPrivateAddress },
      perEmail: RATE_LIMITS.registrationPerEmail,
    },
    input,
  )
}

/**
 * A group registration (docs/decisions/0036): one attempt for the address and the contact's
 * mailbox, as limitRegistration, then one for each other mailbox the form names — each of them is
 * mailed too, so a group form cannot be made to send more to someone else's mailbox than single
 * forms could.
 */
export async function limitGroupRegistration(
  db: Db,
  input: { address: string; email: string; memberEmails: string[]; now?: Date },
): Promise<Refusal | null> {
  const now = input.now ?? currentTime()
  const refusal = await limitRegistration(db, { address: input.address, email: input.email, now })
  if (refusal) return refusal
  const contact = rateLimitEmailKey(input.email)
  const others = new Set(input.memberEmails.filter((e) => e.trim()).map(rateLimitEmailKey))
  others.delete(contact)
  for (const mailbox of others) {
    const result = await hit(db, `registration:email:${digest(mailbox)}`, { ...RATE_LIMITS.registrationPerEmail, now })
    if (!result.allowed) return { reason: 'email', retryAfterSeconds: result.retryAfterSeconds }
  }
  return null
}

/** A "forgot your password?" request. */
export function limitPasswordReset(db: Db, input: { address: string; email: string; now?: Date }) {
  return limitByAddressThenEmail(
    db,
    'password-reset',
    {
      perAddress: {
        public: RATE_LIMITS.passwordResetPerAddress,
        private: RATE_LIMITS.passwordResetPerPrivateAddress,
      },
      perEmail: RATE_LIMITS.passwordResetPerEmail,
    },
    input,
  )
}

/** An API call whose token was refused (401), from an address. */
export function limitApiRefusal(db: Db, { address, now = currentTime() }: { address: string; now?: Date }) {
  return limitAddress(
    db,
    'api-refused',
    { public: RATE_LIMITS.apiRefusedPerAddress, private: RATE_LIMITS.apiRefusedPerPrivateAddress },
    address,
    now,
  )
}

/** A sign-in attempt from an address, counted before the password is checked. */
export async function limitSignIn(
  db: Db,
  { address, now = currentTime() }: { address: string; now?: Date },
): Promise<Refusal | null> {
  return limitAddress(
    db,
    'sign-in',
    { public: RATE_LIMITS.signInPerAddress, private: RATE_LIMITS.signInPerPrivateAddress },
    address,
    now,
  )
}

/** Whole minutes to wait, for messages ("try again in N minutes"). */
export function retryAfterMinutes(seconds: number): number {
  return Math.max(1, Math.ceil(seconds / 60))
}
