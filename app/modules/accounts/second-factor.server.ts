import crypto from 'node:crypto'
import { Secret, TOTP } from 'otpauth'
import QRCode from 'qrcode'
import type { ConsoleRole } from '~/generated/prisma/client'
import { identitySecret } from '~/modules/privacy/identity.server'
import type { Db } from '~/utils/db.server'
import { env } from '~/utils/env.server'
import { AppError } from '~/utils/errors'
import { recordUserAudit } from './user-audit.server'
import { currentTime } from '~/utils/clock.server'

/*
 * The second factor (docs/decisions/0020): TOTP (RFC 6238: SHA-1, 6 digits, 30 s, as every
 * authenticator app expects) through the `otpauth` library, and ten single-use recovery codes.
 * Secrets are stored AES-256-GCM-encrypted under a key derived from the identity secret (never
 * in the database), so a database reader alone cannot make codes; they are shown only while
 * enrolling. A code is accepted one step either side of now, and never twice: the last step
 * used is kept and a code of that step or earlier is refused.
 */

const ISSUER = 'Jisseki'
const DIGITS = 6
export const TOTP_PERIOD_SECONDS = 30
const WINDOW = 1
export const RECOVERY_CODE_COUNT = 10

/** Whether this role must sign in with a second factor (admins always). */
export function secondFactorRequired(role: ConsoleRole, requiredRoles: readonly string[] = env().MFA_REQUIRED_ROLES) {
  if (role === 'CHECKIN') return false
  return role === 'ADMIN' || requiredRoles.includes(role)
}

/** A 32-byte key for one purpose, derived from the identity secret (HKDF-SHA256). */
export function derivedKey(purpose: string, secret = identitySecret()): Buffer {
  return Buffer.from(crypto.hkdfSync('sha256', secret, 'jisseki', purpose, 32))
}

/** The key TOTP secrets are encrypted with (from the identity secret of this process, or the one given). */
export const secretKey = (identity?: string) => derivedKey('totp-secret-v1', identity)

export function encryptSecret(base32: string, key = secretKey()): string {
  const iv = crypto.randomBytes(12)
  const cipher = crypto.createCipheriv('aes-256-gcm', key, iv)
  const sealed = Buffer.concat([cipher.update(base32, 'utf8'), cipher.final()])
  return ['v1', iv.toString('base64url'), cipher.getAuthTag().toString('base64url'), sealed.toString('base64url')].join(
    '.',
  )
}

export function decryptSecret(stored: string, key = secretKey()): string {
  const [version, iv, tag, sealed] = stored.split('.')
  if (version !== 'v1' || !iv || !tag || !sealed) throw new Error('Unknown second-factor secret format.')
  const decipher = crypto.createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'))
  decipher.setAuthTag(Buffer.from(tag, 'base64url'))
  return Buffer.concat([decipher.update(Buffer.from(sealed, 'base64url')), decipher.final()]).toString('utf8')
}

export function totpFor(base32: string, label = ''): TOTP {
  return new TOTP({
    issuer: ISSUER,
    label,
    algorithm: 'SHA1',
    digits: DIGITS,
    period: TOTP_PERIOD_SECONDS,
    secret: Secret.fromBase32(base32),
  })
}

/** The time step a code belongs to, or null when it is not a current code of this secret. */
function stepOf(base32: string, code: string, now: Date): number | null {
  const token = code.replace(/\s/g, '')
  if (!/^\d{6}$/.test(token)) return null
  const delta = totpFor(base32).validate({ token, timestamp: now.getTime(), window: WINDOW })
  return delta === null ? null : TOTP.counter({ period: TOTP_PERIOD_SECONDS, timestamp: now.getTime() }) + delta
}

/** Recovery codes look like "k7f3m-2xq9p": 50 random bits each, easy to read out. */
const RECOVERY_ALPHABET = 'abcdefghjkmnpqrstuvwxyz23456789'
function newRecoveryCode(): string {
  const chars = Array.from({ length: 10 }, () => RECOVERY_ALPHABET[crypto.randomInt(RECOVERY_ALPHABET.length)])
  return `${chars.slice(0, 5).join('')}-${chars.slice(5).join('')}`
}
const normalizeRecoveryCode = (code: string) => code.trim().toLowerCase().replace(/[\s-]/g, '')
export const hashRecoveryCode = (code: string) =>
  crypto.createHash('sha256').update(normalizeRecoveryCode(code)).digest('hex')

export type Enrolment = { secret: string; uri: string; qrSvg: string }

/** A secret being enrolled is offered and accepted for this long after it was made. */
export const ENROLMENT_MINUTES = 15

/**
 * Starts (or restarts) enrolment: a new secret, kept encrypted until a first code confirms it.
 * `startedBy` is the id of the session (after the password was asked again) or of the pending
 * sign-in (right after the password) that asked for it: only that one may see and confirm it.
 */
export async function startEnrolment(db: Db, userId: string, startedBy: string, now = currentTime()): Promise<void> {
  const secret = new Secret({ size: 20 }).base32
  await db.consoleUser.update({
    where: { id: userId },
    data: { totpPending: encryptSecret(secret), totpPendingAt: now, totpPendingFor: startedBy },
  })
}

/** The pending secret (encrypted) when `startedBy` made it less than ENROLMENT_MINUTES ago, or null. */
async function pendingSecret(db: Db, userId: string, startedBy: string, now: Date) {
  const row = await db.consoleUser.findUnique({
    where: { id: userId },
    select: { email: true, totpPending: true, totpPendingAt: true, totpPendingFor: true },
  })
  if (!row?.totpPending || !row.totpPendingAt || !startedBy || row.totpPendingFor !== startedBy) return null
  if (now.getTime() - row.totpPendingAt.getTime() >= ENROLMENT_MINUTES * 60_000) return null
  return { email: row.email, sealed: row.totpPending }
}

/**
 * The secret being enrolled by `startedBy`, as text, an otpauth:// URI and its QR code (SVG);
 * null if there is none, it is too old, or another session or sign-in started it.
 */
export async function pendingEnrolment(
  db: Db,
  userId: string,
  startedBy: string,
  now = currentTime(),
): Promise<Enrolment | null> {
  const row = await pendingSecret(db, userId, startedBy, now)
  if (!row) return null
  const secret = decryptSecret(row.sealed)
  const uri = totpFor(secret, row.email).toString()
  const qrSvg = await QRCode.toString(uri, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 })
  return { secret, uri, qrSvg }
}

export async function hasSecondFactor(db: Db, userId: string): Promise<boolean> {
  const row = await db.consoleUser.findUnique({ where: { id: userId }, select: { totpSecret: true } })
  return Boolean(row?.totpSecret)
}

/**
 * Confirms enrolment with a first valid code: the pending secret becomes the user's, ten new
 * recovery codes replace any old ones, and the codes are returned — the only time they are seen.
 * Throws INVALID_CODE when there is no pending secret of `startedBy` (none, too old, another
 * session's) or the code does not fit it.
 */
export async function confirmEnrolment(
  db: Db,
  userId: string,
  code: string,
  { startedBy, now = currentTime() }: { startedBy: string; now?: Date },
): Promise<string[]> {
  const row = await pendingSecret(db, userId, startedBy, now)
  if (!row) throw new AppError('INVALID_CODE')
  const step = stepOf(decryptSecret(row.sealed), code, now)
  if (step === null) throw new AppError('INVALID_CODE')
  const codes = Array.from({ length: RECOVERY_CODE_COUNT }, newRecoveryCode)
  await db.$transaction([
    // Conditional: a second confirmation of the same pending secret finds nothing.
    db.consoleUser.update({
      where: { id: userId, totpPending: row.sealed },
      data: {
        totpSecret: row.sealed,
        totpPending: null,
        totpPendingAt: null,
        totpPendingFor: null,
        totpLastStep: step,
        totpEnabledAt: now,
      },
    }),
    db.recoveryCode.deleteMany({ where: { userId } }),
    db.recoveryCode.createMany({ data: codes.map((c) => ({ userId, codeHash: hashRecoveryCode(c) })) }),
    recordUserAudit(db, userId, 'user.second-factor-enrol', userId, {}, now),
  ])
  return codes
}

/**
 * Checks a code from the authenticator app, or else a recovery code (used up by this). A TOTP
 * code is refused when its time step is not later than the last one accepted (replay); the step
 * is moved on with a conditional update, so two requests with one code cannot both pass.
 */
export async function verifySecondFactor(
  db: Db,
  userId: string,
  code: string,
  now = currentTime(),
): Promise<'totp' | 'recovery' | null> {
  const row = await db.consoleUser.findUnique({
    where: { id: userId },
    select: { totpSecret: true, totpLastStep: true },
  })
  if (!row?.totpSecret) return null
  const step = stepOf(decryptSecret(row.totpSecret), code, now)
  if (step !== null) {
    const { count } = await db.consoleUser.updateMany({
      where: {
        id: userId,
        totpSecret: row.totpSecret,
        OR: [{ totpLastStep: null }, { totpLastStep: { lt: step } }],
      },
      data: { totpLastStep: step },
    })
    return count === 1 ? 'totp' : null
  }
  if (normalizeRecoveryCode(code).length !== 10) return null
  const { count } = await db.recoveryCode.updateMany({
    where: { userId, codeHash: hashRecoveryCode(code), usedAt: null },
    data: { usedAt: now },
  })
  if (count !== 1) return null
  await recordUserAudit(db, userId, 'user.recovery-code-use', userId, {}, now)
  return 'recovery'
}

export async function unusedRecoveryCodes(db: Db, userId: string): Promise<number> {
  return db.recoveryCode.count({ where: { userId, usedAt: null } })
}

/**
 * Removes a user's second factor and recovery codes and ends their sessions: an admin's reset
 * for someone who lost their phone (`actorId` is the admin, who is recorded), or one's own
 * removal. Whoever must have one enrols again at the next sign-in.
 */
export async function removeSecondFactor(db: Db, actorId: string, userId: string, now = currentTime()): Promise<void> {
  await db.$transaction([
    db.consoleUser.update({
      where: { id: userId },
      data: {
        totpSecret: null,
        totpPending: null,
        totpPendingAt: null,
        totpPendingFor: null,
        totpLastStep: null,
        totpEnabledAt: null,
      },
    }),
    db.recoveryCode.deleteMany({ where: { userId } }),
    db.pendingSignIn.deleteMany({ where: { userId } }),
    ...(actorId === userId ? [] : [db.consoleSignIn.deleteMany({ where: { userId } })]),
    recordUserAudit(
      db,
      actorId,
      actorId === userId ? 'user.second-factor-remove' : 'user.second-factor-reset',
      userId,
      {},
      now,
    ),
  ])
}
