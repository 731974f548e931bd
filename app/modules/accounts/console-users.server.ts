import crypto from 'node:crypto'
import type { Db } from '~/utils/db.server'
import { AppError } from '~/utils/errors'
import type { ConsoleRole } from '~/generated/prisma/client'
import { addressBucket } from '../security/rate-limit.server'
import { hashPassword, passwordProblem, verifyPassword } from './password.server'
import { currentTime } from '~/utils/clock.server'

export type ConsoleIdentity = { id: string; email: string; name: string; role: ConsoleRole }

export async function createConsoleUser(
  db: Db,
  input: { email: string; name: string; password: string; role?: ConsoleRole },
): Promise<ConsoleIdentity> {
  const problem = passwordProblem(input.password)
  if (problem)
    throw new Error(
      problem === 'tooShort' ? 'The password must have at least 12 characters.' : 'The password is too long.',
    )
  const email = input.email.trim().toLowerCase()
  if (!/^[^\s@]+@[^\s@]+$/.test(email)) throw new Error('The email address is not valid.')
  return db.consoleUser.create({
    data: {
      email,
      name: input.name.trim() || email,
      passwordHash: await hashPassword(input.password),
      role: input.role ?? 'ADMIN',
    },
    select: { id: true, email: true, name: true, role: true },
  })
}

// Compared against when the email is unknown, so both failures take the same time.
let dummyHash: Promise<string> | undefined

/*
 * Slowing down, not locking out (docs/decisions/0020). Failures are counted per bucket: a browser
 * that signed in to this email before carries a device cookie and is counted on its own
 * (email, device); any other browser is a stranger, counted per (email, client address bucket —
 * addressBucket(): the address, or its /64 for IPv6). So an attacker's failures slow down only
 * the attacker's own address, never the real user on a new browser elsewhere.
 * In a bucket, after FREE_FAILURES failures within the window, each further attempt must wait
 * BASE_DELAY_SECONDS × 2^(failures − FREE_FAILURES) (at most MAX_DELAY_SECONDS) after that
 * bucket's last failure. Across the whole email, once EMAIL_BUSY_FAILURES failures are in the
 * window (many addresses guessing), every bucket with a failure of its own waits at least
 * EMAIL_BUSY_DELAY_SECONDS after its own last failure. A bucket without failures is never
 * delayed, so nobody else's failures can keep anyone out. An attempt that comes too soon is
 * answered without checking the password and is not counted. Nothing sleeps on the server.
 */
export const FREE_FAILURES = 5
export const BASE_DELAY_SECONDS = 2
export const MAX_DELAY_SECONDS = 120
export const EMAIL_BUSY_FAILURES = 50
export const EMAIL_BUSY_DELAY_SECONDS = 10
const FAILURE_WINDOW_MS = 60 * 60_000

/** Seconds to wait after the last failure, for this many failures in the window. */
export function delayAfterFailures(failures: number): number {
  if (failures < FREE_FAILURES) return 0
  return Math.min(MAX_DELAY_SECONDS, BASE_DELAY_SECONDS * 2 ** (failures - FREE_FAILURES))
}

/** Too soon after repeated failures: try again in `retryAfterSeconds`. */
export class SignInDelayed extends AppError {
  readonly retryAfterSeconds: number
  constructor(retryAfterSeconds: number) {
    super('TOO_MANY_ATTEMPTS')
    this.retryAfterSeconds = retryAfterSeconds
  }
}

export const isSignInDelayed = (error: unknown): error is SignInDelayed => error instanceof SignInDelayed

/**
 * Where an attempt comes from: this browser's device id for the email (deviceOf), and the
 * client's address (clientAddress()). Either may be unknown.
 */
export type SignInSource = { device?: string | null; address?: string | null }

/** The bucket an attempt is counted in: its device, or else (stranger) its address bucket. */
function bucketOf(source: SignInSource) {
  if (source.device) return { device: source.device, address: null }
  return { device: null, address: (source.address && addressBucket(source.address)?.bucket) || null }
}

/** Throws SignInDelayed when an attempt for this email from this device or address comes too soon. */
export async function checkSignInDelay(db: Db, email: string, source: SignInSource = {}, now = currentTime()) {
  const key = email.trim().toLowerCase()
  const inWindow = { email: key, at: { gt: new Date(now.getTime() - FAILURE_WINDOW_MS) } }
  const own = await db.loginFailure.findMany({
    where: { ...inWindow, ...bucketOf(source) },
    orderBy: { at: 'desc' },
    take: 64,
    select: { at: true },
  })
  // Nobody else's failures ever delay a bucket that has none of its own.
  if (own.length === 0) return
  let wait = delayAfterFailures(own.length)
  if (wait < EMAIL_BUSY_DELAY_SECONDS && (await db.loginFailure.count({ where: inWindow })) >= EMAIL_BUSY_FAILURES)
    wait = EMAIL_BUSY_DELAY_SECONDS
  if (wait === 0) return
  const readyAt = own[0].at.getTime() + wait * 1000
  if (now.getTime() < readyAt) throw new SignInDelayed(Math.ceil((readyAt - now.getTime()) / 1000))
}

/** A refused password or second-factor code for this email, in the bucket of its source. */
export async function recordSignInFailure(db: Db, email: string, source: SignInSource = {}, now = currentTime()) {
  await db.$transaction([
    db.loginFailure.create({ data: { email: email.trim().toLowerCase(), ...bucketOf(source), at: now } }),
    db.loginFailure.deleteMany({ where: { at: { lte: new Date(now.getTime() - FAILURE_WINDOW_MS) } } }),
  ])
}

/** A complete sign-in from a known device: its own failures are forgotten. */
export async function clearDeviceFailures(db: Db, email: string, device: string) {
  await db.loginFailure.deleteMany({ where: { email: email.trim().toLowerCase(), device } })
}

/**
 * Checks an email and password, after checkSignInDelay. Someone without a password (invited, not
 * yet set; check-in helpers) is refused like a wrong password. A disabled account is named as
 * such only to whoever knows its password. `source`: the id of a valid device cookie for this
 * email (deviceFor) and the client's address, which choose the bucket failures are counted in.
 */
export async function authenticate(
  db: Db,
  email: string,
  password: string,
  now = currentTime(),
  source: SignInSource = {},
): Promise<ConsoleIdentity> {
  const key = email.trim().toLowerCase()
  const device = source.device ?? null
  await checkSignInDelay(db, key, source, now)
  const user = await db.consoleUser.findUnique({
    where: { email: key },
    select: {
      id: true,
      email: true,
      name: true,
      role: true,
      passwordHash: true,
      disabledAt: true,
      accessExpiresAt: true,
    },
  })
  let ok = false
  if (user?.passwordHash) {
    ok = await verifyPassword(password, user.passwordHash)
  } else {
    dummyHash ??= hashPassword(crypto.randomBytes(16).toString('hex'))
    await verifyPassword(password, await dummyHash)
  }
  if (!user || !ok) {
    await recordSignInFailure(db, key, source, now)
    throw new AppError('INVALID_CREDENTIALS')
  }
  if (device) await clearDeviceFailures(db, key, device)
  if (user.disabledAt || (user.accessExpiresAt && user.accessExpiresAt <= now)) throw new AppError('ACCOUNT_DISABLED')
  return { id: user.id, email: user.email, name: user.name, role: user.role }
}

/**
 * Device cookies: "<random id>.<HMAC of id and email>", set after a complete sign-in. Only a
 * cookie made here for this very email counts; anything else is a stranger.
 */
export function newDeviceCookieValue(email: string, key: Buffer): string {
  const id = crypto.randomBytes(16).toString('base64url')
  return `${id}.${deviceMac(id, email, key)}`
}
function deviceMac(id: string, email: string, key: Buffer) {
  return crypto.createHmac('sha256', key).update(`${id}\n${email.trim().toLowerCase()}`).digest('base64url')
}
/** The device id of a cookie value made for this email, or null. */
export function deviceFor(email: string, value: string | undefined, key: Buffer): string | null {
  const [id, mac] = (value ?? '').split('.')
  if (!id || !mac) return null
  const expected = Buffer.from(deviceMac(id, email, key))
  const given = Buffer.from(mac)
  return given.length === expected.length && crypto.timingSafeEqual(given, expected) ? id : null
}

/** SHA-256 (hex) of a session or link token: only this is stored, never the token. */
export const hashToken = (token: string) => crypto.createHash('sha256').update(token).digest('hex')

const USER_AGENT_MAX = 200

/**
 * A new session as a statement (for a batch transaction) and the cookie's token. The user agent
 * is kept, shortened, so people recognise their devices in the list of sessions.
 */
export function newSignIn(db: Db, userId: string, ttlHours: number, now = currentTime(), userAgent?: string | null) {
  const token = crypto.randomBytes(32).toString('base64url')
  const statement = db.consoleSignIn.create({
    data: {
      id: hashToken(token),
      userId,
      expiresAt: new Date(now.getTime() + ttlHours * 3600_000),
      userAgent: userAgent?.trim().slice(0, USER_AGENT_MAX) || null,
      createdAt: now,
    },
    select: { id: true },
  })
  return { token, statement }
}

/** Starts a console session; returns the cookie's token (only its hash is stored). */
export async function startSignIn(
  db: Db,
  userId: string,
  ttlHours: number,
  now = currentTime(),
  userAgent?: string | null,
): Promise<string> {
  const { token, statement } = newSignIn(db, userId, ttlHours, now, userAgent)
  await statement
  return token
}

/** lastSeenAt is written at most this often, not on every request. */
export const LAST_SEEN_RESOLUTION_MS = 60_000

/**
 * The signed-in user, or null: no such session, expired, idle for longer than `idleMinutes`, or
 * the user is disabled or out of time. The time of the last request is written at most once a
 * minute.
 */
export async function userForSignIn(
  db: Db,
  token: string,
  now = currentTime(),
  idleMinutes = 30,
): Promise<ConsoleIdentity | null> {
  const id = hashToken(token)
  const session = await db.consoleSignIn.findUnique({
    where: { id },
    select: {
      expiresAt: true,
      createdAt: true,
      lastSeenAt: true,
      user: {
        select: { id: true, email: true, name: true, role: true, disabledAt: true, accessExpiresAt: true },
      },
    },
  })
  if (!session || session.expiresAt <= now) return null
  const lastSeen = (session.lastSeenAt ?? session.createdAt).getTime()
  if (now.getTime() - lastSeen > idleMinutes * 60_000) {
    await db.consoleSignIn.deleteMany({ where: { id } })
    return null
  }
  const { disabledAt, accessExpiresAt, ...user } = session.user
  if (disabledAt || (accessExpiresAt && accessExpiresAt <= now)) return null
  if (now.getTime() - lastSeen >= LAST_SEEN_RESOLUTION_MS)
    await db.consoleSignIn.updateMany({ where: { id }, data: { lastSeenAt: now } })
  return user
}

export async function endSignIn(db: Db, token: string): Promise<void> {
  await db.consoleSignIn.deleteMany({ where: { id: hashToken(token) } })
}
