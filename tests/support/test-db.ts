import crypto from 'node:crypto'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import pg from 'pg'
import { createDb, type Db } from '~/utils/db.server'
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
