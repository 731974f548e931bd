import type { SqlDriverAdapterFactory, Transaction } from '@prisma/driver-adapter-utils'
import { connectionWith, factoryWith, transactionWith } from './adapter-wrap'

/**
 * When the database last finished a statement, for /healthz: a check that waits its turn behind a
 * burst (SQLite's one connection, a busy pool) while other statements keep finishing is a busy
 * database, not a dead one — a load balancer must not take the instance out for it
 * (docs/decisions/0024-database-faults.md).
 */
const KEY = Symbol.for('jisseki.databaseProgressAt')
const holder = globalThis as unknown as Record<symbol, number | undefined>

export function lastDatabaseProgressAt(): number {
  return holder[KEY] ?? 0
}

function noted<T>(work: Promise<T>): Promise<T> {
  return work.then((result) => {
    holder[KEY] = Date.now()
    return result
  })
}

function noticingTransaction(tx: Transaction): Transaction {
  return transactionWith(tx, {
    queryRaw: (query) => noted(tx.queryRaw(query)),
    executeRaw: (query) => noted(tx.executeRaw(query)),
  })
}

/** The adapter factory, its connections noting each statement that finishes. */
export function noticingProgress(factory: SqlDriverAdapterFactory): SqlDriverAdapterFactory {
  return factoryWith(factory, (inner) =>
    connectionWith(inner, {
      queryRaw: (query) => noted(inner.queryRaw(query)),
      executeRaw: (query) => noted(inner.executeRaw(query)),
      executeScript: (script) => noted(inner.executeScript(script)),
      startTransaction: async (isolationLevel) => noticingTransaction(await inner.startTransaction(isolationLevel)),
    }),
  )
}
