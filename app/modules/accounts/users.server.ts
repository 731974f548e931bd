import crypto from 'node:crypto'
import type { Db } from '~/utils/db.server'
import { isUniqueViolation, AppError, notFound } from '~/utils/errors'
import { recordChange } from '../audit/security-log.server'
import { listPrograms } from '../scheduling/seminars.server'
import type { ConsoleRole, Prisma } from '~/generated/prisma/client'
import type { InvitableRole, UserAction } from './forms'
import { issueLinkStatements, type LinkPurpose } from './links.server'
import { hashPassword, passwordProblem } from './password.server'
import { assertStrongPassword } from './password-strength.server'
import { removeSecondFactor } from './second-factor.server'
import { authenticate, hashToken, type ConsoleIdentity } from './console-users.server'
import { recordUserAudit } from './user-audit.server'
import { currentTime } from '~/utils/clock.server'
import { readPage } from '~/utils/paging'
import { deviceOf } from './device.server'

/*
 * Console users as admins manage them (docs/decisions/0013-roles-and-accounts.md): invitations, roles and
 * assigned programs, disabling, set-password links, sessions. Check-in helpers (role CHECKIN) are made and ended
 * from their seminar's page (checkin-helpers.server.ts) and are not managed here.
 */

export type UserState = 'invited' | 'active' | 'disabled'

function stateOf(user: { passwordHash: string | null; disabledAt: Date | null }): UserState {
  if (user.disabledAt) return 'disabled'
  return user.passwordHash ? 'active' : 'invited'
}

/** People's accounts and check-in helper links: the users page lists them apart. */
const PEOPLE = { role: { not: 'CHECKIN' } } satisfies Prisma.ConsoleUserWhereInput
const HELPERS = { role: 'CHECKIN' } satisfies Prisma.ConsoleUserWhereInput

/** Every console user but the check-in helpers, for the users page (never their hashes). */
export async function listUsers(db: Db, slice: { skip?: number; take?: number } = {}) {
  const rows = await db.consoleUser.findMany({
    where: PEOPLE,
    // Emails are unique: the order is total, so pages neither repeat nor skip anyone.
    orderBy: [{ name: 'asc' }, { email: 'asc' }],
    ...slice,
    select: {
      id: true,
      email: true,
      name: true,
      role: true,
      passwordHash: true,
      disabledAt: true,
      createdAt: true,
      programs: { select: { program: { select: { id: true, code: true, name: true } } } },
    },
  })
  return rows.map(({ passwordHash, programs, ...u }) => ({
    ...u,
    state: stateOf({ passwordHash, disabledAt: u.disabledAt }),
    programs: programs.map((p) => p.program).sort((a, b) => a.code.localeCompare(b.code)),
  }))
}

/** The latest check-in helper links, shown apart from people's accounts; `skip` for a later page. */
export function listCheckinHelperAccounts(db: Db, take = 50, skip = 0) {
  return db.consoleUser.findMany({
    where: HELPERS,
    orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
    skip,
    take,
    select: {
      id: true,
      name: true,
      accessExpiresAt: true,
      disabledAt: true,
      seminars: { select: { seminar: { select: { id: true, title: true } } } },
    },
  })
}

/** One user for the user's page; null for no such user or a check-in helper. */
export async function userDetail(db: Db, id: string, now = currentTime()) {
  const user = await db.consoleUser.findUnique({
    where: { id },
    select: {
      id: true,
      email: true,
      name: true,
      role: true,
      passwordHash: true,
      totpSecret: true,
      disabledAt: true,
      createdAt: true,
      programs: { select: { programId: true } },
      accountTokens: {
        where: { usedAt: null, expiresAt: { gt: now }, purpose: { in: ['INVITATION', 'PASSWORD_RESET'] } },
        orderBy: { createdAt: 'desc' },
        take: 1,
        select: { purpose: true, expiresAt: true },
      },
    },
  })
  if (!user || user.role === 'CHECKIN') return null
  const { passwordHash, totpSecret, programs, accountTokens, ...rest } = user
  return {
    ...rest,
    /** Whether a second factor is set up (never the secret). */
    secondFactor: Boolean(totpSecret),
    state: stateOf({ passwordHash, disabledAt: user.disabledAt }),
    programIds: programs.map((p) => p.programId),
    /** The link last sent, while it still works. */
    pendingLink: accountTokens[0]
      ? { purpose: accountTokens[0].purpose as LinkPurpose, expiresAt: accountTokens[0].expiresAt }
      : null,
  }
}

/** Only programs that exist, and only for organizers (the others see every program anyway). */
async function assignablePrograms(db: Db, role: ConsoleRole, programIds: string[]): Promise<string[]> {
  if (role !== 'ORGANIZER' || programIds.length === 0) return []
  const rows = await db.program.findMany({ where: { id: { in: [...new Set(programIds)] } }, select: { id: true } })
  return rows.map((r) => r.id)
}

export type InviteInput = { email: string; name: string; role: InvitableRole; programIds: string[] }

/**
 * Creates the account without a password and queues the invitation (a link to set one) in the
 * same transaction. Throws EMAIL_TAKEN when the address already has an account.
 */
export async function inviteUser(db: Db, input: InviteInput, actorId: string, now = currentTime()): Promise<string> {
  const email = input.email.trim().toLowerCase()
  const taken = await db.consoleUser.findUnique({ where: { email }, select: { id: true } })
  if (taken) throw new AppError('EMAIL_TAKEN')
  const programIds = await assignablePrograms(db, input.role, input.programIds)
  const id = crypto.randomUUID()
  const name = input.name.trim()
  try {
    await db.$transaction([
      db.consoleUser.create({
        data: {
          id,
          email,
          name,
          role: input.role,
          passwordHash: null,
          createdAt: now,
          programs: { create: programIds.map((programId) => ({ programId })) },
        },
        select: { id: true },
      }),
      ...issueLinkStatements(db, { userId: id, purpose: 'INVITATION', createdById: actorId }, now),
      recordUserAudit(db, actorId, 'user.invite', id, { email, name, role: input.role, programIds }, now),
    ])
  } catch (error) {
    // Invited by someone else a moment ago.
    if (isUniqueViolation(error)) throw new AppError('EMAIL_TAKEN')
    throw error
  }
  return id
}

async function managedUser(db: Db, id: string) {
  const user = await db.consoleUser.findUnique({
    where: { id },
    select: {
      id: true,
      name: true,
      role: true,
      passwordHash: true,
      disabledAt: true,
      programs: { select: { programId: true } },
    },
  })
  if (!user || user.role === 'CHECKIN') throw new AppError('USER_NOT_FOUND')
  return user
}

/** Name, role and (for organizers) programs. An admin cannot take their own ADMIN role away. */
export async function updateUser(
  db: Db,
  actorId: string,
  id: string,
  input: { name: string; role: InvitableRole; programIds: string[] },
  now = currentTime(),
): Promise<void> {
  const user = await managedUser(db, id)
  if (id === actorId && input.role !== 'ADMIN') throw new AppError('OWN_ADMIN_ROLE')
  const programIds = await assignablePrograms(db, input.role, input.programIds)
  const before = { name: user.name, role: user.role, programIds: user.programs.map((p) => p.programId).sort() }
  const after = { name: input.name.trim(), role: input.role, programIds: [...programIds].sort() }
  await db.$transaction([
    db.consoleUser.update({ where: { id }, data: { name: after.name, role: after.role } }),
    db.programAssignment.deleteMany({ where: { userId: id } }),
    ...(programIds.length
      ? [db.programAssignment.createMany({ data: programIds.map((programId) => ({ userId: id, programId })) })]
      : []),
    recordUserAudit(db, actorId, 'user.update', id, { before, after }, now),
  ])
}

/**
 * Disables the account: it cannot sign in, every session ends and unused set-password links go,
 * in one transaction. An admin cannot disable themselves.
 */
export async function disableUser(db: Db, actorId: string, id: string, now = currentTime()): Promise<void> {
  if (id === actorId) throw new AppError('OWN_ACCOUNT_DISABLE')
  const user = await managedUser(db, id)
  if (user.disabledAt) return
  await db.$transaction([
    db.consoleUser.update({ where: { id }, data: { disabledAt: now } }),
    db.consoleSignIn.deleteMany({ where: { userId: id } }),
    db.pendingSignIn.deleteMany({ where: { userId: id } }),
    db.accountToken.deleteMany({
      where: { userId: id, usedAt: null, purpose: { in: ['INVITATION', 'PASSWORD_RESET'] } },
    }),
    recordUserAudit(db, actorId, 'user.disable', id, {}, now),
  ])
}

export async function enableUser(db: Db, actorId: string, id: string, now = currentTime()): Promise<void> {
  const user = await managedUser(db, id)
  if (!user.disabledAt) return
  await db.$transaction([
    db.consoleUser.update({ where: { id }, data: { disabledAt: null } }),
    recordUserAudit(db, actorId, 'user.enable', id, {}, now),
  ])
}

/**
 * Sends a set-password link: the invitation again to someone who has not set a password yet, a
 * password reset to anyone else. Returns which one. Not for disabled accounts.
 */
export async function sendAccountLink(db: Db, actorId: string, id: string, now = currentTime()): Promise<LinkPurpose> {
  const user = await managedUser(db, id)
  if (user.disabledAt) throw new AppError('ACCOUNT_DISABLED')
  const purpose: LinkPurpose = user.passwordHash ? 'PASSWORD_RESET' : 'INVITATION'
  await db.$transaction([
    ...issueLinkStatements(db, { userId: id, purpose, createdById: actorId }, now),
    recordUserAudit(
      db,
      actorId,
      purpose === 'INVITATION' ? 'user.invitation-resend' : 'user.password-reset-send',
      id,
      {},
      now,
    ),
  ])
  return purpose
}

/**
 * The user's sessions that have not expired, newest first. `id` is the SHA-256 of the cookie's
 * token, not the token: it identifies a session but cannot be used to sign in.
 */
export function listSessions(db: Db, userId: string, now = currentTime()) {
  return db.consoleSignIn.findMany({
    where: { userId, expiresAt: { gt: now } },
    orderBy: { createdAt: 'desc' },
    select: { id: true, createdAt: true, expiresAt: true, userAgent: true },
  })
}

/** The session id (as listSessions gives it) of a cookie's token: marks "this device". */
export const sessionIdOf = (token: string) => hashToken(token)

/**
 * Ends sessions of a user: one (`sessionId`), or all of them but `exceptId` (or simply all).
 * Returns how many ended; recorded in the audit trail when any did.
 */
export async function endSessions(
  db: Db,
  input: { actorId: string; userId: string; sessionId?: string; exceptId?: string },
  now = currentTime(),
): Promise<number> {
  const where = input.sessionId
    ? { userId: input.userId, id: input.sessionId }
    : { userId: input.userId, ...(input.exceptId ? { id: { not: input.exceptId } } : {}) }
  const ids = (await db.consoleSignIn.findMany({ where, select: { id: true } })).map((s) => s.id)
  if (ids.length === 0) return 0
  const [{ count }] = await db.$transaction([
    db.consoleSignIn.deleteMany({ where: { userId: input.userId, id: { in: ids } } }),
    recordUserAudit(db, input.actorId, 'user.sessions-end', input.userId, { sessions: ids.length }, now),
  ])
  return count
}

/**
 * Changes one's own password: the current one is checked as a sign-in would check it (so
 * guessing counts towards the same lockout), then the other sessions end — whoever else was
 * signed in with the old password is out. Logged in the security log.
 */
export async function changeOwnPassword(
  db: Db,
  input: {
    user: ConsoleIdentity
    currentPassword: string
    newPassword: string
    currentSessionId: string
    device?: string | null
    address?: string | null
  },
  now = currentTime(),
): Promise<{ otherSessionsEnded: number }> {
  const row = await db.consoleUser.findUnique({ where: { id: input.user.id }, select: { passwordHash: true } })
  if (!row?.passwordHash) throw new AppError('NO_PASSWORD')
  if (passwordProblem(input.newPassword)) throw new Error('The password does not follow the rules.')
  await authenticate(db, input.user.email, input.currentPassword, now, { device: input.device, address: input.address })
  assertStrongPassword(input.newPassword, input.user)
  const passwordHash = await hashPassword(input.newPassword)
  const userId = input.user.id
  const [, ended] = await db.$transaction([
    db.consoleUser.update({ where: { id: userId }, data: { passwordHash } }),
    db.consoleSignIn.deleteMany({ where: { userId, id: { not: input.currentSessionId } } }),
    // A sign-in half done with the old password (waiting for its code) ends too.
    db.pendingSignIn.deleteMany({ where: { userId } }),
    db.accountToken.deleteMany({ where: { userId, usedAt: null, purpose: 'PASSWORD_RESET' } }),
    recordUserAudit(db, userId, 'user.password-change', userId, {}, now),
  ])
  await recordChange(db, 'password.change', input.user, 'StaffUser', userId)
  return { otherSessionsEnded: ended.count }
}

/** Whether the user has a password to change (check-in helpers never do). */
export async function hasPassword(db: Db, userId: string): Promise<boolean> {
  const row = await db.consoleUser.findUnique({ where: { id: userId }, select: { passwordHash: true } })
  return Boolean(row?.passwordHash)
}

/**
 * The users page: people's accounts and the check-in helper links (the latest first), each 50 a
 * page (`?page=`, `?helpers=`), and the programs to assign.
 */
export async function usersPage(db: Db, params: URLSearchParams, now = currentTime()) {
  const [{ rows: users, paging }, { rows: helpers, paging: helperPaging }, programs] = await Promise.all([
    readPage(
      params,
      () => db.consoleUser.count({ where: PEOPLE }),
      (slice) => listUsers(db, slice),
    ),
    readPage(
      params,
      () => db.consoleUser.count({ where: HELPERS }),
      ({ skip, take }) => listCheckinHelperAccounts(db, take, skip),
      { param: 'helpers' },
    ),
    listPrograms(db),
  ])
  return {
    users,
    paging,
    helperPaging,
    helpers: helpers.map((h) => ({
      id: h.id,
      name: h.name,
      accessExpiresAt: h.accessExpiresAt,
      disabledAt: h.disabledAt,
      seminars: h.seminars.map((s) => s.seminar),
    })),
    programs: programs.map((p) => ({ id: p.id, code: p.code, name: p.name })),
    now,
  }
}

/** An invitation from the users page (inviteUser), logged. Throws EMAIL_TAKEN. */
export async function inviteFromUsersPage(db: Db, admin: ConsoleIdentity, input: InviteInput) {
  const invited = await inviteUser(db, input, admin.id)
  await recordChange(db, 'user.invite', admin, 'StaffUser', invited, { role: input.role })
}

/**
 * One user's page: the account (userDetail), its sessions with this browser's marked, and the
 * programs to assign. Not found for no such user or a check-in helper.
 */
export async function userPage(db: Db, admin: ConsoleIdentity, id: string, currentSessionToken: string | undefined) {
  const user = await userDetail(db, id)
  if (!user) throw notFound()
  const [sessions, programs] = await Promise.all([listSessions(db, user.id), listPrograms(db)])
  const currentId = currentSessionToken ? sessionIdOf(currentSessionToken) : null
  return {
    user,
    self: user.id === admin.id,
    sessions: sessions.map(({ userAgent, ...s }) => ({
      ...s,
      device: deviceOf(userAgent),
      current: s.id === currentId,
    })),
    programs: programs.map((p) => ({ id: p.id, name: p.name })),
  }
}

/**
 * What an admin does on a user's page (UserActionSchema), logged in the security log. Returns
 * the confirmation to show (`?msg=` key and its values). Throws USER_NOT_FOUND for no such user
 * or a check-in helper, and the refusals of each change (OWN_ADMIN_ROLE, OWN_ACCOUNT_DISABLE,
 * ACCOUNT_DISABLED). One's own second factor and sessions are changed on the account page.
 */
export async function changeUser(
  db: Db,
  admin: ConsoleIdentity,
  id: string,
  action: UserAction,
): Promise<{ msg: string; vars?: Record<string, string> }> {
  await managedUser(db, id)
  switch (action.intent) {
    case 'update':
      await updateUser(db, admin.id, id, action)
      await recordChange(db, 'user.update', admin, 'StaffUser', id, { role: action.role })
      return { msg: 'console.saved' }
    case 'disable':
      await disableUser(db, admin.id, id)
      await recordChange(db, 'user.disable', admin, 'StaffUser', id)
      return { msg: 'accounts.disabledMsg' }
    case 'enable':
      await enableUser(db, admin.id, id)
      await recordChange(db, 'user.enable', admin, 'StaffUser', id)
      return { msg: 'accounts.enabledMsg' }
    case 'send-link': {
      const purpose = await sendAccountLink(db, admin.id, id)
      await recordChange(db, 'user.link-sent', admin, 'StaffUser', id, { purpose })
      return { msg: purpose === 'INVITATION' ? 'accounts.invitationResent' : 'accounts.resetSent' }
    }
    case 'reset-second-factor':
      await removeSecondFactor(db, admin.id, id)
      await recordChange(db, 'second-factor.reset', admin, 'StaffUser', id)
      return { msg: 'mfa.adminResetDone' }
    case 'end-session':
    case 'end-all-sessions': {
      const sessionId = action.intent === 'end-session' ? action.sessionId : undefined
      const count = await endSessions(db, { actorId: admin.id, userId: id, sessionId })
      await recordChange(db, 'sessions.end', admin, 'StaffUser', id, { count })
      return { msg: 'accounts.sessionsEnded', vars: { count: String(count) } }
    }
  }
}
