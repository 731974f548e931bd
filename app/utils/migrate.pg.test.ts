import { execFileSync } from 'node:child_process'
import pg from 'pg'
import { afterAll, describe, expect, it } from 'vitest'
import { createEmptyDatabase } from '../../tests/support/test-db'
import { migratePostgres } from './migrate.server'

const cleanups: (() => Promise<void>)[] = []
afterAll(async () => {
  for (const c of cleanups) await c()
})

async function emptyDatabase() {
  const { url, dropDatabase } = await createEmptyDatabase()
  cleanups.push(dropDatabase)
  return url
}

async function query<T>(url: string, sql: string): Promise<T[]> {
  const client = new pg.Client({ connectionString: url })
  await client.connect()
  try {
    return (await client.query(sql)).rows as T[]
  } finally {
    await client.end()
  }
}

/** Tables, columns, indexes, constraints and enum types, in a comparable form. */
async function describeSchema(url: string) {
  return {
    columns: await query(
      url,
      `SELECT table_name, column_name, data_type, udt_name, is_nullable, column_default
       FROM information_schema.columns WHERE table_schema = 'public' AND table_name <> '_prisma_migrations'
       ORDER BY table_name, column_name`,
    ),
    indexes: await query(
      url,
      `SELECT tablename, indexname, indexdef FROM pg_indexes WHERE schemaname = 'public' AND tablename <> '_prisma_migrations'
       ORDER BY tablename, indexname`,
    ),
    constraints: await query(
      url,
      `SELECT conrelid::regclass::text AS table_name, conname, pg_get_constraintdef(oid) AS def
       FROM pg_constraint WHERE connamespace = 'public'::regnamespace AND conrelid::regclass::text <> '"_prisma_migrations"'
         AND conrelid::regclass::text <> '_prisma_migrations' ORDER BY 1, 2`,
    ),
    enums: await query(
      url,
      `SELECT t.typname, array_agg(e.enumlabel ORDER BY e.enumsortorder) AS labels
       FROM pg_type t JOIN pg_enum e ON e.enumtypid = t.oid GROUP BY t.typname ORDER BY t.typname`,
    ),
  }
}

describe('PostgreSQL migrations', () => {
  it('build exactly the database that prisma/postgres/schema.prisma describes (no drift)', async () => {
    const migrated = await emptyDatabase()
    await migratePostgres(migrated)
    const fromSchema = await emptyDatabase()
    const sql = execFileSync(
      process.execPath,
      [
        'scripts/prisma.mjs',
        'migrate',
        'diff',
        '--from-empty',
        '--to-schema-datamodel',
        'prisma/postgres/schema.prisma',
        '--script',
      ],
      {
        encoding: 'utf8',
        env: { ...process.env, DATABASE_URL: 'file:./data/unused.db' },
        stdio: ['ignore', 'pipe', 'ignore'],
      },
    )
    await query(fromSchema, sql)
    const [a, b] = await Promise.all([describeSchema(migrated), describeSchema(fromSchema)])
    expect(a.columns.length).toBeGreaterThan(50)
    expect(a).toEqual(b)
  }, 60_000)

  it('apply each migration once when several instances start at the same moment', async () => {
    const url = await emptyDatabase()
    const results = await Promise.all(Array.from({ length: 4 }, () => migratePostgres(url)))
    expect(results.filter((r) => r.length > 0)).toEqual([['20261120000000_init']])
    const rows = await query<{ migration_name: string }>(url, `SELECT migration_name FROM "_prisma_migrations"`)
    expect(rows).toEqual([{ migration_name: '20261120000000_init' }])
    expect(await migratePostgres(url)).toEqual([])
  }, 60_000)
})
