import crypto from 'node:crypto'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import Database from 'better-sqlite3'
import { createDb, sqlitePath, type Db } from '~/utils/db.server'
import { migrate } from '~/utils/migrate.server'

/** Which database this test run uses: the vitest projects set JISSEKI_TEST_DB (vitest.config.ts). */
export const TEST_DB_KIND: 'sqlite' | 'postgres' = process.env.JISSEKI_TEST_DB === 'postgres' ? 'postgres' : 'sqlite'

export const POSTGRES_ADMIN_URL = process.env.TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres'

/**
 * An empty database of its own: a temporary SQLite file, or a new PostgreSQL database on the
 * test server. `dropDatabase` removes it.
 */
export async function createEmptyDatabase(): Promise<{ url: string; dropDatabase: () => Promise<void> }> {
  if (TEST_DB_KIND === 'sqlite') {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'jisseki-test-'))
    return {
      url: `file:${path.join(dir, 'test.db')}`,
      dropDatabase: async () => fs.rmSync(dir, { recursive: true, force: true }),
    }
  }
  const name = `jisseki_test_${crypto.randomBytes(6).toString('hex')}`
  // Loaded here, not at the top: the SQLite projects' files never load node-postgres.
  const { default: pg } = await import('pg')
  const admin = new pg.Client({ connectionString: POSTGRES_ADMIN_URL })
  await admin.connect()
  await admin.query(`CREATE DATABASE ${name}`)
  await admin.end()
  const url = new URL(POSTGRES_ADMIN_URL)
  url.pathname = `/${name}`
  return {
    url: url.toString(),
    dropDatabase: async () => {
      const c = new pg.Client({ connectionString: POSTGRES_ADMIN_URL })
      await c.connect()
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)
      await c.end()
    },
  }
}

/** A real, migrated database of its own for one test file; removed by `drop()`. */
export async function createTestDb(): Promise<{ db: Db; url: string; drop: () => Promise<void> }> {
  const { url, dropDatabase } = await createEmptyDatabase()
  await migrate(url)
  return openTestDb(url, dropDatabase)
}

export type TestDb = Awaited<ReturnType<typeof createTestDb>>

/**
 * A database's contents kept aside, so that each test starts from exactly that state in a database
 * of its own (fixtures per test) instead of from whatever the test before it left. A copy costs a
 * file copy on SQLite and a CREATE DATABASE … TEMPLATE on PostgreSQL: far less than building the
 * state again.
 */
export type DbSnapshot = {
  /** A new database holding the snapshot's contents; removed by its `drop()`. */
  restore: () => Promise<TestDb>
  /** Removes the snapshot itself. */
  remove: () => Promise<void>
}

/** Takes a snapshot of `source` (a database from createTestDb; it stays open and unchanged). */
export async function snapshotDatabase(source: TestDb): Promise<DbSnapshot> {
  if (TEST_DB_KIND === 'sqlite') {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'jisseki-snapshot-'))
    const file = path.join(dir, 'snapshot.db')
    // A consistent copy while the source stays open (its WAL included).
    await source.db.$executeRawUnsafe(`VACUUM INTO '${file.replaceAll("'", "''")}'`)
    return {
      restore: async () => {
        const { url, dropDatabase } = await createEmptyDatabase()
        fs.copyFileSync(file, sqlitePath(url))
        // VACUUM INTO writes a rollback-journal file; the app's databases are in WAL mode (migrate).
        const copy = new Database(sqlitePath(url))
        copy.pragma('journal_mode = WAL')
        copy.close()
        return openTestDb(url, dropDatabase)
      },
      remove: async () => fs.rmSync(dir, { recursive: true, force: true }),
    }
  }
  const { default: pg } = await import('pg')
  const admin = async <T>(fn: (c: InstanceType<typeof pg.Client>) => Promise<T>): Promise<T> => {
    const c = new pg.Client({ connectionString: POSTGRES_ADMIN_URL })
    await c.connect()
    try {
      return await fn(c)
    } finally {
      await c.end()
    }
  }
  const sourceName = new URL(source.url).pathname.slice(1)
  const name = `jisseki_snap_${crypto.randomBytes(6).toString('hex')}`
  // A template must have no other connection while it is copied: the source's pool lets go first
  // (its next query connects again).
  await source.db.$disconnect()
  await admin((c) => c.query(`CREATE DATABASE ${name} TEMPLATE ${sourceName}`))
  return {
    restore: async () => {
      const copy = `jisseki_test_${crypto.randomBytes(6).toString('hex')}`
      await admin((c) => c.query(`CREATE DATABASE ${copy} TEMPLATE ${name}`))
      const url = new URL(POSTGRES_ADMIN_URL)
      url.pathname = `/${copy}`
      return openTestDb(url.toString(), () => admin((c) => c.query(`DROP DATABASE IF EXISTS ${copy} WITH (FORCE)`)))
    },
    remove: async () => {
      await admin((c) => c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`))
    },
  }
}

function openTestDb(url: string, dropDatabase: () => Promise<unknown>): TestDb {
  const db = createDb(url)
  return {
    db,
    url,
    drop: async () => {
      await db.$disconnect()
      await dropDatabase()
    },
  }
}
