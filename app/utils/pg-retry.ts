import type { SqlDriverAdapter, SqlDriverAdapterFactory, SqlQuery, Transaction } from '@prisma/driver-adapter-utils'
import { connectionWith, transactionWith } from './adapter-wrap'
import { rememberFailedCommit } from './database-errors'

/**
 * A pooled PostgreSQL connection whose server process was ended (pg_terminate_backend, a restart)
 * fails the next statement given to it when the pool has not noticed yet. That statement is tried
 * once more, on another connection, when repeating it cannot apply anything twice
 * (docs/decisions/0024-database-faults.md):
 *  - it never reached the server (node-postgres refused it: "not queryable");
 *  - the server answered it with the termination itself (57P01, 57P02): it ended the session
 *    instead of running or committing the statement, which ran on its own (no transaction), so
 *    nothing of it stayed;
 *  - it only reads (SELECT), whatever happened to the connection;
 *  - it is a transaction's BEGIN: nothing of the transaction has run yet.
 * Never a statement inside a transaction (what ran before it is gone with the connection: the
 * whole transaction fails), and never a write whose connection dropped without an answer (it may
 * have committed). Those fail as before, answered 503.
 */

const TERMINATED = new Set(['57P01', '57P02'])

function codeOf(error: unknown): string | undefined {
  const cause = (error as { cause?: { code?: unknown; originalCode?: unknown } })?.cause
  const code = cause?.originalCode ?? cause?.code ?? (error as { code?: unknown })?.code
  return typeof code === 'string' ? code : undefined
}

function messageOf(error: unknown): string {
  const e = error as { message?: unknown; cause?: { message?: unknown; originalMessage?: unknown } }
  return [e?.message, e?.cause?.message, e?.cause?.originalMessage].filter((m) => typeof m === 'string').join(' ')
}

function connectionLost(error: unknown): boolean {
  const code = codeOf(error)
  if (code && (TERMINATED.has(code) || code === 'ECONNRESET' || code === 'EPIPE')) return true
  return /Connection terminated unexpectedly|not queryable|kind: "ConnectionClosed"/i.test(messageOf(error))
}

const READ_ONLY = /^\s*SELECT\b/i

/** Whether a statement outside a transaction may be sent again after this error. */
export function safeToRetry(error: unknown, query: SqlQuery): boolean {
  if (!connectionLost(error)) return false
  if (/not queryable/i.test(messageOf(error))) return true
  const code = codeOf(error)
  if (code && TERMINATED.has(code)) return true
  return READ_ONLY.test(query.sql)
}

async function once<T>(run: () => Promise<T>, retry: (error: unknown) => boolean): Promise<T> {
  try {
    return await run()
  } catch (error) {
    if (!retry(error)) throw error
    return run()
  }
}

/** The transaction as the adapter made it; a failed COMMIT is remembered for the error page. */
function remembering(tx: Transaction): Transaction {
  return transactionWith(tx, {
    executeRaw: (query) =>
      tx.executeRaw(query).catch((error: unknown) => {
        if (query.sql === 'COMMIT') rememberFailedCommit(error)
        throw error
      }),
  })
}

function retrying(inner: SqlDriverAdapter): SqlDriverAdapter {
  return connectionWith(inner, {
    queryRaw: (query) =>
      once(
        () => inner.queryRaw(query),
        (error) => safeToRetry(error, query),
      ),
    executeRaw: (query) =>
      once(
        () => inner.executeRaw(query),
        (error) => safeToRetry(error, query),
      ),
    startTransaction: async (isolationLevel) =>
      remembering(await once(() => inner.startTransaction(isolationLevel), connectionLost)),
  })
}

/**
 * Makes the pg adapter factory's connections retry as above. Changes the factory itself, so
 * db.server.ts adds one line and keeps its pool settings as they are.
 */
export function retryLostConnections(factory: SqlDriverAdapterFactory): void {
  const connect = factory.connect.bind(factory)
  factory.connect = async () => retrying(await connect())
}
