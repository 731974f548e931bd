import type { Db } from '~/utils/db.server'
import { AppError } from '~/utils/errors'
import { recordChange } from '../audit/security-log.server'
import {
  confirmEnrolment,
  hasSecondFactor,
  pendingEnrolment,
  removeSecondFactor,
  secondFactorRequired,
  startEnrolment,
  unusedRecoveryCodes,
} from './second-factor.server'
import { authenticate, type ConsoleIdentity } from './console-users.server'
import { deviceOf } from './device.server'
import { endSessions, hasPassword, listSessions } from './users.server'
import { currentTime } from '~/utils/clock.server'

/*
 * One's own account, where the password is asked again first (docs/decisions/0020): ending
 * other sessions and starting, replacing or removing the second factor. The password is checked
 * as a sign-in checks it, so wrong ones count towards the same slow-down. Each change is logged
 * in the security log.
 */

type Reauth = { user: ConsoleIdentity; password: string; device?: string | null; address?: string | null; now?: Date }

async function reauthenticate(db: Db, input: Reauth) {
  await authenticate(db, input.user.email, input.password, input.now ?? currentTime(), {
    device: input.device,
    address: input.address,
  })
}

/** Ends one other session (`sessionId`) or all others, after the password. */
export async function endSessionsAfterPassword(
  db: Db,
  input: Reauth & { sessionId?: string; currentSessionId: string },
): Promise<number> {
  await reauthenticate(db, input)
  const count = await endSessions(db, {
    actorId: input.user.id,
    userId: input.user.id,
    sessionId: input.sessionId || undefined,
    exceptId: input.currentSessionId,
  })
  await recordChange(db, 'sessions.end', input.user, 'StaffUser', input.user.id, { count })
  return count
}

/**
 * A new secret to enrol (or to replace the current one with), after the password. Only this
 * session may see and confirm it, for ENROLMENT_MINUTES.
 */
export async function startEnrolmentAfterPassword(db: Db, input: Reauth & { currentSessionId: string }): Promise<void> {
  await reauthenticate(db, input)
  await startEnrolment(db, input.user.id, input.currentSessionId, input.now)
}

/** Confirms the secret this session started (startEnrolmentAfterPassword); the recovery codes. */
export async function confirmOwnEnrolment(
  db: Db,
  input: { user: ConsoleIdentity; code: string; currentSessionId: string; now?: Date },
): Promise<string[]> {
  const codes = await confirmEnrolment(db, input.user.id, input.code, {
    startedBy: input.currentSessionId,
    now: input.now,
  })
  await recordChange(db, 'second-factor.enrol', input.user, 'StaffUser', input.user.id)
  return codes
}

/** Turns one's own second factor off, after the password; not for roles that must have one. */
export async function removeSecondFactorAfterPassword(db: Db, input: Reauth): Promise<void> {
  if (secondFactorRequired(input.user.role)) throw new AppError('SECOND_FACTOR_REQUIRED')
  await reauthenticate(db, input)
  await removeSecondFactor(db, input.user.id, input.user.id, input.now)
  await recordChange(db, 'second-factor.remove', input.user, 'StaffUser', input.user.id)
}

/** What the account page shows of the second factor (a secret only to the session enrolling it). */
export async function secondFactorState(db: Db, user: ConsoleIdentity, currentSessionId: string, now = currentTime()) {
  const [enrolled, row, enrolment, recoveryLeft] = await Promise.all([
    hasSecondFactor(db, user.id),
    db.consoleUser.findUnique({ where: { id: user.id }, select: { totpEnabledAt: true } }),
    pendingEnrolment(db, user.id, currentSessionId, now),
    unusedRecoveryCodes(db, user.id),
  ])
  return {
    enrolled,
    enabledAt: row?.totpEnabledAt ?? null,
    required: secondFactorRequired(user.role),
    recoveryLeft,
    enrolment: enrolment ? { secret: enrolment.secret, qrSvg: enrolment.qrSvg } : null,
  }
}

/**
 * One's own account page: whether one has a password to change, the second factor (secondFactorState)
 * and one's sessions, this browser's marked.
 */
export async function accountPage(db: Db, user: ConsoleIdentity, currentSessionId: string) {
  const [sessions, withPassword, secondFactor] = await Promise.all([
    listSessions(db, user.id),
    hasPassword(db, user.id),
    secondFactorState(db, user, currentSessionId),
  ])
  return {
    user: { name: user.name, email: user.email, role: user.role },
    hasPassword: withPassword,
    secondFactor,
    sessions: sessions.map(({ userAgent, ...s }) => ({
      ...s,
      device: deviceOf(userAgent),
      current: s.id === currentSessionId,
    })),
  }
}
