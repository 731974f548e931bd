/**
 * Export of a fiscal year's attendance records with 100,000 counted records in the database
 * (targets: under 3 s and under 250 MB peak RSS for each format). Fills a test database with
 * createMany, then downloads the attendance-record export as XLSX and as CSV from the production
 * server (`npm run build`; one fresh server per format), as a signed-in staff member would, while
 * sampling the server process's resident memory every 50 ms.
 *   npm run bench:export                              (SQLite)
 *   JISSEKI_TEST_DB=postgres npm run bench:export     (PostgreSQL at TEST_POSTGRES_URL)
 * Writes bench/reports/export-<database>.json.
 */
import crypto from 'node:crypto'
import fs from 'node:fs'
import { performance } from 'node:perf_hooks'
import { createConsoleUser } from '~/modules/accounts/console-users.server'
import { participationTotals } from '~/modules/exports/participation-totals.server'
import { newManageToken, newRegistrationCode } from '~/modules/registration/registrations.server'
import { JSIC_CODES } from '~/modules/registration/jsic'
import type { Db } from '~/utils/db.server'
import { startAppServer, type AppServer } from '../tests/support/app-server'
import { enrolSecondFactor, signInByFetch } from '../tests/support/console'
import { createTestDb, TEST_DB_KIND } from '../tests/support/test-db'
import { writeReport } from './stats'
import { ensureCategory } from '~/modules/categories/categories.server'

const FISCAL_YEAR = 2025
const PROGRAMS = 4
const SEMINARS = 50
const SESSIONS_PER_SEMINAR = 4
const ATTENDEES_PER_SEMINAR = 500 // each attends every session: 50 × 4 × 500 = 100,000
const PEOPLE = 12_000
const ORGANIZATIONS = 2_000
const TARGET_MS = 3000
const TARGET_RSS_MB = 250
const MB = 1024 * 1024

async function fill(db: Db) {
  const programs = await Promise.all(
    Array.from({ length: PROGRAMS }, (_, p) =>
      db.program.create({ data: { code: `BENCH${p}`, name: `ベンチマーク事業 ${p + 1}` } }),
    ),
  )
  const organizations = Array.from({ length: ORGANIZATIONS }, (_, o) => ({
    id: crypto.randomUUID(),
    identityKey: `name:ベンチ${o}`,
    name: `株式会社ベンチ${o}`,
    normalizedName: `ベンチ${o}`,
  }))
  await db.organization.createMany({ data: organizations })
  const people = Array.from({ length: PEOPLE }, (_, i) => ({
    id: crypto.randomUUID(),
    emailNormalized: `export-${i}@example.jp`,
    name: `計測 太郎${i}`,
    furigana: 'けいそく たろう',
  }))
  for (let i = 0; i < people.length; i += 5000) await db.person.createMany({ data: people.slice(i, i + 5000) })

  const fyStart = Date.UTC(FISCAL_YEAR, 3, 1, 1) // 10:00 on 1 April in Japan
  const course = await ensureCategory(db, '講座')
  const seminarCategory = await ensureCategory(db, 'セミナー')
  for (let s = 0; s < SEMINARS; s++) {
    const seminar = await db.seminar.create({
      data: {
        programId: programs[s % PROGRAMS].id,
        title: `ベンチマークセミナー ${s + 1}`,
        categoryId: s % 3 === 0 ? course : seminarCategory,
        status: 'PUBLISHED',
        mode: 'HYBRID',
        registrationOpensAt: new Date(fyStart - 30 * 86400_000),
        registrationClosesAt: new Date(fyStart + 360 * 86400_000),
      },
    })
    const sessions = Array.from({ length: SESSIONS_PER_SEMINAR }, (_, n) => {
      const startsAt = new Date(fyStart + (s * 7 + n * 2) * 86400_000)
      return {
        id: crypto.randomUUID(),
        seminarId: seminar.id,
        number: n + 1,
        startsAt,
        endsAt: new Date(startsAt.getTime() + 7200_000),
      }
    })
    await db.session.createMany({ data: sessions })
    const registrations = Array.from({ length: ATTENDEES_PER_SEMINAR }, (_, i) => {
      const person = people[(s * 211 + i * 7) % PEOPLE]
      const online = i % 5 === 0
      return {
        id: crypto.randomUUID(),
        seminarId: seminar.id,
        personId: person.id,
        organizationId: i % 10 === 0 ? null : organizations[(s * 13 + i) % ORGANIZATIONS].id,
        name: person.name,
        furigana: person.furigana,
        email: person.emailNormalized,
        emailNormalized: person.emailNormalized,
        activeEmailKey: person.emailNormalized,
        organizationName: i % 10 === 0 ? null : organizations[(s * 13 + i) % ORGANIZATIONS].name,
        industry: i % 10 === 9 ? null : JSIC_CODES[i % JSIC_CODES.length],
        inCity: i % 3 !== 0,
        mode: online ? ('ONLINE' as const) : ('IN_PERSON' as const),
        status: 'CONFIRMED' as const,
        manageToken: newManageToken(),
        code: newRegistrationCode(),
      }
    })
    await db.registration.createMany({ data: registrations })
    const attendances = sessions.flatMap((session) =>
      registrations.map((r, i) => ({
        sessionId: session.id,
        registrationId: r.id,
        mode: r.mode,
        source: r.mode === 'ONLINE' ? ('IMPORT' as const) : ('QR' as const),
        onlineMinutes: r.mode === 'ONLINE' ? 30 + (i % 90) : null,
        checkedInAt: session.startsAt,
      })),
    )
    await db.attendance.createMany({ data: attendances })
  }
}

/** The resident memory of a process, from /proc (Linux). */
function rssOf(pid: number): number {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8')
  return Number(/VmRSS:\s+(\d+) kB/.exec(status)![1]) * 1024
}

/**
 * Downloads an export from the running server while sampling the server's resident memory every
 * 50 ms: time, bytes, the server's RSS before and at its peak, and the peaks of the first and the
 * second half of the download (by bytes): equal halves mean memory does not grow with the rows.
 */
async function measure(app: AppServer, cookie: string, path: string) {
  const rssBefore = rssOf(app.pid)
  let bytes = 0
  const samples: { bytes: number; rss: number }[] = []
  const sampler = setInterval(() => samples.push({ bytes, rss: rssOf(app.pid) }), 50)
  const started = performance.now()
  try {
    const res = await fetch(`${app.url}${path}`, { headers: { cookie } })
    if (res.status !== 200 || !res.body) throw new Error(`${path} answered ${res.status}`)
    const reader = res.body.getReader()
    for (;;) {
      const { done, value } = await reader.read()
      if (done) break
      bytes += value.byteLength
    }
  } finally {
    clearInterval(sampler)
  }
  const ms = performance.now() - started
  samples.push({ bytes, rss: rssOf(app.pid) })
  const peakOf = (list: { rss: number }[]) => Math.round(Math.max(rssBefore, ...list.map((x) => x.rss)) / MB)
  const peak = peakOf(samples)
  return {
    ms: Math.round(ms),
    bytes,
    serverRssBeforeMB: Math.round(rssBefore / MB),
    peakRssMB: peak,
    peakRssFirstHalfMB: peakOf(samples.filter((x) => x.bytes < bytes / 2)),
    peakRssSecondHalfMB: peakOf(samples.filter((x) => x.bytes >= bytes / 2)),
    samples: samples.length,
    meetsTarget: ms < TARGET_MS && peak < TARGET_RSS_MB,
  }
}

const { db, url, drop } = await createTestDb()
try {
  const fillStarted = performance.now()
  await fill(db)
  const fillMs = Math.round(performance.now() - fillStarted)
  const records = await db.attendance.count()
  await createConsoleUser(db, { email: 'bench@city.example.jp', name: 'ベンチ', password: 'benchmark password' })
  // Each format on a freshly started production server, so one export's garbage is not the next one's.
  const exportOnFreshServer = async (format: 'xlsx' | 'csv') => {
    const app = await startAppServer({ databaseUrl: url })
    try {
      // An admin: the password, then the code of the key enrolled below.
      await enrolSecondFactor(app.db, 'bench@city.example.jp')
      const login = await signInByFetch(app.url, 'bench@city.example.jp', 'benchmark password')
      const cookie = login.headers.get('set-cookie')!.split(';')[0]
      return await measure(app, cookie, `/console/exports/attendance.${format}?fy=${FISCAL_YEAR}`)
    } finally {
      await app.stop()
    }
  }
  const xlsx = await exportOnFreshServer('xlsx')
  const csv = await exportOnFreshServer('csv')
  const totalsStarted = performance.now()
  const totals = await participationTotals(db, FISCAL_YEAR, new Date(Date.UTC(FISCAL_YEAR + 1, 3, 1)))
  const totalsMs = Math.round(performance.now() - totalsStarted)
  if (totals.total.personTimes !== records) throw new Error(`counted ${totals.total.personTimes} of ${records}`)
  const report = {
    benchmark: 'export',
    database: TEST_DB_KIND,
    attendanceRecords: records,
    fillMs,
    targets: { ms: TARGET_MS, peakRssMB: TARGET_RSS_MB },
    // The whole server process (production build on plain Node), not only the export's share.
    attendanceXlsx: xlsx,
    attendanceCsv: csv,
    participationTotalsMs: totalsMs,
    meetsTarget: xlsx.meetsTarget && csv.meetsTarget,
  }
  writeReport(`export-${TEST_DB_KIND}`, report)
} finally {
  await drop()
}
