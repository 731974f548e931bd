import Database from 'better-sqlite3'
import { describe, expect, it } from 'vitest'
import { cachePreparedStatements } from './sqlite-statement-cache'

/** The calls Prisma's better-sqlite3 adapter makes, on a real in-memory database. */
describe('the prepared-statement cache', () => {
  it('prepares each SQL text once and binds fresh arguments on every call', () => {
    const db = new Database(':memory:')
    db.defaultSafeIntegers(true)
    db.exec('CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT)')
    let prepared = 0
    const original = db.prepare.bind(db)
    ;(db as { prepare: unknown }).prepare = (sql: string) => {
      prepared++
      return original(sql)
    }
    cachePreparedStatements(db)
    const insert = 'INSERT INTO t (id, name) VALUES (?, ?)'
    for (const [id, name] of [
      [1, 'あ'],
      [2, 'い'],
      [3, 'う'],
    ] as const) {
      expect(db.prepare(insert).bind([id, name]).run()).toMatchObject({ changes: 1 })
    }
    const select = db.prepare('SELECT id, name FROM t WHERE id >= ? ORDER BY id').bind([2])
    expect(select.reader).toBe(true)
    expect(select.columns().map((c) => c.name)).toEqual(['id', 'name'])
    expect(select.raw().all()).toEqual([
      [2n, 'い'],
      [3n, 'う'],
    ])
    // The same statement again, other arguments.
    expect(db.prepare('SELECT id, name FROM t WHERE id >= ? ORDER BY id').bind([3]).raw().all()).toEqual([[3n, 'う']])
    expect(db.prepare(insert).bind([4, 'え']).reader).toBe(false)
    // A transaction as the adapter opens it.
    db.prepare('BEGIN').run()
    db.prepare(insert).bind([5, 'お']).run()
    db.exec('ROLLBACK')
    expect(db.prepare('SELECT count(*) FROM t').bind([]).raw().all()).toEqual([[3n]])
    expect(prepared).toBe(4) // INSERT, SELECT … WHERE, BEGIN, SELECT count(*)
    db.close()
  })

  it('reports a failing statement as better-sqlite3 does, and keeps working', () => {
    const db = new Database(':memory:')
    db.exec('CREATE TABLE u (email TEXT UNIQUE)')
    cachePreparedStatements(db)
    const insert = 'INSERT INTO u (email) VALUES (?)'
    db.prepare(insert).bind(['a@example.jp']).run()
    expect(() => db.prepare(insert).bind(['a@example.jp']).run()).toThrow(/UNIQUE/)
    expect(db.prepare(insert).bind(['b@example.jp']).run()).toMatchObject({ changes: 1 })
    expect(() => db.prepare('SELECT nope FROM u')).toThrow(/no such column/)
    db.close()
  })
})
