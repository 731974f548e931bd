import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createSeminar, participant } from '../../../tests/support/factories'
import { createTestDb } from '../../../tests/support/test-db'
import type { Db } from '~/utils/db.server'
import type { MailTransport } from '../mail/transport.server'
import { register } from '../registration/registrations.server'
import { backgroundJobs, startBackgroundJobs } from './jobs.server'
import type { LogLevel } from './loop.server'

let db: Db
let drop: () => Promise<void>
beforeAll(async () => {
  ;({ db, drop } = await createTestDb())
})
afterAll(async () => {
  await drop()
})

const HOUR = 3600_000

function testLog() {
  const lines: { level: LogLevel; entry: Record<string, unknown> }[] = []
  return { lines, log: (line: string, level: LogLevel) => void lines.push({ level, entry: JSON.parse(line) }) }
}

function transport(send: MailTransport['send']) {
  const t = { closed: false, send, close: () => void (t.closed = true) }
  return t
}

describe('the background jobs', () => {
  it('are the ones the mail worker ran, with the same intervals and batch sizes, retention first and delivery last', () => {
    const jobs = backgroundJobs(
      db,
      transport(async () => ({ emlFile: null })),
      { intervalMs: 2000, reminderDays: 1 },
    )
    expect(jobs.map((j) => [j.name, j.intervalMs, j.batchSize])).toEqual([
      ['retention', 10 * 60_000, 1000],
      ['securityLogPruning', 10 * 60_000, Infinity],
      ['rateLimitPruning', HOUR, Infinity],
      ['lottery', 2000, 10],
      ['reminders', 2000, Infinity],
      ['thankYous', 2000, Infinity],
      ['certificates', 2000, Infinity],
      ['surveys', 2000, Infinity],
      ['outbox', 2000, 20],
      ['webhooks', 2000, 20],
    ])
  })

  it('deliver the outbox and prune rate-limit windows, each logging what it did; stopping closes the transport', async () => {
    const seminar = await createSeminar(db, { title: 'バックグラウンドセミナー' })
    await register(db, { seminarId: seminar.id, ...participant() })
    // A window from two days ago: nothing else removes it since hit() no longer prunes.
    await db.rateLimitHit.create({ data: { key: 'test:old', windowStart: new Date(Date.now() - 48 * HOUR), count: 1 } })
    const { lines, log } = testLog()
    const mail = transport(async () => ({ emlFile: null }))
    const jobs = startBackgroundJobs(db, mail, { intervalMs: HOUR, reminderDays: 0, log })
    await jobs.tick()
    await jobs.stop()
    expect(mail.closed).toBe(true)
    expect(await db.outboxMessage.count({ where: { status: 'SENT' } })).toBe(1)
    expect(await db.rateLimitHit.count({ where: { key: 'test:old' } })).toBe(0)
    expect(lines).toContainEqual({
      level: 'info',
      entry: {
        level: 'info',
        event: 'job.ran',
        job: 'outbox',
        ms: expect.any(Number),
        sent: 1,
        retry: 0,
        failed: 0,
        lost: 0,
      },
    })
    expect(lines).toContainEqual({
      level: 'info',
      entry: {
        level: 'info',
        event: 'job.ran',
        job: 'rateLimitPruning',
        ms: expect.any(Number),
        deleted: 1,
        idempotencyKeys: 0,
      },
    })
    expect(lines.filter((l) => l.level !== 'info')).toEqual([])
  })

  it('warn on stderr about messages to be retried, a run that did not fail', async () => {
    const seminar = await createSeminar(db, { title: '再送セミナー' })
    await register(db, { seminarId: seminar.id, ...participant() })
    const { lines, log } = testLog()
    const refusing = transport(async () => {
      throw Object.assign(new Error('Try again later'), { responseCode: 451 })
    })
    const jobs = startBackgroundJobs(db, refusing, { intervalMs: HOUR, reminderDays: 0, log })
    await jobs.tick()
    await jobs.stop()
    expect(lines).toContainEqual({
      level: 'warn',
      entry: {
        level: 'warn',
        event: 'job.ran',
        job: 'outbox',
        ms: expect.any(Number),
        sent: 0,
        retry: 1,
        failed: 0,
        lost: 0,
      },
    })
    expect(jobs.state.get('outbox')).toMatchObject({ lastRunFailed: false, running: false })
  })
})
