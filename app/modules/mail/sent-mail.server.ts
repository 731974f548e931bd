import fs from 'node:fs/promises'
import path from 'node:path'
import type { Db } from '~/utils/db.server'
import { notFound } from '~/utils/errors'
import { readPage } from '~/utils/paging'
import { sentMailStatus } from './forms'
import { mailHealth } from './health.server'
import { isStaffMessageKind } from './templates'

/** The admin "sent mail" page: the outbox, newest first, and each .eml the file transport wrote. */

type MailStatus = 'PENDING' | 'SENT' | 'FAILED'
const statusWhere = (status?: MailStatus) => (status ? { status } : {})

export function listMessages(db: Db, options: { status?: MailStatus; take?: number; skip?: number } = {}) {
  return db.outboxMessage.findMany({
    where: statusWhere(options.status),
    // Ties broken by id: a page never repeats or skips a message.
    orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
    skip: options.skip ?? 0,
    take: options.take ?? 200,
    select: {
      id: true,
      kind: true,
      status: true,
      attempts: true,
      createdAt: true,
      sentAt: true,
      lastError: true,
      emlFile: true,
      registration: { select: { name: true, email: true } },
      seminar: { select: { id: true, title: true } },
      // Account messages (invitations, password resets) go to a console user instead.
      consoleUser: { select: { id: true, name: true, email: true } },
    },
  })
}

/**
 * One message as it was written: headers, text, and the HTML with its inline images (cid:) made
 * data: URLs so the page can show it in a sandboxed frame. Null if there is no such file.
 *
 * An account message (invitation, password reset) carries a link that sets the holder's password:
 * whoever reads it could take the account over. Only its headers are shown (`redacted`); its
 * text, HTML and attachments never leave the file (docs/decisions/0021). Nor do a survey mail's,
 * whose link lets whoever holds it answer as the participant (docs/decisions/0047-surveys.md).
 */
export async function readSentMessage(db: Db, id: string, mailDir: string) {
  const row = await db.outboxMessage.findUnique({
    where: { id },
    select: {
      id: true,
      kind: true,
      status: true,
      messageId: true,
      emlFile: true,
      lastError: true,
      seminar: { select: { id: true, title: true } },
      consoleUser: { select: { id: true, name: true } },
    },
  })
  if (!row) return null
  // A survey's mail holds the participant's private survey link: staff could answer in their name.
  const redacted = isStaffMessageKind(row.kind) || row.kind === 'SURVEY_INVITATION' || row.kind === 'SURVEY_REMINDER'
  if (!row.emlFile) return { row, mail: null, redacted }
  const file = path.resolve(mailDir, row.emlFile)
  // The file name comes from the database, but never read outside the mail directory.
  if (!file.startsWith(path.resolve(mailDir) + path.sep)) return { row, mail: null, redacted }
  const raw = await fs.readFile(file).catch(() => null)
  if (!raw) return { row, mail: null, redacted }
  // Loaded when needed: mailparser is large and only this admin page uses it. It turns the inline
  // images' cid: references into data: URLs.
  const { simpleParser } = await import('mailparser')
  const parsed = await simpleParser(raw)
  const html = typeof parsed.html === 'string' ? parsed.html : null
  const address = (value: typeof parsed.to) =>
    (Array.isArray(value) ? value : value ? [value] : []).map((v) => v.text).join(', ')
  const headers = {
    from: address(parsed.from),
    to: address(parsed.to),
    subject: parsed.subject ?? '',
    date: parsed.date?.toISOString() ?? null,
    messageId: parsed.messageId ?? '',
  }
  if (redacted) return { row, mail: { ...headers, text: null, html: null, attachments: [] }, redacted }
  return {
    row,
    redacted,
    mail: {
      ...headers,
      text: parsed.text ?? '',
      html,
      attachments: parsed.attachments.map((a) => ({
        filename: a.filename ?? '',
        contentType: a.contentType,
        size: a.size,
        // Calendar files are short text worth reading on the page.
        text: a.contentType.startsWith('text/calendar') ? a.content.toString('utf8') : null,
      })),
    },
  }
}

/**
 * The sent-mail page: a page (50, newest first, `?page=`) of the outbox filtered by the query's
 * state, where it stands in the whole, and how delivery is doing.
 */
export async function sentMailPage(db: Db, params: URLSearchParams) {
  const status = sentMailStatus(params)
  const { rows, paging } = await readPage(
    params,
    () => db.outboxMessage.count({ where: statusWhere(status) }),
    (slice) => listMessages(db, { status, ...slice }),
  )
  return { messages: rows, paging, health: await mailHealth(db) }
}

/** One message's page: as `readSentMessage` reads it; 404 for no such message. */
export async function sentMessagePage(db: Db, id: string, mailDir: string) {
  const message = await readSentMessage(db, id, mailDir)
  if (!message) throw notFound()
  return message
}
