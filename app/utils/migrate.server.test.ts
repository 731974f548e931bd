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
      columns: conn.prepare(`PRAGMA table_info("${name}")`).all(),
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
    expect(migrateSqlite(`file:${file}`)).toEqual(['20261120000000_init'])
    expect(migrateSqlite(`file:${file}`)).toEqual([])
    const conn = new Database(file, { readonly: true })
    const rows = conn
      .prepare(`SELECT migration_name, finished_at IS NOT NULL AS done, checksum FROM _prisma_migrations`)
      .all()
    expect(rows).toEqual([
      { migration_name: '20261120000000_init', done: 1, checksum: expect.stringMatching(/^[0-9a-f]{64}$/) },
    ])
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
