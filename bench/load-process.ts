/**
 * The benchmarks' load generator, run in a process of its own so that it takes no CPU from the
 * server's process and its own cost is known (it reports its CPU time). Plain node:http with
 * keep-alive; started by runLoadProcess() (load-generator.ts), which passes a LoadPlan as JSON on
 * argv and reads a LoadReport as JSON from stdout.
 *
 * Two shapes of load:
 *   - closed: `concurrency` clients, each with a connection of its own, each sending its next
 *     request when its previous one is answered, until `total` requests are sent;
 *   - open: requests start at a fixed rate (`ratePerSecond` for `durationSeconds`) whether or not
 *     earlier ones were answered, as people arrive in a rush; each request's latency is counted
 *     from the moment it was due, so a server that falls behind is not flattered (no coordinated
 *     omission).
 */
import crypto from 'node:crypto'
import http from 'node:http'
import { performance } from 'node:perf_hooks'

export type LoadPlan = {
  url: string
  shape: 'closed' | 'open'
  /** closed: clients; open: ignored. */
  concurrency?: number
  /** closed: requests in all. */
  total?: number
  /** open: arrivals per second and for how long. */
  ratePerSecond?: number
  durationSeconds?: number
  /** closed: request i goes to urls[i] instead of url (a cancellation link each). */
  urls?: string[]
  /** What each request is: a registration form POST (tagged i), an empty form POST, or a GET. */
  request: 'registration' | 'emptyPost' | 'get'
  /** Makes the registration emails unique across runs against one database. */
  tagPrefix?: string
  /** Each request from an address of its own (X-Forwarded-For, 198.18.0.0/15), as behind a proxy. */
  distinctAddresses?: boolean
  /** The first address's number: runs against one server do not reuse each other's addresses. */
  addressOffset?: number
  /** The status that counts as success. */
  expectStatus: number
  /** After a success, GET the redirect's Location (as a browser would), outside the latency. */
  followRedirect?: boolean
  /** A request not answered in this time counts as an error. */
  timeoutMs?: number
  /** closed: after this time no further request starts. */
  maxDurationMs?: number
}

export type LoadReport = {
  requests: number
  succeeded: number
  errors: number
  notStarted: number
  durationMs: number
  perSecond: number
  /** Latency of every answered request in ms, sorted ascending (the caller computes percentiles). */
  latencies: number[]
  statuses: Record<string, number>
  firstExceptions: string[]
  followed: Record<string, number>
  /** The generator's own CPU time (user + system) during the run. */
  generatorCpuMs: number
}

/** The registration form as a browser without JavaScript posts it; `tag` makes the email unique. */
export function registrationBody(tag: string): string {
  return new URLSearchParams({
    name: `計測 申込${tag}`,
    furigana: 'けいそく もうしこみ',
    email: `bench-${tag}@example.jp`,
    organizationName: `株式会社ベンチ${tag}`,
    industry: 'E',
    inCity: 'yes',
    mode: 'IN_PERSON',
    consent: 'on',
    submissionKey: crypto.randomUUID(),
  }).toString()
}

const addressOf = (n: number) => `198.${18 + ((n >> 16) & 1)}.${(n >> 8) & 255}.${n & 255}`

function send(plan: LoadPlan, agent: http.Agent, i: number): Promise<{ status: number; location: string | undefined }> {
  const url = new URL(plan.urls?.[i] ?? plan.url)
  const body =
    plan.request === 'registration'
      ? Buffer.from(registrationBody(`${plan.tagPrefix ?? 'r'}-${i}`))
      : plan.request === 'emptyPost'
        ? Buffer.alloc(0)
        : null
  const headers: Record<string, string> = {}
  if (body) {
    headers['Content-Type'] = 'application/x-www-form-urlencoded'
    headers['Content-Length'] = String(body.length)
  }
  if (plan.distinctAddresses) headers['X-Forwarded-For'] = addressOf((plan.addressOffset ?? 0) + i)
  return new Promise((resolve, reject) => {
    const req = http.request(
      url,
      { method: body ? 'POST' : 'GET', agent, headers, timeout: plan.timeoutMs ?? 60_000 },
      (res) => {
        res.resume()
        res.on('end', () => resolve({ status: res.statusCode ?? 0, location: res.headers.location }))
        res.on('error', reject)
      },
    )
    req.on('timeout', () => req.destroy(new Error(`no answer in ${plan.timeoutMs ?? 60_000} ms`)))
    req.on('error', reject)
    req.end(body ?? undefined)
  })
}

async function follow(plan: LoadPlan, agent: http.Agent, location: string): Promise<number> {
  const target = new URL(location, plan.url).href
  return send({ ...plan, url: target, urls: undefined, request: 'get', distinctAddresses: false }, agent, 0).then(
    (r) => r.status,
  )
}

export async function runPlan(plan: LoadPlan): Promise<LoadReport> {
  const latencies: number[] = []
  const statuses: Record<string, number> = {}
  const followed: Record<string, number> = {}
  const firstExceptions: string[] = []
  let succeeded = 0
  let errors = 0
  let started = 0
  const cpuBefore = process.cpuUsage()
  const t0 = performance.now()

  const record = async (agent: http.Agent, i: number, due: number) => {
    try {
      const { status, location } = await send(plan, agent, i)
      latencies.push(performance.now() - due)
      statuses[status] = (statuses[status] ?? 0) + 1
      if (status === plan.expectStatus) succeeded++
      else errors++
      if (plan.followRedirect && status === plan.expectStatus && location) {
        const s = await follow(plan, agent, location).catch(() => 'exception' as const)
        followed[s] = (followed[s] ?? 0) + 1
      }
    } catch (error) {
      errors++
      statuses.exception = (statuses.exception ?? 0) + 1
      if (firstExceptions.length < 5) firstExceptions.push(error instanceof Error ? error.message : String(error))
    }
  }

  let requests: number
  if (plan.shape === 'closed') {
    const total = plan.total ?? 0
    requests = total
    const deadline = t0 + (plan.maxDurationMs ?? 120_000)
    let next = 0
    const client = async () => {
      // A connection of its own, kept alive between its requests.
      const agent = new http.Agent({ keepAlive: true, maxSockets: 1 })
      for (let i = next++; i < total && performance.now() < deadline; i = next++) {
        started++
        await record(agent, i, performance.now())
      }
      agent.destroy()
    }
    await Promise.all(Array.from({ length: Math.min(plan.concurrency ?? 1, total) }, client))
  } else {
    const rate = plan.ratePerSecond ?? 1
    requests = Math.round(rate * (plan.durationSeconds ?? 1))
    const agent = new http.Agent({ keepAlive: true, maxSockets: Infinity })
    const inFlight: Promise<void>[] = []
    for (let i = 0; i < requests; i++) {
      const due = t0 + (i * 1000) / rate
      const wait = due - performance.now()
      if (wait > 1) await new Promise((r) => setTimeout(r, wait))
      started++
      inFlight.push(record(agent, i, due))
    }
    await Promise.all(inFlight)
    agent.destroy()
  }
  const durationMs = performance.now() - t0
  const cpu = process.cpuUsage(cpuBefore)
  return {
    requests,
    succeeded,
    errors,
    notStarted: requests - started,
    durationMs: Math.round(durationMs),
    perSecond: Math.round((succeeded / durationMs) * 1000 * 10) / 10,
    latencies: latencies.sort((a, b) => a - b).map((ms) => Math.round(ms * 100) / 100),
    statuses,
    firstExceptions,
    followed,
    generatorCpuMs: Math.round((cpu.user + cpu.system) / 1000),
  }
}

// Run as a process: the plan on argv, the report on stdout.
if (process.argv[2]?.startsWith('{')) {
  const report = await runPlan(JSON.parse(process.argv[2]) as LoadPlan)
  process.stdout.write(JSON.stringify(report))
}
