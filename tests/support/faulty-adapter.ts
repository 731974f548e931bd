import type { SqlDriverAdapter, SqlDriverAdapterFactory, SqlQuery, Transaction } from '@prisma/driver-adapter-utils'

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
  const transaction = (tx: Transaction): Transaction => ({
    provider: tx.provider,
    adapterName: tx.adapterName,
    options: tx.options,
    queryRaw: async (query: SqlQuery) => (guard(query.sql, 'transaction'), tx.queryRaw(query)),
    executeRaw: async (query: SqlQuery) => (guard(query.sql, 'transaction'), tx.executeRaw(query)),
    commit: async () => {
      await tx.commit()
      state.commits++
    },
    rollback: () => tx.rollback(),
  })
  const wrap = (factory: SqlDriverAdapterFactory): SqlDriverAdapterFactory => ({
    provider: factory.provider,
    adapterName: factory.adapterName,
    async connect(): Promise<SqlDriverAdapter> {
      const inner = await factory.connect()
      return {
        provider: inner.provider,
        adapterName: inner.adapterName,
        queryRaw: async (query) => (guard(query.sql, 'alone'), inner.queryRaw(query)),
        executeRaw: async (query) => (guard(query.sql, 'alone'), inner.executeRaw(query)),
        executeScript: (script) => inner.executeScript(script),
        startTransaction: async (isolationLevel) => transaction(await inner.startTransaction(isolationLevel)),
        ...(inner.getConnectionInfo ? { getConnectionInfo: () => inner.getConnectionInfo!() } : {}),
        dispose: () => inner.dispose(),
      }
    },
  })
  return { wrap, state }
}
