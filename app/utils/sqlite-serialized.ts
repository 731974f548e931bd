import type { Database } from 'better-sqlite3'
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

function serializedTransaction(tx: Transaction, release: () => void): Transaction {
  let released = false
  const end = (finish: () => Promise<void>) => async () => {
    try {
      await finish()
    } finally {
      if (!released) release()
      released = true
    }
  }
  return {
    provider: tx.provider,
    adapterName: tx.adapterName,
    options: tx.options,
    queryRaw: (query: SqlQuery) => tx.queryRaw(query),
    executeRaw: (query: SqlQuery) => tx.executeRaw(query),
    commit: end(() => tx.commit()),
    rollback: end(() => tx.rollback()),
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
      if (client && typeof client.prepare === 'function') {
        // Deleted and overwritten content is zeroed in the file, not left in free space: a removed
        // name must not stay readable in the database file or the backups taken of it.
        client.pragma('secure_delete = ON')
        cachePreparedStatements(client)
      }
      const queue = new Queue()
      return {
        provider: inner.provider,
        adapterName: inner.adapterName,
        queryRaw: (query) => queue.run(() => inner.queryRaw(query)),
        executeRaw: (query) => queue.run(() => inner.executeRaw(query)),
        executeScript: (script) => queue.run(() => inner.executeScript(script)),
        async startTransaction(isolationLevel) {
          const release = await queue.acquire()
          try {
            return serializedTransaction(await inner.startTransaction(isolationLevel), release)
          } catch (error) {
            release()
            throw error
          }
        },
        ...(inner.getConnectionInfo ? { getConnectionInfo: () => inner.getConnectionInfo!() } : {}),
        dispose: () => inner.dispose(),
      }
    },
  }
}
