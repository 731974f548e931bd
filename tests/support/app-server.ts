import { spawn, type ChildProcess } from 'node:child_process'
import fs from 'node:fs'
import net from 'node:net'
import os from 'node:os'
import path from 'node:path'
import { createDb, type Db } from '~/utils/db.server'
import { createEmptyDatabase } from './test-db'

/** The identity secret the app processes of tests and benchmarks get (vitest.config.ts sets the same). */
export const appIdentitySecret = () => process.env.IDENTITY_SECRET || 'test-identity-secret-0123456789abcdef0123456789'

export type AppServer = {
  url: string
  db: Db
  databaseUrl: string
  /** The server's process id (benchmarks sample its memory). */
  pid: number
  /** Where the server writes its messages (.eml) when no SMTP_URL is given. */
  mailDir: string
  /** What the server wrote to stderr: errors there mean a request failed on the server. */
  errors: () => string
  /** What the server wrote to stdout (the security log's JSON lines among it). */
  stdout: () => string
  /** The process's exit code once it has exited (null while it runs). */
  exitCode: () => number | null
  /** The server's clock (app/utils/clock.server.ts): moved forward instead of sleeping. */
  clock: TestClock
  stop: () => Promise<void>
}

/** A test's hold on an app process's clock, which runs with real time plus what it was moved. */
export type TestClock = {
  /** The server's current time. */
  now: () => Date
  /** Moves the server's clock `ms` forward (never back: what is stored stays in the past). */
  advance: (ms: number) => void
  /**
   * Moves the clock past the edge of a fixed window of `windowMs` (rate-limit.server.ts) when fewer
   * than 20 seconds of the current one are left, so that a test counting `limit + 1` hits does not
   * straddle the edge, where the count starts again. No wait, and at most 20 s moved: sessions and
   * delays of earlier tests against the same server stay as they were.
   */
  awayFromWindowEdge: (policy: { windowMs: number }) => void
}

/** The clocks of the app servers running in this test file, by their url. */
const clocks = new Map<string, TestClock>()

/** The clock of the app server at `url` started by this test file (startAppServer). */
export function clockOf(url: string): TestClock {
  const clock = clocks.get(new URL(url).origin)
  if (!clock) throw new Error(`No app server of this test file runs at ${url}.`)
  return clock
}

function testClock(file: string): TestClock {
  let ahead = 0
  const clock: TestClock = {
    now: () => new Date(Date.now() + ahead),
    advance: (ms) => {
      if (!(ms >= 0)) throw new Error(`The clock only moves forward (asked ${ms} ms).`)
      ahead += Math.ceil(ms)
      // Written whole, then renamed over: the server never reads half a number.
      fs.writeFileSync(`${file}.next`, String(ahead))
      fs.renameSync(`${file}.next`, file)
    },
    awayFromWindowEdge: ({ windowMs }) => {
      const left = windowMs - (clock.now().getTime() % windowMs)
      if (left < 20_000) clock.advance(left)
    },
  }
  return clock
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer()
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo
      srv.close(() => resolve(port))
    })
    srv.on('error', reject)
  })
}

/**
 * Starts the production build (`npm run build` first) exactly as `npm start` serves it, on a
 * free port with a database of its own — or on `databaseUrl`, shared with other app processes
 * (then the caller removes the database).
 */
export async function startAppServer(
  options: { demoData?: boolean; databaseUrl?: string; env?: Record<string, string> } = {},
): Promise<AppServer> {
  if (!fs.existsSync('build/server/index.js') || !fs.existsSync('build/server.mjs')) {
    throw new Error('No production build: run `npm run build` first (npm test does it for you).')
  }
  const { url: databaseUrl, dropDatabase } = options.databaseUrl
    ? { url: options.databaseUrl, dropDatabase: async () => undefined }
    : await createEmptyDatabase()
  const port = await freePort()
  const url = `http://127.0.0.1:${port}`
  const mailDir = fs.mkdtempSync(path.join(os.tmpdir(), 'jisseki-mail-'))
  // In a directory of its own (mkdtemp: only this user may write there), beside no mail.
  const clockDir = fs.mkdtempSync(path.join(os.tmpdir(), 'jisseki-clock-'))
  const clockFile = path.join(clockDir, 'ahead-ms')
  const child: ChildProcess = spawn(process.execPath, ['build/server.mjs'], {
    env: {
      ...process.env,
      NODE_ENV: 'production',
      // As `npm start` sets it (docs/decisions/0001-stack-and-prisma-js-engines.md).
      MALLOC_ARENA_MAX: '2',
      DATABASE_URL: databaseUrl,
      PORT: String(port),
      HOST: '127.0.0.1',
      APP_URL: url,
      DEMO_DATA: options.demoData ? 'true' : 'false',
      MAIL_DIR: mailDir,
      MAIL_INTERVAL_MS: '250',
      // Required on PostgreSQL (docs/decisions/0014); vitest.config.ts sets it for every project.
      IDENTITY_SECRET: appIdentitySecret(),
      // Read only inside a test run (VITEST set, as here): app/utils/clock.server.ts.
      JISSEKI_TEST_CLOCK_FILE: clockFile,
      ...options.env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let output = ''
  let errors = ''
  let stdout = ''
  child.stdout?.on('data', (d) => {
    output += d
    stdout += d
  })
  child.stderr?.on('data', (d) => {
    output += d
    errors += d
  })
  const deadline = Date.now() + 60_000
  for (;;) {
    if (child.exitCode !== null) throw new Error(`The app exited early:\n${output}`)
    try {
      const res = await fetch(`${url}/healthz`)
      if (res.ok) break
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      child.kill()
      throw new Error(`The app did not become healthy in 60 s:\n${output}`)
    }
    await new Promise((r) => setTimeout(r, 200))
  }
  const db = createDb(databaseUrl)
  const clock = testClock(clockFile)
  clocks.set(url, clock)
  return {
    url,
    db,
    databaseUrl,
    pid: child.pid!,
    mailDir,
    errors: () => errors,
    stdout: () => stdout,
    exitCode: () => child.exitCode,
    clock,
    stop: async () => {
      await db.$disconnect()
      await new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve()
        child.once('exit', () => resolve())
        child.kill('SIGTERM')
      })
      await dropDatabase()
      fs.rmSync(mailDir, { recursive: true, force: true })
      fs.rmSync(clockDir, { recursive: true, force: true })
      clocks.delete(url)
    },
  }
}
