/**
 * A small closed-loop load generator for the benchmarks: a fixed number of clients, each sending
 * its next request as soon as its previous one is answered, until `total` requests are sent (or
 * `maxDurationMs` has passed: then no further request starts). Requests go through Node's global
 * fetch (undici), which keeps connections alive, so each client reuses its connection.
 *   const result = await runLoad({ total: 2000, concurrency: 100, expectStatus: 302,
 *     request: (i) => postForm(`${url}/seminars/${id}/register`, form(i)) })
 */
import { spawn } from 'node:child_process'
import { performance } from 'node:perf_hooks'
import readline from 'node:readline'
import { registrationBody, type LoadPlan, type LoadReport } from './load-process'
import { stats } from './stats'

/** A request that is not answered in this time counts as an error (and bounds a run's time). */
const REQUEST_TIMEOUT_MS = 60_000

export type LoadOptions = {
  total: number
  concurrency: number
  /** Sends request number i (0 ≤ i < total), reads the whole answer and returns its status. */
  request: (i: number) => Promise<number>
  /** The status that counts as success; any other status, or an exception, is an error. */
  expectStatus?: number
  /** After this time no further request starts (those already sent are awaited). */
  maxDurationMs?: number
  /**
   * What the client does next with an answer before sending its next request (a registered
   * person opens the done page); outside the request's latency, inside the run's duration.
   */
  followUp?: (i: number, status: number) => Promise<void>
}

export type LoadResult = {
  requests: number
  concurrency: number
  /** Requests answered with the expected status. */
  succeeded: number
  errors: number
  /** Requests never started because maxDurationMs had passed. */
  notStarted: number
  durationMs: number
  /** Successful requests per second of the whole run (first request sent to last answer). */
  perSecond: number
  /** Latency of every request that was answered (whatever its status), in ms. */
  latency: ReturnType<typeof stats>
  /** Count per status; exceptions counted under "exception". */
  statuses: Record<string, number>
  /** The first few exception messages, to tell why requests failed. */
  firstExceptions: string[]
}

export async function runLoad(options: LoadOptions): Promise<LoadResult> {
  const { total, concurrency, request, expectStatus = 200, maxDurationMs = 120_000, followUp } = options
  const latencies: number[] = []
  const statuses: Record<string, number> = {}
  const firstExceptions: string[] = []
  let next = 0
  let succeeded = 0
  let errors = 0
  const started = performance.now()
  const deadline = started + maxDurationMs

  async function client() {
    for (let i = next++; i < total && performance.now() < deadline; i = next++) {
      const sent = performance.now()
      try {
        const status = await request(i)
        latencies.push(performance.now() - sent)
        statuses[status] = (statuses[status] ?? 0) + 1
        if (status === expectStatus) succeeded++
        else errors++
        await followUp?.(i, status)
      } catch (error) {
        statuses.exception = (statuses.exception ?? 0) + 1
        errors++
        if (firstExceptions.length < 5) firstExceptions.push(describe(error))
      }
    }
  }
  await Promise.all(Array.from({ length: Math.min(concurrency, total) }, client))
  const durationMs = performance.now() - started
  return {
    requests: total,
    concurrency,
    succeeded,
    errors,
    notStarted: total - succeeded - errors,
    durationMs: Math.round(durationMs),
    perSecond: Math.round((succeeded / durationMs) * 1000 * 10) / 10,
    latency: stats(latencies),
    statuses,
    firstExceptions,
  }
}

/** fetch's own message is "fetch failed"; the reason (ECONNRESET, a timeout, …) is its cause. */
function describe(error: unknown): string {
  if (!(error instanceof Error)) return String(error)
  const cause = error.cause instanceof Error ? `: ${error.cause.message}` : ''
  return `${error.name}: ${error.message}${cause}`
}

/** POSTs a form (application/x-www-form-urlencoded), reads the answer, returns its status. */
export async function postForm(
  url: string,
  body: URLSearchParams,
  headers: Record<string, string> = {},
): Promise<number> {
  const res = await fetch(url, {
    method: 'POST',
    body,
    headers,
    redirect: 'manual',
    signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
  })
  await res.arrayBuffer()
  return res.status
}

/**
 * The registration form as a browser without JavaScript posts it. The baseline server receives
 * the same body, so both carry the same bytes. `tag` makes the email address unique.
 */
export function registrationForm(tag: string): URLSearchParams {
  return new URLSearchParams(registrationBody(tag))
}

/** GETs a URL, reads the answer, returns its status. */
export async function get(url: string): Promise<number> {
  const res = await fetch(url, { redirect: 'manual', signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) })
  await res.arrayBuffer()
  return res.status
}

export type ProcessLoadResult = Omit<LoadReport, 'latencies'> & {
  /** Requests sent, and by how many clients (closed) or at what rate (open). */
  shape: LoadPlan['shape']
  concurrency?: number
  ratePerSecond?: number
  latency: ReturnType<typeof stats>
}

/**
 * Runs a load plan in a process of its own (bench/load-process.ts): the generator takes none of
 * the measuring process's CPU, and reports its own.
 */
export async function runLoadProcess(plan: LoadPlan): Promise<ProcessLoadResult> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'bench/load-process.ts', JSON.stringify(plan)], {
    stdio: ['ignore', 'pipe', 'inherit'],
  })
  let out = ''
  child.stdout!.on('data', (d) => (out += d))
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve))
  if (code !== 0) throw new Error(`the load generator exited with ${code}`)
  const { latencies, ...report } = JSON.parse(out) as LoadReport
  return {
    shape: plan.shape,
    ...(plan.shape === 'closed' ? { concurrency: plan.concurrency } : { ratePerSecond: plan.ratePerSecond }),
    ...report,
    latency: stats(latencies),
  }
}

// Reads the body (as the app's form action does) and answers; listens with Node's defaults
// (backlog 511), like the app's Express server.
const BARE_SERVER = `
const http = require('node:http')
const server = http.createServer((req, res) => {
  const chunks = []
  req.on('data', (chunk) => chunks.push(chunk))
  req.on('end', () => {
    new URLSearchParams(Buffer.concat(chunks).toString())
    res.writeHead(200, { 'content-type': 'text/plain' })
    res.end('ok')
  })
})
server.listen(0, '127.0.0.1', () => console.log(server.address().port))
`

/** A bare node:http server in a process of its own, answering 200 "ok" after reading the body. */
export async function startBareHttpServer(): Promise<{ url: string; stop: () => Promise<void> }> {
  const child = spawn(process.execPath, ['-e', BARE_SERVER], { stdio: ['ignore', 'pipe', 'inherit'] })
  const stop = async () => {
    if (child.exitCode !== null) return
    const exited = new Promise((resolve) => child.once('exit', resolve))
    child.kill('SIGTERM')
    await exited
  }
  try {
    const port = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('the baseline server did not start in 10 s')), 10_000)
      readline.createInterface({ input: child.stdout! }).once('line', (line) => {
        clearTimeout(timer)
        resolve(line.trim())
      })
      child.once('exit', (code) => reject(new Error(`the baseline server exited (${code})`)))
    })
    return { url: `http://127.0.0.1:${port}/`, stop }
  } catch (error) {
    await stop()
    throw error
  }
}
