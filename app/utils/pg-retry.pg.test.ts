import crypto from 'node:crypto'
import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createEmptyDatabase, POSTGRES_ADMIN_URL } from '../../tests/support/test-db'
import { databaseUnavailable } from './database-errors'
import { createDb, type Db } from './db.server'
import { migrate } from './migrate.server'
import { safeToRetry } from './pg-retry'

/**
 * The app's own PostgreSQL client, its pooled connections ended by the server with
 * pg_terminate_backend right before the next statements (docs/decisions/0024). The app's backends are
 * found by their application_name.
 */
describe('statements on pooled connections the server ended', () => {
  const applicationName = `jisseki-retry-${crypto.randomBytes(4).toString('hex')}`
  let db: Db
  let admin: pg.Client
  let dropDatabase: () => Promise<void>
  let databaseName: string

  beforeAll(async () => {
    const created = await createEmptyDatabase()
    dropDatabase = created.dropDatabase
    await migrate(created.url)
    const url = new URL(created.url)
    databaseName = url.pathname.slice(1)
    url.searchParams.set('application_name', applicationName)
    db = createDb(url.toString())
    admin = new pg.Client({ connectionString: POSTGRES_ADMIN_URL })
    await admin.connect()
  })
  afterAll(async () => {
    await db.$disconnect()
    await admin.end()
    await dropDatabase()
  })

  /**
   * Ends every backend of the app's pool, without waiting for them to go: the app's next
   * statements race the server's termination, as during a restart.
   */
  async function terminateAppBackends(): Promise<number[]> {
    // In the select list, not the WHERE clause: there the planner may call it before the filter.
    const { rows } = await admin.query<{ pid: number; ended: boolean }>(
      'SELECT pid, pg_terminate_backend(pid) AS ended FROM pg_stat_activity WHERE application_name = $1',
      [applicationName],
    )
    return rows.filter((r) => r.ended).map((r) => r.pid)
  }

  async function gone(pids: number[]): Promise<boolean> {
    const { rows } = await admin.query('SELECT 1 FROM pg_stat_activity WHERE pid = ANY($1)', [pids])
    return rows.length === 0
  }

  it('reads, writes and transactions right after the kill all succeed', async () => {
    const failures: string[] = []
    for (let round = 0; round < 10; round++) {
      // Three pooled connections, idle.
      await Promise.all([db.category.count(), db.category.count(), db.category.count()])
      const ended = await terminateAppBackends()
      expect(ended.length).toBeGreaterThan(0)
      const results = await Promise.allSettled([
        db.category.count(),
        db.category.create({ data: { name: `kill-${round}`, sortOrder: round } }),
        db.$transaction(async (tx) => tx.category.count()),
      ])
      for (const result of results) if (result.status === 'rejected') failures.push(String(result.reason).slice(-200))
      await expect.poll(() => gone(ended)).toBe(true)
    }
    expect(failures).toEqual([])
    // Each write once: none was repeated after it had been applied.
    expect(await db.category.count({ where: { name: { startsWith: 'kill-' } } })).toBe(10)
  })

  it('is answered 503 (database unavailable) when the database refuses connections', async () => {
    await admin.query(`ALTER DATABASE ${databaseName} ALLOW_CONNECTIONS false`)
    try {
      const ended = await terminateAppBackends()
      await expect.poll(() => gone(ended)).toBe(true)
      const error = await db.category.count().then(
        () => undefined,
        (e: unknown) => e,
      )
      expect(databaseUnavailable(error)).toEqual({ reason: 'database', detail: 'unreachable' })
    } finally {
      await admin.query(`ALTER DATABASE ${databaseName} ALLOW_CONNECTIONS true`)
    }
    expect(await db.category.count()).toBeGreaterThanOrEqual(0)
  })
})

describe('the retry rule', () => {
  const write = { sql: 'INSERT INTO "Category" ("id") VALUES ($1)', args: [], argTypes: [] }
  const read = { sql: 'SELECT "id" FROM "Category"', args: [], argTypes: [] }
  const adapterError = (cause: Record<string, unknown>) => Object.assign(new Error('adapter'), { cause })

  it('repeats what never ran, and reads; never a write that may have committed', () => {
    const terminated = adapterError({ kind: 'postgres', code: '57P01', originalCode: '57P01' })
    expect(safeToRetry(terminated, write)).toBe(true)
    expect(safeToRetry(new Error('Client has encountered a connection error and is not queryable'), write)).toBe(true)
    const dropped = new Error('Connection terminated unexpectedly')
    expect(safeToRetry(dropped, read)).toBe(true)
    expect(safeToRetry(dropped, write)).toBe(false)
    expect(safeToRetry(adapterError({ kind: 'UniqueConstraintViolation' }), read)).toBe(false)
  })
})
