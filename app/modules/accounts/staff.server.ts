import crypto from 'node:crypto'
import type { Db } from '~/utils/db.server'
import { DomainError } from '~/utils/errors'
import type { StaffRole } from '~/generated/prisma/client'
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
 */
export async function authenticate(db: Db, email: string, password: string, now = new Date()): Promise<StaffIdentity> {
  const key = email.trim().toLowerCase()
  const since = new Date(now.getTime() - FAILURE_WINDOW_MS)
  const failures = await db.loginFailure.count({ where: { email: key, at: { gt: since } } })
  if (failures >= MAX_FAILURES) throw new DomainError('TOO_MANY_ATTEMPTS')
  const user = await db.staffUser.findUnique({ where: { email: key } })
  let ok = false
  if (user) {
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
  return { id: user.id, email: user.email, name: user.name, role: user.role }
}

const sha256 = (token: string) => crypto.createHash('sha256').update(token).digest('hex')

/** Starts a console session; returns the cookie's token (only its hash is stored). */
export async function startSession(db: Db, userId: string, ttlHours: number, now = new Date()): Promise<string> {
  const token = crypto.randomBytes(32).toString('base64url')
  await db.staffSession.create({
    data: { id: sha256(token), userId, expiresAt: new Date(now.getTime() + ttlHours * 3600_000) },
  })
  return token
}

export async function userForSession(db: Db, token: string, now = new Date()): Promise<StaffIdentity | null> {
  const session = await db.staffSession.findUnique({
    where: { id: sha256(token) },
    select: { expiresAt: true, user: { select: { id: true, email: true, name: true, role: true } } },
  })
  if (!session || session.expiresAt <= now) return null
  return session.user
}

export async function endSession(db: Db, token: string): Promise<void> {
  await db.staffSession.deleteMany({ where: { id: sha256(token) } })
}
