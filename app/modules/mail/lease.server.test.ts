import { simpleParser } from 'mailparser'
import { SMTPServer } from 'smtp-server'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createSeminar, participant } from '../../../tests/support/factories'
import { createTestDb } from '../../../tests/support/test-db'
import { createDb, type Db } from '~/utils/db.server'
import { register } from '../registration/seats.server'
import { smtpTransport } from './transport.server'
import { deliverDueMessages } from './worker.server'

/**
 * Issue 15, point 5: a worker held past its lease by a mail server that hangs, and a second worker
 * (its own database client and SMTP connection) that takes the messages over. Each claim sends a
 * message at most once, and the held worker neither sends what it no longer holds nor overwrites
 * the outcome the second worker recorded. Counted at a real SMTP server.
 */
let db: Db
let other: Db
let url: string
let drop: () => Promise<void>

beforeAll(async () => {
  ;({ db, url, drop } = await createTestDb())
  other = createDb(url)
})
afterAll(async () => {
  await other.$disconnect()
  await drop()
})

/** Receives every message (by Message-ID); the first one's answer is held until `release`. */
function hangingOnFirst() {
  const received: string[] = []
  let release: ((error?: Error) => void) | null = null
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
          if (received.length > 1) return callback()
          // The server has the message but does not answer: the sending worker waits.
          release = (error) => callback(error ?? null)
          heldNow()
        })
        .catch((error: Error) => callback(error))
    },
  })
  server.on('error', () => undefined)
  return {
    received,
    held,
    release: (error?: Error) => release?.(error),
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
    for (let i = 0; i < 3; i++) await register(db, { seminarId: seminar.id, ...participant() })
    const rows = await db.outboxMessage.findMany({ orderBy: { nextAttemptAt: 'asc' } })
    expect(rows).toHaveLength(3)

    const smtp = hangingOnFirst()
    const smtpUrl = await smtp.listen()
    const held = smtpTransport(smtpUrl)
    const taker = smtpTransport(smtpUrl)
    try {
      // The first worker claims all three (a lease of 1.5 s) and hangs on the first one's answer.
      const leaseMs = 1500
      const first = deliverDueMessages(db, held, new Date(), Infinity, { leaseMs })
      await smtp.held
      // Its leases run out while it waits: the messages are anyone's again.
      await until(async () => (await db.outboxMessage.count({ where: { lockedUntil: { lt: new Date() } } })) === 3)
      expect(await deliverDueMessages(other, taker, new Date(), Infinity, { leaseMs: 60_000 })).toEqual({
        SENT: 3,
        RETRY: 0,
        FAILED: 0,
      })
      // Now the server answers the first worker: a temporary failure.
      smtp.release(Object.assign(new Error('Try again later'), { responseCode: 451 }))
      // Its failure is not recorded over the second worker's SENT, and it sends nothing it no longer holds.
      expect(await first).toEqual({ SENT: 0, RETRY: 1, FAILED: 0, LOST: 2 })

      const after = await db.outboxMessage.findMany({ orderBy: { nextAttemptAt: 'asc' } })
      expect(after.map((m) => [m.status, m.lastError])).toEqual([
        ['SENT', null],
        ['SENT', null],
        ['SENT', null],
      ])
      // The first message went out once per claim that sent it, with the same Message-ID both times.
      const count = (messageId: string) => smtp.received.filter((id) => id === messageId).length
      expect(count(smtp.received[0])).toBe(2)
      expect(rows.map((m) => count(m.messageId)).sort()).toEqual([1, 1, 2])
      expect(smtp.received).toHaveLength(4)
      // Nothing is left to send later.
      const hourLater = new Date(Date.now() + 3600_000)
      expect(await deliverDueMessages(db, taker, hourLater)).toEqual({ SENT: 0, RETRY: 0, FAILED: 0 })
      expect(smtp.received).toHaveLength(4)
    } finally {
      held.close()
      taker.close()
      await smtp.close()
    }
  })
})
