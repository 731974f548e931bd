import { spawn } from 'node:child_process'
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest'
import { createSeminar, indicatorInput, participant } from '../../../tests/support/factories'
import { createTestDb, TEST_DB_KIND } from '../../../tests/support/test-db'
import { createDb, type Db } from '~/utils/db.server'
import { AppError } from '~/utils/errors'
import { createConsoleUser } from '../accounts/console-users.server'
import { loadIndicators, saveIndicator, yearRecords } from '../indicators/indicators.server'
import { fiscalYearOf } from '~/utils/time'
import { cancelRegistration, register } from '../registration/registrations.server'
import { confirmWin, drawDueLotteries, drawLottery, lapseUnconfirmedWins } from './draw.server'
import { lotteryOf } from './lottery.server'
import { saveLotterySettings, type LotterySettings } from './settings.server'
import { drawKey, verify } from './method'

let db: Db
let url: string
let drop: () => Promise<void>
let userId: string

beforeAll(async () => {
  ;({ db, url, drop } = await createTestDb())
  userId = (
    await createConsoleUser(db, {
      email: 'lottery-admin@city.example.jp',
      name: '抽選 管理',
      password: 'a long password 1',
    })
  ).id
})
afterAll(async () => drop())
beforeEach(async () => {
  // Each test's job turns see their own lottery only.
  await db.lottery.updateMany({ where: { drawnAt: null }, data: { drawAt: new Date(Date.UTC(2099, 0, 1)) } })
})

const HOUR = 3600_000
const DAY = 24 * HOUR
const T0 = new Date()
const DRAW_AT = new Date(T0.getTime() + 2 * DAY)

/** A lottery seminar open for applications now, drawn in two days, its session in a week. */
async function lotterySeminar(
  seminar: Parameters<typeof createSeminar>[1] = {},
  settings: Partial<LotterySettings> = {},
) {
  const s = await createSeminar(db, { capacityInPerson: 3, ...seminar }, T0)
  await saveLotterySettings(db, s.id, { drawAt: DRAW_AT, priorities: [], confirmHours: null, ...settings }, userId, T0)
  return s
}

const apply = (seminarId: string, overrides: Record<string, unknown> = {}, now = T0) =>
  register(db, { ...participant(overrides), seminarId }, now)

const statuses = async (seminarId: string) =>
  db.registration.findMany({
    where: { seminarId },
    orderBy: { createdAt: 'asc' },
    select: { id: true, status: true, waitlistPosition: true, lotteryNumber: true, mode: true },
  })

describe('applying to a lottery', () => {
  it('takes applications that hold no seat, mails a receipt, and refuses the same email twice', async () => {
    const s = await lotterySeminar()
    const people = [participant(), participant(), participant(), participant()]
    for (const [i, p] of people.entries()) {
      const outcome = await register(db, { ...p, seminarId: s.id }, new Date(T0.getTime() + i * 1000))
      expect(outcome.status).toBe('APPLIED')
    }
    const seminar = await db.seminar.findUniqueOrThrow({ where: { id: s.id } })
    expect(seminar.seatsTakenInPerson).toBe(0)
    const mails = await db.outboxMessage.findMany({ where: { seminarId: s.id } })
    expect(mails.map((m) => m.kind)).toEqual(Array(4).fill('LOTTERY_APPLIED'))
    // The same email again (another form, another case): one application per person.
    await expect(
      register(db, { ...participant({ email: people[0].email.toUpperCase() }), seminarId: s.id }, T0),
    ).rejects.toMatchObject({ code: 'DUPLICATE_EMAIL' })
    expect(await db.registration.count({ where: { seminarId: s.id } })).toBe(4)
  })

  it('closes the public form at the draw time, while staff may still add an application until it runs', async () => {
    const s = await lotterySeminar()
    const late = new Date(DRAW_AT.getTime() + 60_000)
    await expect(apply(s.id, {}, late)).rejects.toMatchObject({ code: 'LOTTERY_APPLICATIONS_CLOSED' })
    const byPhone = await register(
      db,
      { ...participant(), seminarId: s.id, source: 'CONSOLE', enteredById: userId },
      late,
    )
    expect(byPhone.status).toBe('APPLIED')
  })

  it('counts applications, the drawn-out included, as 申込数; only seats count as registrations that exclude waiting people', async () => {
    const s = await lotterySeminar({ capacityInPerson: 1, waitlistEnabled: false })
    await apply(s.id)
    await apply(s.id)
    await drawLottery(db, s.id, null, DRAW_AT)
    const byStatus = await statuses(s.id)
    expect(byStatus.map((r) => r.status).sort()).toEqual(['CONFIRMED', 'NOT_SELECTED'])
    // 申込数 of the participation export and the REGISTRATIONS rule: every application.
    const session = await db.session.findFirstOrThrow({ where: { seminarId: s.id } })
    const indicatorId = await saveIndicator(
      db,
      indicatorInput({
        code: `APP-${s.id}`,
        name: '申込数',
        rule: 'REGISTRATIONS',
        programIds: [s.programId],
        seminarIds: [s.id],
      }),
    )
    const indicator = (await loadIndicators(db)).find((i) => i.id === indicatorId)!
    expect(await yearRecords(db, indicator, fiscalYearOf(session.startsAt))).toBe(2)
    // The seats: only the winner.
    expect((await db.seminar.findUniqueOrThrow({ where: { id: s.id } })).seatsTakenInPerson).toBe(1)
  })
})

describe('the draw', () => {
  it('seats the winners, places the rest on the waiting list in drawn order, mails each, and can be checked from its record', async () => {
    const s = await lotterySeminar()
    for (let i = 0; i < 5; i++) await apply(s.id, {}, new Date(T0.getTime() + i * 1000))
    await db.outboxMessage.deleteMany({ where: { seminarId: s.id } })

    const summary = await drawLottery(db, s.id, null, DRAW_AT)
    expect(summary).toEqual({ applications: 5, won: 3, waitlisted: 2, notSelected: 0 })

    const lottery = (await lotteryOf(db, s.id))!
    expect(lottery.drawnAt).toEqual(DRAW_AT)
    expect(lottery.seed).toMatch(/^[0-9a-f]{64}$/)
    const record = lottery.record!
    expect(verify(record)).toEqual([])
    const rows = await statuses(s.id)
    // Numbered in the order they applied; the lowest keys won.
    expect(rows.map((r) => r.lotteryNumber)).toEqual([1, 2, 3, 4, 5])
    const byKey = [1, 2, 3, 4, 5].sort((a, b) => (drawKey(lottery.seed!, a) < drawKey(lottery.seed!, b) ? -1 : 1))
    const winners = rows.filter((r) => r.status === 'CONFIRMED').map((r) => r.lotteryNumber)
    expect(winners.sort()).toEqual(byKey.slice(0, 3).sort())
    expect(
      rows
        .filter((r) => r.status === 'WAITLISTED')
        .sort((a, b) => a.waitlistPosition! - b.waitlistPosition!)
        .map((r) => r.lotteryNumber),
    ).toEqual(byKey.slice(3))
    expect((await db.seminar.findUniqueOrThrow({ where: { id: s.id } })).seatsTakenInPerson).toBe(3)

    const mails = await db.outboxMessage.findMany({ where: { seminarId: s.id } })
    expect(mails.filter((m) => m.kind === 'LOTTERY_WON')).toHaveLength(3)
    expect(
      mails
        .filter((m) => m.kind === 'LOTTERY_LOST')
        .map((m) => m.waitlistPosition)
        .sort(),
    ).toEqual([1, 2])
    const audit = await db.auditEvent.findMany({ where: { action: 'lottery.draw', entityId: s.id } })
    expect(audit).toHaveLength(1)
    expect(JSON.parse(audit[0].detail!)).toMatchObject({ won: 3, waitlisted: 2, seedHash: lottery.seedHash })

    // The waiting list moves up as always: a winner cancels, the first drawn-out gets the seat.
    const winner = rows.find((r) => r.status === 'CONFIRMED')!
    const { promoted } = await cancelRegistration(db, winner.id, { by: 'PARTICIPANT' })
    expect(promoted).toEqual([rows.find((r) => r.lotteryNumber === byKey[3])!.id])
  })

  it('runs once: a second draw is refused and changes nothing', async () => {
    const s = await lotterySeminar()
    await apply(s.id)
    await drawLottery(db, s.id, { userId }, DRAW_AT)
    const before = await statuses(s.id)
    await expect(drawLottery(db, s.id, { userId }, DRAW_AT)).rejects.toMatchObject({ code: 'LOTTERY_ALREADY_DRAWN' })
    expect(await drawDueLotteries(db, new Date(DRAW_AT.getTime() + HOUR))).toBe(0)
    expect(await statuses(s.id)).toEqual(before)
    expect(await db.auditEvent.count({ where: { action: 'lottery.draw', entityId: s.id } })).toBe(1)
  })

  it('refuses a draw by hand with nobody applied; at its time the job closes it and seats go first come', async () => {
    const s = await lotterySeminar()
    await expect(drawLottery(db, s.id, { userId }, T0)).rejects.toMatchObject({ code: 'LOTTERY_NO_APPLICATIONS' })
    expect((await lotteryOf(db, s.id))!.drawnAt).toBeNull()
    expect(await drawDueLotteries(db, DRAW_AT)).toBe(1)
    const after = await apply(s.id, {}, new Date(DRAW_AT.getTime() + HOUR))
    expect(after.status).toBe('CONFIRMED')
  })

  it('drawn early by staff, closes the period then: later forms take the seats left first come, then the waiting list', async () => {
    const s = await lotterySeminar()
    await apply(s.id)
    const early = new Date(T0.getTime() + HOUR)
    await drawLottery(db, s.id, { userId }, early)
    expect((await lotteryOf(db, s.id))!.drawAt).toEqual(early)
    const later = new Date(early.getTime() + 1000)
    expect((await apply(s.id, {}, later)).status).toBe('CONFIRMED')
    expect((await apply(s.id, {}, later)).status).toBe('CONFIRMED')
    const full = await apply(s.id, {}, later)
    expect(full).toMatchObject({ status: 'WAITLISTED', waitlistPosition: 1 })
  })

  it('serves priority groups first: in the city first, then first-timers, whatever the seed', async () => {
    const s = await lotterySeminar(
      { capacityInPerson: 2, waitlistEnabled: false },
      { priorities: [{ kind: 'IN_CITY' }, { kind: 'FIRST_TIME' }] },
    )
    // Someone who came to another seminar before: not a first-timer.
    const earlier = await createSeminar(db, { capacityInPerson: 10 }, T0)
    const regular = participant({ inCity: true })
    const before = await register(db, { ...regular, seminarId: earlier.id, submissionKey: null }, T0)
    const session = await db.session.findFirstOrThrow({ where: { seminarId: earlier.id } })
    await db.attendance.create({
      data: { sessionId: session.id, registrationId: before.id, mode: 'IN_PERSON', source: 'QR' },
    })
    // A second apart: numbered in the order they arrived.
    const at = (k: number) => new Date(T0.getTime() + k * 1000)
    const outOfCity = await apply(s.id, { inCity: false }, at(1))
    const returning = await apply(s.id, { email: regular.email, name: regular.name, inCity: true }, at(2))
    const newcomer = await apply(s.id, { inCity: true }, at(3))
    const outOfCity2 = await apply(s.id, { inCity: false }, at(4))
    await drawLottery(db, s.id, null, DRAW_AT)
    const status = async (id: string) => (await db.registration.findUniqueOrThrow({ where: { id } })).status
    expect(await status(newcomer.id)).toBe('CONFIRMED')
    expect(await status(returning.id)).toBe('CONFIRMED')
    expect(await status(outOfCity.id)).toBe('NOT_SELECTED')
    expect(await status(outOfCity2.id)).toBe('NOT_SELECTED')
    const record = (await lotteryOf(db, s.id))!.record!
    expect(record.priorities).toEqual(['IN_CITY', 'FIRST_TIME'])
    expect(record.units.map((u) => u.matches)).toEqual([
      [false, true],
      [true, false],
      [true, true],
      [false, true],
    ])
    expect(verify(record)).toEqual([])
  })

  it('draws a group as one: all its seats or none, and it is not placed on the waiting list', async () => {
    const s = await lotterySeminar({ capacityInPerson: 2 })
    // Three people of one form (their group rows as group.server.ts writes them), and one more.
    const members = [await apply(s.id), await apply(s.id), await apply(s.id)] // at T0, before the single
    const group = await db.registrationGroup.create({ data: { seminarId: s.id } })
    await db.registrationGroupMember.createMany({
      data: members.map((m, position) => ({ registrationId: m.id, groupId: group.id, position })),
    })
    const single = await apply(s.id, {}, new Date(T0.getTime() + 5000))
    await drawLottery(db, s.id, null, DRAW_AT)
    const rows = await statuses(s.id)
    expect(rows.filter((r) => members.some((m) => m.id === r.id)).map((r) => [r.status, r.lotteryNumber])).toEqual([
      ['NOT_SELECTED', 1],
      ['NOT_SELECTED', 1],
      ['NOT_SELECTED', 1],
    ])
    expect(rows.find((r) => r.id === single.id)).toMatchObject({ status: 'CONFIRMED', lotteryNumber: 2 })
    const record = (await lotteryOf(db, s.id))!.record!
    expect(record.units.map((u) => [u.number, u.people, u.result])).toEqual([
      [1, 3, 'NOT_SELECTED'],
      [2, 1, 'WON'],
    ])
  })

  it('draws each mode of a hybrid seminar against its own seats', async () => {
    const s = await lotterySeminar({ mode: 'HYBRID', capacityInPerson: 1, capacityOnline: 2 })
    for (let i = 0; i < 3; i++) await apply(s.id, { mode: 'IN_PERSON' })
    for (let i = 0; i < 3; i++) await apply(s.id, { mode: 'ONLINE' })
    const summary = await drawLottery(db, s.id, null, DRAW_AT)
    expect(summary.won).toBe(3)
    const seminar = await db.seminar.findUniqueOrThrow({ where: { id: s.id } })
    expect([seminar.seatsTakenInPerson, seminar.seatsTakenOnline]).toEqual([1, 2])
    const rows = await statuses(s.id)
    const waiting = (mode: string) =>
      rows
        .filter((r) => r.mode === mode && r.status === 'WAITLISTED')
        .map((r) => r.waitlistPosition)
        .sort()
    expect(waiting('IN_PERSON')).toEqual([1, 2])
    expect(waiting('ONLINE')).toEqual([1])
  })

  it('drawn-out people of a seminar without a waiting list are not selected, and may apply again if a seat frees up', async () => {
    const s = await lotterySeminar({ capacityInPerson: 1, waitlistEnabled: false })
    const a = participant()
    const b = participant()
    await register(db, { ...a, seminarId: s.id }, T0)
    await register(db, { ...b, seminarId: s.id }, T0)
    await drawLottery(db, s.id, null, DRAW_AT)
    const rows = await statuses(s.id)
    const winner = rows.find((r) => r.status === 'CONFIRMED')!
    const loser = rows.find((r) => r.status === 'NOT_SELECTED')!
    await expect(cancelRegistration(db, loser.id, { by: 'PARTICIPANT' })).rejects.toMatchObject({
      code: 'ALREADY_CANCELLED',
    })
    await cancelRegistration(db, winner.id, { by: 'PARTICIPANT' })
    const loserEmail = (await db.registration.findUniqueOrThrow({ where: { id: loser.id } })).email
    const again = await register(
      db,
      { ...participant({ email: loserEmail }), seminarId: s.id, submissionKey: null },
      new Date(DRAW_AT.getTime() + HOUR),
    )
    expect(again.status).toBe('CONFIRMED')
  })

  it('draws the other lotteries due when one of them fails, and tries that one again next turn', async () => {
    const broken = await lotterySeminar()
    const fine = await lotterySeminar()
    await apply(broken.id)
    await apply(fine.id)
    // A lottery whose draw fails (its stored priorities unreadable).
    await db.lottery.update({ where: { seminarId: broken.id }, data: { priorities: '{not json' } })
    // The test setup fails on any console.error: this one is taken over (and restored by the setup).
    const logged = vi.spyOn(console, 'error').mockImplementation(() => undefined)
    expect(await drawDueLotteries(db, DRAW_AT)).toBe(1)
    expect(logged).toHaveBeenCalledWith(expect.stringContaining(broken.id), expect.anything())
    expect((await lotteryOf(db, fine.id))!.drawnAt).toEqual(DRAW_AT)
    expect((await db.lottery.findUniqueOrThrow({ where: { seminarId: broken.id } })).drawnAt).toBeNull()
    // Nothing of the failed draw stays: its application still waits for it.
    expect(await db.registration.count({ where: { seminarId: broken.id, status: 'APPLIED' } })).toBe(1)
    await db.lottery.update({ where: { seminarId: broken.id }, data: { priorities: '[]' } })
  })

  it('seats a group in its contact person’s mode', async () => {
    const s = await lotterySeminar({ mode: 'HYBRID', capacityInPerson: 2, capacityOnline: 0 })
    const members = [await apply(s.id, { mode: 'IN_PERSON' }), await apply(s.id, { mode: 'ONLINE' })]
    const group = await db.registrationGroup.create({ data: { seminarId: s.id } })
    await db.registrationGroupMember.createMany({
      data: members.map((m, position) => ({ registrationId: m.id, groupId: group.id, position })),
    })
    await drawLottery(db, s.id, null, DRAW_AT)
    const rows = await db.registration.findMany({ where: { id: { in: members.map((m) => m.id) } } })
    expect(rows.map((r) => [r.status, r.mode])).toEqual([
      ['CONFIRMED', 'IN_PERSON'],
      ['CONFIRMED', 'IN_PERSON'],
    ])
    const seminar = await db.seminar.findUniqueOrThrow({ where: { id: s.id } })
    expect([seminar.seatsTakenInPerson, seminar.seatsTakenOnline]).toEqual([2, 0])
  })

  it('two processes drawing at the same moment: exactly one draws', async () => {
    const s = await lotterySeminar({ capacityInPerson: 5 })
    for (let i = 0; i < 12; i++) await apply(s.id, {}, new Date(T0.getTime() + i * 1000))
    // Due now for the two processes (they use the real clock).
    await db.lottery.update({ where: { seminarId: s.id }, data: { drawAt: new Date(Date.now() - 1000) } })
    const ready = await Promise.all([otherProcessDraws(), otherProcessDraws()])
    const results = await Promise.all(ready.map((r) => r.go()))
    expect(results.map((r) => r.drawn).sort()).toEqual([0, 1])
    const rows = await statuses(s.id)
    expect(rows.filter((r) => r.status === 'CONFIRMED')).toHaveLength(5)
    expect(
      rows
        .filter((r) => r.status === 'WAITLISTED')
        .map((r) => r.waitlistPosition)
        .sort((a, b) => a! - b!),
    ).toEqual([1, 2, 3, 4, 5, 6, 7])
    expect((await db.seminar.findUniqueOrThrow({ where: { id: s.id } })).seatsTakenInPerson).toBe(5)
    expect(await db.auditEvent.count({ where: { action: 'lottery.draw', entityId: s.id } })).toBe(1)
    expect(
      await db.outboxMessage.count({ where: { seminarId: s.id, kind: { in: ['LOTTERY_WON', 'LOTTERY_LOST'] } } }),
    ).toBe(12)
  })

  it('an application arriving while the draw runs is refused or drawn, never left behind', async () => {
    const s = await lotterySeminar({ capacityInPerson: 50 })
    for (let i = 0; i < 5; i++) await apply(s.id)
    // PostgreSQL: another client, as another app process would be. SQLite: the one client every
    // request of the one process shares (its statements queue behind the draw's transaction).
    const second = TEST_DB_KIND === 'postgres' ? createDb(url, { poolSize: 2 }) : db
    try {
      const late = participant()
      const [, applied] = await Promise.allSettled([
        drawLottery(db, s.id, { userId }, T0),
        register(second, { ...late, seminarId: s.id }, T0),
      ])
      const row = await db.registration.findFirst({ where: { seminarId: s.id, email: late.email } })
      if (applied.status === 'fulfilled') {
        // Before the draw read the list (drawn with the rest), or after it (first come: a seat).
        expect(row!.status).toBe('CONFIRMED')
      } else {
        expect(applied.reason).toBeInstanceOf(AppError)
        expect(row).toBeNull()
      }
      expect(await db.registration.count({ where: { seminarId: s.id, status: 'APPLIED' } })).toBe(0)
    } finally {
      if (second !== db) await second.$disconnect()
    }
  })
})

describe('winners who must confirm', () => {
  it('keep the seat once confirmed; those who do not lose it at the deadline to the next person waiting', async () => {
    const s = await lotterySeminar({ capacityInPerson: 2 }, { confirmHours: 48 })
    for (let i = 0; i < 3; i++) await apply(s.id, {}, new Date(T0.getTime() + i * 1000))
    await drawLottery(db, s.id, null, DRAW_AT)
    const rows = await db.registration.findMany({ where: { seminarId: s.id }, orderBy: { lotteryNumber: 'asc' } })
    const [first, second] = rows.filter((r) => r.status === 'CONFIRMED')
    const waiting = rows.find((r) => r.status === 'WAITLISTED')!
    const deadline = new Date(DRAW_AT.getTime() + 48 * HOUR)
    expect(first.confirmBy).toEqual(deadline)

    await confirmWin(db, first.id, new Date(DRAW_AT.getTime() + HOUR))
    // Nothing lapses before the deadline.
    expect(await lapseUnconfirmedWins(db, deadline)).toBe(0)
    expect(await lapseUnconfirmedWins(db, new Date(deadline.getTime() + 1))).toBe(1)
    const after = async (id: string) => db.registration.findUniqueOrThrow({ where: { id } })
    expect(await after(first.id)).toMatchObject({ status: 'CONFIRMED', confirmBy: null })
    expect(await after(second.id)).toMatchObject({ status: 'CANCELLED', cancelledBy: 'UNCONFIRMED' })
    expect(await after(waiting.id)).toMatchObject({ status: 'CONFIRMED', waitlistPosition: null })
    await expect(confirmWin(db, second.id, new Date(deadline.getTime() + 2))).rejects.toMatchObject({
      code: 'LOTTERY_CONFIRM_CLOSED',
    })
    expect(await db.auditEvent.count({ where: { action: 'lottery.lapse', entityId: second.id } })).toBe(1)
    const kinds = await db.outboxMessage.findMany({ where: { registrationId: { in: [second.id, waiting.id] } } })
    expect(kinds.map((m) => m.kind)).toEqual(expect.arrayContaining(['CANCELLED', 'PROMOTED']))
  })
})

describe('the settings', () => {
  it('refuse a draw time outside the period, changed priorities once people applied, and first come again after applications', async () => {
    const s = await lotterySeminar()
    const settings = { drawAt: DRAW_AT, priorities: [], confirmHours: null }
    await expect(
      saveLotterySettings(db, s.id, { ...settings, drawAt: new Date(T0.getTime() + 30 * DAY) }, userId, T0),
    ).rejects.toMatchObject({ code: 'LOTTERY_DRAW_OUTSIDE_PERIOD' })
    await apply(s.id)
    await expect(
      saveLotterySettings(db, s.id, { ...settings, priorities: [{ kind: 'IN_CITY' }] }, userId, T0),
    ).rejects.toMatchObject({ code: 'LOTTERY_RULES_FIXED' })
    await expect(saveLotterySettings(db, s.id, null, userId, T0)).rejects.toMatchObject({
      code: 'LOTTERY_HAS_APPLICATIONS',
    })
    // The seed stays the one committed to when the time changes.
    const before = (await lotteryOf(db, s.id))!.seedHash
    await saveLotterySettings(db, s.id, { ...settings, drawAt: new Date(DRAW_AT.getTime() + DAY) }, userId, T0)
    expect((await lotteryOf(db, s.id))!.seedHash).toBe(before)
    await drawLottery(db, s.id, null, DRAW_AT)
    await expect(saveLotterySettings(db, s.id, settings, userId, T0)).rejects.toMatchObject({
      code: 'LOTTERY_ALREADY_DRAWN',
    })
  })

  it('keep the seed secret until the draw', async () => {
    const s = await lotterySeminar()
    expect((await lotteryOf(db, s.id))!.seed).toBeNull()
  })
})

/** Starts another process's lottery job; resolves once it is connected and waiting for the start. */
function otherProcessDraws(): Promise<{ go: () => Promise<{ drawn: number }> }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'tests/support/draw-once.ts'], {
    env: { ...process.env, DATABASE_URL: url },
    stdio: ['pipe', 'pipe', 'pipe'],
  })
  let out = ''
  let err = ''
  child.stderr.on('data', (d) => (err += d))
  const exited = new Promise<{ drawn: number }>((resolve, reject) =>
    child.once('exit', (code) =>
      code === 0
        ? resolve(JSON.parse(out.split('\n').filter(Boolean).at(-1)!))
        : reject(new Error(`exit ${code}: ${err}`)),
    ),
  )
  return new Promise((resolve, reject) => {
    child.stdout.on('data', (d) => {
      out += d
      if (out.startsWith('ready\n') && !out.includes('{')) resolve({ go: () => (child.stdin.end('go\n'), exited) })
    })
    exited.catch(reject)
  })
}
