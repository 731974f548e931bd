/**
 * Check-in latency with 10,000 registrations in the database (issue target: p95 < 30 ms of
 * server time). Starts the production build like `npm start` (run `npm run build` first), fills
 * the database, signs in, and times check-in requests on loopback:
 *   - the request a browser with JavaScript sends (POST …/checkin.data: the action only),
 *   - the request without JavaScript (POST …/checkin: action and the whole page re-rendered),
 *   - and, for reference, the domain call itself in-process.
 * Loopback round trips include a little client time, so they bound the server time from above.
 *   npm run bench:checkin            (SQLite)
 *   JISSEKI_TEST_DB=postgres npm run bench:checkin
 * Writes bench/reports/checkin-<database>.json.
 */
import crypto from 'node:crypto'
import { performance } from 'node:perf_hooks'
import { checkIn } from '~/modules/attendance/checkin.server'
import { createConsoleUser } from '~/modules/accounts/console-users.server'
import { newManageToken, newRegistrationCode } from '~/modules/registration/registrations.server'
import { stats, writeReport } from './stats'
import { startAppServer } from '../tests/support/app-server'
import { enrolSecondFactor, signInByFetch } from '../tests/support/console'
import { createSeminar } from '../tests/support/factories'
import { TEST_DB_KIND } from '../tests/support/test-db'

const REGISTRATIONS = 10_000
const SAMPLES = 400
const TARGET_P95_MS = 30

const app = await startAppServer()
try {
  const db = app.db
  // 20 seminars of 500 registrations: the one checked in at has 500, the database 10,000.
  const seminars: Awaited<ReturnType<typeof createSeminar>>[] = []
  for (let s = 0; s < 20; s++)
    seminars.push(await createSeminar(db, { title: `ベンチマーク ${s}`, capacityInPerson: 500 }))
  const codes: string[][] = seminars.map(() => [])
  for (let s = 0; s < seminars.length; s++) {
    const people = Array.from({ length: REGISTRATIONS / seminars.length }, (_, i) => ({
      id: crypto.randomUUID(),
      emailNormalized: `bench-${s}-${i}@example.jp`,
      name: `計測 ${s}-${i}`,
      furigana: 'けいそく',
    }))
    await db.person.createMany({ data: people })
    await db.registration.createMany({
      data: people.map((p) => {
        const code = newRegistrationCode()
        codes[s].push(code)
        return {
          seminarId: seminars[s].id,
          personId: p.id,
          name: p.name,
          furigana: p.furigana,
          email: p.emailNormalized,
          emailNormalized: p.emailNormalized,
          activeEmailKey: p.emailNormalized,
          inCity: true,
          mode: 'IN_PERSON' as const,
          status: 'CONFIRMED' as const,
          manageToken: newManageToken(),
          code,
        }
      }),
    })
    await db.seminar.update({ where: { id: seminars[s].id }, data: { seatsTakenInPerson: people.length } })
  }
  const staff = await createConsoleUser(db, {
    email: 'bench@city.example.jp',
    name: 'ベンチ',
    password: 'benchmark password',
  })
  // An admin: the password, then the code of the key enrolled below.
  await enrolSecondFactor(app.db, 'bench@city.example.jp')
  const login = await signInByFetch(app.url, 'bench@city.example.jp', 'benchmark password')
  const cookie = login.headers.get('set-cookie')!.split(';')[0]
  const session = await db.session.findFirstOrThrow({ where: { seminarId: seminars[0].id } })
  const pool = codes[0]

  async function timeRequests(path: string, from: number) {
    const samples: number[] = []
    for (let i = 0; i < SAMPLES; i++) {
      const started = performance.now()
      // Sessions of other days: each check-in comes already confirmed (notToday, docs/decisions/0039).
      const res = await fetch(`${app.url}${path}`, {
        method: 'POST',
        headers: { cookie },
        body: new URLSearchParams({ intent: 'code', code: pool[(from + i) % pool.length], notToday: 'confirmed' }),
        redirect: 'manual',
      })
      await res.arrayBuffer()
      if (res.status !== 200) throw new Error(`${path} answered ${res.status}`)
      samples.push(performance.now() - started)
    }
    return samples
  }
  // Warm-up, then first check-ins (half) and repeated scans (the other half) of the same codes.
  await timeRequests(`/console/sessions/${session.id}/checkin.data`, 0)
  const withJs = await timeRequests(`/console/sessions/${session.id}/checkin.data`, 0)
  const withoutJs = await timeRequests(`/console/sessions/${session.id}/checkin`, 0)
  const second = await db.session.findFirstOrThrow({ where: { seminarId: seminars[1].id } })
  const domain: number[] = []
  for (let i = 0; i < SAMPLES; i++) {
    const started = performance.now()
    await checkIn(db, { sessionId: second.id, code: codes[1][i % codes[1].length], source: 'QR', userId: staff.id })
    domain.push(performance.now() - started)
  }
  const report = {
    benchmark: 'check-in',
    database: TEST_DB_KIND,
    registrations: await db.registration.count(),
    samples: SAMPLES,
    targetP95Ms: TARGET_P95_MS,
    requestWithJavaScriptMs: stats(withJs),
    requestWithoutJavaScriptMs: stats(withoutJs),
    domainCallMs: stats(domain),
    meetsTarget: stats(withJs).p95 < TARGET_P95_MS,
  }
  writeReport(`checkin-${TEST_DB_KIND}`, report)
} finally {
  await app.stop()
}
