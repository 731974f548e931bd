import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { startTestSmtp, type TestSmtp } from '../../../tests/support/smtp'
import { createTestDb } from '../../../tests/support/test-db'
import type { Db } from '~/utils/db.server'
import { isAppError } from '~/utils/errors'
import { renderMessage } from '../mail/render.server'
import { smtpTransport, type MailTransport } from '../mail/transport.server'
import { deliverDueMessages } from '../mail/worker.server'
import { limitPasswordReset } from '../security/rate-limit.server'
import { openLinkToken } from './link-seal.server'
import { LINK_LIFETIME_MS, linkForToken, requestPasswordReset, setPasswordWithLink } from './links.server'
import { afterPassword, pendingSignIn } from './sign-in.server'
import { authenticate, createConsoleUser, startSignIn, userForSignIn } from './console-users.server'
import { inviteUser, sendAccountLink } from './users.server'

let db: Db
let drop: () => Promise<void>
let smtp: TestSmtp
let transport: MailTransport
let adminId: string

beforeAll(async () => {
  ;({ db, drop } = await createTestDb())
  smtp = await startTestSmtp()
  transport = smtpTransport(smtp.url)
  adminId = (
    await createConsoleUser(db, {
      email: 'links-admin@city.example.jp',
      name: '管理 一郎',
      password: 'admin password 1',
    })
  ).id
})
afterAll(async () => {
  transport.close()
  await smtp.stop()
  await drop()
})
beforeEach(async () => {
  await db.outboxMessage.deleteMany()
  smtp.received.length = 0
})

/** The token of the newest queued account message for a user (what the mail's link carries). */
async function queuedToken(userId: string) {
  const message = await db.outboxMessage.findFirstOrThrow({
    where: { consoleUserId: userId },
    orderBy: { createdAt: 'desc' },
  })
  return { message, token: openLinkToken(message.body, message.consoleUserId)! }
}

describe('invitations', () => {
  it('creates the user without a password and queues the invitation with its link in one go', async () => {
    const program = await db.program.create({ data: { code: 'INV', name: '招待事業' } })
    const id = await inviteUser(
      db,
      {
        email: ' New.Person@City.example.jp ',
        name: '新人 花子',
        role: 'ORGANIZER',
        programIds: [program.id, 'no-such'],
      },
      adminId,
    )
    const user = await db.consoleUser.findUniqueOrThrow({ where: { id }, include: { programs: true } })
    expect(user).toMatchObject({ email: 'new.person@city.example.jp', passwordHash: null, role: 'ORGANIZER' })
    expect(user.programs.map((p) => p.programId)).toEqual([program.id])
    const { message, token } = await queuedToken(id)
    expect(message).toMatchObject({
      kind: 'STAFF_INVITATION',
      status: 'PENDING',
      seminarId: null,
      registrationId: null,
    })
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/)
    // The outbox row holds the token sealed for this user, never in clear (docs/decisions/0021).
    expect(message.body).not.toContain(token)
    expect(message.body).toMatch(/^sealed-link:v1:/)
    expect(openLinkToken(message.body, adminId)).toBeNull()
    // Only the hash is stored with the link.
    const link = await db.accountToken.findFirstOrThrow({ where: { userId: id } })
    expect(link.id).not.toBe(token)
    expect(link.purpose).toBe('INVITATION')
    expect(link.expiresAt.getTime() - link.createdAt.getTime()).toBe(LINK_LIFETIME_MS.INVITATION)
    const audit = await db.auditEvent.findFirstOrThrow({ where: { entityType: 'StaffUser', entityId: id } })
    expect(audit).toMatchObject({ action: 'user.invite', actorId: adminId })
    expect(audit.detail).not.toContain(token)

    // Rendering gives the set-password link, to the invited person.
    const mail = await renderMessage(db, message)
    expect(mail?.to).toEqual({ name: '新人 花子', address: 'new.person@city.example.jp' })
    expect(mail?.subject).toContain('招待')
    expect(String(mail?.text)).toContain(`/console/password/${token}`)
    expect(String(mail?.html)).toContain(`/console/password/${token}`)

    // Sent over SMTP; then the outbox no longer holds the token.
    expect(await deliverDueMessages(db, transport)).toEqual({ SENT: 1, RETRY: 0, FAILED: 0 })
    const [received] = await smtp.waitFor(1)
    expect(received.text).toContain(`/console/password/${token}`)
    expect(received.text).toContain('新人 花子 様')
    const sent = await db.outboxMessage.findUniqueOrThrow({ where: { id: message.id } })
    expect(sent).toMatchObject({ status: 'SENT', body: null })
  })

  it('refuses an email that already has an account', async () => {
    await inviteUser(db, { email: 'twice@city.example.jp', name: 'a', role: 'STAFF', programIds: [] }, adminId)
    const again = await inviteUser(
      db,
      { email: 'TWICE@city.example.jp', name: 'b', role: 'STAFF', programIds: [] },
      adminId,
    ).catch((e: unknown) => e)
    expect(isAppError(again, 'EMAIL_TAKEN')).toBe(true)
    expect(await db.consoleUser.count({ where: { email: 'twice@city.example.jp' } })).toBe(1)
  })

  it('sets the password through the link once, signs in, and the invited user cannot sign in before', async () => {
    const id = await inviteUser(
      db,
      { email: 'once@city.example.jp', name: '一度', role: 'STAFF', programIds: [] },
      adminId,
    )
    const { token } = await queuedToken(id)
    const before = await authenticate(db, 'once@city.example.jp', 'anything at all 1').catch((e: unknown) => e)
    expect(isAppError(before, 'INVALID_CREDENTIALS')).toBe(true)

    expect((await linkForToken(db, token))?.purpose).toBe('INVITATION')
    const { sessionToken, user } = await setPasswordWithLink(db, {
      token,
      password: 'my own long password',
      ttlHours: 1,
      userAgent: 'TestBrowser/1.0',
    })
    expect(user.id).toBe(id)
    expect((await userForSignIn(db, sessionToken!))?.id).toBe(id)
    expect((await authenticate(db, 'once@city.example.jp', 'my own long password')).id).toBe(id)
    expect(await db.consoleSignIn.findFirst({ where: { userId: id }, select: { userAgent: true } })).toEqual({
      userAgent: 'TestBrowser/1.0',
    })

    // The second use is refused, and changes nothing.
    expect(await linkForToken(db, token)).toBeNull()
    const again = await setPasswordWithLink(db, { token, password: 'someone elses password', ttlHours: 1 }).catch(
      (e: unknown) => e,
    )
    expect(isAppError(again, 'LINK_INVALID')).toBe(true)
    expect((await authenticate(db, 'once@city.example.jp', 'my own long password')).id).toBe(id)
    expect(await db.consoleSignIn.count({ where: { userId: id } })).toBe(1)
  })

  it('lets only one of two simultaneous submissions of a link through', async () => {
    const id = await inviteUser(
      db,
      { email: 'race@city.example.jp', name: '競争', role: 'STAFF', programIds: [] },
      adminId,
    )
    const { token } = await queuedToken(id)
    const results = await Promise.allSettled([
      setPasswordWithLink(db, { token, password: 'first long password', ttlHours: 1 }),
      setPasswordWithLink(db, { token, password: 'second long password', ttlHours: 1 }),
    ])
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1)
    const refused = results.find((r) => r.status === 'rejected') as PromiseRejectedResult
    expect(isAppError(refused.reason, 'LINK_INVALID')).toBe(true)
    expect(await db.consoleSignIn.count({ where: { userId: id } })).toBe(1)
  })

  it('refuses an expired link, and a link replaced by a newer one', async () => {
    const id = await inviteUser(
      db,
      { email: 'late@city.example.jp', name: '遅刻', role: 'STAFF', programIds: [] },
      adminId,
    )
    const { token: first } = await queuedToken(id)
    const afterAWeek = new Date(Date.now() + LINK_LIFETIME_MS.INVITATION + 1000)
    expect(await linkForToken(db, first, afterAWeek)).toBeNull()
    const expired = await setPasswordWithLink(
      db,
      { token: first, password: 'too late password', ttlHours: 1 },
      afterAWeek,
    ).catch((e: unknown) => e)
    expect(isAppError(expired, 'LINK_INVALID')).toBe(true)
    expect(await db.consoleUser.findUniqueOrThrow({ where: { id } }).then((u) => u.passwordHash)).toBeNull()

    // The admin sends the invitation again: the first link stops working, the new one works.
    expect(await sendAccountLink(db, adminId, id)).toBe('INVITATION')
    const { token: second } = await queuedToken(id)
    expect(second).not.toBe(first)
    expect(await linkForToken(db, first)).toBeNull()
    expect((await linkForToken(db, second))?.user.id).toBe(id)
    // The first message, if still waiting, is not sent with its dead link.
    expect(await deliverDueMessages(db, transport)).toEqual({ SENT: 1, RETRY: 0, FAILED: 1 })
    const failed = await db.outboxMessage.findFirstOrThrow({ where: { consoleUserId: id, status: 'FAILED' } })
    expect(failed.body).toBeNull()
  })

  it('does not deliver a link to a disabled account', async () => {
    const id = await inviteUser(
      db,
      { email: 'gone@city.example.jp', name: '停止', role: 'STAFF', programIds: [] },
      adminId,
    )
    const { token } = await queuedToken(id)
    await db.consoleUser.update({ where: { id }, data: { disabledAt: new Date() } })
    expect(await linkForToken(db, token)).toBeNull()
    expect(await deliverDueMessages(db, transport)).toEqual({ SENT: 0, RETRY: 0, FAILED: 1 })
  })
})

describe('password resets', () => {
  it('sets a new password with a two-hour link and ends every other session', async () => {
    const user = await createConsoleUser(db, {
      email: 'reset@city.example.jp',
      name: '再設定',
      password: 'the old password',
      // Office staff: no second factor by default, so the link signs them in (admins: see below).
      role: 'STAFF',
    })
    const laptop = await startSignIn(db, user.id, 12)
    const phone = await startSignIn(db, user.id, 12)
    await requestPasswordReset(db, 'Reset@City.example.jp')
    const { message, token } = await queuedToken(user.id)
    expect(message.kind).toBe('PASSWORD_RESET')
    const link = await db.accountToken.findFirstOrThrow({ where: { userId: user.id, purpose: 'PASSWORD_RESET' } })
    expect(link.expiresAt.getTime() - link.createdAt.getTime()).toBe(LINK_LIFETIME_MS.PASSWORD_RESET)
    expect(String((await renderMessage(db, message))?.text)).toContain(`/console/password/${token}`)
    expect(await linkForToken(db, token, new Date(Date.now() + 2 * 3600_000 + 1000))).toBeNull()

    const { sessionToken } = await setPasswordWithLink(db, { token, password: 'the new password', ttlHours: 1 })
    expect(await userForSignIn(db, laptop)).toBeNull()
    expect(await userForSignIn(db, phone)).toBeNull()
    expect((await userForSignIn(db, sessionToken!))?.id).toBe(user.id)
    expect((await authenticate(db, 'reset@city.example.jp', 'the new password')).id).toBe(user.id)
    const old = await authenticate(db, 'reset@city.example.jp', 'the old password').catch((e: unknown) => e)
    expect(isAppError(old, 'INVALID_CREDENTIALS')).toBe(true)
    const audit = await db.auditEvent.findMany({ where: { entityId: user.id }, orderBy: { at: 'asc' } })
    expect(audit.map((a) => a.action)).toEqual(['user.password-reset-request', 'user.password-reset'])
  })

  it('ends a sign-in left waiting for its second-factor code with the old password', async () => {
    const user = await createConsoleUser(db, {
      email: 'half@city.example.jp',
      name: '途中',
      password: 'the old password',
      role: 'ADMIN',
    })
    const pending = await afterPassword(db, user, { ttlHours: 1 })
    expect(pending.kind).toBe('pending')
    await requestPasswordReset(db, 'half@city.example.jp')
    const { token } = await queuedToken(user.id)
    await setPasswordWithLink(db, { token, password: 'the new password', ttlHours: 1 })
    expect(await pendingSignIn(db, pending.token)).toBeNull()
    expect(await db.pendingSignIn.count({ where: { userId: user.id } })).toBe(0)
  })

  it('answers the same for unknown, disabled and helper addresses, and mails nobody', async () => {
    const disabled = await createConsoleUser(db, {
      email: 'off@city.example.jp',
      name: 'x',
      password: 'a long password 1',
    })
    await db.consoleUser.update({ where: { id: disabled.id }, data: { disabledAt: new Date() } })
    await db.consoleUser.create({
      data: {
        email: 'checkin-x@helpers.invalid',
        name: '受付',
        role: 'CHECKIN',
        accessExpiresAt: new Date(Date.now() + 3600_000),
      },
    })
    for (const email of ['nobody@city.example.jp', 'off@city.example.jp', 'checkin-x@helpers.invalid'])
      await expect(requestPasswordReset(db, email)).resolves.toBeUndefined()
    expect(await db.outboxMessage.count()).toBe(0)
  })

  it('sends the invitation again to someone invited who asks for a reset', async () => {
    const id = await inviteUser(
      db,
      { email: 'forgot@city.example.jp', name: '忘却', role: 'STAFF', programIds: [] },
      adminId,
    )
    await requestPasswordReset(db, 'forgot@city.example.jp')
    const messages = await db.outboxMessage.findMany({ where: { consoleUserId: id }, orderBy: { createdAt: 'asc' } })
    expect(messages.map((m) => m.kind)).toEqual(['STAFF_INVITATION', 'STAFF_INVITATION'])
    // Only the newest link works.
    const tokens = messages.map((m) => openLinkToken(m.body, m.consoleUserId)!)
    expect(await linkForToken(db, tokens[0])).toBeNull()
    expect((await linkForToken(db, tokens[1]))?.purpose).toBe('INVITATION')
  })

  it('limits requests per email and per public address, counting unknown addresses too', async () => {
    const now = new Date()
    for (let i = 0; i < 3; i++)
      expect(await limitPasswordReset(db, { address: '203.0.113.7', email: 'who@city.example.jp', now })).toBeNull()
    const byEmail = await limitPasswordReset(db, { address: '203.0.113.8', email: 'WHO@city.example.jp', now })
    expect(byEmail?.reason).toBe('email')
    expect(byEmail?.retryAfterSeconds).toBeGreaterThan(0)
    for (let i = 0; i < 6; i++)
      expect(await limitPasswordReset(db, { address: '198.51.100.9', email: `p${i}@city.example.jp`, now })).toBeNull()
    // 3 + 1 + 6 from different addresses; now ten from this one.
    for (let i = 0; i < 4; i++) await limitPasswordReset(db, { address: '198.51.100.9', email: `q${i}@x.example`, now })
    const byAddress = await limitPasswordReset(db, { address: '198.51.100.9', email: 'fresh@city.example.jp', now })
    expect(byAddress?.reason).toBe('address')
    // Addresses of the local network are counted apart, with a higher threshold (rate-limit.server.ts).
    expect(await limitPasswordReset(db, { address: '127.0.0.1', email: 'local1@x.example', now })).toBeNull()
  })

  it('does not sign in someone who has or needs a second factor: the link proves only the mailbox', async () => {
    const admin = await createConsoleUser(db, {
      email: 'reset-admin@city.example.jp',
      name: '管',
      password: 'the old password',
    })
    await requestPasswordReset(db, admin.email)
    const { token } = await queuedToken(admin.id)
    const { sessionToken } = await setPasswordWithLink(db, { token, password: 'lantern orchard fifteen', ttlHours: 1 })
    expect(sessionToken).toBeNull()
    expect(await db.consoleSignIn.count({ where: { userId: admin.id } })).toBe(0)
  })
})

describe('who used a link (docs/decisions/0021)', () => {
  it('records the holder as actor, through a link, with the address it came from', async () => {
    const id = await inviteUser(
      db,
      { email: 'holder@city.example.jp', name: '本人', role: 'STAFF', programIds: [] },
      adminId,
    )
    const { token } = await queuedToken(id)
    await setPasswordWithLink(db, { token, password: 'holder chose this one', ttlHours: 1, address: '203.0.113.44' })
    const audit = await db.auditEvent.findFirstOrThrow({ where: { entityId: id, action: 'user.invitation-accept' } })
    expect(audit.actorId).toBe(id)
    expect(JSON.parse(audit.detail)).toEqual({ via: 'link', from: '203.0.113.44' })
    expect(audit.detail).not.toContain(token)
  })

  it('names the signed-in admin, not the account holder, when an admin browser uses the link of someone else', async () => {
    const id = await inviteUser(
      db,
      { email: 'victim@city.example.jp', name: '被害', role: 'STAFF', programIds: [] },
      adminId,
    )
    const { token } = await queuedToken(id)
    await setPasswordWithLink(db, {
      token,
      password: 'admin typed this one',
      ttlHours: 1,
      address: '10.0.0.8',
      signedInUserId: adminId,
    })
    const audit = await db.auditEvent.findFirstOrThrow({ where: { entityId: id, action: 'user.invitation-accept' } })
    expect(audit.actorId).toBe(adminId)
    expect(JSON.parse(audit.detail)).toEqual({ via: 'link', from: '10.0.0.8', signedInAs: adminId })
  })
})
