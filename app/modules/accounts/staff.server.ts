import crypto from 'node:crypto'
import type { Db } from '~/utils/db.server'
import { DomainError } from '~/utils/errors'
import type { StaffRole } from '~/generated/prisma/client'
import { AccountError } from './account-errors'
import { hashPassword, passwordProblem, verifyPassword } from './password.server'

export type StaffIdentity = { id: string; email: string; name: string; role: StaffRole }

export async function createStaffUser(
  db: Db,
  input: { email: string; name: string; password: string; role?: StaffRole },
): Promise<StaffIdentity> {
  const problem = passwordProblem(input.password)
  if (problem)
    throw new Error(
      problem === 'tooShort' ? 'The password must have at least 12 characters.' : 'The password is too long.',
    )
  const email = input.email.trim().toLowerCase()
  if (!/^[^\s@]+@[^\s@]+$/.test(email)) throw new Error('The email address is not valid.')
  return db.staffUser.create({
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
 * Slowing down, not locking out (docs/decisions/0020). Failures are counted per email and, apart,
 * per (email, device): a browser that signed in to this email before carries a device cookie and
 * is counted on its own, so strangers' failures never slow the real user's own browser down.
 * After FREE_FAILURES failures within the window, each further attempt must wait
 * BASE_DELAY_SECONDS × 2^(failures − FREE_FAILURES) (at most MAX_DELAY_SECONDS) after the last
 * failure; an attempt that comes too soon is answered without checking the password and is not
 * counted. Nothing sleeps on the server.
 */
export const FREE_FAILURES = 5
export const BASE_DELAY_SECONDS = 2
export const MAX_DELAY_SECONDS = 120
const FAILURE_WINDOW_MS = 60 * 60_000

/** Seconds to wait after the last failure, for this many failures in the window. */
export function delayAfterFailures(failures: number): number {
  if (failures < FREE_FAILURES) return 0
  return Math.min(MAX_DELAY_SECONDS, BASE_DELAY_SECONDS * 2 ** (failures - FREE_FAILURES))
}

/** Too soon after repeated failures: try again in `retryAfterSeconds`. */
export class SignInDelayed extends DomainError {
  readonly retryAfterSeconds: number
  constructor(retryAfterSeconds: number) {
    super('TOO_MANY_ATTEMPTS')
    this.retryAfterSeconds = retryAfterSeconds
  }
}

export const isSignInDelayed = (error: unknown): error is SignInDelayed => error instanceof SignInDelayed

/** Throws SignInDelayed when an attempt for this email (from this device, if known) comes too soon. */
export async function checkSignInDelay(db: Db, email: string, device: string | null = null, now = new Date()) {
  const key = email.trim().toLowerCase()
  const failures = await db.loginFailure.findMany({
    where: { email: key, device, at: { gt: new Date(now.getTime() - FAILURE_WINDOW_MS) } },
    orderBy: { at: 'desc' },
    take: 64,
    select: { at: true },
  })
  const wait = delayAfterFailures(failures.length)
  if (wait === 0) return
  const readyAt = failures[0].at.getTime() + wait * 1000
  if (now.getTime() < readyAt) throw new SignInDelayed(Math.ceil((readyAt - now.getTime()) / 1000))
}

/** A refused password or second-factor code for this email (and device, if known). */
export async function recordSignInFailure(db: Db, email: string, device: string | null = null, now = new Date()) {
  await db.$transaction([
    db.loginFailure.create({ data: { email: email.trim().toLowerCase(), device, at: now } }),
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
 * such only to whoever knows its password. `device`: the id of a valid device cookie for this
 * email (deviceFor), counted apart from strangers.
 */
export async function authenticate(
  db: Db,
  email: string,
  password: string,
  now = new Date(),
  device: string | null = null,
): Promise<StaffIdentity> {
  const key = email.trim().toLowerCase()
  await checkSignInDelay(db, key, device, now)
  const user = await db.staffUser.findUnique({
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
    await recordSignInFailure(db, key, device, now)
    throw new DomainError('INVALID_CREDENTIALS')
  }
  if (device) await clearDeviceFailures(db, key, device)
  if (user.disabledAt || (user.accessExpiresAt && user.accessExpiresAt <= now))
    throw new AccountError('ACCOUNT_DISABLED')
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
export function newSession(db: Db, userId: string, ttlHours: number, now = new Date(), userAgent?: string | null) {
  const token = crypto.randomBytes(32).toString('base64url')
  const statement = db.staffSession.create({
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
export async function startSession(
  db: Db,
  userId: string,
  ttlHours: number,
  now = new Date(),
  userAgent?: string | null,
): Promise<string> {
  const { token, statement } = newSession(db, userId, ttlHours, now, userAgent)
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
export async function userForSession(
  db: Db,
  token: string,
  now = new Date(),
  idleMinutes = 30,
): Promise<StaffIdentity | null> {
  const id = hashToken(token)
  const session = await db.staffSession.findUnique({
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
    await db.staffSession.deleteMany({ where: { id } })
    return null
  }
  const { disabledAt, accessExpiresAt, ...user } = session.user
  if (disabledAt || (accessExpiresAt && accessExpiresAt <= now)) return null
  if (now.getTime() - lastSeen >= LAST_SEEN_RESOLUTION_MS)
    await db.staffSession.updateMany({ where: { id }, data: { lastSeenAt: now } })
  return user
}

export async function endSession(db: Db, token: string): Promise<void> {
  await db.staffSession.deleteMany({ where: { id: hashToken(token) } })
}
