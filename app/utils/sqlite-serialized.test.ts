import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { PrismaBetterSQLite3 } from '@prisma/adapter-better-sqlite3'
import Database from 'better-sqlite3'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { PrismaClient } from '~/generated/prisma/client'
import { databaseUnavailable } from './database-errors'
import { migrate } from './migrate.server'
import { serializedSqlite } from './sqlite-serialized'

/**
 * SQLITE_FULL at the exact statement: the adapter's real connection, whose BEGIN or COMMIT throws
 * the error SQLite gives on a full disk — once, when armed. The failed COMMIT leaves the transaction
 * open, the worst case SQLite allows (it may or may not roll back by itself).
 */
function faultyAdapter(file: string, failing: Set<string>, rollback = { fails: false }) {
  const factory = new PrismaBetterSQLite3({ url: `file:${file}` })
  return serializedSqlite({
    provider: factory.provider,
    adapterName: factory.adapterName,
    async connect() {
      const adapter = await factory.connect()
      const client = (adapter as unknown as { client: Database.Database }).client
      const prepare = client.prepare.bind(client)
      const exec = client.exec.bind(client)
      const ioError = () => new Database.SqliteError('disk I/O error', 'SQLITE_IOERR')
      ;(client as { exec: unknown }).exec = (sql: string) => {
        if (rollback.fails && sql === 'ROLLBACK') throw ioError()
        return exec(sql)
      }
      ;(client as { prepare: unknown }).prepare = (sql: string) => {
        const statement = prepare(sql)
        if (sql === 'ROLLBACK') {
          const run = statement.run.bind(statement)
          return Object.assign(statement, {
            run: (...args: unknown[]) => {
              if (rollback.fails) throw ioError()
              return run(...(args as []))
            },
          })
        }
        if (sql !== 'BEGIN IMMEDIATE' && sql !== 'COMMIT') return statement
        const run = statement.run.bind(statement)
        return Object.assign(statement, {
          run: (...args: unknown[]) => {
            if (failing.delete(sql)) throw new Database.SqliteError('database or disk is full', 'SQLITE_FULL')
            return run(...(args as []))
          },
        })
      }
      return adapter
    },
  })
}

describe('the serialized SQLite connection after a failed BEGIN or COMMIT', () => {
  let dir: string
  let file: string
  let failing: Set<string>
  let rollback: { fails: boolean }
  let db: PrismaClient

  beforeEach(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'jisseki-sqlite-fault-'))
    file = path.join(dir, 'test.db')
    await migrate(`file:${file}`)
    failing = new Set()
    rollback = { fails: false }
    db = new PrismaClient({ adapter: faultyAdapter(file, failing, rollback) })
  })
  afterEach(async () => {
    await db.$disconnect()
    fs.rmSync(dir, { recursive: true, force: true })
  })

  const addCategory = (name: string) => db.category.create({ data: { name, sortOrder: 0 } })
  /** What another connection reads from the file: only committed rows. */
  const committedNames = () => {
    const reader = new Database(file, { readonly: true })
    try {
      return (reader.prepare('SELECT name FROM Category ORDER BY name').all() as { name: string }[]).map((r) => r.name)
    } finally {
      reader.close()
    }
  }

  it('answers the failed BEGIN with SQLITE_FULL, then runs the next query and transaction', async () => {
    failing.add('BEGIN IMMEDIATE')
    await expect(db.$transaction(async (tx) => tx.category.count())).rejects.toMatchObject({ code: 'SQLITE_FULL' })
    // Before the fix the adapter's mutex stayed locked: this waited forever.
    await db.$transaction(async (tx) => {
      await tx.category.create({ data: { name: 'after-begin', sortOrder: 0 } })
    })
    await addCategory('plain')
    expect(committedNames()).toEqual(['after-begin', 'plain'])
  })

  it('rolls back what the failed COMMIT left open, so later writes are not swallowed by it', async () => {
    failing.add('COMMIT')
    await expect(
      db.$transaction(async (tx) => {
        await tx.category.create({ data: { name: 'lost', sortOrder: 0 } })
      }),
    ).rejects.toMatchObject({ code: 'SQLITE_FULL' })
    await addCategory('plain')
    await db.$transaction(async (tx) => {
      await tx.category.create({ data: { name: 'after-commit', sortOrder: 0 } })
    })
    // Committed for another connection too: the connection is not stuck inside the failed transaction.
    expect(committedNames()).toEqual(['after-commit', 'plain'])
    expect(await db.category.count()).toBe(2)
  })

  it('refuses a write rather than let it join a transaction that could not be rolled back', async () => {
    failing.add('COMMIT')
    rollback.fails = true
    await expect(
      db.$transaction(async (tx) => {
        await tx.category.create({ data: { name: 'lost', sortOrder: 0 } })
      }),
    ).rejects.toBeDefined()
    // Still inside that transaction: a write now would be reported done, then undone with it.
    const refused = await addCategory('refused').catch((error: unknown) => error)
    expect(databaseUnavailable(refused)).toEqual({ reason: 'database', detail: 'i/o error' })
    rollback.fails = false
    await addCategory('after')
    await db.$transaction(async (tx) => tx.category.count())
    expect(committedNames()).toEqual(['after'])
  })

  it('keeps working after a statement fails with a real SQLITE_FULL inside a transaction', async () => {
    const pages = Number((await db.$queryRawUnsafe<{ page_count: bigint }[]>('PRAGMA page_count'))[0].page_count)
    await db.$executeRawUnsafe(`PRAGMA max_page_count = ${pages}`)
    await expect(
      db.$transaction(async (tx) => {
        for (let i = 0; i < 50; i++)
          await tx.category.create({ data: { name: `big-${i}-${'x'.repeat(4000)}`, sortOrder: 0 } })
      }),
    ).rejects.toMatchObject({ code: 'SQLITE_FULL' })
    await db.$executeRawUnsafe('PRAGMA max_page_count = 1073741823')
    await addCategory('space-back')
    expect(committedNames()).toEqual(['space-back'])
  })
})
