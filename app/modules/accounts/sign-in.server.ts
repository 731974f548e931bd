import crypto from 'node:crypto'
import type { Db } from '~/utils/db.server'
import { AppError, isAppError } from '~/utils/errors'
import { recordChange, recordSignIn, recordSignOut } from '../audit/security-log.server'
import { limitSignIn } from '../security/rate-limit.server'
import { setPasswordWithLink } from './links.server'
import {
  confirmEnrolment,
  hasSecondFactor,
  pendingEnrolment,
  secondFactorRequired,
  startEnrolment,
  verifySecondFactor,
} from './second-factor.server'
import {
  authenticate,
  checkSignInDelay,
  clearDeviceFailures,
  endSignIn,
  hashToken,
  isSignInDelayed,
  recordSignInFailure,
  startSignIn,
  type SignInSource,
  type ConsoleIdentity,
} from './console-users.server'
import { currentTime } from '~/utils/clock.server'

/*
 * Signing in in steps (docs/decisions/0020): the password first; then, for someone with a second
 * factor, a code; for someone who must have one and has none, enrolment. Between the steps
 * there is a PendingSignIn — not a session: it opens nothing but the next step, lasts
 * PENDING_MINUTES and allows PENDING_MAX_FAILURES wrong codes. Wrong codes also count towards
 * the email's slow-down, like wrong passwords.
 *
 * Each page of the sign-in is one call here (signInWithPassword, signInWithCode,
 * signInWithEnrolment, signInWithNewPassword, signOut), which also writes its security log entry.
 */

export const PENDING_MINUTES = 10
export const PENDING_MAX_FAILURES = 5

export type PendingPurpose = 'VERIFY' | 'ENROL'
export type SignInOptions = {
  ttlHours: number
  userAgent?: string | null
  /** This browser's device id for the email (a valid device cookie), or how to find it. */
  device?: string | null | ((email: string) => string | null)
  /** The client's address (clientAddress()): a stranger's failures are counted per address. */
  address?: string | null
  now?: Date
}
const deviceIn = (options: SignInOptions, email: string) =>
  (typeof options.device === 'function' ? options.device(email) : options.device) ?? null
const sourceIn = (options: SignInOptions, email: string): SignInSource => ({
  device: deviceIn(options, email),
  address: options.address ?? null,
})
export type SignInStep =
  | { kind: 'session'; token: string }
  | { kind: 'pending'; token: string; purpose: PendingPurpose }

/**
 * The sign-in page: the client's address is counted first (many emails tried from one place are
 * stopped too: 'rate-limited', the password is not checked), then the password, then a session or
 * the second-factor step (afterPassword) for the account's email. Throws SignInDelayed (too soon
 * after repeated failures), INVALID_CREDENTIALS or ACCOUNT_DISABLED. Every outcome is logged.
 */
export async function signInWithPassword(
  db: Db,
  input: { email: string; password: string },
  options: SignInOptions,
): Promise<(SignInStep & { email: string }) | { kind: 'rate-limited'; retryAfterSeconds: number }> {
  const { email, password } = input
  const refusal = await limitSignIn(db, { address: options.address ?? 'unknown', now: options.now })
  if (refusal) {
    await recordSignIn(db, email, 'RATE_LIMITED')
    return { kind: 'rate-limited', retryAfterSeconds: refusal.retryAfterSeconds }
  }
  try {
    const user = await authenticate(db, email, password, options.now ?? currentTime(), sourceIn(options, email))
    const step = await afterPassword(db, user, options)
    // A complete sign-in here; with a second factor, the code step records it.
    if (step.kind === 'session') await recordSignIn(db, user.email, 'success')
    return { ...step, email: user.email }
  } catch (error) {
    if (isSignInDelayed(error)) await recordSignIn(db, email, 'SLOWED_DOWN')
    // ACCOUNT_DISABLED: only after the right password, so it tells nothing to a guesser.
    else if (isAppError(error, 'INVALID_CREDENTIALS') || isAppError(error, 'ACCOUNT_DISABLED'))
      await recordSignIn(db, email, error.code)
    throw error
  }
}

/**
 * The set-password page: the password is set through the link (setPasswordWithLink), then signed
 * in — at once, or, for whoever has or must have a second factor, on to it (the link proves only
 * the mailbox). Throws LINK_INVALID and the password's refusals.
 */
export async function signInWithNewPassword(
  db: Db,
  input: { token: string; password: string; signedInUserId: string | null },
  options: SignInOptions,
): Promise<SignInStep & { email: string }> {
  const { sessionToken, user } = await setPasswordWithLink(db, {
    ...input,
    ttlHours: options.ttlHours,
    userAgent: options.userAgent,
    address: options.address ?? undefined,
  })
  await recordChange(db, 'password.set', user, 'StaffUser', user.id)
  const step: SignInStep = sessionToken
    ? { kind: 'session', token: sessionToken }
    : await afterPassword(db, user, { ttlHours: options.ttlHours, userAgent: options.userAgent })
  return { ...step, email: user.email }
}

/** Signing out: the session of this token ends, logged first (while it still names its user). */
export async function signOut(db: Db, token: string | undefined): Promise<void> {
  if (!token) return
  await recordSignOut(db, token)
  await endSignIn(db, token)
}

/** After the right password: a session, or the second-factor step (with a fresh secret to enrol). */
export async function afterPassword(db: Db, user: ConsoleIdentity, options: SignInOptions): Promise<SignInStep> {
  const now = options.now ?? currentTime()
  const enrolled = await hasSecondFactor(db, user.id)
  if (!enrolled && !secondFactorRequired(user.role))
    return { kind: 'session', token: await startSignIn(db, user.id, options.ttlHours, now, options.userAgent) }
  const purpose: PendingPurpose = enrolled ? 'VERIFY' : 'ENROL'
  const token = crypto.randomBytes(32).toString('base64url')
  // The secret to enrol belongs to this pending sign-in only.
  if (purpose === 'ENROL') await startEnrolment(db, user.id, hashToken(token), now)
  await db.$transaction([
    // One pending sign-in per person at a time.
    db.pendingSignIn.deleteMany({ where: { userId: user.id } }),
    db.pendingSignIn.create({
      data: {
        id: hashToken(token),
        userId: user.id,
        purpose,
        expiresAt: new Date(now.getTime() + PENDING_MINUTES * 60_000),
        createdAt: now,
      },
    }),
  ])
  return { kind: 'pending', token, purpose }
}

/**
 * The pending sign-in of this token (the pending cookie's), or null: no cookie, unknown, expired,
 * or the user was disabled.
 */
export async function pendingSignIn(db: Db, token: string | undefined, now = currentTime()) {
  if (!token) return null
  const row = await db.pendingSignIn.findUnique({
    where: { id: hashToken(token) },
    select: {
      id: true,
      purpose: true,
      failures: true,
      expiresAt: true,
      user: { select: { id: true, email: true, name: true, role: true, disabledAt: true } },
    },
  })
  if (!row || row.expiresAt <= now || row.user.disabledAt || row.failures >= PENDING_MAX_FAILURES) return null
  const { disabledAt: _disabled, ...user } = row.user
  return { id: row.id, purpose: row.purpose as PendingPurpose, user }
}

async function pendingOrThrow(db: Db, token: string | undefined, purpose: PendingPurpose, now: Date) {
  const pending = await pendingSignIn(db, token, now)
  if (!pending || pending.purpose !== purpose) throw new AppError('SIGN_IN_EXPIRED')
  return pending
}

/** A wrong code: counted on the pending sign-in (which ends after a few) and for the email. */
async function codeRefused(db: Db, pendingId: string, email: string, source: SignInSource, now: Date): Promise<never> {
  await db.pendingSignIn.updateMany({ where: { id: pendingId }, data: { failures: { increment: 1 } } })
  await recordSignInFailure(db, email, source, now)
  const row = await db.pendingSignIn.findUnique({ where: { id: pendingId }, select: { failures: true } })
  if (!row || row.failures >= PENDING_MAX_FAILURES) {
    await db.pendingSignIn.deleteMany({ where: { id: pendingId } })
    throw new AppError('SIGN_IN_EXPIRED')
  }
  throw new AppError('INVALID_CODE')
}

async function finish(db: Db, pendingId: string, user: ConsoleIdentity, options: SignInOptions, now: Date) {
  await db.pendingSignIn.deleteMany({ where: { id: pendingId } })
  const device = deviceIn(options, user.email)
  if (device) await clearDeviceFailures(db, user.email, device)
  return startSignIn(db, user.id, options.ttlHours, now, options.userAgent)
}

/**
 * The code step: a code from the app or a recovery code. Returns the session's token and how the
 * code was given (logged as the sign-in); throws INVALID_CODE, SIGN_IN_EXPIRED (start again with the password) or, too
 * soon after repeated failures, SignInDelayed.
 */
export async function signInWithCode(db: Db, token: string | undefined, code: string, options: SignInOptions) {
  const now = options.now ?? currentTime()
  const pending = await pendingOrThrow(db, token, 'VERIFY', now)
  const source = sourceIn(options, pending.user.email)
  await checkSignInDelay(db, pending.user.email, source, now)
  const how = await verifySecondFactor(db, pending.user.id, code, now)
  if (!how) return codeRefused(db, pending.id, pending.user.email, source, now)
  const session = await finish(db, pending.id, pending.user, options, now)
  await recordSignIn(db, pending.user.email, 'success', { secondFactor: how })
  return { token: session, how, user: pending.user }
}

/**
 * Enrolment forced at sign-in: the first valid code of the secret shown confirms it. Returns the
 * session's token and the recovery codes (shown once); the enrolment and the sign-in are logged.
 */
export async function signInWithEnrolment(db: Db, token: string | undefined, code: string, options: SignInOptions) {
  const now = options.now ?? currentTime()
  const pending = await pendingOrThrow(db, token, 'ENROL', now)
  const source = sourceIn(options, pending.user.email)
  await checkSignInDelay(db, pending.user.email, source, now)
  let recoveryCodes: string[]
  try {
    recoveryCodes = await confirmEnrolment(db, pending.user.id, code, { startedBy: pending.id, now })
  } catch (error) {
    if (error instanceof AppError && error.code === 'INVALID_CODE')
      return codeRefused(db, pending.id, pending.user.email, source, now)
    throw error
  }
  const session = await finish(db, pending.id, pending.user, options, now)
  await recordChange(db, 'second-factor.enrol', pending.user, 'StaffUser', pending.user.id)
  await recordSignIn(db, pending.user.email, 'success', { secondFactor: 'enrolled' })
  return { token: session, recoveryCodes, user: pending.user }
}

/** The secret to enrol during a forced enrolment (QR code and text), or null: start again. */
export async function enrolmentForPending(db: Db, token: string | undefined, now = currentTime()) {
  const pending = await pendingSignIn(db, token, now)
  if (!pending || pending.purpose !== 'ENROL') return null
  return pendingEnrolment(db, pending.user.id, pending.id, now)
}
