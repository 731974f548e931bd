import { createRequire } from 'node:module'
import { PrismaBetterSQLite3 } from '@prisma/adapter-better-sqlite3'
import type { SqlDriverAdapterFactory } from '@prisma/driver-adapter-utils'
import { PrismaClient } from '~/generated/prisma/client'
import { PrismaClient as PostgresClient } from '~/generated/prisma-pg/client'
import { isPostgresUrl, sqlitePath } from './database-url'
import { env } from './env.server'
import { noticingProgress } from './database-progress'
import { retryLostConnections } from './pg-retry'
import { restrictSqliteFiles } from './private-files.server'
import { serializedSqlite } from './sqlite-serialized'

/**
 * The database client. Both generated clients have the same models and API (one schema source,
 * docs/decisions/0007-postgresql.md); the SQLite client's type stands for both.
 */
export type Db = PrismaClient

export { isPostgresUrl, sqlitePath }

/**
 * How long a request may wait for the database under a burst: for a transaction to start (maxWait)
 * and, on PostgreSQL, for a pooled connection. The two are one figure: a pool giving up earlier
 * than the transaction answered 500 to requests that were still allowed to wait
 * (docs/decisions/0025-registration-under-contention.md).
 */
export const DATABASE_WAIT_MS = 60_000

export type DbOptions = {
  /** PostgreSQL connections of the pool (tests make it small to hold them all busy). */
  poolSize?: number
  /** Wraps the driver adapter: tests inject a fault at an exact statement. */
  wrapAdapter?: (adapter: SqlDriverAdapterFactory) => SqlDriverAdapterFactory
}

export function createDb(databaseUrl: string, { poolSize = 10, wrapAdapter = (a) => a }: DbOptions = {}): Db {
  if (isPostgresUrl(databaseUrl)) {
    // Loaded only for PostgreSQL: node-postgres costs an SQLite installation ~13 MB of memory.
    const { PrismaPg } = createRequire(import.meta.url)('@prisma/adapter-pg') as typeof import('@prisma/adapter-pg')
    const pg = new PrismaPg({ connectionString: databaseUrl, max: poolSize, connectionTimeoutMillis: DATABASE_WAIT_MS })
    // A statement given a connection the server already ended is tried once more (pg-retry.ts).
    retryLostConnections(pg)
    const adapter = wrapAdapter(noticingProgress(pg))
    // A burst of registrations queues for the pool's connections: wait for one rather than fail.
    const client = new PostgresClient({
      adapter,
      transactionOptions: { maxWait: DATABASE_WAIT_MS, timeout: DATABASE_WAIT_MS },
    }) as unknown as Db
    postgresClients.add(client)
    return client
  }
  const file = sqlitePath(databaseUrl)
  // The database and its -wal/-shm files: 0600, in a 0700 directory when it is created here.
  restrictSqliteFiles(file)
  // timeout = SQLite busy timeout: another process (a CLI command) may hold the write lock briefly.
  // The connection runs with secure_delete (app/utils/sqlite-serialized.ts).
  const adapter = wrapAdapter(
    noticingProgress(serializedSqlite(new PrismaBetterSQLite3({ url: `file:${file}`, timeout: 10_000 }))),
  )
  // Everything waits its turn on the one connection: under a burst a transaction may queue a while.
  const client = new PrismaClient({
    adapter,
    transactionOptions: { maxWait: DATABASE_WAIT_MS, timeout: DATABASE_WAIT_MS },
  })
  sqliteClients.add(client)
  return client
}

const sqliteClients = new WeakSet<object>()
const postgresClients = new WeakSet<object>()

/**
 * The database a client made by createDb speaks to; null for any other client (a transaction's, a
 * test's own). For the rare statement that cannot be written alike for both (docs/decisions/0054):
 * a caller given null uses portable statements instead.
 */
export function sqlDialect(client: object): 'sqlite' | 'postgresql' | null {
  if (sqliteClients.has(client)) return 'sqlite'
  if (postgresClients.has(client)) return 'postgresql'
  return null
}

/**
 * After personal data was overwritten or deleted (anonymization, a deletion request): on SQLite,
 * a TRUNCATE checkpoint copies the WAL into the database file — where secure_delete has zeroed
 * the old row's bytes — and empties the WAL, which still held the former pages (the whole former
 * row at some offset). Returns false when it could not finish (another connection was reading:
 * the next checkpoint, at the latest SQLite's automatic one, completes it). On PostgreSQL nothing
 * is done here: VACUUM (autovacuum) reclaims the dead rows (docs/decisions/0022-personal-data-hardening.md).
 */
export async function flushErasedData(client: Db): Promise<boolean> {
  if (!sqliteClients.has(client)) return true
  const [result] = await client.$queryRawUnsafe<{ busy: number | bigint }[]>('PRAGMA wal_checkpoint(TRUNCATE)')
  return Number(result?.busy ?? 0) === 0
}

const globalForDb = globalThis as unknown as { jissekiDb?: Db }

/** The app's single client; kept on globalThis so dev reloads do not open more connections. */
export function db(): Db {
  globalForDb.jissekiDb ??= createDb(env().DATABASE_URL)
  return globalForDb.jissekiDb
}
