import fs from 'node:fs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createConsoleUser } from '~/modules/accounts/console-users.server'
import { enrolSecondFactor, signInByFetch } from '../support/console'
import { createDb, type Db } from '~/utils/db.server'
import { startAppServer, type AppServer } from '../support/app-server'
import { createSeminar } from '../support/factories'
import { startTestSmtp, type TestSmtp } from '../support/smtp'
import { createEmptyDatabase } from '../support/test-db'

/**
 * Four app processes behind an imaginary load balancer, one PostgreSQL: requests are spread over
 * them round-robin, and the numbers must come out exactly as on one process.
 */
const PROCESSES = 4
let servers: AppServer[] = []
let db: Db
let dropDatabase: () => Promise<void>
let smtp: TestSmtp

beforeAll(async () => {
  const database = await createEmptyDatabase()
  dropDatabase = database.dropDatabase
  smtp = await startTestSmtp()
  // All four start at the same moment and race to migrate the empty database; each one runs a
  // mail worker that delivers to the same SMTP server.
  const env = { SMTP_URL: smtp.url, MAIL_INTERVAL_MS: '200' }
  servers = await Promise.all(
    Array.from({ length: PROCESSES }, () => startAppServer({ databaseUrl: database.url, env })),
  )
  db = createDb(database.url)
})
afterAll(async () => {
  await Promise.all(servers.map((s) => s.stop()))
  await smtp?.stop()
  await db?.$disconnect()
  await dropDatabase?.()
})

const server = (i: number) => servers[i % PROCESSES].url

/**
 * The manage link of the registration made with registrationForm(i): the form's answer no longer
 * carries it (the same page for every email, docs/decisions/0022), only the mail and the database.
 */
async function manageTokenOf(i: number): Promise<string> {
  const { manageToken } = await db.registration.findFirstOrThrow({
    where: { emailNormalized: `spread${i}@example.jp` },
    select: { manageToken: true },
  })
  return manageToken
}

function registrationForm(i: number) {
  return new URLSearchParams({
    name: `分散 申込${i}`,
    furigana: 'ぶんさん もうしこみ',
    email: `spread${i}@example.jp`,
    industry: 'G',
    inCity: i % 2 ? 'yes' : 'no',
    mode: 'IN_PERSON',
    consent: 'on',
    submissionKey: crypto.randomUUID(),
  })
}

describe(`${PROCESSES} app processes on one PostgreSQL`, () => {
  it('migrated the database once', async () => {
    const rows = await db.$queryRawUnsafe<{ n: bigint }[]>(`SELECT count(*) AS n FROM "_prisma_migrations"`)
    const migrations = fs.readdirSync('prisma/postgres/migrations').filter((name) => /^\d{14}_/.test(name))
    expect(Number(rows[0].n)).toBe(migrations.length)
  })

  it('never overbooks: 200 registrations for 50 seats spread over the processes', async () => {
    const seminar = await createSeminar(db, { title: '負荷分散セミナー', capacityInPerson: 50 })
    const responses = await Promise.all(
      Array.from({ length: 200 }, (_, i) =>
        fetch(`${server(i)}/seminars/${seminar.id}/register`, {
          method: 'POST',
          body: registrationForm(i),
          redirect: 'manual',
        }),
      ),
    )
    expect(responses.map((r) => r.status)).toEqual(Array(200).fill(302))
    const rows = await db.registration.findMany({
      where: { seminarId: seminar.id },
      select: { status: true, waitlistPosition: true },
    })
    expect(rows.filter((r) => r.status === 'CONFIRMED')).toHaveLength(50)
    expect(
      rows
        .filter((r) => r.status === 'WAITLISTED')
        .map((r) => r.waitlistPosition!)
        .sort((a, b) => a - b),
    ).toEqual(Array.from({ length: 150 }, (_, i) => i + 1))
    expect((await db.seminar.findUniqueOrThrow({ where: { id: seminar.id } })).seatsTakenInPerson).toBe(50)
  })

  it('promotes in order when cancellations arrive on different processes at once', async () => {
    const seminar = await createSeminar(db, { title: '分散キャンセル', capacityInPerson: 10 })
    const tokens: string[] = []
    for (let i = 0; i < 20; i++) {
      const res = await fetch(`${server(i)}/seminars/${seminar.id}/register`, {
        method: 'POST',
        body: registrationForm(1000 + i),
        redirect: 'manual',
      })
      expect(res.status).toBe(302)
      tokens.push(await manageTokenOf(1000 + i))
    }
    const firstWaiting = await db.registration.findMany({
      where: { seminarId: seminar.id, status: 'WAITLISTED' },
      orderBy: { waitlistPosition: 'asc' },
      take: 5,
      select: { id: true },
    })
    // The first five confirmed cancel, each through another process, while five newcomers register.
    await Promise.all([
      ...tokens
        .slice(0, 5)
        .map((token, i) => fetch(`${server(i)}/r/${token}/cancel`, { method: 'POST', redirect: 'manual' })),
      ...Array.from({ length: 5 }, (_, i) =>
        fetch(`${server(i + 1)}/seminars/${seminar.id}/register`, {
          method: 'POST',
          body: registrationForm(2000 + i),
          redirect: 'manual',
        }),
      ),
    ])
    const confirmed = await db.registration.findMany({
      where: { seminarId: seminar.id, status: 'CONFIRMED' },
      select: { id: true },
    })
    expect(confirmed).toHaveLength(10)
    expect(confirmed.map((c) => c.id)).toEqual(expect.arrayContaining(firstWaiting.map((w) => w.id)))
    const positions = (
      await db.registration.findMany({
        where: { seminarId: seminar.id, status: 'WAITLISTED' },
        select: { waitlistPosition: true },
      })
    )
      .map((r) => r.waitlistPosition!)
      .sort((a, b) => a - b)
    expect(positions).toEqual(Array.from({ length: 10 }, (_, i) => i + 1))
  })

  it('keeps an organizer signed in on every process', async () => {
    await createConsoleUser(db, {
      email: 'lb@city.example.jp',
      name: '負荷分散 担当',
      password: 'load balanced password',
    })
    // An admin (the default role): the code step may be answered by another process than the password.
    await enrolSecondFactor(db, 'lb@city.example.jp')
    const login = await signInByFetch(server(0), 'lb@city.example.jp', 'load balanced password')
    expect(login.status).toBe(302)
    const cookie = login.headers.get('set-cookie')!.split(';')[0]
    for (let i = 0; i < PROCESSES; i++) {
      const res = await fetch(`${server(i)}/console`, { headers: { cookie }, redirect: 'manual' })
      expect(res.status, `process ${i}`).toBe(200)
    }
    await fetch(`${server(1)}/console/logout`, { method: 'POST', headers: { cookie }, redirect: 'manual' })
    for (let i = 0; i < PROCESSES; i++) {
      const res = await fetch(`${server(i)}/console`, { headers: { cookie }, redirect: 'manual' })
      expect(res.status, `process ${i} after sign-out`).toBe(302)
    }
  })

  it('counts one attendance when the same code is scanned on every process at once', async () => {
    const seminar = await createSeminar(db, { title: '分散受付', capacityInPerson: 10 })
    // On the day (a session of another day asks first and records nothing).
    const session = await db.session.update({
      where: { id: (await db.session.findFirstOrThrow({ where: { seminarId: seminar.id } })).id },
      data: { startsAt: new Date(Date.now() - 3600_000), endsAt: new Date(Date.now() + 3600_000) },
    })
    const res = await fetch(`${server(0)}/seminars/${seminar.id}/register`, {
      method: 'POST',
      body: registrationForm(3000),
      redirect: 'manual',
    })
    expect(res.status).toBe(302)
    const { code } = await db.registration.findUniqueOrThrow({
      where: { manageToken: await manageTokenOf(3000) },
      select: { code: true },
    })
    await createConsoleUser(db, {
      email: 'door-lb@city.example.jp',
      name: '分散 受付',
      password: 'load balanced door password',
    })
    await enrolSecondFactor(db, 'door-lb@city.example.jp')
    const login = await signInByFetch(server(2), 'door-lb@city.example.jp', 'load balanced door password')
    const cookie = login.headers.get('set-cookie')!.split(';')[0]
    const scans = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        fetch(`${server(i)}/console/sessions/${session.id}/checkin.data`, {
          method: 'POST',
          headers: { cookie },
          body: new URLSearchParams({ intent: 'code', code }),
        }),
      ),
    )
    expect(scans.map((r) => r.status)).toEqual(Array(20).fill(200))
    expect(await db.attendance.count({ where: { sessionId: session.id } })).toBe(1)
    expect(
      await db.auditEvent.count({ where: { action: 'attendance.checkin', entityId: { startsWith: session.id } } }),
    ).toBe(1)
  })

  it('logged no server error on any process', () => {
    for (const s of servers) expect(s.errors()).toBe('')
  })

  it('delivers every queued message exactly once, whichever process picks it up', async () => {
    const queued = await db.outboxMessage.count()
    expect(queued).toBeGreaterThanOrEqual(200)
    const deadline = Date.now() + 60_000
    while ((await db.outboxMessage.count({ where: { status: { not: 'SENT' } } })) > 0) {
      if (Date.now() > deadline) throw new Error('messages still waiting after 60 s')
      await new Promise((r) => setTimeout(r, 200))
    }
    const mails = await smtp.waitFor(queued)
    // Give a late duplicate the chance to arrive before counting.
    await new Promise((r) => setTimeout(r, 1000))
    expect(smtp.received).toHaveLength(queued)
    const rows = await db.outboxMessage.findMany({ select: { messageId: true } })
    expect(new Set(mails.map((m) => m.messageId))).toEqual(new Set(rows.map((r) => r.messageId)))
  })
})
