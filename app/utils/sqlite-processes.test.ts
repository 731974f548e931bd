import { execFileSync } from 'node:child_process'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createTestDb, type TestDb } from '../../tests/support/test-db'
import { sqlitePath } from './database-url'

/**
 * Several app processes on one SQLite file (WEB_CONCURRENCY, docs/decisions/0052): a transaction
 * that reads first and writes later must hold the write lock from its start. Begun DEFERRED, it
 * would let another process commit in between, and its own write would then fail at once with
 * SQLITE_BUSY — which busy_timeout does not wait out — answering an error to someone whose
 * registration was fine. The other process here is a real one, writing with no busy wait.
 */
const OTHER_PROCESS_WRITES = `
const Database = require('better-sqlite3')
const db = new Database(process.argv[1], { timeout: 0 })
try {
  db.prepare('INSERT INTO "Category" ("id", "name", "sortOrder", "createdAt", "updatedAt") VALUES (?, ?, 0, ?, ?)')
    .run('other-process', '別のプロセス', Date.now(), Date.now())
  process.stdout.write('written')
} catch (error) {
  process.stdout.write(error.code)
}
`
const otherProcessWrites = (file: string) =>
  execFileSync(process.execPath, ['-e', OTHER_PROCESS_WRITES, file], { encoding: 'utf8' })

describe.skipIf(process.env.JISSEKI_TEST_DB === 'postgres')('a transaction beside another process', () => {
  let t: TestDb
  beforeEach(async () => {
    t = await createTestDb()
  })
  afterEach(async () => {
    await t.drop()
  })

  it('holds the write lock from its start: it commits, and the other process waits its turn', async () => {
    const file = sqlitePath(t.url)
    let other = ''
    await t.db.$transaction(async (tx) => {
      await tx.category.count()
      other = otherProcessWrites(file)
      await tx.category.create({ data: { name: '読んでから書く', sortOrder: 1 } })
    })
    expect(other).toBe('SQLITE_BUSY')
    expect(await t.db.category.count({ where: { name: '読んでから書く' } })).toBe(1)
    // Once the transaction is over, the other process writes.
    expect(otherProcessWrites(file)).toBe('written')
  })
})
