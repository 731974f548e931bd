import fs from 'node:fs'
import net from 'node:net'
import path from 'node:path'
import { defineConfig } from 'vitest/config'
import tsconfigPaths from 'vite-tsconfig-paths'

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
 * Browser files that check what a page is sent and how it shows — translations, headers, titles,
 * fit, looks, accessibility, keyboard use, hydration, NUL bytes, request parsing — and never what
 * only a database decides run once, on SQLite; the other browser flows run on PostgreSQL without
 * their JavaScript variants (JAVASCRIPT_SETTINGS in tests/support/browser.ts;
 * docs/decisions/0044-what-each-test-project-runs.md).
 */
const PAGE_CHECKS = [
  'tests/e2e/i18n.test.ts',
  'tests/e2e/security-headers.test.ts',
  'tests/e2e/accessibility.test.ts',
  'tests/e2e/keyboard.test.ts',
  'tests/e2e/page-titles.test.ts',
  'tests/e2e/phone-fit.test.ts',
  'tests/e2e/page-look.test.ts',
  'tests/e2e/registration-form-a11y.test.ts',
  'tests/e2e/english-texts.test.ts',
  'tests/e2e/early-input.test.ts',
  'tests/e2e/nul-bytes.test.ts',
  'tests/e2e/request-limits.test.ts',
  'tests/e2e/policy-contact.test.ts',
]
const unit = {
  include: ['app/**/*.test.ts', 'scripts/**/*.test.ts'],
  setupFiles: ['tests/setup/fail-on-console-error.ts'],
  // One migrated database per run, copied for each file (tests/support/test-db.ts).
  globalSetup: ['tests/setup/template-db.ts'],
  pool: 'forks' as const,
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
              test: { name: 'e2e-postgres', ...e2e, ...onPostgres, exclude: [...PAGE_CHECKS, '**/node_modules/**'] },
            },
          ]
        : []),
    ],
  },
})
