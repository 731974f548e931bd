import { execFileSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import Database from 'better-sqlite3'
import { afterAll, describe, expect, it } from 'vitest'
import { migrateSqlite } from './migrate.server'

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'jisseki-migrate-'))
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }))

/** Tables with their columns, indexes and foreign keys, in a comparable form. */
function describeSchema(file: string) {
  const conn = new Database(file, { readonly: true })
  try {
    const tables = conn
      .prepare(
        `SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name != '_prisma_migrations' ORDER BY name`,
      )
      .all() as { name: string }[]
    return tables.map(({ name }) => ({
      name,
      // By name: a column added later (ALTER TABLE … ADD COLUMN) comes last, which is no drift.
      columns: (conn.prepare(`PRAGMA table_info("${name}")`).all() as { cid: number; name: string }[])
        .map(({ cid: _position, ...column }) => column)
        .sort((a, b) => a.name.localeCompare(b.name)),
      indexes: (conn.prepare(`PRAGMA index_list("${name}")`).all() as { name: string; unique: number }[])
        .map((i) => ({
          unique: i.unique,
          columns: (conn.prepare(`PRAGMA index_info("${i.name}")`).all() as { name: string }[]).map((c) => c.name),
        }))
        .sort((a, b) => a.columns.join().localeCompare(b.columns.join())),
      foreignKeys: conn.prepare(`PRAGMA foreign_key_list("${name}")`).all(),
    }))
  } finally {
    conn.close()
  }
}

describe('migrations', () => {
  it('build exactly the database that prisma/schema.prisma describes (no drift)', () => {
    const migrated = path.join(dir, 'migrated.db')
    migrateSqlite(`file:${migrated}`)
    const fromSchema = path.join(dir, 'from-schema.db')
    const sql = execFileSync(
      process.execPath,
      [
        'scripts/prisma.mjs',
        'migrate',
        'diff',
        '--from-empty',
        '--to-schema-datamodel',
        'prisma/schema.prisma',
        '--script',
      ],
      {
        encoding: 'utf8',
        env: { ...process.env, DATABASE_URL: `file:${path.join(dir, 'unused.db')}` },
        stdio: ['ignore', 'pipe', 'ignore'],
      },
    )
    const conn = new Database(fromSchema)
    conn.exec(sql)
    conn.close()
    expect(describeSchema(migrated)).toEqual(describeSchema(fromSchema))
  }, 60_000)

  it('apply once, record themselves like prisma migrate, and are safe to run again', () => {
    const file = path.join(dir, 'twice.db')
    const all = fs.readdirSync('prisma/migrations').filter((name) => /^\d{14}_/.test(name))
    expect(migrateSqlite(`file:${file}`)).toEqual(all)
    expect(migrateSqlite(`file:${file}`)).toEqual([])
    const conn = new Database(file, { readonly: true })
    const rows = conn
      .prepare(`SELECT migration_name, finished_at IS NOT NULL AS done, checksum FROM _prisma_migrations`)
      .all()
    expect(rows).toEqual(
      all.map((name) => ({ migration_name: name, done: 1, checksum: expect.stringMatching(/^[0-9a-f]{64}$/) })),
    )
    expect(conn.pragma('journal_mode', { simple: true })).toBe('wal')
    conn.close()
  })

  it('roll back a failing migration entirely', () => {
    const migrations = path.join(dir, 'broken-migrations')
    fs.mkdirSync(path.join(migrations, '001_ok'), { recursive: true })
    fs.mkdirSync(path.join(migrations, '002_broken'), { recursive: true })
    fs.writeFileSync(path.join(migrations, '001_ok', 'migration.sql'), 'CREATE TABLE a (id INTEGER);')
    fs.writeFileSync(
      path.join(migrations, '002_broken', 'migration.sql'),
      'CREATE TABLE b (id INTEGER); INSERT INTO nowhere VALUES (1);',
    )
    const file = path.join(dir, 'broken.db')
    expect(() => migrateSqlite(`file:${file}`, migrations)).toThrow(/nowhere/)
    const conn = new Database(file, { readonly: true })
    const tables = (
      conn.prepare(`SELECT name FROM sqlite_master WHERE type='table' ORDER BY name`).all() as { name: string }[]
    ).map((t) => t.name)
    expect(tables).toEqual(['_prisma_migrations', 'a'])
    conn.close()
  })
})

describe('an applied migration edited afterwards', () => {
  function migrationsDir(name: string, files: Record<string, string>) {
    const migrations = path.join(dir, name)
    for (const [migration, sql] of Object.entries(files)) {
      fs.mkdirSync(path.join(migrations, migration), { recursive: true })
      fs.writeFileSync(path.join(migrations, migration, 'migration.sql'), sql)
    }
    return migrations
  }
  const tables = (file: string) => {
    const conn = new Database(file, { readonly: true })
    try {
      return (
        conn.prepare(`SELECT name FROM sqlite_master WHERE type='table' ORDER BY name`).all() as { name: string }[]
      )
        .map((t) => t.name)
        .filter((name) => name !== '_prisma_migrations')
    } finally {
      conn.close()
    }
  }

  it('stops the start with a message naming it and what to do, migrating nothing', () => {
    const migrations = migrationsDir('edited-migrations', { '001_first': 'CREATE TABLE a (id INTEGER);\n' })
    const file = path.join(dir, 'edited.db')
    expect(migrateSqlite(`file:${file}`, migrations)).toEqual(['001_first'])
    fs.writeFileSync(path.join(migrations, '001_first', 'migration.sql'), 'CREATE TABLE a (id INTEGER, x TEXT);\n')
    migrationsDir('edited-migrations', { '002_second': 'CREATE TABLE b (id INTEGER);\n' })
    expect(() => migrateSqlite(`file:${file}`, migrations)).toThrow(
      /Migration 001_first changed after it was applied.*001_first[/\\]migration\.sql.*git checkout.*new migration/,
    )
    // The pending migration was not applied either.
    expect(tables(file)).toEqual(['a'])
    // Restored as it was, the file is accepted again and what is pending runs.
    fs.writeFileSync(path.join(migrations, '001_first', 'migration.sql'), 'CREATE TABLE a (id INTEGER);\n')
    expect(migrateSqlite(`file:${file}`, migrations)).toEqual(['002_second'])
  })

  it('is not tripped by line endings alone (a checkout with CRLF, or back to LF)', () => {
    const lf = 'CREATE TABLE a (id INTEGER);\nCREATE TABLE b (id INTEGER);\n'
    const crlf = lf.replace(/\n/g, '\r\n')
    const fromLf = migrationsDir('lf-migrations', { '001_first': lf })
    const lfFile = path.join(dir, 'lf.db')
    migrateSqlite(`file:${lfFile}`, fromLf)
    fs.writeFileSync(path.join(fromLf, '001_first', 'migration.sql'), crlf)
    expect(migrateSqlite(`file:${lfFile}`, fromLf)).toEqual([])

    const fromCrlf = migrationsDir('crlf-migrations', { '001_first': crlf })
    const crlfFile = path.join(dir, 'crlf.db')
    migrateSqlite(`file:${crlfFile}`, fromCrlf)
    fs.writeFileSync(path.join(fromCrlf, '001_first', 'migration.sql'), lf)
    expect(migrateSqlite(`file:${crlfFile}`, fromCrlf)).toEqual([])
    // A real change in a CRLF checkout is still one.
    fs.writeFileSync(path.join(fromCrlf, '001_first', 'migration.sql'), crlf.replace('b (', 'c ('))
    expect(() => migrateSqlite(`file:${crlfFile}`, fromCrlf)).toThrow(/001_first changed after it was applied/)
  })
})

describe('migration 20261121013848_indicator_monthly', () => {
  it('fills the monthly figures from the tallies already kept', () => {
    const file = path.join(dir, 'backfill.db')
    const initOnly = path.join(dir, 'init-only')
    fs.mkdirSync(initOnly)
    fs.cpSync(path.resolve('prisma/migrations/20261120000000_init'), path.join(initOnly, '20261120000000_init'), {
      recursive: true,
    })
    migrateSqlite(`file:${file}`, initOnly)
    const conn = new Database(file)
    conn.exec(`INSERT INTO "Indicator" ("id", "code", "name", "kind", "unit", "rule", "updatedAt")
      VALUES ('i1', 'A', 'A', 'ACTIVITY', '人', 'UNIQUE_PERSONS', 0)`)
    // Cumulative from FY2026: p4 of FY2025 is before it, p1 came back in FY2027, p3 is new then.
    conn.exec(`UPDATE "Indicator" SET "cumulative" = 1, "baseYear" = 2026`)
    conn.exec(
      `INSERT INTO "IndicatorActual" ("indicatorId", "fiscalYear") VALUES ('i1', 2025), ('i1', 2026), ('i1', 2027)`,
    )
    conn.exec(`INSERT INTO "IndicatorTally" ("indicatorId", "fiscalYear", "month", "memberKey", "count")
      VALUES ('i1', 2025, 5, 'P:p4', 1), ('i1', 2027, 5, 'P:p1', 1), ('i1', 2027, 5, 'P:p3', 1)`)
    const tally = conn.prepare(
      `INSERT INTO "IndicatorTally" ("indicatorId", "fiscalYear", "month", "memberKey", "count") VALUES ('i1', 2026, ?, ?, ?)`,
    )
    // p1 in May and (twice) in January; p2 first in June (its April tally was undone); o1 in May and June.
    for (const [month, member, count] of [
      [5, 'P:p1', 1],
      [1, 'P:p1', 2],
      [4, 'P:p2', 0],
      [6, 'P:p2', 1],
      [5, 'O:o1', 1],
      [6, 'O:o1', 1],
    ] as const)
      tally.run(month, member, count)
    conn.close()
    migrateSqlite(`file:${file}`)
    const migrated = new Database(file, { readonly: true })
    const rows = migrated
      .prepare(
        `SELECT "fiscalMonth", "personTimes", "persons", "organizations" FROM "IndicatorMonthly"
         WHERE "fiscalYear" = 2026 ORDER BY "fiscalMonth"`,
      )
      .all()
    expect(
      migrated
        .prepare(`SELECT "fiscalYear", "newPersons", "newOrganizations" FROM "IndicatorActual" ORDER BY "fiscalYear"`)
        .all(),
    ).toEqual([
      { fiscalYear: 2025, newPersons: 0, newOrganizations: 0 },
      { fiscalYear: 2026, newPersons: 2, newOrganizations: 1 },
      { fiscalYear: 2027, newPersons: 1, newOrganizations: 0 },
    ])
    migrated.close()
    expect(rows).toEqual([
      { fiscalMonth: 0, personTimes: 0, persons: 0, organizations: 0 },
      { fiscalMonth: 1, personTimes: 1, persons: 1, organizations: 1 },
      { fiscalMonth: 2, personTimes: 1, persons: 1, organizations: 0 },
      { fiscalMonth: 9, personTimes: 2, persons: 0, organizations: 0 },
    ])
  })
})

describe('upgrading a database that holds data', () => {
  it('keeps every row of the tables a migration rebuilds and of the tables that refer to them', () => {
    const file = path.join(dir, 'upgrade.db')
    const initOnly = path.join(dir, 'init-only-upgrade')
    fs.mkdirSync(initOnly)
    fs.cpSync(path.resolve('prisma/migrations/20261120000000_init'), path.join(initOnly, '20261120000000_init'), {
      recursive: true,
    })
    migrateSqlite(`file:${file}`, initOnly)
    const conn = new Database(file)
    conn.exec(`
      INSERT INTO "Program" ("id", "code", "name", "updatedAt") VALUES ('p1', 'P', '事業', 0);
      INSERT INTO "Seminar" ("id", "programId", "title", "category", "mode", "registrationOpensAt", "registrationClosesAt", "updatedAt")
        VALUES ('s1', 'p1', 'セミナー', 'セミナー', 'IN_PERSON', 0, 0, 0);
      INSERT INTO "Session" ("id", "seminarId", "number", "startsAt", "endsAt", "updatedAt") VALUES ('x1', 's1', 1, 0, 0, 0);
      INSERT INTO "Person" ("id", "emailNormalized", "name", "updatedAt") VALUES ('m1', 'a@example.jp', '参加', 0);
      INSERT INTO "Registration" ("id", "seminarId", "personId", "name", "furigana", "email", "emailNormalized", "inCity",
        "mode", "status", "manageToken", "code", "updatedAt")
        VALUES ('r1', 's1', 'm1', '参加', 'さんか', 'a@example.jp', 'a@example.jp', 1, 'IN_PERSON', 'CONFIRMED', 't', 'C', 0),
               ('r2', 's1', 'm1', '参加', 'さんか', 'a@example.jp', 'a@example.jp', 0, 'IN_PERSON', 'CANCELLED', 't2', 'C2', 0);
      INSERT INTO "Attendance" ("id", "sessionId", "registrationId", "mode", "source", "updatedAt")
        VALUES ('a1', 'x1', 'r1', 'IN_PERSON', 'QR', 0);
    `)
    conn.close()
    migrateSqlite(`file:${file}`)
    const migrated = new Database(file, { readonly: true })
    for (const table of ['Program', 'Seminar', 'Session', 'Attendance']) {
      expect(migrated.prepare(`SELECT count(*) AS n FROM "${table}"`).get(), table).toEqual({ n: 1 })
    }
    // In the city or not stays as it was (the column became nullable: unknown is new, not a rewrite).
    expect(migrated.prepare(`SELECT "id", "inCity" FROM "Registration" ORDER BY "id"`).all()).toEqual([
      { id: 'r1', inCity: 1 },
      { id: 'r2', inCity: 0 },
    ])
    migrated.close()
  })
})

describe('migration 20261130012338_categories', () => {
  it('turns free-text categories into one managed list, NFKC-normalized and trimmed, keeping every seminar and scope', () => {
    const file = path.join(dir, 'categories.db')
    const before = path.join(dir, 'before-categories')
    fs.mkdirSync(before)
    for (const name of fs.readdirSync('prisma/migrations').filter((n) => /^\d{14}_/.test(n) && n < '20261130012338'))
      fs.cpSync(path.resolve('prisma/migrations', name), path.join(before, name), { recursive: true })
    migrateSqlite(`file:${file}`, before)
    const conn = new Database(file)
    const seminar = conn.prepare(`INSERT INTO "Seminar" ("id", "programId", "title", "category", "mode",
      "registrationOpensAt", "registrationClosesAt", "updatedAt") VALUES (?, 'p1', ?, ?, 'IN_PERSON', 0, 0, 0)`)
    conn.exec(`INSERT INTO "Program" ("id", "code", "name", "updatedAt") VALUES ('p1', 'P', '事業', 0)`)
    // A trailing space, a full-width space and half-width katakana: all 「セミナー」.
    for (const [id, category] of [
      ['s1', 'セミナー'],
      ['s2', 'セミナー '],
      ['s3', '\u3000ｾﾐﾅｰ'],
      ['s4', '講座'],
      ['s5', '  '],
    ])
      seminar.run(id, id, category)
    conn.exec(
      `INSERT INTO "Session" ("id", "seminarId", "number", "startsAt", "endsAt", "updatedAt") VALUES ('x1', 's1', 1, 0, 0, 0)`,
    )
    const indicator =
      conn.prepare(`INSERT INTO "Indicator" ("id", "code", "name", "unit", "rule", "categories", "updatedAt")
      VALUES (?, ?, ?, '人', 'PERSON_TIMES', ?, 0)`)
    indicator.run('i1', 'A', 'セミナーと交流会', JSON.stringify(['セミナー ', 'ｾﾐﾅｰ', '交流会']))
    indicator.run('i2', 'B', 'すべて', '[]')
    conn.close()

    migrateSqlite(`file:${file}`)
    const migrated = new Database(file, { readonly: true })
    const categories = migrated
      .prepare(`SELECT "id", "name", "sortOrder" FROM "Category" ORDER BY "sortOrder"`)
      .all() as {
      id: string
      name: string
    }[]
    expect(categories.map((c) => c.name)).toEqual(['セミナー', '交流会', '未分類', '講座'].sort())
    const idOf = (name: string) => categories.find((c) => c.name === name)!.id
    expect(migrated.prepare(`SELECT "id", "categoryId" FROM "Seminar" ORDER BY "id"`).all()).toEqual([
      { id: 's1', categoryId: idOf('セミナー') },
      { id: 's2', categoryId: idOf('セミナー') },
      { id: 's3', categoryId: idOf('セミナー') },
      { id: 's4', categoryId: idOf('講座') },
      { id: 's5', categoryId: idOf('未分類') },
    ])
    expect(
      migrated
        .prepare(`SELECT "indicatorId", "categoryId" FROM "IndicatorCategory" ORDER BY "indicatorId", "categoryId"`)
        .all(),
    ).toEqual(
      [
        { indicatorId: 'i1', categoryId: idOf('セミナー') },
        { indicatorId: 'i1', categoryId: idOf('交流会') },
      ].sort((x, y) => x.categoryId.localeCompare(y.categoryId)),
    )
    expect(migrated.prepare(`SELECT count(*) AS n FROM "Session"`).get()).toEqual({ n: 1 })
    migrated.close()
  })
})
