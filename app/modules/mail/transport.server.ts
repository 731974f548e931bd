import crypto from 'node:crypto'
import fs from 'node:fs/promises'
import path from 'node:path'
import nodemailer from 'nodemailer'
import type Mail from 'nodemailer/lib/mailer'
import { tokyoDate } from '~/utils/time'

/**
 * Where messages go: an SMTP server (`SMTP_URL`), or without one `.eml` files in MAIL_DIR that
 * admins read on the "sent mail" page (docs/decisions/0010-outbox-and-calendar.md).
 */
export type MailTransport = {
  /** Sends one message; resolves with the .eml file written (file transport), throws on failure. */
  send(message: Mail.Options): Promise<{ emlFile: string | null }>
  close(): void
}

/** How long the SMTP connection may wait for the server (milliseconds). */
export type SmtpTimeouts = { connectionTimeout: number; greetingTimeout: number; socketTimeout: number }

export const SMTP_TIMEOUTS: SmtpTimeouts = { connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 30_000 }

/**
 * Connections kept open to the SMTP server, and so messages a worker sends at once: a new
 * connection per message held one process to ~5 messages/s (docs/decisions/0026).
 */
export const SMTP_CONNECTIONS = 5

export function smtpTransport(smtpUrl: string, timeouts: SmtpTimeouts = SMTP_TIMEOUTS): MailTransport {
  // Short timeouts: a slow server must not hold the worker; the message is simply tried again.
  // The URL goes inside the options: createTransport(url, options) would read the options as
  // message defaults and leave nodemailer's 10-minute socket timeout in place.
  const transporter = nodemailer.createTransport({
    url: smtpUrl,
    ...timeouts,
    pool: true,
    maxConnections: SMTP_CONNECTIONS,
    maxMessages: 100,
    // A connection lost in the middle of a message fails it instead of nodemailer sending it again
    // on another connection: the server may have it already, and a second send belongs to a new
    // claim of the outbox (worker.server.ts), which records it.
    maxRequeues: 0,
  })
  return {
    async send(message) {
      await transporter.sendMail(message)
      return { emlFile: null }
    },
    close: () => transporter.close(),
  }
}

export function fileTransport(mailDir: string): MailTransport {
  const transporter = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'windows' })
  return {
    async send(message) {
      const info = await transporter.sendMail(message)
      // The office's day (Japan), not UTC's: a message written at 08:00 in Tokyo belongs to today.
      const day = tokyoDate(new Date())
      const emlFile = path.posix.join(day, `${crypto.randomUUID()}.eml`)
      await fs.mkdir(path.join(mailDir, day), { recursive: true, mode: 0o700 })
      // Readable by the app's own user only: an account message's link sets a password
      // (docs/decisions/0021), and every message holds someone's personal data.
      await fs.writeFile(path.join(mailDir, emlFile), info.message as Buffer, { mode: 0o600 })
      return { emlFile }
    },
    close: () => transporter.close(),
  }
}

export function transportFor(config: { SMTP_URL?: string; MAIL_DIR: string }): MailTransport {
  return config.SMTP_URL ? smtpTransport(config.SMTP_URL) : fileTransport(config.MAIL_DIR)
}

/** SMTP said no for good (5xx: no such mailbox, message refused): trying again will not help. */
export function isPermanentFailure(error: unknown): boolean {
  const code = (error as { responseCode?: unknown } | null)?.responseCode
  return typeof code === 'number' && code >= 500 && code < 600
}
