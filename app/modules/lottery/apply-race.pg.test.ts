import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createSeminar, participant } from '../../../tests/support/factories'
import { createTestDb } from '../../../tests/support/test-db'
import type { Db } from '~/utils/db.server'
import { createConsoleUser } from '../accounts/console-users.server'
import { register } from '../registration/registrations.server'
import { saveLotterySettings } from './lottery.server'

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
      for (let i = 0; ; i++) {
        const { rows } = await other.query<{ waiting: number }>(
          `SELECT count(*)::int AS "waiting" FROM pg_stat_activity
           WHERE datname = current_database() AND wait_event_type = 'Lock' AND pid <> pg_backend_pid()`,
        )
        if (rows[0].waiting > 0) break
        if (i > 2_000) throw new Error('the application never waited for the draw') // a hang guard, not a timing
        await new Promise((resolve) => setTimeout(resolve, 20))
      }
      await other.query('COMMIT')
      const result = await applying
      expect(result).toMatchObject({ outcome: { status: 'CONFIRMED' } })
      expect(await db.registration.count({ where: { seminarId: seminar.id, status: 'APPLIED' } })).toBe(0)
    } finally {
      await other.end()
    }
  })
})
