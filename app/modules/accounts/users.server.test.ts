import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestDb } from '../../../tests/support/test-db'
import type { Db } from '~/utils/db.server'
import { isAppError } from '~/utils/errors'
import { authenticate, createConsoleUser, startSignIn, userForSignIn } from './console-users.server'
import {
  changeOwnPassword,
  changeUser,
  disableUser,
  enableUser,
  endSessions,
  inviteUser,
  listCheckinHelperAccounts,
  listSessions,
  listUsers,
  sendAccountLink,
  sessionIdOf,
  updateUser,
  userDetail,
  userPage,
} from './users.server'

let db: Db
let drop: () => Promise<void>
let adminId: string

beforeAll(async () => {
  ;({ db, drop } = await createTestDb())
  adminId = (
    await createConsoleUser(db, {
      email: 'users-admin@city.example.jp',
      name: '管理 一郎',
      password: 'admin password 1',
    })
  ).id
})
afterAll(async () => drop())

const actions = async (userId: string) =>
  (
    await db.auditEvent.findMany({
      where: { entityType: 'StaffUser', entityId: userId },
      orderBy: [{ at: 'asc' }, { id: 'asc' }],
    })
  ).map((a) => a.action)

describe('the users list', () => {
  it('shows people with their state and programs, never hashes, and keeps check-in helpers apart', async () => {
    const program = await db.program.create({ data: { code: 'LIST', name: '一覧事業' } })
    await inviteUser(
      db,
      { email: 'inv@city.example.jp', name: '招待中', role: 'ORGANIZER', programIds: [program.id] },
      adminId,
    )
    await db.consoleUser.create({
      data: {
        email: 'checkin-1@helpers.invalid',
        name: '受付A',
        role: 'CHECKIN',
        accessExpiresAt: new Date(Date.now() + 3600_000),
      },
    })
    const users = await listUsers(db)
    expect(users.find((u) => u.email === 'inv@city.example.jp')).toMatchObject({
      state: 'invited',
      role: 'ORGANIZER',
      programs: [{ id: program.id, code: 'LIST', name: '一覧事業' }],
    })
    expect(users.find((u) => u.id === adminId)?.state).toBe('active')
    expect(users.some((u) => u.role === 'CHECKIN')).toBe(false)
    expect(JSON.stringify(users)).not.toContain('scrypt')
    expect((await listCheckinHelperAccounts(db)).map((h) => h.name)).toContain('受付A')
    const helper = await db.consoleUser.findFirstOrThrow({ where: { role: 'CHECKIN' } })
    expect(await userDetail(db, helper.id)).toBeNull()
  })
})

describe('changing a user', () => {
  it('changes name, role and programs, keeping programs for organizers only, with an audit event', async () => {
    const [a, b] = await Promise.all([
      db.program.create({ data: { code: 'P-A', name: 'A事業' } }),
      db.program.create({ data: { code: 'P-B', name: 'B事業' } }),
    ])
    const id = await inviteUser(
      db,
      { email: 'org@city.example.jp', name: '担当', role: 'ORGANIZER', programIds: [a.id] },
      adminId,
    )
    await updateUser(db, adminId, id, { name: '担当 改', role: 'ORGANIZER', programIds: [b.id] })
    expect(await userDetail(db, id)).toMatchObject({ name: '担当 改', role: 'ORGANIZER', programIds: [b.id] })
    await updateUser(db, adminId, id, { name: '担当 改', role: 'STAFF', programIds: [a.id, b.id] })
    expect(await userDetail(db, id)).toMatchObject({ role: 'STAFF', programIds: [] })
    expect(await actions(id)).toEqual(['user.invite', 'user.update', 'user.update'])
    const last = await db.auditEvent.findFirstOrThrow({ where: { entityId: id }, orderBy: { at: 'desc' } })
    expect(JSON.parse(last.detail)).toEqual({
      before: { name: '担当 改', role: 'ORGANIZER', programIds: [b.id] },
      after: { name: '担当 改', role: 'STAFF', programIds: [] },
    })
  })

  it('does not let an admin take away their own ADMIN role or disable themselves', async () => {
    const demote = await updateUser(db, adminId, adminId, { name: 'x', role: 'STAFF', programIds: [] }).catch(
      (e: unknown) => e,
    )
    expect(isAppError(demote, 'OWN_ADMIN_ROLE')).toBe(true)
    const disable = await disableUser(db, adminId, adminId).catch((e: unknown) => e)
    expect(isAppError(disable, 'OWN_ACCOUNT_DISABLE')).toBe(true)
    expect(await db.consoleUser.findUniqueOrThrow({ where: { id: adminId } })).toMatchObject({
      role: 'ADMIN',
      disabledAt: null,
    })
    // Renaming oneself is fine.
    await updateUser(db, adminId, adminId, { name: '管理 一郎', role: 'ADMIN', programIds: [] })
  })

  it('disables a user: sessions end at once, sign-in and links are refused; enabling lets them back in', async () => {
    const user = await createConsoleUser(db, {
      email: 'leaver@city.example.jp',
      name: '退職',
      password: 'leaver password 1',
      role: 'STAFF',
    })
    const session = await startSignIn(db, user.id, 12)
    await sendAccountLink(db, adminId, user.id)
    expect(await db.accountToken.count({ where: { userId: user.id, usedAt: null } })).toBe(1)

    await disableUser(db, adminId, user.id)
    expect(await userForSignIn(db, session)).toBeNull()
    expect(await db.consoleSignIn.count({ where: { userId: user.id } })).toBe(0)
    expect(await db.accountToken.count({ where: { userId: user.id, usedAt: null } })).toBe(0)
    const refused = await authenticate(db, 'leaver@city.example.jp', 'leaver password 1').catch((e: unknown) => e)
    expect(isAppError(refused, 'ACCOUNT_DISABLED')).toBe(true)
    const wrong = await authenticate(db, 'leaver@city.example.jp', 'a wrong password').catch((e: unknown) => e)
    expect(isAppError(wrong, 'INVALID_CREDENTIALS')).toBe(true)
    expect(isAppError(await sendAccountLink(db, adminId, user.id).catch((e: unknown) => e), 'ACCOUNT_DISABLED')).toBe(
      true,
    )
    expect((await userDetail(db, user.id))?.state).toBe('disabled')

    await enableUser(db, adminId, user.id)
    expect((await authenticate(db, 'leaver@city.example.jp', 'leaver password 1')).id).toBe(user.id)
    expect(await actions(user.id)).toEqual(['user.password-reset-send', 'user.disable', 'user.enable'])
  })

  it('refuses a session whose user is out of time (check-in helpers)', async () => {
    const now = new Date()
    const helper = await db.consoleUser.create({
      data: {
        email: 'checkin-2@helpers.invalid',
        name: '受付B',
        role: 'CHECKIN',
        accessExpiresAt: new Date(now.getTime() + 3600_000),
      },
    })
    const token = await startSignIn(db, helper.id, 12, now)
    expect((await userForSignIn(db, token, now))?.role).toBe('CHECKIN')
    expect(await userForSignIn(db, token, new Date(now.getTime() + 3600_000))).toBeNull()
  })
})

describe('sessions', () => {
  it('lists sessions with their device and ends one, or all but this one', async () => {
    const user = await createConsoleUser(db, {
      email: 'devices@city.example.jp',
      name: '端末',
      password: 'devices password',
      role: 'STAFF',
    })
    const here = await startSignIn(db, user.id, 12, new Date(), 'Mozilla/5.0 ' + 'x'.repeat(300))
    const phone = await startSignIn(db, user.id, 12, new Date(), 'Phone')
    const tablet = await startSignIn(db, user.id, 12)
    const sessions = await listSessions(db, user.id)
    expect(sessions).toHaveLength(3)
    expect(sessions.find((s) => s.id === sessionIdOf(here))?.userAgent).toHaveLength(200)
    expect(sessions.find((s) => s.id === sessionIdOf(tablet))?.userAgent).toBeNull()

    expect(await endSessions(db, { actorId: user.id, userId: user.id, sessionId: sessionIdOf(phone) })).toBe(1)
    expect(await userForSignIn(db, phone)).toBeNull()
    // Another user's session cannot be ended through this user.
    const other = await startSignIn(db, adminId, 1)
    expect(await endSessions(db, { actorId: user.id, userId: user.id, sessionId: sessionIdOf(other) })).toBe(0)
    expect(await userForSignIn(db, other)).not.toBeNull()

    expect(await endSessions(db, { actorId: user.id, userId: user.id, exceptId: sessionIdOf(here) })).toBe(1)
    expect(await userForSignIn(db, tablet)).toBeNull()
    expect((await userForSignIn(db, here))?.id).toBe(user.id)
    expect(await actions(user.id)).toEqual(['user.sessions-end', 'user.sessions-end'])
  })
})

describe('changing one’s own password', () => {
  it('requires the current password, then ends the other sessions', async () => {
    const user = await createConsoleUser(db, {
      email: 'own@city.example.jp',
      name: '本人',
      password: 'current password 1',
      role: 'STAFF',
    })
    const here = await startSignIn(db, user.id, 12)
    const elsewhere = await startSignIn(db, user.id, 12)
    const identity = { id: user.id, email: user.email, name: user.name, role: user.role }
    const wrong = await changeOwnPassword(db, {
      user: identity,
      currentPassword: 'not my password',
      newPassword: 'brand new password',
      currentSessionId: sessionIdOf(here),
    }).catch((e: unknown) => e)
    expect(isAppError(wrong, 'INVALID_CREDENTIALS')).toBe(true)
    expect(await userForSignIn(db, elsewhere)).not.toBeNull()

    expect(
      await changeOwnPassword(db, {
        user: identity,
        currentPassword: 'current password 1',
        newPassword: 'brand new password',
        currentSessionId: sessionIdOf(here),
      }),
    ).toEqual({ otherSessionsEnded: 1 })
    expect(await userForSignIn(db, elsewhere)).toBeNull()
    expect((await userForSignIn(db, here))?.id).toBe(user.id)
    expect((await authenticate(db, 'own@city.example.jp', 'brand new password')).id).toBe(user.id)
    const audit = await db.auditEvent.findFirstOrThrow({ where: { entityId: user.id, action: 'user.password-change' } })
    expect(audit.actorId).toBe(user.id)
  })

  it('has nothing to change for an account without a password', async () => {
    const helper = await db.consoleUser.create({
      data: {
        email: 'checkin-3@helpers.invalid',
        name: '受付C',
        role: 'CHECKIN',
        accessExpiresAt: new Date(Date.now() + 3600_000),
      },
    })
    const result = await changeOwnPassword(db, {
      user: { id: helper.id, email: helper.email, name: helper.name, role: helper.role },
      currentPassword: '',
      newPassword: 'whatever long password',
      currentSessionId: 'x',
    }).catch((e: unknown) => e)
    expect(isAppError(result, 'NO_PASSWORD')).toBe(true)
  })
})

describe('a user’s page', () => {
  const admin = () => ({ id: adminId, email: 'users-admin@city.example.jp', name: '管理 一郎', role: 'ADMIN' as const })
  const refusal = (promise: Promise<unknown>) =>
    promise.then(
      () => null,
      (e: unknown) => e,
    )

  it('is not found for no such user or a check-in helper, for the page and for every change', async () => {
    const helper = await db.consoleUser.create({
      data: { email: 'page-helper@checkin.invalid', name: '受付', role: 'CHECKIN', passwordHash: null },
    })
    for (const id of [helper.id, 'no-such-user']) {
      expect(isAppError(await refusal(userPage(db, admin(), id, undefined)), 'NOT_FOUND'), id).toBe(true)
      for (const action of [{ intent: 'disable' as const }, { intent: 'end-all-sessions' as const }])
        expect(isAppError(await refusal(changeUser(db, admin(), id, action)), 'USER_NOT_FOUND'), id).toBe(true)
    }
    expect((await db.consoleUser.findUniqueOrThrow({ where: { id: helper.id } })).disabledAt).toBeNull()
  })

  it('makes each change, logs it, and says what to confirm', async () => {
    const id = await inviteUser(
      db,
      { email: 'page-change@city.example.jp', name: '変更 太郎', role: 'STAFF', programIds: [] },
      adminId,
    )
    expect((await userPage(db, admin(), id, undefined)).self).toBe(false)
    expect(await changeUser(db, admin(), id, { intent: 'send-link' })).toEqual({ msg: 'accounts.invitationResent' })
    expect(await changeUser(db, admin(), id, { intent: 'disable' })).toEqual({ msg: 'accounts.disabledMsg' })
    expect(await changeUser(db, admin(), id, { intent: 'end-all-sessions' })).toEqual({
      msg: 'accounts.sessionsEnded',
      vars: { count: '0' },
    })
    const logged = await db.securityEvent.findMany({ where: { targetId: id }, orderBy: { at: 'asc' } })
    expect(logged.map((e) => e.type)).toEqual(['user.link-sent', 'user.disable', 'sessions.end'])
    expect(
      isAppError(await refusal(changeUser(db, admin(), adminId, { intent: 'disable' })), 'OWN_ACCOUNT_DISABLE'),
    ).toBe(true)
  })
})
