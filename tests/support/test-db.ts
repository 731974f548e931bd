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
 * test server (a copy of `template` when given). `dropDatabase` removes it.
 */
export async function createEmptyDatabase(
  kind: 'sqlite' | 'postgres' = TEST_DB_KIND,
  template?: string,
): Promise<{ url: string; dropDatabase: () => Promise<void> }> {
  if (kind === 'sqlite') {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'jisseki-test-'))
    const url = `file:${path.join(dir, 'test.db')}`
    if (template) copySqlite(sqlitePath(template), sqlitePath(url))
    return { url, dropDatabase: async () => fs.rmSync(dir, { recursive: true, force: true }) }
  }
  const name = `jisseki_test_${crypto.randomBytes(6).toString('hex')}`
  await onPostgresServer(`CREATE DATABASE ${name}${template ? ` TEMPLATE ${new URL(template).pathname.slice(1)}` : ''}`)
  const url = new URL(POSTGRES_ADMIN_URL)
  url.pathname = `/${name}`
  return {
    url: url.toString(),
    dropDatabase: () => onPostgresServer(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`),
  }
}

/** Runs one statement on the PostgreSQL test server's maintenance database. */
async function onPostgresServer(statement: string): Promise<void> {
  // Loaded here, not at the top: the SQLite projects' files never load node-postgres.
  const { default: pg } = await import('pg')
  const admin = new pg.Client({ connectionString: POSTGRES_ADMIN_URL })
  await admin.connect()
  try {
    await admin.query(statement)
  } finally {
    await admin.end()
  }
}

/** Copies a closed (or VACUUM INTO-written) SQLite file, in WAL mode as migrate leaves the app's. */
function copySqlite(from: string, to: string) {
  fs.copyFileSync(from, to)
  const copy = new Database(to)
  copy.pragma('journal_mode = WAL')
  copy.close()
}

/**
 * A migrated database for a test run (tests/setup/template-db.ts), which createTestDb copies. No
 * one connects to it after this: PostgreSQL copies a template only while nobody is connected.
 */
export async function createTemplateDatabase(kind: 'sqlite' | 'postgres') {
  const empty = await createEmptyDatabase(kind)
  await migrate(empty.url)
  return empty
}

/** The run's migrated template, when Vitest's global setup made one (not in benchmarks). */
async function runTemplate(): Promise<string | undefined> {
  if (!process.env.VITEST) return undefined
  const { inject } = await import('vitest')
  return inject('jissekiTemplateDatabase')
}

/** A real, migrated database of its own for one test file; removed by `drop()`. */
export async function createTestDb(): Promise<{ db: Db; url: string; drop: () => Promise<void> }> {
  const template = await runTemplate()
  const { url, dropDatabase } = await createEmptyDatabase(TEST_DB_KIND, template)
  // Copied from the run's migrated template, or migrated here.
  if (!template) await migrate(url)
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
        const { url, dropDatabase } = await createEmptyDatabase('sqlite', `file:${file}`)
        return openTestDb(url, dropDatabase)
      },
      remove: async () => fs.rmSync(dir, { recursive: true, force: true }),
    }
  }
  // A template must have no other connection while it is copied: the source's pool lets go first
  // (its next query connects again).
  await source.db.$disconnect()
  const snapshot = await createEmptyDatabase('postgres', source.url)
  return {
    restore: async () => {
      const { url, dropDatabase } = await createEmptyDatabase('postgres', snapshot.url)
      return openTestDb(url, dropDatabase)
    },
    remove: snapshot.dropDatabase,
  }
}

function openTestDb(url: string, dropDatabase: () => Promise<void>): TestDb {
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
