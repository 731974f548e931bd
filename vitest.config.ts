import fs from 'node:fs'
import net from 'node:net'
import path from 'node:path'
import { defineConfig } from 'vitest/config'
import tsconfigPaths from 'vite-tsconfig-paths'
import LongestFirst from './tests/setup/sequencer'

/**
 * The whole suite runs twice: on SQLite (the embedded default) and on PostgreSQL
 * (TEST_POSTGRES_URL, by default 127.0.0.1:5432 with trust authentication, as on CI).
 * Files named *.pg.test.ts need PostgreSQL and run only in the PostgreSQL projects.
 * Without a PostgreSQL server the PostgreSQL projects are left out, and this says so.
 */
const POSTGRES_URL = process.env.TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres'

function reachable(url: string): Promise<boolean> {
  const { hostname, port } = new URL(url)
  return new Promise((resolve) => {
    const socket = net.connect({ host: hostname, port: Number(port || 5432), timeout: 1500 })
    socket.once('connect', () => {
      socket.destroy()
      resolve(true)
    })
    socket.once('timeout', () => {
      socket.destroy()
      resolve(false)
    })
    socket.once('error', () => resolve(false))
  })
}

const postgres = await reachable(POSTGRES_URL)
const noticeShown = globalThis as unknown as { jissekiPostgresNotice?: boolean }
if (!postgres && !noticeShown.jissekiPostgresNotice) {
  noticeShown.jissekiPostgresNotice = true // the config is read once per project: say it once
  console.warn(
    `\n  PostgreSQL is not reachable at ${new URL(POSTGRES_URL).host}: the PostgreSQL suite is SKIPPED.\n` +
      `  Start PostgreSQL or set TEST_POSTGRES_URL to run it.\n`,
  )
}
/**
 * Unit files that never open the run's database (no test database, route fixture, app server or
 * Prisma client of their own) test the same code on both databases: they run once, in the SQLite
 * project. A file that starts using a database is picked up by the PostgreSQL project by itself.
 */
const OPENS_A_DATABASE = /support\/(test-db|routes|app-server)'|createDb\(/
const databaseFree = ['app', 'scripts'].flatMap((dir) =>
  fs
    .readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .map((file) => path.join(dir, file))
    .filter((file) => file.endsWith('.test.ts') && !file.includes('node_modules'))
    .filter((file) => !OPENS_A_DATABASE.test(fs.readFileSync(file, 'utf8'))),
)
/**
 * The browser files that also run on PostgreSQL: the flows whose outcome the database decides
 * across requests — seats and waiting lists (registration), the door (check-in), every route's
 * loader for every role with "no GET changes the database" compared table by table (route-roles),
 * rate limits kept in the database (protection), outages, connections, a full disk, shutdown —
 * and the `*.pg.test.ts` files. Every other browser file runs once, on SQLite: routes are one
 * guard, one schema and one module call, and each module's queries and transactions run on
 * PostgreSQL in the unit-postgres project (docs/decisions/0044-what-each-test-project-runs.md).
 * On PostgreSQL the flows run without their JavaScript variants (JAVASCRIPT_SETTINGS in
 * tests/support/browser.ts).
 */
const BROWSER_ON_POSTGRES = [
  'tests/e2e/registration.test.ts',
  // The draw by the background job against applications, through real mail (0049).
  'tests/e2e/lottery.test.ts',
  'tests/e2e/checkin.test.ts',
  'tests/e2e/route-roles.test.ts',
  'tests/e2e/protection.test.ts',
  'tests/e2e/database-outage.test.ts',
  'tests/e2e/connections.test.ts',
  'tests/e2e/full-disk.test.ts',
  'tests/e2e/shutdown.test.ts',
  'tests/e2e/evidence.test.ts',
  'tests/e2e/questions.test.ts',
  // The JSON API (docs/decisions/0055-api.md): tokens, refusals, registration and attendance.
  'tests/e2e/api.test.ts',
  // Webhooks delivered by the background loop to a receiver that is down at first (0056).
  'tests/e2e/webhooks.test.ts',
  'tests/e2e/**/*.pg.test.ts',
]
const unit = {
  include: ['app/**/*.test.ts', 'scripts/**/*.test.ts'],
  setupFiles: ['tests/setup/fail-on-console-error.ts'],
  // One migrated database per run, copied for each file (tests/support/test-db.ts).
  globalSetup: ['tests/setup/template-db.ts'],
  pool: 'forks' as const,
  // Environment stubs are undone after each test: a worker runs several files (isolate below).
  unstubEnvs: true,
  // Timeouts catch hangs, not slowness: a busy machine (CI beside other work) takes several times
  // an idle one's seconds for the tests that build years of records.
  testTimeout: 60_000,
  hookTimeout: 120_000,
}
// Each e2e file starts its own app servers on free ports, databases and browser: files do not
// share state, so they run beside the others instead of one at a time after them.
const e2e = {
  include: ['tests/e2e/**/*.test.ts'],
  setupFiles: ['tests/setup/fail-on-console-error.ts'],
  pool: 'forks' as const,
  testTimeout: 60_000,
  hookTimeout: 120_000,
  // A busy CI machine can take more than the default second to show a page's answer.
  expect: { poll: { timeout: 10_000 } },
}
// The keyed identity's secret (docs/decisions/0014): PostgreSQL has no default, so tests set one.
const IDENTITY_SECRET = process.env.IDENTITY_SECRET || 'test-identity-secret-0123456789abcdef0123456789'
// Password hashes at a test-only cost: accepted only inside a test run, never by a production
// process (app/modules/accounts/password.server.ts, docs/decisions/0031-fast-deterministic-tests.md).
// TEST_PASSWORD_COST=production runs the suite at the production cost.
const TEST_PASSWORD_COST = process.env.TEST_PASSWORD_COST ?? 'low'
const onSqlite = {
  exclude: ['**/*.pg.test.ts', '**/node_modules/**'],
  env: { JISSEKI_TEST_DB: 'sqlite', IDENTITY_SECRET, TEST_PASSWORD_COST },
}
const onPostgres = {
  env: { JISSEKI_TEST_DB: 'postgres', TEST_POSTGRES_URL: POSTGRES_URL, IDENTITY_SECRET, TEST_PASSWORD_COST },
}

export default defineConfig({
  plugins: [tsconfigPaths()],
  test: {
    // Vitest's default is one worker fewer than the cores: one on a 2-core machine. The files wait
    // on databases, app servers and the browser more than they compute (an idle 2-core machine ran
    // two at a time at 1.3 cores busy on average), so two run at a time. Three were 40 s faster on
    // an idle machine, but on a loaded one they starved Vitest's own process: its workers' messages
    // went unanswered past Vitest's fixed 60 s (`Timeout calling "onTaskUpdate"`, three runs of
    // 2026-11-30 beside CPU burners), failing a run whose tests all passed.
    maxWorkers: 2,
    // A worker keeps the modules it loaded for its next file instead of loading everything again
    // (Prisma's client and its WebAssembly query compiler, the app's modules): the unit files took
    // 275 s of CPU isolated and 108 s not, every test passing (docs/decisions/0044, addendum of
    // 2026-12-01). Files share no state: each makes its own database (tests/support/test-db.ts),
    // clears what it set on globalThis (tests/support/routes.ts), starts its own app servers and
    // browser. Set here for every project: Vitest 3.2 does not apply a project's own `isolate`.
    isolate: false,
    // Longest files first, also on a clean clone without Vitest's cache (tests/setup/sequencer.ts).
    sequence: { sequencer: LongestFirst },
    projects: [
      { extends: true as const, test: { name: 'unit', ...unit, ...onSqlite } },
      { extends: true as const, test: { name: 'e2e', ...e2e, ...onSqlite } },
      ...(postgres
        ? [
            {
              extends: true as const,
              test: { name: 'unit-postgres', ...unit, ...onPostgres, exclude: [...databaseFree, '**/node_modules/**'] },
            },
            {
              extends: true as const,
              test: { name: 'e2e-postgres', ...e2e, ...onPostgres, include: BROWSER_ON_POSTGRES },
            },
          ]
        : []),
    ],
  },
})
