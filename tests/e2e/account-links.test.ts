import fs from 'node:fs/promises'
import path from 'node:path'
import { simpleParser, type ParsedMail } from 'mailparser'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { createConsoleUser } from '~/modules/accounts/console-users.server'
import { enrolSecondFactor, signInByFetch } from '../support/console'
import { startAppServer, type AppServer } from '../support/app-server'
import { startTestSmtp, type TestSmtp } from '../support/smtp'

/**
 * Account-link messages (invitations, password resets) on the built app, without a mail server
 * (.eml files) and with one (SMTP): the person receives a working link, and nothing an admin can
 * open under /console/mail, /console/audit or the audit CSV shows it (docs/decisions/0021).
 */

const ADMIN = { email: 'links-admin@city.example.jp', password: 'a long admin password' }
const PASSWORD_LINK = /\/console\/password\/([A-Za-z0-9_-]{43})/

/** Signs in with the password and, for an admin, the code of their authenticator. */
async function signInCookie(app: AppServer, email: string, password: string): Promise<string> {
  const res = await signInByFetch(app.url, email, password)
  expect(res.status).toBe(302)
  return res.headers.get('Set-Cookie')!.split(';')[0]
}

async function getText(app: AppServer, pathAndQuery: string, cookie: string) {
  const res = await fetch(`${app.url}${pathAndQuery}`, { headers: { Cookie: cookie }, redirect: 'manual' })
  return { status: res.status, text: await res.text() }
}

/** Polls until the newest account message to `email` is sent; answers its outbox row. */
async function sentMessageTo(app: AppServer, email: string, kind: 'STAFF_INVITATION' | 'PASSWORD_RESET') {
  await expect
    .poll(() => app.db.outboxMessage.count({ where: { kind, consoleUser: { email }, status: 'SENT' } }), {
      timeout: 20_000,
    })
    .toBe(1)
  return app.db.outboxMessage.findFirstOrThrow({ where: { kind, consoleUser: { email }, status: 'SENT' } })
}

describe.each(['eml', 'smtp'] as const)('account links delivered as %s', (mode) => {
  let app: AppServer
  let smtp: TestSmtp | null = null
  let adminCookie: string

  beforeAll(async () => {
    if (mode === 'smtp') smtp = await startTestSmtp()
    app = await startAppServer({ env: smtp ? { SMTP_URL: smtp.url } : {} })
    await createConsoleUser(app.db, { email: ADMIN.email, name: '管理 花子', password: ADMIN.password })
    await enrolSecondFactor(app.db, ADMIN.email)
    adminCookie = await signInCookie(app, ADMIN.email, ADMIN.password)
  })
  afterEach(() => {
    expect(app.errors()).toBe('')
  })
  afterAll(async () => {
    await app?.stop()
    await smtp?.stop()
  })

  /** The mail as the person receives it: the .eml the app wrote, or what the SMTP server got. */
  async function received(message: { emlFile: string | null }, to: string): Promise<ParsedMail> {
    if (smtp) {
      await expect.poll(() => smtp!.received.some((m) => JSON.stringify(m.to).includes(to))).toBe(true)
      return smtp.received.filter((m) => JSON.stringify(m.to).includes(to)).at(-1)!
    }
    const file = path.join(app.mailDir, message.emlFile!)
    expect((await fs.stat(file)).mode & 0o777).toBe(0o600)
    return simpleParser(await fs.readFile(file))
  }

  it('shows an admin no invitation or reset token anywhere, and the person still sets a password with it', async () => {
    // An invitation through the users page, and a reset through the public form.
    const invite = await fetch(`${app.url}/console/users`, {
      method: 'POST',
      redirect: 'manual',
      headers: { Origin: app.url, Cookie: adminCookie },
      body: new URLSearchParams({ email: 'invitee@city.example.jp', name: '招待 太郎', role: 'STAFF' }),
    })
    expect(invite.status).toBeLessThan(400)
    const staffId = (
      await createConsoleUser(app.db, {
        email: 'staff@city.example.jp',
        name: '職員 次郎',
        password: 'the old password 1',
      })
    ).id
    const reset = await fetch(`${app.url}/console/forgot-password`, {
      method: 'POST',
      redirect: 'manual',
      headers: { Origin: app.url },
      body: new URLSearchParams({ email: 'staff@city.example.jp', website: '' }),
    })
    expect(reset.status).toBeLessThan(400)

    const invitation = await sentMessageTo(app, 'invitee@city.example.jp', 'STAFF_INVITATION')
    const resetMessage = await sentMessageTo(app, 'staff@city.example.jp', 'PASSWORD_RESET')
    const invitationToken = PASSWORD_LINK.exec((await received(invitation, 'invitee@'))?.text ?? '')![1]
    const resetToken = PASSWORD_LINK.exec((await received(resetMessage, 'staff@'))?.text ?? '')![1]
    const tokens = [invitationToken, resetToken]

    // Everything an admin can open about these messages and the accounts.
    const pages = [
      '/console/mail',
      '/console/mail?status=SENT',
      '/console/mail?status=PENDING',
      '/console/mail?status=FAILED',
      `/console/mail/${invitation.id}`,
      `/console/mail/${resetMessage.id}`,
      // What client-side navigation loads (single fetch).
      `/console/mail/${invitation.id}.data`,
      `/console/mail/${resetMessage.id}.data`,
      '/console/mail.data',
      `/console/users/${invitation.consoleUserId}`,
      `/console/users/${staffId}`,
      '/console/audit',
      '/console/audit.csv',
    ]
    for (const page of pages) {
      const { status, text } = await getText(app, page, adminCookie)
      expect(status, page).toBe(200)
      for (const token of tokens) expect(text, page).not.toContain(token)
    }
    const shown = await getText(app, `/console/mail/${invitation.id}`, adminCookie)
    expect(shown.text).toContain('本文は表示されません。')
    if (!smtp) expect(shown.text).toContain('invitee@city.example.jp')
    // The outbox itself no longer holds them, in clear or otherwise.
    for (const row of await app.db.outboxMessage.findMany()) expect(row.body).toBeNull()

    // The invited person sets a password with the link they received.
    const set = await fetch(`${app.url}/console/password/${invitationToken}`, {
      method: 'POST',
      redirect: 'manual',
      headers: { Origin: app.url },
      body: new URLSearchParams({ password: 'invitee chose a password', confirm: 'invitee chose a password' }),
    })
    expect(set.status).toBe(302)
    expect(set.headers.get('Location')).toBe('/console?msg=accounts.passwordSet')
    const accepted = await app.db.auditEvent.findFirstOrThrow({ where: { action: 'user.invitation-accept' } })
    expect(accepted.actorId).toBe(invitation.consoleUserId)
    expect(JSON.parse(accepted.detail)).toEqual({ via: 'link', from: '127.0.0.1' })

    // An admin whose browser uses another person's link is named as the one who acted.
    const used = await fetch(`${app.url}/console/password/${resetToken}`, {
      method: 'POST',
      redirect: 'manual',
      headers: { Origin: app.url, Cookie: adminCookie },
      body: new URLSearchParams({ password: 'not the holder password', confirm: 'not the holder password' }),
    })
    expect(used.status).toBe(302)
    const resetAudit = await app.db.auditEvent.findFirstOrThrow({ where: { action: 'user.password-reset' } })
    const admin = await app.db.consoleUser.findUniqueOrThrow({ where: { email: ADMIN.email } })
    expect(resetAudit).toMatchObject({ actorId: admin.id, entityId: staffId })
    expect(JSON.parse(resetAudit.detail)).toMatchObject({ via: 'link', signedInAs: admin.id })
  })
})
