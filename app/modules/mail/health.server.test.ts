import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { createSeminar, participant } from '../../../tests/support/factories'
import { startTestSmtp, type TestSmtp } from '../../../tests/support/smtp'
import { createTestDb } from '../../../tests/support/test-db'
import type { Db } from '~/utils/db.server'
import { register } from '../registration/registrations.server'
import { FAILURES_PER_HOUR, mailHealth, STUCK_AFTER_SECONDS } from './health.server'
import { queueMessages } from './outbox.server'
import { smtpTransport, type MailTransport } from './transport.server'
import { deliverDueMessages } from './worker.server'

/** The outbox's health figures (docs/decisions/0026), on a real database and a real SMTP server. */
let db: Db
let drop: () => Promise<void>
let smtp: TestSmtp
let transport: MailTransport

beforeAll(async () => {
  ;({ db, drop } = await createTestDb())
  smtp = await startTestSmtp()
  transport = smtpTransport(smtp.url)
})
afterAll(async () => {
  transport.close()
  await smtp.stop()
  await drop()
})
beforeEach(async () => {
  await db.outboxMessage.deleteMany()
  smtp.refuse.clear()
})

const MINUTE = 60_000
const ago = (ms: number, now: Date) => new Date(now.getTime() - ms)

async function queued(count: number, at: Date) {
  const seminar = await createSeminar(db)
  await queueMessages(
    db,
    Array.from({ length: count }, () => ({
      kind: 'ORGANIZER' as const,
      seminarId: seminar.id,
      subject: 's',
      body: 'b',
    })),
    at,
  )
  return db.outboxMessage.findMany({ where: { seminarId: seminar.id }, select: { id: true } })
}

describe('mail health', () => {
  it('is ok with an empty outbox', async () => {
    expect(await mailHealth(db)).toEqual({
      state: 'ok',
      reasons: [],
      pending: 0,
      oldestPendingSeconds: 0,
      failedLastHour: 0,
      sentLastHour: 0,
      stuckAfterSeconds: STUCK_AFTER_SECONDS,
    })
  })

  it('counts what waits and says stuck once the oldest has waited past the threshold', async () => {
    const now = new Date()
    await queued(2, ago(MINUTE, now))
    expect(await mailHealth(db, now)).toMatchObject({ state: 'ok', pending: 2, oldestPendingSeconds: 60 })
    await queued(1, ago(STUCK_AFTER_SECONDS * 1000 + MINUTE, now))
    expect(await mailHealth(db, now)).toMatchObject({
      state: 'degraded',
      reasons: ['stuck'],
      pending: 3,
      oldestPendingSeconds: STUCK_AFTER_SECONDS + 60,
    })
    // Sent and failed messages are not waiting, however old.
    await db.outboxMessage.updateMany({ data: { status: 'SENT', sentAt: ago(2 * 3600_000, now) } })
    expect(await mailHealth(db, now)).toMatchObject({ state: 'ok', pending: 0, oldestPendingSeconds: 0 })
  })

  it('says failing when the last hour’s failures reach the threshold and outnumber what was sent', async () => {
    const now = new Date()
    const rows = await queued(FAILURES_PER_HOUR + 5, ago(2 * MINUTE, now))
    const failed = rows.slice(0, FAILURES_PER_HOUR).map((r) => r.id)
    const sent = rows.slice(FAILURES_PER_HOUR).map((r) => r.id)
    await db.outboxMessage.updateMany({
      where: { id: { in: failed } },
      data: { status: 'FAILED', lastFailedAt: ago(MINUTE, now) },
    })
    await db.outboxMessage.updateMany({
      where: { id: { in: sent } },
      data: { status: 'SENT', sentAt: ago(MINUTE, now) },
    })
    expect(await mailHealth(db, now)).toMatchObject({
      state: 'degraded',
      reasons: ['failing'],
      failedLastHour: FAILURES_PER_HOUR,
      sentLastHour: 5,
    })
    // More went than failed: a few refused addresses among many messages are normal.
    const more = await queued(FAILURES_PER_HOUR, ago(2 * MINUTE, now))
    await db.outboxMessage.updateMany({
      where: { id: { in: more.map((r) => r.id) } },
      data: { status: 'SENT', sentAt: ago(MINUTE, now) },
    })
    expect(await mailHealth(db, now)).toMatchObject({
      state: 'ok',
      failedLastHour: FAILURES_PER_HOUR,
      sentLastHour: 15,
    })
    // Failures older than an hour no longer count.
    expect(await mailHealth(db, new Date(now.getTime() + 3600_000))).toMatchObject({ failedLastHour: 0 })
  })

  it('counts the failures the worker records, refused for good or to be retried', async () => {
    const seminar = await createSeminar(db)
    const refused = participant({ email: 'refused@example.jp' })
    await register(db, { seminarId: seminar.id, ...refused })
    await register(db, { seminarId: seminar.id, ...participant() })
    smtp.refuse.add('refused@example.jp')
    expect(await deliverDueMessages(db, transport)).toEqual({ SENT: 1, RETRY: 0, FAILED: 1 })
    // The server goes away: the next message is to be retried.
    await register(db, { seminarId: seminar.id, ...participant() })
    await smtp.stop()
    try {
      expect(await deliverDueMessages(db, transport)).toEqual({ SENT: 0, RETRY: 1, FAILED: 0 })
    } finally {
      await smtp.start()
    }
    expect(await mailHealth(db)).toMatchObject({ state: 'ok', pending: 1, failedLastHour: 2, sentLastHour: 1 })
  })
})
