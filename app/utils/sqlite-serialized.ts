import type { Database } from 'better-sqlite3'
import { rememberFailedCommit } from './database-errors'
import { cachePreparedStatements } from './sqlite-statement-cache'
import type { SqlDriverAdapter, SqlDriverAdapterFactory, SqlQuery, Transaction } from '@prisma/driver-adapter-utils'

/**
 * The better-sqlite3 adapter keeps one connection. It makes transactions wait for each other,
 * but a query outside a transaction runs at once on that connection — inside whatever
 * transaction another request has open: it reads that request's uncommitted rows and its writes
 * are rolled back with them. This wrapper puts every query and every transaction in one queue,
 * so a query waits for an open transaction to end (docs/decisions/0004-seat-allocation.md).
 */
class Queue {
  private tail: Promise<void> = Promise.resolve()

  /** Resolves with a release function once every earlier holder has released. */
  acquire(): Promise<() => void> {
    let release!: () => void
    const held = new Promise<void>((resolve) => (release = resolve))
    const turn = this.tail.then(() => release)
    this.tail = this.tail.then(() => held)
    return turn
  }

  async run<T>(work: () => Promise<T>): Promise<T> {
    const release = await this.acquire()
    try {
      return await work()
    } finally {
      release()
    }
  }
}

const statement = (sql: string): SqlQuery => ({ sql, args: [], argTypes: [] })

/**
 * Ends whatever transaction the connection is still in. A COMMIT or ROLLBACK that failed
 * (SQLITE_FULL, SQLITE_IOERR: SQLite may or may not have rolled back by itself) can leave it open,
 * and every later statement would then run inside it (docs/decisions/0024-database-faults.md).
 */
function rollbackIfOpen(client: Database): void {
  if (!client.inTransaction) return
  try {
    client.exec('ROLLBACK')
  } catch {
    // Still open: the next statement tries again before it runs (ensureNoOpenTransaction).
  }
}

/**
 * Makes sure the connection is outside any transaction before a statement or a BEGIN runs on it.
 * When even a second ROLLBACK fails (a lasting I/O error), a write now would join that transaction
 * and be undone with it after it was reported done: refused instead, as an I/O error (a 503).
 */
function ensureNoOpenTransaction(client: Database): void {
  rollbackIfOpen(client)
  if (client.inTransaction) {
    throw Object.assign(new Error('disk I/O error: a failed transaction could not be rolled back'), {
      code: 'SQLITE_IOERR',
    })
  }
}

/**
 * One transaction on the queue's connection. Prisma ends a transaction by running COMMIT (or
 * ROLLBACK) as a statement and then calling commit() (or rollback()); when that statement throws,
 * it calls neither. So a failed COMMIT or ROLLBACK rolls back and frees the queue here itself —
 * otherwise the one connection stays taken and every later request waits forever.
 */
function serializedTransaction(inner: SqlDriverAdapter, client: Database, release: () => void): Transaction {
  let open = true
  const finish = () => {
    if (open) release()
    open = false
  }
  const end = async (sql: 'COMMIT' | 'ROLLBACK') => {
    try {
      return await inner.executeRaw(statement(sql))
    } catch (error) {
      if (sql === 'COMMIT') rememberFailedCommit(error)
      rollbackIfOpen(client)
      finish()
      // A ROLLBACK that found nothing to roll back (SQLite had already done it) did its job.
      if (sql === 'ROLLBACK' && !client.inTransaction) return 0
      throw error
    }
  }
  return {
    provider: inner.provider,
    adapterName: inner.adapterName,
    options: { usePhantomQuery: false },
    queryRaw: (query: SqlQuery) => inner.queryRaw(query),
    executeRaw: (query: SqlQuery) =>
      query.sql === 'COMMIT' || query.sql === 'ROLLBACK' ? end(query.sql) : inner.executeRaw(query),
    commit: async () => finish(),
    rollback: async () => finish(),
  }
}

export function serializedSqlite(factory: SqlDriverAdapterFactory): SqlDriverAdapterFactory {
  return {
    provider: factory.provider,
    adapterName: factory.adapterName,
    async connect(): Promise<SqlDriverAdapter> {
      const inner = await factory.connect()
      // The adapter's one better-sqlite3 connection (a public field of the 6.19 adapter).
      const client = (inner as unknown as { client?: Database }).client
      if (!client || typeof client.prepare !== 'function') {
        throw new Error('The better-sqlite3 adapter no longer exposes its connection (expected in 6.19)')
      }
      const connection = client
      // Deleted and overwritten content is zeroed in the file, not left in free space: a removed
      // name must not stay readable in the database file or the backups taken of it.
      connection.pragma('secure_delete = ON')
      cachePreparedStatements(connection)
      const queue = new Queue()
      return {
        provider: inner.provider,
        adapterName: inner.adapterName,
        queryRaw: (query) =>
          queue.run(() => {
            ensureNoOpenTransaction(connection)
            return inner.queryRaw(query)
          }),
        executeRaw: (query) =>
          queue.run(() => {
            ensureNoOpenTransaction(connection)
            return inner.executeRaw(query)
          }),
        executeScript: (script) =>
          queue.run(() => {
            ensureNoOpenTransaction(connection)
            return inner.executeScript(script)
          }),
        // Transactions are begun here on the adapter's connection, not by the adapter's own
        // startTransaction: its mutex stays locked for good when BEGIN throws (SQLITE_FULL,
        // SQLITE_BUSY), and this queue already keeps transactions apart.
        async startTransaction(isolationLevel) {
          // The adapter refuses other levels before it takes its mutex: its own error, as before.
          if (isolationLevel && isolationLevel !== 'SERIALIZABLE') return inner.startTransaction(isolationLevel)
          const release = await queue.acquire()
          try {
            ensureNoOpenTransaction(connection)
            // IMMEDIATE: the write lock is taken at the start. With several app processes on one
            // file (WEB_CONCURRENCY), a transaction that read first and wrote later could find
            // another process's commit in between and fail at once with SQLITE_BUSY (busy_timeout
            // does not wait for that); taken at BEGIN, the lock waits its turn instead.
            await inner.executeRaw(statement('BEGIN IMMEDIATE'))
          } catch (error) {
            release()
            throw error
          }
          return serializedTransaction(inner, connection, release)
        },
        ...(inner.getConnectionInfo ? { getConnectionInfo: () => inner.getConnectionInfo!() } : {}),
        dispose: () => inner.dispose(),
      }
    },
  }
}
