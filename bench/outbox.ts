/**
 * Outbox drain rate (docs/decisions/0026; target: 2,000 confirmations delivered within 3 minutes by
 * one process). Queues 2,000 confirmations the way the registration path does (register(): each
 * with its QR slip and .ics), then lets one process's background jobs (startBackgroundJobs, as server.ts
 * runs it, with the SMTP transport the app uses) deliver them to a real SMTP server in this
 * process, which counts each Message-ID it receives. Before that, a profile of one message's
 * parts (render: registration query, QR PNG, .ics; SMTP send over the pooled transport) over a
 * sample. The machine's load is recorded with the figures: the drain shares the CPU with it.
 *   npm run bench:outbox                       (SQLite)
 *   JISSEKI_TEST_DB=postgres npm run bench:outbox
 * Writes bench/reports/outbox-<database>.json.
 */
import './database-from-env'
import os from 'node:os'
import { performance } from 'node:perf_hooks'
import QRCode from 'qrcode'
import { SMTPServer } from 'smtp-server'
import { startBackgroundJobs } from '~/modules/background/jobs.server'
import { registrationCalendar } from '~/modules/calendar/ics.server'
import { qrPng } from '~/modules/mail/qr-png.server'
import { renderMessage } from '~/modules/mail/render.server'
import { smtpTransport } from '~/modules/mail/transport.server'
import { register } from '~/modules/registration/registrations.server'
import { stats, writeReport } from './stats'
import { createSeminar, participant } from '../tests/support/factories'
import { createTestDb, TEST_DB_KIND } from '../tests/support/test-db'

const MESSAGES = 2_000
const PROFILE_SAMPLE = 200
const TARGET_SECONDS = 180

/** A real SMTP server that accepts everything and counts each Message-ID it receives. */
async function countingSmtp() {
  const received = new Map<string, number>()
  let total = 0
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, _session, callback) {
      let head = ''
      stream.on('data', (chunk: Buffer) => {
        if (head.length < 8192) head += chunk.toString('latin1')
      })
      stream.on('end', () => {
        const id = /^Message-ID:\s*(<[^>]+>)/im.exec(head)?.[1] ?? '(none)'
        received.set(id, (received.get(id) ?? 0) + 1)
        total++
        callback()
      })
    },
  })
  server.on('error', () => undefined)
  const port = await new Promise<number>((resolve) =>
    server.listen(0, '127.0.0.1', () => resolve((server.server.address() as { port: number }).port)),
  )
  return {
    url: `smtp://127.0.0.1:${port}`,
    received,
    total: () => total,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  }
}

const { db, drop } = await createTestDb()
const smtp = await countingSmtp()
try {
  // 2,000 confirmations, queued by the registration path itself (two seminars of 1,000 seats).
  const queuedStart = performance.now()
  for (let s = 0; s < 2; s++) {
    const seminar = await createSeminar(db, { title: `配信ベンチマーク ${s}`, capacityInPerson: MESSAGES / 2 })
    for (let i = 0; i < MESSAGES / 2; i++) await register(db, { seminarId: seminar.id, ...participant() })
  }
  const queueSeconds = (performance.now() - queuedStart) / 1000
  const messages = await db.outboxMessage.findMany({ where: { kind: 'CONFIRMED', status: 'PENDING' } })
  if (messages.length !== MESSAGES) throw new Error(`Expected ${MESSAGES} confirmations, found ${messages.length}`)

  // The profile: each part of one message, on a sample (nothing is marked sent here).
  const sample = messages.slice(0, PROFILE_SAMPLE)
  const time = async (f: (m: (typeof messages)[number]) => Promise<unknown>) => {
    const ms: number[] = []
    for (const m of sample) {
      const t = performance.now()
      await f(m)
      ms.push(performance.now() - t)
    }
    return stats(ms)
  }
  const registrationQuery = await time((m) =>
    db.registration.findUnique({
      where: { id: m.registrationId! },
      include: { seminar: { include: { sessions: { orderBy: { startsAt: 'asc' } } } } },
    }),
  )
  // The QR slip: qrcode's own PNG renderer (what the mail used before) and qrPng (what it uses now).
  const qrPngQrcodeRenderer = await time(async (m) =>
    QRCode.toBuffer(m.registrationId!, { errorCorrectionLevel: 'M', margin: 2, width: 240 }),
  )
  const qrPngNow = await time(async (m) => qrPng(m.registrationId!))
  const ics = await time((m) => registrationCalendar(db, m.registrationId!, { method: 'PUBLISH' }))
  const render = await time((m) => renderMessage(db, m))
  const profileTransport = smtpTransport(smtp.url)
  const rendered = await Promise.all(sample.slice(0, 50).map((m) => renderMessage(db, m)))
  const sendMs: number[] = []
  for (const options of rendered) {
    const t = performance.now()
    await profileTransport.send({ ...options!, messageId: `<profile-${sendMs.length}@bench>` })
    sendMs.push(performance.now() - t)
  }
  profileTransport.close()
  const smtpSend = stats(sendMs)

  // The drain: one process's worker, as the app starts it, until every confirmation is SENT.
  const received0 = smtp.total()
  const start = performance.now()
  const worker = startBackgroundJobs(db, smtpTransport(smtp.url), { reminderDays: 0, log: (m) => console.warn(m) })
  let sent = 0
  const progress: { seconds: number; sent: number }[] = []
  while (sent < MESSAGES) {
    await new Promise((r) => setTimeout(r, 250))
    sent = await db.outboxMessage.count({ where: { kind: 'CONFIRMED', status: 'SENT' } })
    const seconds = (performance.now() - start) / 1000
    if (progress.length === 0 || seconds - progress[progress.length - 1].seconds >= 10) progress.push({ seconds, sent })
    if (seconds > 15 * 60) throw new Error(`Gave up after 15 minutes: ${sent} of ${MESSAGES} sent`)
  }
  const seconds = (performance.now() - start) / 1000
  await worker.stop()
  const deliveries = smtp.total() - received0
  const ids = messages.map((m) => m.messageId)
  const duplicates = ids.reduce((n, id) => n + Math.max(0, (smtp.received.get(id) ?? 0) - 1), 0)
  const missing = ids.filter((id) => !smtp.received.has(id)).length

  writeReport(`outbox-${TEST_DB_KIND}`, {
    database: TEST_DB_KIND,
    messages: MESSAGES,
    loadAverage: os.loadavg().map((n) => Number(n.toFixed(2))),
    queueSeconds: Number(queueSeconds.toFixed(1)),
    drain: {
      seconds: Number(seconds.toFixed(1)),
      perSecond: Number((MESSAGES / seconds).toFixed(1)),
      targetSeconds: TARGET_SECONDS,
      deliveries,
      duplicates,
      missing,
      progress: progress.map((p) => ({ seconds: Number(p.seconds.toFixed(1)), sent: p.sent })),
    },
    profileMs: { registrationQuery, qrPngQrcodeRenderer, qrPng: qrPngNow, ics, render, smtpSend },
  })
  if (duplicates || missing) process.exitCode = 1
} finally {
  await smtp.close()
  await drop()
}
