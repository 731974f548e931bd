import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createSeminar, participant } from '../../../tests/support/factories'
import { untilSomeoneWaits } from '../../../tests/support/pg-locks'
import { createTestDb } from '../../../tests/support/test-db'
import type { Db } from '~/utils/db.server'
import { createConsoleUser } from '../accounts/console-users.server'
import { cancelRegistration, register } from '../registration/registrations.server'
import { saveLotterySettings } from './settings.server'

/*
 * An application that passed its checks while the lottery was open, and reaches its batch just as
 * the draw marks the lottery drawn in another process. Here the draw is a held transaction of
 * another connection, committed only once the application waits on its row: the application must
 * not be written as APPLIED after the draw read the list (nobody would ever draw it). It sees the
 * lottery drawn and takes a seat first come instead.
 */
let db: Db
let url: string
let drop: () => Promise<void>

beforeAll(async () => {
  ;({ db, url, drop } = await createTestDb())
})
afterAll(async () => drop())

describe('an application arriving as the draw starts in another process', () => {
  it('waits for the draw, then is not an application left undrawn but a first-come registration', async () => {
    const now = new Date()
    const user = await createConsoleUser(db, {
      email: 'race@city.example.jp',
      name: '競合',
      password: 'a long password 1',
    })
    const seminar = await createSeminar(db, { capacityInPerson: 10 }, now)
    await saveLotterySettings(
      db,
      seminar.id,
      { drawAt: new Date(now.getTime() + 86_400_000), priorities: [], confirmHours: null },
      user.id,
      now,
    )
    await db.lottery.count() // the pool's connection is open before the other transaction starts
    const other = new pg.Client({ connectionString: url })
    await other.connect()
    try {
      await other.query('BEGIN')
      // What the draw's transaction does first: mark the lottery drawn (and hold its row).
      await other.query(`UPDATE "Lottery" SET "drawnAt" = now() WHERE "seminarId" = $1 AND "drawnAt" IS NULL`, [
        seminar.id,
      ])
      const applying = register(db, { ...participant(), seminarId: seminar.id }, now).then(
        (outcome) => ({ outcome }),
        (error: unknown) => ({ error }),
      )
      await untilSomeoneWaits(other)
      await other.query('COMMIT')
      const result = await applying
      expect(result).toMatchObject({ outcome: { status: 'CONFIRMED' } })
      expect(await db.registration.count({ where: { seminarId: seminar.id, status: 'APPLIED' } })).toBe(0)
    } finally {
      await other.end()
    }
  })
})

describe('a lottery made first come while an application is being written', () => {
  it('waits for the application, then refuses: the application is not left undrawn on a first-come seminar', async () => {
    const now = new Date()
    const user = await createConsoleUser(db, {
      email: 'race2@city.example.jp',
      name: '競合',
      password: 'a long password 1',
    })
    const seminar = await createSeminar(db, { capacityInPerson: 10 }, now)
    const settings = { drawAt: new Date(now.getTime() + 86_400_000), priorities: [], confirmHours: null }
    await saveLotterySettings(db, seminar.id, settings, user.id, now)
    // A registration row to stand for the application the other transaction writes.
    const standIn = await register(db, { ...participant(), seminarId: seminar.id }, now)
    await cancelRegistration(db, standIn.id, { by: 'PARTICIPANT' }, now)
    const other = new pg.Client({ connectionString: url })
    await other.connect()
    try {
      await other.query('BEGIN')
      // What an application's batch does: take the lottery's row, then write the application.
      await other.query(`UPDATE "Lottery" SET "updatedAt" = now() WHERE "seminarId" = $1 AND "drawnAt" IS NULL`, [
        seminar.id,
      ])
      await other.query(`UPDATE "Registration" SET "status" = 'APPLIED' WHERE "id" = $1`, [standIn.id])
      const saving = saveLotterySettings(db, seminar.id, null, user.id, now).then(
        () => ({ saved: true }),
        (error: unknown) => ({ error }),
      )
      await untilSomeoneWaits(other)
      await other.query('COMMIT')
      expect(await saving).toMatchObject({ error: { code: 'LOTTERY_HAS_APPLICATIONS' } })
      expect(await db.lottery.count({ where: { seminarId: seminar.id } })).toBe(1)
    } finally {
      await other.end()
    }
  })
})
