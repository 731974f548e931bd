import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { simpleParser } from 'mailparser'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestDb } from '../../../tests/support/test-db'
import type { Db } from '~/utils/db.server'
import { linkForToken, requestPasswordReset } from '../accounts/links.server'
import { createConsoleUser } from '../accounts/console-users.server'
import { inviteUser } from '../accounts/users.server'
import { listMessages, readSentMessage } from './sent-mail.server'
import { fileTransport } from './transport.server'
import { deliverDueMessages } from './worker.server'

let db: Db
let drop: () => Promise<void>
let mailDir: string
let adminId: string

beforeAll(async () => {
  ;({ db, drop } = await createTestDb())
  mailDir = fs.mkdtempSync(path.join(os.tmpdir(), 'jisseki-sent-mail-'))
  adminId = (
    await createConsoleUser(db, { email: 'sent-admin@city.example.jp', name: '管理', password: 'admin password 1' })
  ).id
})
afterAll(async () => {
  await drop()
  fs.rmSync(mailDir, { recursive: true, force: true })
})

/** The link in an .eml as the person receives it. */
async function linkIn(emlFile: string): Promise<string> {
  const mail = await simpleParser(fs.readFileSync(path.join(mailDir, emlFile)))
  return /\/console\/password\/([A-Za-z0-9_-]{43})/.exec(mail.text ?? '')![1]
}

describe('account-link messages on the sent-mail pages (docs/decisions/0021)', () => {
  it('writes the .eml with a working link for the person only (0600), and shows admins its headers without the link', async () => {
    const transport = fileTransport(mailDir)
    const invited = await inviteUser(
      db,
      { email: 'invitee@city.example.jp', name: '招待 三郎', role: 'STAFF', programIds: [] },
      adminId,
    )
    await requestPasswordReset(db, 'sent-admin@city.example.jp')
    expect(await deliverDueMessages(db, transport)).toMatchObject({ SENT: 2, FAILED: 0 })
    transport.close()

    const messages = await db.outboxMessage.findMany({ where: { consoleUserId: { in: [invited, adminId] } } })
    expect(messages).toHaveLength(2)
    for (const message of messages) {
      expect(message.body).toBeNull()
      const file = path.join(mailDir, message.emlFile!)
      if (process.platform !== 'win32') expect(fs.statSync(file).mode & 0o777).toBe(0o600)
      // The person's copy carries a working link.
      const token = await linkIn(message.emlFile!)
      expect((await linkForToken(db, token))?.user.id).toBe(message.consoleUserId)

      const shown = await readSentMessage(db, message.id, mailDir)
      expect(shown?.redacted).toBe(true)
      expect(shown?.mail).toMatchObject({ text: null, html: null, attachments: [] })
      expect(shown?.mail?.to).toContain('@city.example.jp')
      expect(shown?.mail?.subject).toBeTruthy()
      expect(JSON.stringify(shown)).not.toContain(token)
      expect(JSON.stringify(await listMessages(db))).not.toContain(token)
    }
  })
})
