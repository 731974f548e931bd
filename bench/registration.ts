/**
 * Registration bursts over HTTP through the real form action (POST /seminars/<id>/register, the
 * body a browser without JavaScript sends, answered 302), against the production build
 * (`npm run build` first) on loopback with a fresh database:
 *   - all at once: 1,000 registrations for 50 seats from 1,000 concurrent clients;
 *   - sustained: 2,000 registrations for 1,000 seats from 100 concurrent clients (targets: at
 *     least 300 registrations per second, p95 under 100 ms).
 * Both on seminars with a waiting list, after a warm-up of 50 registrations on another seminar.
 * After each burst the database is checked: confirmed = min(capacity, registrations), the seat
 * counter equals the confirmed count, waiting-list positions run 1..k without gaps, one
 * registration per successful response, and no overbooking (target: none).
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
import { postForm, registrationForm, runLoad } from './http-load'
import { writeReport } from './stats'

const TARGETS = { sustainedPerSecond: 300, p95Ms: 100, overbookings: 0 }
const BURSTS = {
  allAtOnce: { requests: 1_000, concurrency: 1_000, capacity: 50 },
  sustained: { requests: 2_000, concurrency: 100, capacity: 1_000 },
} as const
const MAX_BURST_MS = 120_000

/** What the database holds for a seminar after a burst, and whether it adds up. */
async function verify(db: Db, seminarId: string, capacity: number, succeeded: number) {
  const rows = await db.registration.findMany({
    where: { seminarId },
    select: { status: true, waitlistPosition: true },
  })
  const confirmed = rows.filter((r) => r.status === 'CONFIRMED').length
  const positions = rows
    .filter((r) => r.status === 'WAITLISTED')
    .map((r) => r.waitlistPosition ?? 0)
    .sort((a, b) => a - b)
  const { seatsTakenInPerson } = await db.seminar.findUniqueOrThrow({ where: { id: seminarId } })
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

  const warm = await createSeminar(app.db, { title: 'ウォームアップ', capacityInPerson: 1_000 })
  const warmup = await runLoad({
    total: 50,
    concurrency: 10,
    expectStatus: 302,
    request: (i) => register(warm.id, `warmup-${i}`),
  })
  // A form the action rejects would make every timed request an "error": stop here instead.
  if (warmup.errors) throw new Error(`warm-up failed: ${JSON.stringify(warmup.statuses)}\n${app.errors()}`)

  async function burst(name: string, { requests, concurrency, capacity }: (typeof BURSTS)[keyof typeof BURSTS]) {
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
    })
    return { capacity, ...load, database: await verify(app.db, seminar.id, capacity, load.succeeded) }
  }
  const allAtOnce = await burst('allAtOnce', BURSTS.allAtOnce)
  const sustained = await burst('sustained', BURSTS.sustained)
  writeReport(`registration-${TEST_DB_KIND}`, {
    benchmark: 'registration',
    database: TEST_DB_KIND,
    targets: TARGETS,
    warmup: { requests: warmup.requests, perSecond: warmup.perSecond, latency: warmup.latency },
    allAtOnce,
    sustained,
    meetsTargets: {
      sustainedPerSecond: sustained.perSecond >= TARGETS.sustainedPerSecond,
      sustainedP95: sustained.latency.p95 < TARGETS.p95Ms,
      noOverbookings: allAtOnce.database.overbookings === 0 && sustained.database.overbookings === 0,
      databaseConsistent: allAtOnce.database.failedChecks === 0 && sustained.database.failedChecks === 0,
    },
    // What the server wrote to stderr: errors there mean a request failed on the server.
    serverStderr: stderrSummary(app.errors()),
  })
} finally {
  await app.stop()
}
