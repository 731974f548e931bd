/**
 * Which failures mean "the database is briefly unavailable" — answered 503 with Retry-After and a
 * page that says so, not 500 — in one place, for every layer that turns an error into a response
 * (loaders and actions, the Express error handler, /healthz): docs/decisions/0024-database-faults.md.
 */
export type DatabaseUnavailable = {
  reason: 'database'
  detail: 'disk full' | 'read-only' | 'busy' | 'i/o error' | 'unreachable' | 'connection lost' | 'pool exhausted'
}

/** Seconds a client is asked to wait before trying again (Retry-After). */
export const RETRY_AFTER_SECONDS = 5

type Detail = DatabaseUnavailable['detail']

const PRISMA_CODES: Record<string, Detail> = {
  P1001: 'unreachable', // can't reach the database server
  P1002: 'unreachable', // reached, but timed out
  P1008: 'busy', // operation timed out (the SQLite adapter's SQLITE_BUSY)
  P1017: 'connection lost', // the server closed the connection
  P2024: 'pool exhausted', // timed out fetching a connection from the pool
  P2037: 'pool exhausted', // too many database connections
}

const DRIVER_KINDS: Record<string, Detail> = {
  DatabaseNotReachable: 'unreachable',
  ConnectionClosed: 'connection lost',
  SocketTimeout: 'busy',
  TooManyConnections: 'pool exhausted',
}

/** PostgreSQL SQLSTATEs of a server going away or not taking connections. */
const PG_STATES: Record<string, Detail> = {
  '57P01': 'connection lost', // admin_shutdown (pg_terminate_backend, a restart)
  '57P02': 'connection lost', // crash_shutdown
  '57P03': 'unreachable', // cannot_connect_now (starting up, shutting down)
  '08000': 'connection lost',
  '08003': 'connection lost',
  '08006': 'connection lost',
  '08001': 'unreachable',
  '08004': 'unreachable',
  '53300': 'pool exhausted', // too_many_connections
  '25006': 'read-only', // read_only_sql_transaction (a standby)
  '53100': 'disk full', // disk_full
  '58030': 'i/o error', // io_error
}

const SOCKET_CODES: Record<string, Detail> = {
  ECONNREFUSED: 'unreachable',
  ENOTFOUND: 'unreachable',
  EHOSTUNREACH: 'unreachable',
  ETIMEDOUT: 'unreachable',
  ECONNRESET: 'connection lost',
  EPIPE: 'connection lost',
}

function sqliteDetail(code: string): Detail | undefined {
  if (code === 'SQLITE_FULL') return 'disk full'
  if (code.startsWith('SQLITE_IOERR')) return 'i/o error'
  if (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED')) return 'busy'
  if (code.startsWith('SQLITE_READONLY')) return 'read-only'
  if (code.startsWith('SQLITE_CANTOPEN')) return 'unreachable'
  return undefined
}

/** node-postgres's own errors (and a few of Prisma's) carry no telling code, only these messages. */
const PG_MESSAGES: [RegExp, Detail][] = [
  [/Connection terminated/i, 'connection lost'],
  [/not queryable/i, 'connection lost'],
  [/timeout exceeded when trying to connect/i, 'pool exhausted'],
  [/database or disk is full/i, 'disk full'],
  [/is not currently accepting connections|the database system is (starting up|shutting down)/i, 'unreachable'],
  // Prisma's maxWait passed before the connection (SQLite's one, a pool's) was free: overloaded.
  [/Unable to start a transaction in the given time/i, 'busy'],
]

function detailOf(value: Record<string, unknown>): Detail | undefined {
  const code = typeof value.code === 'string' ? value.code : undefined
  if (code) {
    const known = PRISMA_CODES[code] ?? PG_STATES[code] ?? SOCKET_CODES[code] ?? sqliteDetail(code)
    if (known) return known
  }
  // A driver adapter error's cause ({ kind, originalCode }) and Prisma's initialization errorCode.
  if (typeof value.kind === 'string' && DRIVER_KINDS[value.kind]) return DRIVER_KINDS[value.kind]
  if (typeof value.originalCode === 'string') {
    const original = PG_STATES[value.originalCode] ?? sqliteDetail(value.originalCode)
    if (original) return original
  }
  if (typeof value.errorCode === 'string' && PRISMA_CODES[value.errorCode]) return PRISMA_CODES[value.errorCode]
  if (value.kind === 'postgres' && typeof value.code === 'string') return PG_STATES[value.code]
  const message = typeof value.message === 'string' ? value.message : undefined
  if (message) for (const [pattern, detail] of PG_MESSAGES) if (pattern.test(message)) return detail
  return undefined
}

const FAILED_COMMIT = Symbol.for('jisseki.failedCommit')
const holder = globalThis as unknown as Record<symbol, { error: unknown; at: number } | undefined>

/**
 * Called by the adapter wrappers when a COMMIT fails. Prisma's own transaction around a single
 * write (a nested create, an updateMany) then tries a rollback, which fails and replaces the COMMIT's
 * error with "A rollback cannot be executed on a committed transaction": this keeps the cause.
 */
export function rememberFailedCommit(error: unknown): void {
  holder[FAILED_COMMIT] = { error, at: Date.now() }
}

const MASKED_COMMIT = /rollback cannot be executed on a committed transaction/i

function failedCommitBehind(value: Record<string, unknown>): unknown {
  const failed = holder[FAILED_COMMIT]
  if (!failed || Date.now() - failed.at > 10_000) return undefined
  return typeof value.message === 'string' && MASKED_COMMIT.test(value.message) ? failed.error : undefined
}

/**
 * The database-unavailable state behind an error (a Prisma error, a driver adapter error, a
 * better-sqlite3 or node-postgres error, or one wrapping them), or undefined for any other error —
 * a constraint violation or a bug stays a 500.
 */
export function databaseUnavailable(error: unknown): DatabaseUnavailable | undefined {
  const seen = new Set<unknown>()
  const queue: unknown[] = [error]
  while (queue.length) {
    const value = queue.shift()
    if (typeof value !== 'object' || value === null || seen.has(value)) continue
    seen.add(value)
    const record = value as Record<string, unknown>
    const detail = detailOf(record)
    if (detail) return { reason: 'database', detail }
    const meta = record.meta as Record<string, unknown> | undefined
    queue.push(record.cause, meta?.driverAdapterError, record.driverAdapterError, failedCommitBehind(record))
  }
  return undefined
}
