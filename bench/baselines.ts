/**
 * What this machine can do at all, so the other figures can be read as a ratio of it:
 *   - a bare node:http server (in a process of its own, as the app is) answering 200 "ok",
 *     driven by the in-process generator of the other benchmarks (bench/http-load.ts): GET and
 *     POST (the registration form's body) one at a time, at 100 and at 1,000 clients (the
 *     registration benchmark measures its own, with its separate-process generator);
 *   - a raw better-sqlite3 insert loop on a WAL database in the temp directory (where the
 *     benchmarks' databases live), one row per transaction as one registration is one commit.
 * No targets: these are the ceilings the app's figures are compared with (bench/report.ts).
 *   npm run bench:baselines
 * Writes bench/reports/baselines.json.
 */
import crypto from 'node:crypto'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { performance } from 'node:perf_hooks'
import Database from 'better-sqlite3'
import { get, postForm, registrationForm, runLoad, startBareHttpServer } from './http-load'
import { stats, writeReport } from './stats'

const SEQUENTIAL = 1_000
const LOADED = 5_000
const BURST = 1_000
const INSERTS = 20_000
const INSERT_TIME_LIMIT_MS = 30_000

async function nodeHttp() {
  const bare = await startBareHttpServer()
  try {
    const url = bare.url
    const getLoad = (total: number, concurrency: number) => runLoad({ total, concurrency, request: () => get(url) })
    const postLoad = (total: number, concurrency: number) =>
      runLoad({ total, concurrency, request: (i) => postForm(url, registrationForm(`baseline-${i}`)) })
    await postLoad(500, 10) // warm-up: JIT on both sides, connections open
    return {
      sequentialGet: await getLoad(SEQUENTIAL, 1),
      sequentialPost: await postLoad(SEQUENTIAL, 1),
      get100: await getLoad(LOADED, 100),
      post100: await postLoad(LOADED, 100),
      // All at once, like the 1,000-client registration burst (mostly new connections).
      post1000: await postLoad(BURST, 1000),
    }
  } finally {
    await bare.stop()
  }
}

function sqliteInserts() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'jisseki-bench-sqlite-'))
  try {
    const conn = new Database(path.join(dir, 'baseline.db'))
    try {
      // As the app's database: WAL (set by its migration), the driver's default synchronous.
      conn.pragma('journal_mode = WAL')
      conn.exec(`CREATE TABLE registration (
        id TEXT PRIMARY KEY, seminarId TEXT NOT NULL, name TEXT NOT NULL, email TEXT NOT NULL UNIQUE,
        code TEXT NOT NULL UNIQUE, createdAt TEXT NOT NULL)`)
      const insert = conn.prepare('INSERT INTO registration VALUES (?, ?, ?, ?, ?, ?)')
      const seminarId = crypto.randomUUID()
      const row = (i: number) => [
        crypto.randomUUID(),
        seminarId,
        `計測 申込${i}`,
        `bench-${i}@example.jp`,
        crypto.randomBytes(5).toString('hex'),
        new Date().toISOString(),
      ]
      for (let i = 0; i < 200; i++) insert.run(row(-1 - i)) // warm-up
      const latencies: number[] = []
      const started = performance.now()
      // Each run() outside a transaction is its own transaction: one commit per row.
      for (let i = 0; i < INSERTS && performance.now() - started < INSERT_TIME_LIMIT_MS; i++) {
        const values = row(i)
        const t0 = performance.now()
        insert.run(values)
        latencies.push(performance.now() - t0)
      }
      const durationMs = performance.now() - started
      return {
        inserts: latencies.length,
        durationMs: Math.round(durationMs),
        perSecond: Math.round((latencies.length / durationMs) * 1000),
        latency: stats(latencies),
        journalMode: conn.pragma('journal_mode', { simple: true }),
        synchronous: conn.pragma('synchronous', { simple: true }),
      }
    } finally {
      conn.close()
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true })
  }
}

writeReport('baselines', {
  benchmark: 'baselines',
  nodeHttp: await nodeHttp(),
  sqliteInsert: sqliteInserts(),
})
