import { afterEach, describe, expect, it } from 'vitest'
import {
  backgroundHealth,
  startBackgroundLoop,
  type BackgroundJob,
  type BackgroundLoop,
  type JobRun,
  type LogLevel,
} from './loop.server'

const HOUR = 3600_000

/** The loop's clock, moved by the test: its own timer ticks only every TICK, so no tick comes unasked. */
const TICK = HOUR
function testClock() {
  let time = Date.parse('2026-11-30T03:00:00Z')
  return { now: () => new Date(time), advance: (ms: number) => void (time += ms) }
}

function testLog() {
  const lines: { level: LogLevel; entry: Record<string, unknown> }[] = []
  return { lines, log: (line: string, level: LogLevel) => void lines.push({ level, entry: JSON.parse(line) }) }
}

function job(name: string, intervalMs: number, run: () => Promise<JobRun> | JobRun): BackgroundJob & { runs: number } {
  const counted = {
    name,
    intervalMs,
    batchSize: 10,
    runs: 0,
    run: async () => {
      counted.runs++
      return run()
    },
  }
  return counted
}

const loops: BackgroundLoop[] = []
function start(jobs: BackgroundJob[], options: Partial<Parameters<typeof startBackgroundLoop>[1]> = {}) {
  const loop = startBackgroundLoop(jobs, { intervalMs: TICK, log: () => undefined, ...options })
  loops.push(loop)
  return loop
}
afterEach(async () => {
  for (const loop of loops.splice(0)) await loop.stop()
})

describe('the background loop', () => {
  it('runs each job at its interval, in order, and logs one JSON line per run that did work', async () => {
    const order: string[] = []
    const { lines, log } = testLog()
    const clock = testClock()
    const hourly = job('hourly', HOUR, () => (order.push('hourly'), { counts: { deleted: 2 } }))
    const daily = job('daily', 24 * HOUR, () => (order.push('daily'), { counts: { deleted: 0 } }))
    const warning = job('warning', HOUR, () => (order.push('warning'), { counts: { sent: 1, retry: 1 }, warn: true }))
    const loop = start([hourly, daily, warning], { log, now: clock.now })
    await loop.tick()
    expect(order).toEqual(['hourly', 'daily', 'warning'])
    // A run that did nothing writes nothing; a run with trouble is a warning (stderr).
    expect(lines).toEqual([
      { level: 'info', entry: { level: 'info', event: 'job.ran', job: 'hourly', ms: expect.any(Number), deleted: 2 } },
      {
        level: 'warn',
        entry: { level: 'warn', event: 'job.ran', job: 'warning', ms: expect.any(Number), sent: 1, retry: 1 },
      },
    ])
    clock.advance(HOUR)
    await loop.tick()
    expect([hourly.runs, daily.runs, warning.runs]).toEqual([2, 1, 2])
    clock.advance(23 * HOUR)
    await loop.tick()
    expect([hourly.runs, daily.runs, warning.runs]).toEqual([3, 2, 3])
  })

  it('logs a job that throws and runs it again at its next interval, without stopping the others', async () => {
    const { lines, log } = testLog()
    const clock = testClock()
    let fail = true
    const flaky = job('flaky', HOUR, () => {
      if (fail) throw new Error('database is locked')
      return { counts: { done: 1 } }
    })
    const steady = job('steady', HOUR, () => ({ counts: { done: 1 } }))
    const loop = start([flaky, steady], { log, now: clock.now })
    await loop.tick()
    expect(steady.runs).toBe(1)
    expect(lines.map((l) => l.entry)).toContainEqual({
      level: 'error',
      event: 'job.failed',
      job: 'flaky',
      error: 'database is locked',
    })
    expect(lines.find((l) => l.entry.event === 'job.failed')?.level).toBe('error')
    expect(loop.state.get('flaky')).toMatchObject({
      running: false,
      lastRunAt: clock.now(),
      lastSuccessAt: null,
      lastError: { at: clock.now(), message: 'database is locked' },
      lastRunFailed: true,
    })
    // Not retried at once: a tick before its interval leaves it.
    clock.advance(HOUR / 4)
    await loop.tick()
    expect(flaky.runs).toBe(1)
    fail = false
    clock.advance((3 * HOUR) / 4)
    await loop.tick()
    expect([flaky.runs, steady.runs]).toEqual([2, 2])
    expect(loop.state.get('flaky')).toMatchObject({ lastSuccessAt: clock.now(), lastRunFailed: false })
    // The last error stays on record for whoever looks.
    expect(loop.state.get('flaky')?.lastError?.message).toBe('database is locked')
  })

  it('runs a job again at the next tick while it reports work left (a backlog worked off in shares)', async () => {
    const clock = testClock()
    let backlog = 3
    const share = job('share', 24 * HOUR, () => {
      backlog--
      return { counts: { done: 1 }, more: backlog > 0 }
    })
    const loop = start([share], { now: clock.now })
    await loop.tick()
    for (let i = 0; i < 4; i++) {
      clock.advance(TICK)
      await loop.tick()
    }
    expect(share.runs).toBe(3)
    expect(backlog).toBe(0)
  })

  it('does not overlap ticks, and stop() waits for the job in progress, then runs no other', async () => {
    const events: string[] = []
    let release!: () => void
    const gate = new Promise<void>((resolve) => (release = resolve))
    const slow = job('slow', HOUR, async () => {
      events.push('slow started')
      await gate
      events.push('slow finished')
      return { counts: { sent: 1 } }
    })
    const next = job('next', HOUR, () => (events.push('next'), { counts: {} }))
    // The first tick begins at once and is held in the slow job.
    const loop = start([slow, next])
    expect(loop.state.get('slow')?.running).toBe(true)
    const again = loop.tick()
    const stopping = loop.stop().then(() => events.push('stopped'))
    // Everything queued so far has had its turn: stop() is still waiting.
    await new Promise((resolve) => setImmediate(resolve))
    expect(events).toEqual(['slow started'])
    release()
    await stopping
    await again
    expect(events).toEqual(['slow started', 'slow finished', 'stopped'])
    expect(loop.state.get('slow')?.running).toBe(false)
    await loop.tick()
    expect([slow.runs, next.runs]).toEqual([1, 0])
  })
})

describe('backgroundHealth', () => {
  it('is null without a loop in this process', () => {
    expect(backgroundHealth()).toBeNull()
  })

  it('says a job is stale once it has not run for three intervals, and not ok after a failed run', async () => {
    const clock = testClock()
    let fail = false
    const hourly = job('hourly', HOUR, () => ({ counts: {} }))
    const fast = job('fast', 2000, () => {
      if (fail) throw new Error('disk full')
      return { counts: {} }
    })
    const loop = start([hourly, fast], { now: clock.now })
    await loop.tick()
    expect(backgroundHealth()).toEqual({
      state: 'ok',
      jobs: { hourly: { lastRunSecondsAgo: 0, ok: true }, fast: { lastRunSecondsAgo: 0, ok: true } },
    })
    // A job every 2 s may wait a minute behind a long one before it counts as stale.
    clock.advance(60_000)
    expect(backgroundHealth(loop)?.jobs.fast).toEqual({ lastRunSecondsAgo: 60, ok: true })
    clock.advance(1000)
    expect(backgroundHealth(loop)).toEqual({
      state: 'degraded',
      jobs: { hourly: { lastRunSecondsAgo: 61, ok: true }, fast: { lastRunSecondsAgo: 61, ok: false } },
    })
    await loop.tick()
    expect(backgroundHealth(loop)?.state).toBe('ok')
    clock.advance(3 * HOUR + 1000)
    fail = true
    await loop.tick()
    // The hourly job ran just now; the fast one failed just now.
    expect(backgroundHealth(loop)).toEqual({
      state: 'degraded',
      jobs: { hourly: { lastRunSecondsAgo: 0, ok: true }, fast: { lastRunSecondsAgo: 0, ok: false } },
    })
    await loop.stop()
    expect(backgroundHealth()).toBeNull()
  })
})
