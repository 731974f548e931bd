import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createSeminar, participant } from '../../../tests/support/factories'
import { startTestSmtp, type TestSmtp } from '../../../tests/support/smtp'
import { createTestDb } from '../../../tests/support/test-db'
import type { Db } from '~/utils/db.server'
import { register } from '../registration/registrations.server'
import { smtpTransport } from './transport.server'
import { deliverDueMessages } from './worker.server'

/**
 * On a full disk a message went out twice (docs/decisions/0026). The mail server accepted it, the
 * write marking it sent failed, and the failure was handled as a failed send — a retry. Here the
 * database refuses exactly that write (as SQLite does with SQLITE_FULL) while a real SMTP server
 * accepts the message.
 */
let db: Db
let drop: () => Promise<void>
let smtp: TestSmtp

beforeAll(async () => {
  ;({ db, drop } = await createTestDb())
  smtp = await startTestSmtp()
})
afterAll(async () => {
  await smtp.stop()
  await drop()
})

/**
 * The database, except that marking a message sent fails while `refusing` is set (and renewing
 * the claim of the message `refuseRenewalOf` names).
 */
function refusingToMarkSent(real: Db) {
  const state = { refusing: true, refuseRenewalOf: '' }
  const outbox = new Proxy(real.outboxMessage, {
    get(target, prop, receiver) {
      if (prop !== 'updateMany') return Reflect.get(target, prop, receiver)
      return (args: { where?: { id?: unknown }; data?: { status?: string; lockedUntil?: unknown } }) => {
        const renewal = args.data && Object.keys(args.data).join() === 'lockedUntil'
        if (renewal && args.where?.id === state.refuseRenewalOf)
          return Promise.reject(Object.assign(new Error('disk I/O error'), { code: 'SQLITE_IOERR' }))
        if (state.refusing && args.data?.status === 'SENT')
          return Promise.reject(Object.assign(new Error('database or disk is full'), { code: 'SQLITE_FULL' }))
        return target.updateMany(args as Parameters<typeof target.updateMany>[0])
      }
    },
  })
  const proxied = new Proxy(real, {
    get(target, prop) {
      if (prop === 'outboxMessage') return outbox
      const value = Reflect.get(target, prop, target) as unknown
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value
    },
  })
  return { db: proxied, state }
}

describe('a send the database could not record', () => {
  it('is written down later and never sent again', async () => {
    const seminar = await createSeminar(db)
    await register(db, { seminarId: seminar.id, ...participant() })
    const transport = smtpTransport(smtp.url)
    const faulty = refusingToMarkSent(db)
    try {
      const start = Date.now()
      // Sent, but the database refuses to mark it.
      expect(await deliverDueMessages(faulty.db, transport, new Date(start))).toEqual({ SENT: 1, RETRY: 0, FAILED: 0 })
      expect(smtp.received).toHaveLength(1)
      // Turns while the database still refuses, long after the retry delay and the lease: nothing
      // is claimed or sent until the earlier send is written down.
      await expect(deliverDueMessages(faulty.db, transport, new Date(start + 10 * 60_000))).rejects.toThrow(/full/)
      expect(smtp.received).toHaveLength(1)
      // Space again: the send is recorded, and it is not sent a second time.
      faulty.state.refusing = false
      expect(await deliverDueMessages(faulty.db, transport, new Date(start + 20 * 60_000))).toEqual({
        SENT: 0,
        RETRY: 0,
        FAILED: 0,
      })
      const [row] = await db.outboxMessage.findMany()
      expect(row).toMatchObject({ status: 'SENT', lastError: null })
      expect(smtp.received).toHaveLength(1)
    } finally {
      transport.close()
    }
  })
})

describe('a turn in which the database refuses one message', () => {
  it('ends only after every other message of the claim was sent and recorded', async () => {
    await db.outboxMessage.deleteMany()
    const seminar = await createSeminar(db)
    for (let i = 0; i < 4; i++) await register(db, { seminarId: seminar.id, ...participant() })
    const [first] = await db.outboxMessage.findMany({ orderBy: { nextAttemptAt: 'asc' } })
    const transport = smtpTransport(smtp.url)
    const faulty = refusingToMarkSent(db)
    faulty.state.refusing = false
    faulty.state.refuseRenewalOf = first!.id
    try {
      await expect(deliverDueMessages(faulty.db, transport, new Date(), Infinity, { concurrency: 4 })).rejects.toThrow(
        /I\/O/,
      )
      // When the turn gives up, no lane is still sending: the others are sent and recorded.
      const rows = await db.outboxMessage.findMany({ where: { id: { not: first!.id } } })
      expect(rows.map((row) => row.status)).toEqual(['SENT', 'SENT', 'SENT'])
    } finally {
      transport.close()
    }
  })
})
