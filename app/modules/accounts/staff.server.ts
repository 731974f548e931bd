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

export const MAX_FAILURES = 5
const FAILURE_WINDOW_MS = 15 * 60_000

/**
 * Checks an email and password. After MAX_FAILURES refusals for one email within 15 minutes,
 * further attempts are refused without checking the password until the window has passed.
 * Someone without a password (invited, not yet set; check-in helpers) is refused like a wrong
 * password. A disabled account is named as such only to whoever knows its password.
 */
export async function authenticate(db: Db, email: string, password: string, now = new Date()): Promise<StaffIdentity> {
  const key = email.trim().toLowerCase()
  const since = new Date(now.getTime() - FAILURE_WINDOW_MS)
  const failures = await db.loginFailure.count({ where: { email: key, at: { gt: since } } })
  if (failures >= MAX_FAILURES) throw new DomainError('TOO_MANY_ATTEMPTS')
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
    await db.$transaction([
      db.loginFailure.create({ data: { email: key, at: now } }),
      db.loginFailure.deleteMany({ where: { at: { lte: since } } }),
    ])
    throw new DomainError('INVALID_CREDENTIALS')
  }
  await db.loginFailure.deleteMany({ where: { email: key } })
  if (user.disabledAt || (user.accessExpiresAt && user.accessExpiresAt <= now))
    throw new AccountError('ACCOUNT_DISABLED')
  return { id: user.id, email: user.email, name: user.name, role: user.role }
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

/** The signed-in user, or null: no such session, expired, or the user is disabled or out of time. */
export async function userForSession(db: Db, token: string, now = new Date()): Promise<StaffIdentity | null> {
  const session = await db.staffSession.findUnique({
    where: { id: hashToken(token) },
    select: {
      expiresAt: true,
      user: {
        select: { id: true, email: true, name: true, role: true, disabledAt: true, accessExpiresAt: true },
      },
    },
  })
  if (!session || session.expiresAt <= now) return null
  const { disabledAt, accessExpiresAt, ...user } = session.user
  if (disabledAt || (accessExpiresAt && accessExpiresAt <= now)) return null
  return user
}

export async function endSession(db: Db, token: string): Promise<void> {
  await db.staffSession.deleteMany({ where: { id: hashToken(token) } })
}
