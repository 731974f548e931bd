import { databaseUnavailable, type DatabaseUnavailable } from './database-errors'
import { lastDatabaseProgressAt } from './database-progress'
import { db, isPostgresUrl } from './db.server'
import { env } from './env.server'

/**
 * What /healthz says about the database (docs/decisions/0024-database-faults.md). A read alone
 * does not see a full disk — reads still work — so a request that failed for want of the database
 * is remembered for a while, and until a write succeeds again /healthz tries one itself.
 */

/** How long /healthz may take to find out: a monitor must get an answer, never a hang. */
export const HEALTH_CHECK_LIMIT_MS = 3_000
/** How long a request's database failure is remembered without a successful write since. */
const REMEMBERED_MS = 60_000

const KEY = Symbol.for('jisseki.databaseOutage')
const holder = globalThis as unknown as Record<symbol, { state: DatabaseUnavailable; at: number } | undefined>

/** Called where a request was answered 503 for a database outage. */
export function rememberDatabaseOutage(state: DatabaseUnavailable): void {
  holder[KEY] = { state, at: Date.now() }
}

function recentOutage(): DatabaseUnavailable | undefined {
  const outage = holder[KEY]
  return outage && Date.now() - outage.at < REMEMBERED_MS ? outage.state : undefined
}

async function probe(): Promise<void> {
  // A real table, so a database without its schema is not "healthy".
  await db().seminar.findFirst({ select: { id: true } })
  if (!recentOutage()) return
  if (!isPostgresUrl(env().DATABASE_URL)) {
    // The smallest real write: the header's user_version set to its own value, which SQLite still
    // writes out at commit — it fails as long as the disk is full (or read-only).
    const [row] = await db().$queryRawUnsafe<{ user_version: number | bigint }[]>('PRAGMA user_version')
    await db().$executeRawUnsafe(`PRAGMA user_version = ${Number(row?.user_version ?? 0)}`)
  }
  holder[KEY] = undefined
}

/** What `work` gives, or 'late' once HEALTH_CHECK_LIMIT_MS have passed without it. */
export async function withinHealthLimit<T>(work: Promise<T>): Promise<T | 'late'> {
  let timer: NodeJS.Timeout | undefined
  const late = new Promise<'late'>((resolve) => (timer = setTimeout(() => resolve('late'), HEALTH_CHECK_LIMIT_MS)))
  try {
    return await Promise.race([work, late])
  } finally {
    clearTimeout(timer)
  }
}

/**
 * One check at a time: callers during a check share it, so a monitor (or anyone: /healthz is
 * public) calling often cannot pile checks up behind a busy database.
 */
let running: Promise<'ok'> | undefined
function probeOnce(): Promise<'ok'> {
  running ??= probe()
    .then(() => 'ok' as const)
    .finally(() => (running = undefined))
  return running
}

/**
 * undefined when the database answers (and takes writes again after a failure); 'busy' when the
 * check waited past its limit while other statements kept finishing; else why it is unusable.
 */
export async function databaseProblem(): Promise<
  DatabaseUnavailable | { reason: 'database'; detail: 'no answer' | 'error' } | 'busy' | undefined
> {
  const startedAt = Date.now()
  try {
    const result = await withinHealthLimit(probeOnce())
    if (result === 'ok') return undefined
    return lastDatabaseProgressAt() > startedAt ? 'busy' : { reason: 'database', detail: 'no answer' }
  } catch (error) {
    // An error that is not an outage (no schema, a bug) is still "the database is not usable".
    return databaseUnavailable(error) ?? { reason: 'database', detail: 'error' }
  }
}
