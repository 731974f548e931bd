import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createSeminar, participant } from '../../../tests/support/factories'
import { createTestDb } from '../../../tests/support/test-db'
import { createDb, DATABASE_WAIT_MS, type Db } from '~/utils/db.server'
import { register } from './registrations.server'

/*
 * A burst queues requests for the pool's connections. The pool used to give up after 10 s while
 * a transaction was allowed to wait 60 s: those requests answered 500 (docs/decisions/0025).
 * Here both connections of a two-connection pool are held busy past those 10 s while a
 * registration waits for one; released, it must go through.
 */
const OLD_CONNECTION_TIMEOUT_MS = 10_000
const LOCK = 7_250_025

let db: Db
let url: string
let drop: () => Promise<void>
beforeAll(async () => {
  ;({ db, url, drop } = await createTestDb())
})
afterAll(async () => drop())

describe('waiting for a pooled connection', () => {
  it('waits as long as a transaction may, longer than the pool used to', async () => {
    expect(DATABASE_WAIT_MS).toBeGreaterThan(OLD_CONNECTION_TIMEOUT_MS + 1_000)
    const seminar = await createSeminar(db, { capacityInPerson: 10 })
    const blocker = new pg.Client({ connectionString: url })
    await blocker.connect()
    const small = createDb(url, { poolSize: 2 })
    try {
      await blocker.query('SELECT pg_advisory_lock($1)', [LOCK])
      // Both pooled connections wait for the lock the blocker holds (then() sends the query).
      const holds = [1, 2].map(
        (): Promise<unknown> =>
          small.$queryRaw`SELECT 1 AS "held" FROM (SELECT pg_advisory_xact_lock_shared(${LOCK})) AS "lock"`.then(
            (rows) => rows,
          ),
      )
      await expect
        .poll(
          async () =>
            (
              await blocker.query(
                `SELECT count(*)::int AS n FROM pg_stat_activity
                 WHERE wait_event_type = 'Lock' AND query LIKE '%pg_advisory_xact_lock_shared%'`,
              )
            ).rows[0].n,
          { timeout: 30_000 },
        )
        .toBe(2)

      let settled: 'pending' | 'registered' | 'failed' = 'pending'
      const registration = register(small, { seminarId: seminar.id, ...participant() }).then(
        (outcome) => ((settled = 'registered'), outcome),
        (error: unknown) => ((settled = 'failed'), error),
      )
      // Longer than the pool used to wait: on a busy machine this only gets longer.
      await new Promise((resolve) => setTimeout(resolve, OLD_CONNECTION_TIMEOUT_MS + 1_000))
      expect(settled).toBe('pending')

      await blocker.query('SELECT pg_advisory_unlock($1)', [LOCK])
      await Promise.all(holds)
      expect(await registration).toMatchObject({ status: 'CONFIRMED' })
      expect(await db.registration.count({ where: { seminarId: seminar.id } })).toBe(1)
    } finally {
      // Ending the blocker's session releases the lock, and with it the held connections.
      await blocker.end()
      await small.$disconnect()
    }
  })
})
