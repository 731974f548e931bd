/**
 * Registration bursts over HTTP through the real form action (POST /seminars/<id>/register, the
 * body a browser without JavaScript sends, answered 302), against the production build
 * (`npm run build` first) on loopback with a fresh database:
 *   - all at once: 1,000 registrations for 50 seats from 1,000 concurrent clients;
 *   - sustained: 2,000 registrations for 1,000 seats from 100 concurrent clients (targets: at
 *     least 300 registrations per second, p95 under 100 ms).
 * Both on seminars with a waiting list, after a warm-up of 50 registrations on another seminar.
 * In the all-at-once burst every client answered with the redirect then opens its done page, as
 * the browser would (not counted in the latency): each must answer 200. After each burst the database is checked:
 * confirmed = min(capacity, registrations), the seat counter equals the confirmed count,
 * waiting-list positions run 1..k without gaps, one registration per successful response, no
 * overbooking, no duplicates (one active registration per email, one message of a kind per
 * registration). Then 200 of the all-at-once burst's registrations (its 50 confirmed and 150
 * waiting) cancel at once, and the seminar is checked again (targets: 0 errors, 0 duplicates).
 *   npm run bench:registration                                  (SQLite)
 *   JISSEKI_TEST_DB=postgres npx tsx bench/registration.ts      (PostgreSQL at TEST_POSTGRES_URL)
 *   DATABASE_URL=postgres://… npm run bench:registration         (PostgreSQL at that server)
 * Writes bench/reports/registration-<database>.json.
 */
import './database-from-env'
import type { Db } from '~/utils/db.server'
import { startAppServer } from '../tests/support/app-server'
import { createSeminar } from '../tests/support/factories'
import { TEST_DB_KIND } from '../tests/support/test-db'
import { get, postForm, registrationForm, runLoad } from './http-load'
import { writeReport } from './stats'

const TARGETS = { sustainedPerSecond: 300, p95Ms: 100, overbookings: 0, errors: 0, duplicates: 0 }
const BURSTS = {
  allAtOnce: { requests: 1_000, concurrency: 1_000, capacity: 50 },
  sustained: { requests: 2_000, concurrency: 100, capacity: 1_000 },
} as const
const CANCELLATIONS = { confirmed: 50, waiting: 150 }
const MAX_BURST_MS = 120_000

/** What the database holds for a seminar after a burst, and whether it adds up. */
async function verify(db: Db, seminarId: string, capacity: number, succeeded: number) {
  const rows = await db.registration.findMany({
    where: { seminarId },
    select: { status: true, waitlistPosition: true, emailNormalized: true },
  })
  const confirmed = rows.filter((r) => r.status === 'CONFIRMED').length
  const positions = rows
    .filter((r) => r.status === 'WAITLISTED')
    .map((r) => r.waitlistPosition ?? 0)
    .sort((a, b) => a - b)
  const { seatsTakenInPerson } = await db.seminar.findUniqueOrThrow({ where: { id: seminarId } })
  const duplicates = await duplicatesOf(db, seminarId, rows)
  const checks = {
    confirmedIsMinOfCapacityAndRegistrations: confirmed === Math.min(capacity, rows.length),
    seatCounterMatches: seatsTakenInPerson === confirmed,
    waitlistWithoutGaps: positions.every((p, k) => p === k + 1),
    oneRegistrationPerSuccessfulResponse: rows.length === succeeded,
  }
  return {
    registrations: rows.length,
    confirmed,
    waitlisted: positions.length,
    seatsTakenInPerson,
    overbookings: Math.max(0, confirmed - capacity),
    duplicates,
    checks,
    failedChecks: Object.values(checks).filter((ok) => !ok).length,
  }
}

/**
 * Registrations of one email beyond the first (a retried form registered twice), and messages of
 * one kind to one registration beyond the first (a person told twice).
 */
async function duplicatesOf(db: Db, seminarId: string, rows: { emailNormalized: string }[]) {
  const messages = await db.outboxMessage.groupBy({
    by: ['registrationId', 'kind'],
    where: { seminarId, registrationId: { not: null } },
    _count: true,
  })
  const registrations = rows.length - new Set(rows.map((r) => r.emailNormalized)).size
  const extraMessages = messages.reduce((sum, m) => sum + m._count - 1, 0)
  return { registrations, messages: extraMessages, total: registrations + extraMessages }
}

/** The seminar after a burst of cancellations: nobody overbooked, counters and queue exact. */
async function verifyAfterCancellations(db: Db, seminarId: string, capacity: number, cancelledIds: string[]) {
  const rows = await db.registration.findMany({
    where: { seminarId },
    select: { id: true, status: true, waitlistPosition: true, emailNormalized: true, promotedAt: true },
  })
  const active = rows.filter((r) => r.status !== 'CANCELLED')
  const confirmed = rows.filter((r) => r.status === 'CONFIRMED').length
  const positions = rows
    .filter((r) => r.status === 'WAITLISTED')
    .map((r) => r.waitlistPosition ?? 0)
    .sort((a, b) => a - b)
  const { seatsTakenInPerson } = await db.seminar.findUniqueOrThrow({ where: { id: seminarId } })
  const promoted = new Set(rows.filter((r) => r.promotedAt !== null).map((r) => r.id))
  const mailed = new Set(
    (await db.outboxMessage.findMany({ where: { seminarId, kind: 'PROMOTED' }, select: { registrationId: true } })).map(
      (m) => m.registrationId,
    ),
  )
  const cancelled = new Set(rows.filter((r) => r.status === 'CANCELLED').map((r) => r.id))
  const checks = {
    everyCancellationWritten: cancelledIds.every((id) => cancelled.has(id)),
    confirmedIsMinOfCapacityAndActive: confirmed === Math.min(capacity, active.length),
    seatCounterMatches: seatsTakenInPerson === confirmed,
    waitlistWithoutGaps: positions.every((p, k) => p === k + 1),
    everyPromotionMailed: [...promoted].every((id) => mailed.has(id)),
  }
  return {
    cancelled: cancelled.size,
    promoted: promoted.size,
    confirmed,
    waitlisted: positions.length,
    overbookings: Math.max(0, confirmed - capacity),
    duplicates: await duplicatesOf(db, seminarId, active),
    checks,
    failedChecks: Object.values(checks).filter((ok) => !ok).length,
  }
}

/** How many lines the server wrote to stderr, which Prisma error codes, and the first lines. */
function stderrSummary(stderr: string) {
  const lines = stderr.split('\n').filter(Boolean)
  const prismaCodes: Record<string, number> = {}
  for (const [, code] of stderr.matchAll(/code: '(P\d{4})'/g)) prismaCodes[code] = (prismaCodes[code] ?? 0) + 1
  return { lines: lines.length, prismaCodes, first: lines.slice(0, 12) }
}

// Thousands of registrations from one machine are exactly what the per-address limit stops, on
// loopback too (docs/decisions/0021): the app runs as behind a proxy, and each request comes
// from an address of its own (198.18.0.0/15, the range set aside for benchmarks).
const app = await startAppServer({ env: { TRUST_PROXY: '1' } })
let nextClient = 0
const clientAddress = () => {
  const n = nextClient++
  return `198.${18 + ((n >> 16) & 1)}.${(n >> 8) & 255}.${n & 255}`
}
try {
  const register = (seminarId: string, tag: string) =>
    postForm(`${app.url}/seminars/${seminarId}/register`, registrationForm(tag), {
      'X-Forwarded-For': clientAddress(),
    })
  // The done page each registered client opens next, as a browser follows the redirect (not in
  // the registration's latency).
  const donePages: Record<string, number> = {}
  const openDonePage = (seminarId: string) => async (_i: number, status: number) => {
    if (status !== 302) return
    const page = await get(`${app.url}/seminars/${seminarId}/registered`).catch(() => 'exception' as const)
    donePages[page] = (donePages[page] ?? 0) + 1
  }
  function donePageOutcome() {
    const statuses = { ...donePages }
    for (const key of Object.keys(donePages)) delete donePages[key]
    const opened = Object.values(statuses).reduce((a, b) => a + b, 0)
    return { opened, errors: opened - (statuses['200'] ?? 0), statuses }
  }

  const warm = await createSeminar(app.db, { title: 'ウォームアップ', capacityInPerson: 1_000 })
  const warmup = await runLoad({
    total: 50,
    concurrency: 10,
    expectStatus: 302,
    request: (i) => register(warm.id, `warmup-${i}`),
  })
  // A form the action rejects would make every timed request an "error": stop here instead.
  if (warmup.errors) throw new Error(`warm-up failed: ${JSON.stringify(warmup.statuses)}\n${app.errors()}`)

  async function burst(
    name: string,
    { requests, concurrency, capacity }: (typeof BURSTS)[keyof typeof BURSTS],
    { followDonePage }: { followDonePage: boolean },
  ) {
    const seminar = await createSeminar(app.db, {
      title: `登録ベンチマーク ${name}`,
      capacityInPerson: capacity,
      waitlistEnabled: true,
    })
    const load = await runLoad({
      total: requests,
      concurrency,
      expectStatus: 302,
      maxDurationMs: MAX_BURST_MS,
      request: (i) => register(seminar.id, `${name}-${i}`),
      ...(followDonePage ? { followUp: openDonePage(seminar.id) } : {}),
    })
    const donePages = donePageOutcome()
    await settled(seminar.id)
    return {
      seminarId: seminar.id,
      capacity,
      ...load,
      donePages,
      database: await verify(app.db, seminar.id, capacity, load.succeeded),
    }
  }

  /**
   * Requests whose client gave up (a timeout, a reset connection) may still be running on the
   * server: wait until the seminar's rows stop changing, so the next burst does not start behind
   * them and the checks see the final state.
   */
  async function settled(seminarId: string) {
    const deadline = Date.now() + MAX_BURST_MS
    let last = -1
    for (;;) {
      const rows = await app.db.registration.count({ where: { seminarId } })
      const changed = await app.db.seminar.findUniqueOrThrow({
        where: { id: seminarId },
        select: { queueVersion: true },
      })
      const state = rows * 1_000_000 + changed.queueVersion
      if (state === last || Date.now() > deadline) return
      last = state
      await new Promise((resolve) => setTimeout(resolve, 2_000))
    }
  }

  /** 200 registrations of a full seminar cancel at once through their manage links. */
  async function cancellationBurst(seminarId: string, capacity: number) {
    const rows = await app.db.registration.findMany({
      where: { seminarId, status: { in: ['CONFIRMED', 'WAITLISTED'] } },
      orderBy: [{ status: 'asc' }, { waitlistPosition: 'asc' }],
      select: { id: true, status: true, manageToken: true },
    })
    const leaving = [
      ...rows.filter((r) => r.status === 'CONFIRMED').slice(0, CANCELLATIONS.confirmed),
      ...rows
        .filter((r) => r.status === 'WAITLISTED')
        .filter((_, k) => k % 2 === 0)
        .slice(0, CANCELLATIONS.waiting),
    ]
    const load = await runLoad({
      total: leaving.length,
      concurrency: leaving.length,
      expectStatus: 302,
      maxDurationMs: MAX_BURST_MS,
      request: (i) =>
        postForm(`${app.url}/r/${leaving[i].manageToken}/cancel`, new URLSearchParams(), {
          'X-Forwarded-For': clientAddress(),
        }),
    })
    const ids = leaving.map((r) => r.id)
    await settled(seminarId)
    return { ...load, database: await verifyAfterCancellations(app.db, seminarId, capacity, ids) }
  }

  // The all-at-once burst follows each redirect to the done page; the sustained one measures the
  // form's throughput alone, comparable with earlier runs.
  const allAtOnce = await burst('allAtOnce', BURSTS.allAtOnce, { followDonePage: true })
  const cancellations = await cancellationBurst(allAtOnce.seminarId, BURSTS.allAtOnce.capacity)
  const sustained = await burst('sustained', BURSTS.sustained, { followDonePage: false })
  writeReport(`registration-${TEST_DB_KIND}`, {
    benchmark: 'registration',
    database: TEST_DB_KIND,
    targets: TARGETS,
    warmup: { requests: warmup.requests, perSecond: warmup.perSecond, latency: warmup.latency },
    allAtOnce,
    sustained,
    cancellations,
    meetsTargets: {
      sustainedPerSecond: sustained.perSecond >= TARGETS.sustainedPerSecond,
      sustainedP95: sustained.latency.p95 < TARGETS.p95Ms,
      noOverbookings: allAtOnce.database.overbookings === 0 && sustained.database.overbookings === 0,
      databaseConsistent:
        allAtOnce.database.failedChecks === 0 &&
        sustained.database.failedChecks === 0 &&
        cancellations.database.failedChecks === 0,
      noErrors: allAtOnce.errors + sustained.errors + cancellations.errors === 0 && allAtOnce.donePages.errors === 0,
      noDuplicates:
        allAtOnce.database.duplicates.total +
          sustained.database.duplicates.total +
          cancellations.database.duplicates.total ===
        0,
    },
    // What the server wrote to stderr: errors there mean a request failed on the server.
    serverStderr: stderrSummary(app.errors()),
  })
} finally {
  await app.stop()
}
