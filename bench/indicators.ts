/**
 * Indicators at scale (issue targets): with 1,000,000 attendance records, the dashboard for one
 * fiscal year under 200 ms of server time, and recording one attendance under 30 ms p95 while
 * every actual stays current. Fills a database of its own (takes a few minutes), then measures:
 *   - the dashboard request (GET /console/indicators?fy=…) over loopback, and its domain call;
 *   - check-in requests (POST …/checkin.data), each updating the tallies of the indicators
 *     that count that seminar, and the domain call.
 *   npm run bench:indicators                      (SQLite)
 *   JISSEKI_TEST_DB=postgres npm run bench:indicators
 * Writes bench/reports/indicators-<database>.json.
 */
import crypto from 'node:crypto'
import { performance } from 'node:perf_hooks'
import { createConsoleUser } from '~/modules/accounts/console-users.server'
import { checkIn } from '~/modules/attendance/checkin.server'
import { fiscalYearRange } from '~/utils/time'
import { currentFiscalYear, dashboard, saveIndicator, setPlan } from '~/modules/indicators/indicators.server'
import { anonymizeExpired } from '~/modules/privacy/retention.server'
import { newManageToken, newRegistrationCode } from '~/modules/registration/registrations.server'
import { createDb } from '~/utils/db.server'
import { migrate } from '~/utils/migrate.server'
import { stats, writeReport } from './stats'
import { startAppServer } from '../tests/support/app-server'
import { enrolSecondFactor, signInByFetch } from '../tests/support/console'
import { createEmptyDatabase, TEST_DB_KIND } from '../tests/support/test-db'
import { ensureCategory } from '~/modules/categories/categories.server'

const ATTENDANCES = Number(process.env.BENCH_ATTENDANCES ?? 1_000_000)
const YEARS = 5
const SEMINARS_PER_YEAR = 80
const SESSIONS_PER_SEMINAR = 5
const PERSONS = 40_000
const SAMPLES = 200

const { url, dropDatabase } = await createEmptyDatabase()
await migrate(url)
const db = createDb(url)
const timings: Record<string, number> = {}
try {
  let started = performance.now()
  const fy = currentFiscalYear()
  const programs = await Promise.all(
    ['IOT', 'AIHR', 'STARTUP', 'GLOBAL'].map((code, i) => db.program.create({ data: { code, name: `事業${i + 1}` } })),
  )
  const orgs = Array.from({ length: 3000 }, (_, i) => ({
    id: crypto.randomUUID(),
    identityKey: `name:org${i}`,
    name: `株式会社${i}`,
    normalizedName: `org${i}`,
  }))
  for (let i = 0; i < orgs.length; i += 1000) await db.organization.createMany({ data: orgs.slice(i, i + 1000) })
  const persons = Array.from({ length: PERSONS }, (_, i) => ({
    id: crypto.randomUUID(),
    emailNormalized: `p${i}@example.jp`,
    name: `参加 ${i}`,
    furigana: 'さんか',
  }))
  for (let i = 0; i < persons.length; i += 5000) await db.person.createMany({ data: persons.slice(i, i + 5000) })

  // Seminars over five fiscal years, sessions spread over each year.
  const sessions: { id: string; seminarId: string }[] = []
  const seminarIds: string[] = []
  const course = await ensureCategory(db, '講座')
  const seminarCategory = await ensureCategory(db, 'セミナー')
  for (let y = 0; y < YEARS; y++) {
    const { start } = fiscalYearRange(fy - YEARS + 1 + y)
    for (let s = 0; s < SEMINARS_PER_YEAR; s++) {
      const seminarId = crypto.randomUUID()
      seminarIds.push(seminarId)
      await db.seminar.create({
        data: {
          id: seminarId,
          programId: programs[s % programs.length].id,
          title: `セミナー ${y}-${s}`,
          categoryId: s % 3 === 0 ? course : seminarCategory,
          status: 'PUBLISHED',
          mode: 'HYBRID',
          venueName: '会場',
          registrationOpensAt: new Date(start.getTime() - 30 * 86400_000),
          registrationClosesAt: new Date(start.getTime() + 360 * 86400_000),
        },
      })
      const data = Array.from({ length: SESSIONS_PER_SEMINAR }, (_, k) => {
        const startsAt = new Date(start.getTime() + ((s * 4 + k * 9) % 360) * 86400_000 + 5 * 3600_000)
        return {
          id: crypto.randomUUID(),
          seminarId,
          number: k + 1,
          startsAt,
          endsAt: new Date(startsAt.getTime() + 7200_000),
        }
      })
      await db.session.createMany({ data })
      sessions.push(...data.map((d) => ({ id: d.id, seminarId })))
    }
  }
  // Registrations: each seminar draws its people; every session gets attendances from them.
  const perSession = Math.ceil(ATTENDANCES / sessions.length)
  const registrationsBySeminar = new Map<string, string[]>()
  let personCursor = 0
  for (const seminarId of seminarIds) {
    const rows = Array.from({ length: perSession }, () => {
      const p = persons[personCursor++ % persons.length]
      return {
        id: crypto.randomUUID(),
        seminarId,
        personId: p.id,
        organizationId: orgs[personCursor % orgs.length].id,
        name: p.name,
        furigana: p.furigana,
        email: p.emailNormalized,
        emailNormalized: p.emailNormalized,
        activeEmailKey: p.emailNormalized,
        inCity: personCursor % 3 !== 0,
        industry: 'E',
        mode: personCursor % 4 === 0 ? ('ONLINE' as const) : ('IN_PERSON' as const),
        status: 'CONFIRMED' as const,
        manageToken: newManageToken(),
        code: newRegistrationCode(),
      }
    })
    await db.registration.createMany({ data: rows })
    registrationsBySeminar.set(
      seminarId,
      rows.map((r) => r.id),
    )
  }
  let written = 0
  let batch: {
    sessionId: string
    registrationId: string
    mode: 'IN_PERSON' | 'ONLINE'
    source: 'QR' | 'IMPORT'
    onlineMinutes: number | null
  }[] = []
  for (const s of sessions) {
    const regs = registrationsBySeminar.get(s.seminarId)!
    // The last session of each seminar in the current year stays open for the check-in timing.
    for (const [k, registrationId] of regs.entries()) {
      if (written >= ATTENDANCES) break
      const online = k % 4 === 0
      batch.push({
        sessionId: s.id,
        registrationId,
        mode: online ? 'ONLINE' : 'IN_PERSON',
        source: online ? 'IMPORT' : 'QR',
        onlineMinutes: online ? 20 + (k % 60) : null,
      })
      written++
    }
    if (batch.length >= 20_000) {
      await db.attendance.createMany({ data: batch })
      batch = []
    }
  }
  if (batch.length) await db.attendance.createMany({ data: batch })
  timings.fillSeconds = Math.round((performance.now() - started) / 100) / 10

  // Eight indicators, built (counted from the raw records) as saving them does.
  started = performance.now()
  const all = programs.map((p) => p.id)
  const specs = [
    { rule: 'PERSON_TIMES', programIds: all },
    { rule: 'UNIQUE_PERSONS', programIds: all },
    { rule: 'UNIQUE_ORGANIZATIONS', programIds: all },
    { rule: 'PERSON_TIMES', programIds: [all[0], all[1]] },
    { rule: 'UNIQUE_PERSONS', programIds: [all[0]], categoryIds: [course] },
    { rule: 'PERSON_TIMES', programIds: all, modeScope: 'ONLINE' },
    { rule: 'SESSIONS_HELD', programIds: all },
    { rule: 'REGISTRATIONS', programIds: [all[2]] },
    { rule: 'UNIQUE_PERSONS', programIds: all, cumulative: true },
  ] as const
  for (const [i, spec] of specs.entries()) {
    const id = await saveIndicator(db, {
      code: `B-${i}`,
      name: `指標 ${i}`,
      nameEn: null,
      kind: 'ACTIVITY',
      unit: '人',
      categoryIds: 'categoryIds' in spec ? [...spec.categoryIds] : [],
      seminarIds: [],
      modeScope: 'modeScope' in spec ? spec.modeScope : 'ALL',
      cumulative: 'cumulative' in spec,
      baseYear: 'cumulative' in spec ? fy - YEARS + 1 : null,
      baseline: null,
      note: '',
      rule: spec.rule,
      programIds: [...spec.programIds],
    })
    for (let y = fy - YEARS + 1; y <= fy + 1; y++) await setPlan(db, id, y, 1000)
  }
  timings.buildIndicatorsSeconds = Math.round((performance.now() - started) / 100) / 10
  // A deployment that has been running: what is past retention was anonymized long ago, and each
  // session's reminder and each seminar's thank-you were queued in their time. Otherwise the app
  // process would spend the measurement catching up on years of that in its background loop.
  started = performance.now()
  await anonymizeExpired(db)
  await db.session.updateMany({ data: { reminderQueuedAt: new Date() } })
  await db.seminar.updateMany({ data: { thankYouQueuedAt: new Date() } })
  timings.catchUpSeconds = Math.round((performance.now() - started) / 100) / 10
  // A database that has been in use has up-to-date planner statistics and no dead rows from a bulk
  // load; without this the first minutes measure autovacuum, not the app.
  started = performance.now()
  if (TEST_DB_KIND === 'postgres') await db.$executeRawUnsafe('VACUUM ANALYZE')
  else await db.$executeRawUnsafe('ANALYZE')
  timings.settleSeconds = Math.round((performance.now() - started) / 100) / 10
  const attendanceCount = await db.attendance.count()

  // Domain calls.
  const dashboardDomain: number[] = []
  for (let i = 0; i < 20; i++) {
    const t0 = performance.now()
    await dashboard(db, fy)
    dashboardDomain.push(performance.now() - t0)
  }
  const staff = await createConsoleUser(db, {
    email: 'bench@city.example.jp',
    name: 'ベンチ',
    password: 'benchmark password',
  })
  const currentSessions = await db.session.findMany({
    where: { startsAt: { gte: fiscalYearRange(fy).start, lt: fiscalYearRange(fy).end } },
    select: { id: true, seminarId: true },
    take: 50,
  })
  // Each timed check-in is of a person newly registered for one of this year's seminars.
  const targets = currentSessions.map((s) => ({ sessionId: s.id }))
  const newRegistration = async (sessionId: string) => {
    const session = currentSessions.find((s) => s.id === sessionId)!
    const p = persons[Math.floor(Math.random() * persons.length)]
    const r = await db.registration.create({
      data: {
        seminarId: session.seminarId,
        personId: p.id,
        name: p.name,
        furigana: p.furigana,
        email: `${crypto.randomUUID()}@example.jp`,
        emailNormalized: `${crypto.randomUUID()}@example.jp`,
        inCity: true,
        mode: 'IN_PERSON',
        status: 'CONFIRMED',
        manageToken: newManageToken(),
        code: newRegistrationCode(),
      },
    })
    return r.code
  }
  const checkInDomain: number[] = []
  for (let i = 0; i < SAMPLES; i++) {
    const target = targets[i % targets.length]
    const code = await newRegistration(target.sessionId)
    const t0 = performance.now()
    const outcome = await checkIn(db, { sessionId: target.sessionId, code, source: 'QR', userId: staff.id })
    checkInDomain.push(performance.now() - t0)
    if (outcome.outcome !== 'CHECKED_IN') throw new Error(`unexpected ${outcome.outcome}`)
  }

  // The same through the app (TEST_DB_KIND decides which database the app process uses).
  const app = await startAppServer({ databaseUrl: url })
  try {
    // An admin: the password, then the code of the key enrolled below.
    await enrolSecondFactor(app.db, 'bench@city.example.jp')
    const login = await signInByFetch(app.url, 'bench@city.example.jp', 'benchmark password')
    const cookie = login.headers.get('set-cookie')!.split(';')[0]
    // Sessions of other days: each check-in comes already confirmed (notToday, docs/decisions/0039).
    // Warm up the app process (JIT, connection pool) before measuring.
    for (let i = 0; i < 10; i++) {
      const target = targets[i % targets.length]
      const code = await newRegistration(target.sessionId)
      await (await fetch(`${app.url}/console/indicators.data?fy=${fy}`, { headers: { cookie } })).arrayBuffer()
      const body = new URLSearchParams({ intent: 'code', code, notToday: 'confirmed' })
      const res = await fetch(`${app.url}/console/sessions/${target.sessionId}/checkin.data`, {
        method: 'POST',
        headers: { cookie },
        body,
      })
      await res.arrayBuffer()
    }
    // Worst case: every load follows a change of this year's actuals (nothing can be reused).
    const dashboardRequest: number[] = []
    for (let i = 0; i < 40; i++) {
      const target = targets[i % targets.length]
      const code = await newRegistration(target.sessionId)
      await checkIn(db, { sessionId: target.sessionId, code, source: 'QR', userId: staff.id })
      const t0 = performance.now()
      const res = await fetch(`${app.url}/console/indicators.data?fy=${fy}`, { headers: { cookie } })
      await res.arrayBuffer()
      if (res.status !== 200) throw new Error(`dashboard answered ${res.status}`)
      dashboardRequest.push(performance.now() - t0)
    }
    const checkInRequest: number[] = []
    for (let i = 0; i < SAMPLES; i++) {
      const target = targets[i % targets.length]
      const code = await newRegistration(target.sessionId)
      const t0 = performance.now()
      const res = await fetch(`${app.url}/console/sessions/${target.sessionId}/checkin.data`, {
        method: 'POST',
        headers: { cookie },
        body: new URLSearchParams({ intent: 'code', code, notToday: 'confirmed' }),
      })
      await res.arrayBuffer()
      checkInRequest.push(performance.now() - t0)
    }
    const report = {
      benchmark: 'indicators',
      database: TEST_DB_KIND,
      attendances: attendanceCount,
      indicators: specs.length,
      targets: { dashboardMs: 200, recordAttendanceP95Ms: 30 },
      dashboardRequestMs: stats(dashboardRequest),
      dashboardDomainMs: stats(dashboardDomain),
      checkInRequestMs: stats(checkInRequest),
      checkInDomainMs: stats(checkInDomain),
      meetsTargets: { dashboard: stats(dashboardRequest).p95 < 200, recordAttendance: stats(checkInRequest).p95 < 30 },
      setupSeconds: timings,
    }
    writeReport(`indicators-${TEST_DB_KIND}`, report)
  } finally {
    await app.stop()
  }
} finally {
  await db.$disconnect()
  await dropDatabase()
}
