import type { SqlDriverAdapter, SqlDriverAdapterFactory, Transaction } from '@prisma/driver-adapter-utils'

/**
 * Prisma driver adapters are wrapped in several layers (progress for /healthz, the PostgreSQL
 * retry, tests' injected faults): each replaces a few members and forwards the rest as they are.
 */
type ConnectionChanges = Partial<
  Pick<SqlDriverAdapter, 'queryRaw' | 'executeRaw' | 'executeScript' | 'startTransaction'>
>
type TransactionChanges = Partial<Pick<Transaction, 'queryRaw' | 'executeRaw' | 'commit' | 'rollback'>>

export function connectionWith(inner: SqlDriverAdapter, changes: ConnectionChanges): SqlDriverAdapter {
  return {
    provider: inner.provider,
    adapterName: inner.adapterName,
    queryRaw: (query) => inner.queryRaw(query),
    executeRaw: (query) => inner.executeRaw(query),
    executeScript: (script) => inner.executeScript(script),
    startTransaction: (isolationLevel) => inner.startTransaction(isolationLevel),
    ...(inner.getConnectionInfo ? { getConnectionInfo: () => inner.getConnectionInfo!() } : {}),
    dispose: () => inner.dispose(),
    ...changes,
  }
}

export function transactionWith(tx: Transaction, changes: TransactionChanges): Transaction {
  return {
    provider: tx.provider,
    adapterName: tx.adapterName,
    options: tx.options,
    queryRaw: (query) => tx.queryRaw(query),
    executeRaw: (query) => tx.executeRaw(query),
    commit: () => tx.commit(),
    rollback: () => tx.rollback(),
    ...changes,
  }
}

/** The factory whose connections are `wrap`ped as they are made. */
export function factoryWith(
  factory: SqlDriverAdapterFactory,
  wrap: (connection: SqlDriverAdapter) => SqlDriverAdapter,
): SqlDriverAdapterFactory {
  return {
    provider: factory.provider,
    adapterName: factory.adapterName,
    connect: async () => wrap(await factory.connect()),
  }
}
