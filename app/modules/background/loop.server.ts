import { currentTime } from '~/utils/clock.server'
/*
 * The background loop every app process runs (docs/decisions/0029-background-jobs.md): one timer,
 * one lane. On each tick the jobs that are due run one after another, in the order given, so they
 * never overlap each other or themselves, and a job that throws is logged and runs again at its
 * next interval while the others go on. The loop keeps each job's last run, last success, last
 * error and whether it is running; /healthz reads them through `backgroundHealth()`.
 */

/** What a run did, counted: a run that counted nothing did no work and writes no log line. */
export type JobRun = {
  counts: Record<string, number>
  /** Some of the work went wrong without the run failing (a message to be retried): a warning. */
  warn?: boolean
  /** Work is left that the batch size held back: run again on the next tick, not an interval later. */
  more?: boolean
}

export type BackgroundJob = {
  /** Its key in logs and in /healthz. */
  name: string
  /** How often it runs (at the first tick once this much has passed since its last run began). */
  intervalMs: number
  /** The most items one run handles; Infinity when one statement handles everything due. */
  batchSize: number
  run: (now: Date) => Promise<JobRun>
}

export type JobState = {
  running: boolean
  /** When its last run began (the tick's time). */
  lastRunAt: Date | null
  lastSuccessAt: Date | null
  lastError: { at: Date; message: string } | null
  /** Whether its last finished run failed. */
  lastRunFailed: boolean
  /** Its last run asked to run again at the next tick. */
  more: boolean
}

export type LogLevel = 'info' | 'warn' | 'error'
/** One JSON line: info to stdout, warnings and errors to stderr (a test server's stderr must stay empty). */
export type LogLine = (line: string, level: LogLevel) => void

const writeLine: LogLine = (line, level) => (level === 'info' ? console.log(line) : console.warn(line))

export type BackgroundLoop = {
  jobs: readonly BackgroundJob[]
  state: ReadonlyMap<string, Readonly<JobState>>
  startedAt: Date
  now: () => Date
  /** Runs the jobs that are due; while a tick is running, waits for it instead of starting another. */
  tick: () => Promise<void>
  /** No more ticks; resolves once the running one (if any) has finished. */
  stop: () => Promise<void>
}

/** The loop this process runs, for /healthz: on globalThis, so the app's build and server.ts share it. */
const KEY = Symbol.for('jisseki.backgroundLoop')
const holder = globalThis as unknown as Record<symbol, BackgroundLoop | undefined>

/**
 * Starts the loop: a first tick at once, then one every `intervalMs` (a tick still running when
 * the next is due is not doubled). `now` is the loop's clock (tests move it; no sleeps).
 */
export function startBackgroundLoop(
  jobs: readonly BackgroundJob[],
  options: { intervalMs: number; log?: LogLine; now?: () => Date },
): BackgroundLoop {
  const log = options.log ?? writeLine
  const now = options.now ?? currentTime
  const state = new Map<string, JobState>(
    jobs.map((job) => [
      job.name,
      { running: false, lastRunAt: null, lastSuccessAt: null, lastError: null, lastRunFailed: false, more: false },
    ]),
  )
  // Timers are not exact: a job due every tick must not miss one that fires a little early.
  const due = (job: BackgroundJob, s: JobState, at: Date) =>
    !s.lastRunAt || s.more || at.getTime() - s.lastRunAt.getTime() >= job.intervalMs - options.intervalMs / 2

  async function runJob(job: BackgroundJob, s: JobState, at: Date) {
    s.running = true
    s.lastRunAt = at
    const started = Date.now()
    try {
      const result = await job.run(at)
      s.lastSuccessAt = at
      s.lastRunFailed = false
      s.more = result.more === true
      if (Object.values(result.counts).some((n) => n > 0)) {
        const level = result.warn ? 'warn' : 'info'
        const fields = { level, event: 'job.ran', job: job.name, ms: Date.now() - started, ...result.counts }
        log(JSON.stringify(fields), level)
      }
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error)
      s.lastError = { at, message }
      s.lastRunFailed = true
      // Retried at its next interval, not at once: a failing database is not hammered.
      s.more = false
      log(JSON.stringify({ level: 'error', event: 'job.failed', job: job.name, error: message }), 'error')
    } finally {
      s.running = false
    }
  }

  let stopped = false
  let current: Promise<void> | null = null
  async function runDueJobs() {
    const at = now()
    for (const job of jobs) {
      // A stopping loop finishes the job in progress, then starts no other.
      if (stopped) break
      const s = state.get(job.name)!
      if (due(job, s, at)) await runJob(job, s, at)
    }
  }
  const tick = (): Promise<void> => {
    if (stopped) return Promise.resolve()
    current ??= runDueJobs().finally(() => (current = null))
    return current
  }

  const loop: BackgroundLoop = {
    jobs,
    state,
    startedAt: now(),
    now,
    tick,
    async stop() {
      stopped = true
      clearInterval(timer)
      if (holder[KEY] === loop) holder[KEY] = undefined
      await current
    },
  }
  const timer = setInterval(() => void tick(), options.intervalMs)
  holder[KEY] = loop
  void tick()
  return loop
}

/** A job counts as stale when it has not begun a run for this many of its intervals… */
export const STALE_AFTER_INTERVALS = 3
/** …and never before this: a fast job (every 2 s) waits its turn behind a long one (a retention share). */
export const STALE_AFTER_MIN_MS = 60_000

export type JobHealth = { lastRunSecondsAgo: number | null; ok: boolean }
export type BackgroundHealth = { state: 'ok' | 'degraded'; jobs: Record<string, JobHealth> }

/**
 * Whether each job runs: not ok when its last run failed, or when it has not begun one for
 * several intervals (a loop that hangs, or a job stuck in a run). Null when this process runs no
 * loop. Says nothing about what the jobs did: anyone may call /healthz.
 */
export function backgroundHealth(loop: BackgroundLoop | undefined = holder[KEY]): BackgroundHealth | null {
  if (!loop) return null
  const at = loop.now().getTime()
  const jobs: Record<string, JobHealth> = {}
  for (const job of loop.jobs) {
    const s = loop.state.get(job.name)!
    const since = at - (s.lastRunAt ?? loop.startedAt).getTime()
    const stale = since > Math.max(STALE_AFTER_INTERVALS * job.intervalMs, STALE_AFTER_MIN_MS)
    jobs[job.name] = {
      lastRunSecondsAgo: s.lastRunAt ? Math.max(0, Math.floor(since / 1000)) : null,
      ok: !stale && !s.lastRunFailed,
    }
  }
  return { state: Object.values(jobs).every((j) => j.ok) ? 'ok' : 'degraded', jobs }
}
