import crypto from 'node:crypto'
import type { Db } from '~/utils/db.server'
import { isRecordNotFound, AppError } from '~/utils/errors'
import type { AccountTokenPurpose } from '~/generated/prisma/client'
import { queueMessage } from '../mail/outbox.server'
import { recordForEmail } from '../audit/security-log.server'
import { addressBucket, limitPasswordReset, type Refusal } from '../security/rate-limit.server'
import { sealLinkToken } from './link-seal.server'
import { hashPassword, passwordProblem } from './password.server'
import { assertStrongPassword } from './password-strength.server'
import { hasSecondFactor, secondFactorRequired } from './second-factor.server'
import { hashToken, newSignIn, type ConsoleIdentity } from './console-users.server'
import { recordUserAudit } from './user-audit.server'
import { currentTime } from '~/utils/clock.server'

/*
 * Set-password links: an invitation (7 days) or a password reset (2 hours), each usable once.
 * The link's token is random (256 bits); the database keeps only its SHA-256 (AccountToken.id).
 * The token travels in the outbox message's `body` sealed for the worker (link-seal.server.ts),
 * never in clear, until the message is sent, then the worker clears it. The sent-mail pages
 * never show such a message's text (docs/decisions/0021). A new link replaces the user's earlier
 * unused ones.
 */

const HOUR = 3600_000
const DAY = 24 * HOUR

export type LinkPurpose = Extract<AccountTokenPurpose, 'INVITATION' | 'PASSWORD_RESET'>
const LINK_PURPOSES: LinkPurpose[] = ['INVITATION', 'PASSWORD_RESET']

export const LINK_LIFETIME_MS: Record<LinkPurpose, number> = { INVITATION: 7 * DAY, PASSWORD_RESET: 2 * HOUR }
const MESSAGE_KIND = { INVITATION: 'STAFF_INVITATION', PASSWORD_RESET: 'PASSWORD_RESET' } as const

/**
 * The statements (for a batch transaction, with the change that causes them) that make a new
 * link for the user and queue the message carrying it. The user's earlier unused links go.
 */
export function issueLinkStatements(
  db: Db,
  input: { userId: string; purpose: LinkPurpose; createdById: string | null },
  now = currentTime(),
) {
  const token = crypto.randomBytes(32).toString('base64url')
  return [
    db.accountToken.deleteMany({ where: { userId: input.userId, purpose: { in: LINK_PURPOSES }, usedAt: null } }),
    db.accountToken.create({
      data: {
        id: hashToken(token),
        userId: input.userId,
        purpose: input.purpose,
        expiresAt: new Date(now.getTime() + LINK_LIFETIME_MS[input.purpose]),
        createdAt: now,
      },
    }),
    queueMessage(
      db,
      {
        kind: MESSAGE_KIND[input.purpose],
        consoleUserId: input.userId,
        body: sealLinkToken(token, input.userId),
        createdById: input.createdById,
      },
      now,
    ),
  ]
}

/** Who may receive a set-password link: not disabled, not out of time, not a check-in helper. */
function canUseLinks(user: { role: string; disabledAt: Date | null; accessExpiresAt: Date | null }, now: Date) {
  return (
    user.role !== 'CHECKIN' &&
    !user.disabledAt &&
    (!user.accessExpiresAt || user.accessExpiresAt.getTime() > now.getTime())
  )
}

/** What a valid link is for (the set-password page shows it); null when it does not work. */
export async function linkForToken(db: Db, token: string, now = currentTime()) {
  const row = await db.accountToken.findUnique({
    where: { id: hashToken(token) },
    select: {
      purpose: true,
      expiresAt: true,
      usedAt: true,
      user: { select: { id: true, email: true, name: true, role: true, disabledAt: true, accessExpiresAt: true } },
    },
  })
  if (!row || row.usedAt || row.expiresAt <= now) return null
  if (row.purpose !== 'INVITATION' && row.purpose !== 'PASSWORD_RESET') return null
  if (!canUseLinks(row.user, now)) return null
  return {
    purpose: row.purpose as LinkPurpose,
    expiresAt: row.expiresAt,
    user: { id: row.user.id, email: row.user.email, name: row.user.name, role: row.user.role },
  }
}

/**
 * Sets the password through a link, once: the link is marked used, every session of the user
 * ends (a reset must lock out whoever had the old password), the other unused links go, and a
 * new session starts for this browser — all in one transaction. Throws LINK_INVALID when the
 * link does not work (any more).
 *
 * The audit entry says where the action came from: through a link, from which address (its
 * rate-limit bucket), and — when the browser was signed in as someone else, say an admin trying
 * a link that is not theirs — names that person as the actor, not the account holder.
 */
export async function setPasswordWithLink(
  db: Db,
  input: {
    token: string
    password: string
    ttlHours: number
    userAgent?: string | null
    /** The client's address (clientAddress()), for the audit entry. */
    address?: string
    /** The staff user this browser was signed in as when the link was used, if any. */
    signedInUserId?: string | null
  },
  now = currentTime(),
): Promise<{ sessionToken: string | null; user: ConsoleIdentity }> {
  const link = await linkForToken(db, input.token, now)
  if (!link) throw new AppError('LINK_INVALID')
  if (passwordProblem(input.password)) throw new Error('The password does not follow the rules.')
  assertStrongPassword(input.password, link.user)
  const passwordHash = await hashPassword(input.password)
  const userId = link.user.id
  // A link proves the mailbox, not the second factor: whoever has or needs one signs in with it
  // (sessionToken null; the caller goes on with afterPassword).
  const direct = !secondFactorRequired(link.user.role) && !(await hasSecondFactor(db, userId))
  const session = newSignIn(db, userId, input.ttlHours, now, input.userAgent)
  const someoneElse = Boolean(input.signedInUserId && input.signedInUserId !== userId)
  try {
    const [, user] = await db.$transaction([
      // Conditional: of two submissions of one link, the second finds nothing and rolls back.
      db.accountToken.update({
        where: { id: hashToken(input.token), usedAt: null, expiresAt: { gt: now } },
        data: { usedAt: now },
      }),
      db.consoleUser.update({
        where: { id: userId, disabledAt: null },
        data: { passwordHash },
        select: { id: true, email: true, name: true, role: true },
      }),
      db.accountToken.deleteMany({ where: { userId, purpose: { in: LINK_PURPOSES }, usedAt: null } }),
      db.consoleSignIn.deleteMany({ where: { userId } }),
      // A sign-in half done with the old password (waiting for its code) ends too.
      db.pendingSignIn.deleteMany({ where: { userId } }),
      ...(direct ? [session.statement] : []),
      // Whoever holds the mailbox may sign in again at once after a lockout.
      db.loginFailure.deleteMany({ where: { email: link.user.email } }),
      recordUserAudit(
        db,
        someoneElse ? input.signedInUserId! : userId,
        link.purpose === 'INVITATION' ? 'user.invitation-accept' : 'user.password-reset',
        userId,
        {
          via: 'link',
          from: (input.address && addressBucket(input.address)?.bucket) ?? 'unknown',
          ...(someoneElse ? { signedInAs: input.signedInUserId } : {}),
        },
        now,
      ),
    ])
    return { sessionToken: direct ? session.token : null, user }
  } catch (error) {
    if (isRecordNotFound(error)) throw new AppError('LINK_INVALID')
    throw error
  }
}

/**
 * "Forgot your password?": mails a reset link to an active user with a password, or the
 * invitation again to someone invited who has not set one. For anyone else (unknown address,
 * disabled, check-in helper) nothing happens; the caller answers the same either way.
 */
export async function requestPasswordReset(db: Db, email: string, now = currentTime()): Promise<void> {
  const user = await db.consoleUser.findUnique({
    where: { email: email.trim().toLowerCase() },
    select: { id: true, role: true, passwordHash: true, disabledAt: true, accessExpiresAt: true },
  })
  if (!user || !canUseLinks(user, now)) return
  const purpose: LinkPurpose = user.passwordHash ? 'PASSWORD_RESET' : 'INVITATION'
  await db.$transaction([
    ...issueLinkStatements(db, { userId: user.id, purpose, createdById: null }, now),
    recordUserAudit(db, null, 'user.password-reset-request', user.id, { purpose }, now),
  ])
}

/**
 * The "forgot your password?" page: the request is counted against the rate limits (per address,
 * then per mailbox; a refusal is returned and nothing is sent), then requestPasswordReset, logged.
 * Null when taken, whether or not the address has an account: the page answers the same.
 */
export async function requestPasswordResetFromPage(
  db: Db,
  input: { email: string; address: string },
  now = currentTime(),
): Promise<Refusal | null> {
  const refusal = await limitPasswordReset(db, { ...input, now })
  if (refusal) return refusal
  await requestPasswordReset(db, input.email, now)
  await recordForEmail(db, 'password.reset-request', 'success', input.email)
  return null
}
