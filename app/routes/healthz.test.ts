import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { createTestDb, TEST_DB_KIND } from '../../tests/support/test-db'
import { startBackgroundJobs } from '~/modules/background/jobs.server'
import { createDb } from '~/utils/db.server'
import { loader } from './healthz'

const slot = globalThis as unknown as { jissekiDb?: unknown }
afterEach(() => {
  delete slot.jissekiDb
})

describe('GET /healthz', () => {
  it('answers 200 when the database is usable', async () => {
    const { db, drop } = await createTestDb()
    slot.jissekiDb = db
    const res = await loader()
    expect(res.status).toBe(200)
    expect(await res.json()).toEqual({ status: 'ok', mail: { state: 'ok', reasons: [], oldestPendingSeconds: 0 } })
    await drop()
  })

  it('says "degraded" with every background job once one has not run for several intervals (its clock moved)', async () => {
    const { db, drop } = await createTestDb()
    slot.jissekiDb = db
    let time = Date.now()
    // The loop as server.ts starts it, ticking every hour here: only the test's clock moves.
    const jobs = startBackgroundJobs(
      db,
      { send: async () => ({ emlFile: null }), close: () => undefined },
      { intervalMs: 3600_000, reminderDays: 1, log: () => undefined, now: () => new Date(time) },
    )
    try {
      await jobs.tick()
      const mail = { state: 'ok', reasons: [], oldestPendingSeconds: 0 }
      // Healthy, the answer is the one it always was.
      expect(await (await loader()).json()).toEqual({ status: 'ok', mail })
      // Retention runs every 10 minutes: after 31 without a run it is stale; the hourly ones are not.
      time += 31 * 60_000
      const res = await loader()
      expect(res.status).toBe(200)
      const late = { lastRunSecondsAgo: 31 * 60, ok: false }
      const fine = { lastRunSecondsAgo: 31 * 60, ok: true }
      expect(await res.json()).toEqual({
        status: 'degraded',
        mail,
        jobs: {
          retention: late,
          securityLogPruning: late,
          rateLimitPruning: fine,
          lottery: fine,
          reminders: fine,
          thankYous: fine,
          certificates: fine,
          surveys: fine,
          outbox: fine,
          webhooks: fine,
        },
      })
    } finally {
      await jobs.stop()
      await drop()
    }
  })

  it.skipIf(TEST_DB_KIND !== 'sqlite')('answers 503 within its limit when the database does not answer', async () => {
    const { db, drop } = await createTestDb()
    slot.jissekiDb = db
    // A transaction that holds SQLite's one connection until the check has answered.
    let release!: () => void
    const held = new Promise<void>((resolve) => (release = resolve))
    let started!: () => void
    const holding = new Promise<void>((resolve) => (started = resolve))
    const transaction = db.$transaction(async (tx) => {
      await tx.seminar.count()
      started()
      await held
    })
    await holding
    const res = await loader()
    release()
    await transaction
    expect(res.status).toBe(503)
    expect(await res.json()).toEqual({ status: 'unavailable', reason: 'database', detail: 'no answer' })
    await drop()
  })

  it.skipIf(TEST_DB_KIND !== 'sqlite')(
    'answers 200 "busy" when its check waits behind a burst that keeps moving',
    async () => {
      const { db, drop } = await createTestDb()
      slot.jissekiDb = db
      // Short transactions queued for SQLite's one connection, well over the check's limit in all.
      let stop = false
      let done = 0
      const burst = Promise.all(
        Array.from({ length: 60 }, () =>
          db.$transaction(async (tx) => {
            await tx.seminar.count()
            if (!stop) await new Promise((resolve) => setTimeout(resolve, 100))
            done++
          }),
        ),
      )
      // The burst is under way (and so queued) before the check joins the queue behind it.
      await vi.waitFor(() => expect(done).toBeGreaterThanOrEqual(2), { timeout: 30_000 })
      const res = await loader()
      stop = true
      await burst
      expect(res.status).toBe(200)
      expect(await res.json()).toMatchObject({ status: 'degraded', database: 'busy' })
      await drop()
    },
  )

  it('answers 503 when it is not', async () => {
    // A directory where the database file should be: SQLite cannot open it.
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'jisseki-broken-'))
    fs.mkdirSync(path.join(dir, 'app.db'))
    const db = createDb(`file:${path.join(dir, 'app.db')}`)
    slot.jissekiDb = db
    const res = await loader()
    expect(res.status).toBe(503)
    expect(await res.json()).toMatchObject({ status: 'unavailable', reason: 'database' })
    fs.rmSync(dir, { recursive: true, force: true })
  })
})
