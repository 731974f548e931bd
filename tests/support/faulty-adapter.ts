import type { SqlDriverAdapterFactory, Transaction } from '@prisma/driver-adapter-utils'
import { connectionWith, factoryWith, transactionWith } from '~/utils/adapter-wrap'

/** Where a statement runs: on its own, or inside a transaction. */
export type StatementPlace = 'alone' | 'transaction'

/**
 * Wraps a driver adapter (createDb's `wrapAdapter`) so that the statements `shouldFail` picks throw
 * instead of reaching the database, as a lost connection or a pool that gave up would.
 * `commits` counts the transactions committed so far, so a test can fail exactly the statements
 * that follow a commit.
 */
export function faultyAdapter(shouldFail: (sql: string, place: StatementPlace) => boolean) {
  const state = { commits: 0, failed: 0 }
  const guard = (sql: string, place: StatementPlace) => {
    if (!shouldFail(sql, place)) return
    state.failed++
    throw new Error(`injected fault (${place}): ${sql.slice(0, 80)}`)
  }
  const transaction = (tx: Transaction): Transaction =>
    transactionWith(tx, {
      queryRaw: async (query) => (guard(query.sql, 'transaction'), tx.queryRaw(query)),
      executeRaw: async (query) => (guard(query.sql, 'transaction'), tx.executeRaw(query)),
      commit: async () => {
        await tx.commit()
        state.commits++
      },
    })
  const wrap = (factory: SqlDriverAdapterFactory): SqlDriverAdapterFactory =>
    factoryWith(factory, (inner) =>
      connectionWith(inner, {
        queryRaw: async (query) => (guard(query.sql, 'alone'), inner.queryRaw(query)),
        executeRaw: async (query) => (guard(query.sql, 'alone'), inner.executeRaw(query)),
        startTransaction: async (isolationLevel) => transaction(await inner.startTransaction(isolationLevel)),
      }),
    )
  return { wrap, state }
}
