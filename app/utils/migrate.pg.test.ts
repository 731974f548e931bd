import { execFileSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
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
    const all = fs.readdirSync('prisma/postgres/migrations').filter((name) => /^\d{14}_/.test(name))
    expect(results.filter((r) => r.length > 0)).toEqual([all])
    const rows = await query<{ migration_name: string }>(
      url,
      `SELECT migration_name FROM "_prisma_migrations" ORDER BY migration_name`,
    )
    expect(rows).toEqual(all.map((name) => ({ migration_name: name })))
    expect(await migratePostgres(url)).toEqual([])
  }, 60_000)

  it('refuse to start when an applied migration was edited, naming it and what to do; line endings alone pass', async () => {
    const url = await emptyDatabase()
    const migrations = fs.mkdtempSync(path.join(os.tmpdir(), 'jisseki-pg-edited-'))
    cleanups.push(async () => fs.rmSync(migrations, { recursive: true, force: true }))
    const write = (name: string, sql: string) => {
      fs.mkdirSync(path.join(migrations, name), { recursive: true })
      fs.writeFileSync(path.join(migrations, name, 'migration.sql'), sql)
    }
    const lf = 'CREATE TABLE a (id INTEGER);\nCREATE TABLE b (id INTEGER);\n'
    write('001_first', lf)
    expect(await migratePostgres(url, migrations)).toEqual(['001_first'])
    // A checkout with CRLF line endings is the same migration.
    write('001_first', lf.replace(/\n/g, '\r\n'))
    expect(await migratePostgres(url, migrations)).toEqual([])

    write('001_first', lf.replace('b (', 'c ('))
    write('002_second', 'CREATE TABLE d (id INTEGER);\n')
    await expect(migratePostgres(url, migrations)).rejects.toThrow(
      /Migration 001_first changed after it was applied.*001_first[/\\]migration\.sql.*git checkout.*new migration/,
    )
    const tables = await query<{ tablename: string }>(
      url,
      `SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND tablename <> '_prisma_migrations' ORDER BY 1`,
    )
    expect(tables.map((t) => t.tablename)).toEqual(['a', 'b'])
    // The lock is released: restored, the file passes and the pending migration runs.
    write('001_first', lf)
    expect(await migratePostgres(url, migrations)).toEqual(['002_second'])
  }, 60_000)

  it('fill the monthly indicator figures from the tallies already kept (20261121013848_indicator_monthly)', async () => {
    const url = await emptyDatabase()
    const initOnly = fs.mkdtempSync(path.join(os.tmpdir(), 'jisseki-pg-init-'))
    fs.cpSync('prisma/postgres/migrations/20261120000000_init', path.join(initOnly, '20261120000000_init'), {
      recursive: true,
    })
    await migratePostgres(url, initOnly)
    fs.rmSync(initOnly, { recursive: true })
    await query(
      url,
      `INSERT INTO "Indicator" ("id", "code", "name", "kind", "unit", "rule", "updatedAt")
       VALUES ('i1', 'A', 'A', 'ACTIVITY', '人', 'UNIQUE_PERSONS', now());
       UPDATE "Indicator" SET "cumulative" = true, "baseYear" = 2026;
       INSERT INTO "IndicatorActual" ("indicatorId", "fiscalYear") VALUES ('i1', 2025), ('i1', 2026), ('i1', 2027);
       INSERT INTO "IndicatorTally" ("indicatorId", "fiscalYear", "month", "memberKey", "count") VALUES
       ('i1', 2026, 5, 'P:p1', 1), ('i1', 2026, 1, 'P:p1', 2), ('i1', 2026, 4, 'P:p2', 0),
       ('i1', 2026, 6, 'P:p2', 1), ('i1', 2026, 5, 'O:o1', 1), ('i1', 2026, 6, 'O:o1', 1),
       ('i1', 2025, 5, 'P:p4', 1), ('i1', 2027, 5, 'P:p1', 1), ('i1', 2027, 5, 'P:p3', 1)`,
    )
    await migratePostgres(url)
    expect(
      await query(
        url,
        `SELECT "fiscalMonth", "personTimes", "persons", "organizations" FROM "IndicatorMonthly"
         WHERE "fiscalYear" = 2026 ORDER BY "fiscalMonth"`,
      ),
    ).toEqual([
      { fiscalMonth: 0, personTimes: 0, persons: 0, organizations: 0 },
      { fiscalMonth: 1, personTimes: 1, persons: 1, organizations: 1 },
      { fiscalMonth: 2, personTimes: 1, persons: 1, organizations: 0 },
      { fiscalMonth: 9, personTimes: 2, persons: 0, organizations: 0 },
    ])
    expect(
      await query(
        url,
        `SELECT "fiscalYear", "newPersons", "newOrganizations" FROM "IndicatorActual" ORDER BY "fiscalYear"`,
      ),
    ).toEqual([
      { fiscalYear: 2025, newPersons: 0, newOrganizations: 0 },
      { fiscalYear: 2026, newPersons: 2, newOrganizations: 1 },
      { fiscalYear: 2027, newPersons: 1, newOrganizations: 0 },
    ])
  }, 60_000)

  it('turn free-text categories into one managed list, NFKC-normalized and trimmed (20261130012338_categories)', async () => {
    const url = await emptyDatabase()
    const before = fs.mkdtempSync(path.join(os.tmpdir(), 'jisseki-pg-before-categories-'))
    for (const name of fs
      .readdirSync('prisma/postgres/migrations')
      .filter((n) => /^\d{14}_/.test(n) && n < '20261130012338'))
      fs.cpSync(path.join('prisma/postgres/migrations', name), path.join(before, name), { recursive: true })
    await migratePostgres(url, before)
    fs.rmSync(before, { recursive: true })
    await query(
      url,
      `INSERT INTO "Program" ("id", "code", "name", "updatedAt") VALUES ('p1', 'P', '事業', now());
       INSERT INTO "Seminar" ("id", "programId", "title", "category", "mode", "registrationOpensAt", "registrationClosesAt", "updatedAt")
       VALUES ('s1', 'p1', 's1', 'セミナー', 'IN_PERSON', now(), now(), now()),
              ('s2', 'p1', 's2', 'セミナー ', 'IN_PERSON', now(), now(), now()),
              ('s3', 'p1', 's3', E'\u3000ｾﾐﾅｰ', 'IN_PERSON', now(), now(), now()),
              ('s4', 'p1', 's4', '講座', 'IN_PERSON', now(), now(), now()),
              ('s5', 'p1', 's5', '  ', 'IN_PERSON', now(), now(), now());
       INSERT INTO "Session" ("id", "seminarId", "number", "startsAt", "endsAt", "updatedAt") VALUES ('x1', 's1', 1, now(), now(), now());
       INSERT INTO "Indicator" ("id", "code", "name", "unit", "rule", "categories", "updatedAt")
       VALUES ('i1', 'A', 'セミナーと交流会', '人', 'PERSON_TIMES', '["セミナー ", "ｾﾐﾅｰ", "交流会"]', now()),
              ('i2', 'B', 'すべて', '人', 'PERSON_TIMES', '[]', now())`,
    )
    await migratePostgres(url)
    const categories = await query<{ id: string; name: string }>(
      url,
      `SELECT "id", "name" FROM "Category" ORDER BY "sortOrder"`,
    )
    expect(categories.map((c) => c.name)).toEqual(['セミナー', '交流会', '未分類', '講座'].sort())
    const idOf = (name: string) => categories.find((c) => c.name === name)!.id
    expect(await query(url, `SELECT "id", "categoryId" FROM "Seminar" ORDER BY "id"`)).toEqual([
      { id: 's1', categoryId: idOf('セミナー') },
      { id: 's2', categoryId: idOf('セミナー') },
      { id: 's3', categoryId: idOf('セミナー') },
      { id: 's4', categoryId: idOf('講座') },
      { id: 's5', categoryId: idOf('未分類') },
    ])
    expect(
      await query(url, `SELECT "indicatorId", "categoryId" FROM "IndicatorCategory" ORDER BY "categoryId" COLLATE "C"`),
    ).toEqual(
      [
        { indicatorId: 'i1', categoryId: idOf('セミナー') },
        { indicatorId: 'i1', categoryId: idOf('交流会') },
      ].sort((x, y) => (x.categoryId < y.categoryId ? -1 : 1)),
    )
    expect(await query(url, `SELECT count(*)::int AS n FROM "Session"`)).toEqual([{ n: 1 }])
  }, 60_000)
})
