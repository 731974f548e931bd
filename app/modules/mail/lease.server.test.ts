import { spawn } from 'node:child_process'
import { simpleParser } from 'mailparser'
import { SMTPServer } from 'smtp-server'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createSeminar, participant } from '../../../tests/support/factories'
import { createTestDb } from '../../../tests/support/test-db'
import type { Db } from '~/utils/db.server'
import { register } from '../registration/registrations.server'
import { SMTP_CONNECTIONS, SMTP_TIMEOUTS, smtpTransport } from './transport.server'
import { deliverDueMessages } from './worker.server'

/**
 * Duplicates past the lease (docs/decisions/0026): a worker held past its lease by a mail server that hangs, and a
 * second worker in another process (tests/support/deliver-once.ts) that takes the messages over. Each claim sends a
 * message at most once, and the held worker neither sends what it no longer holds nor overwrites the outcome the
 * second worker recorded. Counted at a real SMTP server.
 */
let db: Db
let url: string
let drop: () => Promise<void>

beforeAll(async () => {
  ;({ db, url, drop } = await createTestDb())
})
afterAll(async () => {
  await drop()
})

/** One turn of another process's worker on the same database; resolves with its outcomes. */
function otherProcessDelivers(smtpUrl: string, leaseMs: number): Promise<unknown> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'tests/support/deliver-once.ts'], {
    env: { ...process.env, DATABASE_URL: url, SMTP_URL: smtpUrl, LEASE_MS: String(leaseMs) },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let out = ''
  let err = ''
  child.stdout.on('data', (d) => (out += d))
  child.stderr.on('data', (d) => (err += d))
  return new Promise((resolve, reject) =>
    child.once('exit', (code) => (code === 0 ? resolve(JSON.parse(out)) : reject(new Error(`exit ${code}: ${err}`)))),
  )
}

/** Receives every message (by Message-ID); the first `count` answers are held until `release`. */
function hangingOnFirst(count: number) {
  const received: string[] = []
  const waiting: ((error: Error | null) => void)[] = []
  let heldNow: () => void = () => undefined
  const held = new Promise<void>((resolve) => (heldNow = resolve))
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, _session, callback) {
      simpleParser(stream)
        .then((mail) => {
          received.push(mail.messageId ?? '')
          if (received.length > count) return callback()
          // The server has the message but does not answer: the sending worker waits.
          waiting.push(callback)
          if (waiting.length === count) heldNow()
        })
        .catch((error: Error) => callback(error))
    },
  })
  server.on('error', () => undefined)
  return {
    received,
    held,
    release: (error: Error) => waiting.forEach((callback) => callback(error)),
    listen: () =>
      new Promise<string>((resolve) =>
        server.listen(0, '127.0.0.1', () =>
          resolve(`smtp://127.0.0.1:${(server.server.address() as { port: number }).port}`),
        ),
      ),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  }
}

async function until(condition: () => Promise<boolean>) {
  while (!(await condition())) await new Promise((r) => setTimeout(r, 50))
}

describe('outbox leases', () => {
  it('sends each message once per claim when a worker is held past its lease, and keeps the other’s outcome', async () => {
    const seminar = await createSeminar(db)
    // As many messages as the first worker sends at once, and three more that wait their turn.
    const messages = SMTP_CONNECTIONS + 3
    for (let i = 0; i < messages; i++) await register(db, { seminarId: seminar.id, ...participant() })
    const rows = await db.outboxMessage.findMany({ orderBy: { nextAttemptAt: 'asc' } })
    expect(rows).toHaveLength(messages)

    const smtp = hangingOnFirst(SMTP_CONNECTIONS)
    const smtpUrl = await smtp.listen()
    // Its sends wait on the server longer than the lease and the other process's whole turn.
    const held = smtpTransport(smtpUrl, { ...SMTP_TIMEOUTS, socketTimeout: 600_000 })
    try {
      // The first worker claims them all (a lease of 4 s: time enough, on a busy machine, to start
      // sending) and hangs on the answers to the first ones.
      const leaseMs = 4000
      const first = deliverDueMessages(db, held, new Date(), Infinity, { leaseMs })
      await smtp.held
      // Its leases run out while it waits: the messages are anyone's again.
      await until(
        async () => (await db.outboxMessage.count({ where: { lockedUntil: { lt: new Date() } } })) === messages,
      )
      expect(await otherProcessDelivers(smtpUrl, 60_000)).toEqual({
        SENT: messages,
        RETRY: 0,
        FAILED: 0,
      })
      // Now the server answers the first worker: a temporary failure.
      smtp.release(Object.assign(new Error('Try again later'), { responseCode: 451 }))
      // Its failure is not recorded over the second worker's SENT, and it sends nothing it no longer holds.
      expect(await first).toEqual({ SENT: 0, RETRY: SMTP_CONNECTIONS, FAILED: 0, LOST: 3 })

      const after = await db.outboxMessage.findMany({ orderBy: { nextAttemptAt: 'asc' } })
      expect(after.map((m) => [m.status, m.lastError])).toEqual(rows.map(() => ['SENT', null]))
      // The held ones went out once per claim that sent them, with the same Message-ID both times.
      const count = (messageId: string) => smtp.received.filter((id) => id === messageId).length
      const heldIds = smtp.received.slice(0, SMTP_CONNECTIONS)
      expect(heldIds.map(count)).toEqual(heldIds.map(() => 2))
      expect(rows.filter((m) => !heldIds.includes(m.messageId)).map((m) => count(m.messageId))).toEqual([1, 1, 1])
      expect(smtp.received).toHaveLength(messages + SMTP_CONNECTIONS)
      // Nothing is left to send later.
      const hourLater = new Date(Date.now() + 3600_000)
      expect(await deliverDueMessages(db, held, hourLater)).toEqual({ SENT: 0, RETRY: 0, FAILED: 0 })
      expect(smtp.received).toHaveLength(messages + SMTP_CONNECTIONS)
    } finally {
      held.close()
      await smtp.close()
    }
  })
})
