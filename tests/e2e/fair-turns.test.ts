import http from 'node:http'
import { performance } from 'node:perf_hooks'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startAppServer, type AppServer } from '../support/app-server'
import { createSeminar } from '../support/factories'

/**
 * In a rush, people who connect while the server is busy must be served in their turn, not after
 * everyone already connected (docs/decisions/0052-fair-under-a-rush.md). Node accepts one new
 * connection per turn of its event loop; when a turn carried every request read in it, a
 * connection opened under load waited in the kernel's queue while the clients already connected
 * were answered again and again — a few people waited twenty seconds.
 *
 * Measured by order, not by time: while HAMMERS keep-alive clients keep the server saturated,
 * NEWCOMERS open connections of their own; each newcomer counts how many answers the hammering
 * clients got between its request and its answer. In arrival order that is about one round of
 * the hammering clients; starved, it grows with every newcomer by a whole turn of the loop.
 */
const HAMMERS = 50
const NEWCOMERS = 40
/** Answers to the others after which a newcomer still waiting counts as starved. */
const GIVE_UP_AFTER = 1_500

type Answer = { status: number; at: number }

function get(agent: http.Agent, url: string): Promise<Answer> {
  return new Promise((resolve, reject) => {
    http
      .get(url, { agent }, (res) => {
        res.resume()
        res.on('end', () => resolve({ status: res.statusCode ?? 0, at: performance.now() }))
      })
      .on('error', reject)
  })
}

describe('requests in their turn under a rush', () => {
  let app: AppServer
  let url: string
  beforeAll(async () => {
    app = await startAppServer()
    const seminar = await createSeminar(app.db, { title: '混雑時の順番' })
    url = `${app.url}/seminars/${seminar.id}`
  })
  afterAll(async () => {
    await app?.stop()
  })

  // A hang guard, not a speed limit: the run is bounded by answers counted (GIVE_UP_AFTER).
  it(
    'serves connections opened during the rush after about one round of the others',
    { timeout: 180_000 },
    async () => {
      const others: number[] = []
      let stop = false
      const hammer = async () => {
        const agent = new http.Agent({ keepAlive: true, maxSockets: 1 })
        try {
          while (!stop) {
            const answer = await get(agent, url)
            expect(answer.status).toBe(200)
            others.push(answer.at)
          }
        } finally {
          agent.destroy()
        }
      }
      const hammering = Array.from({ length: HAMMERS }, hammer)
      // Saturated: every hammering client has had a few answers.
      while (others.length < HAMMERS * 3) await new Promise((r) => setTimeout(r, 20))

      const newcomers = Array.from({ length: NEWCOMERS }, async () => {
        const agent = new http.Agent({ keepAlive: false })
        const sent = performance.now()
        const countAtSend = others.length
        const waiting = get(agent, url)
        // Stops waiting (and fails below) once the others were answered GIVE_UP_AFTER times meanwhile.
        const starved = new Promise<null>((resolve) => {
          const check = setInterval(() => {
            if (others.length - countAtSend > GIVE_UP_AFTER) {
              clearInterval(check)
              resolve(null)
            }
          }, 20)
          void waiting.finally(() => clearInterval(check))
        })
        const answer = await Promise.race([waiting, starved])
        if (!answer) return { status: 'starved', othersAnsweredMeanwhile: others.length - countAtSend }
        return {
          status: answer.status,
          othersAnsweredMeanwhile: others.filter((at) => at > sent && at <= answer.at).length,
        }
      })
      const results = await Promise.all(newcomers)
      stop = true
      await Promise.all(hammering)

      for (const result of results) expect(result.status).toBe(200)
      // In turn: one round of the others plus the newcomers ahead (at most 90; measured 52–90).
      // Starved: each newcomer one more loop turn of a dozen answers later (measured 198–686).
      const worst = Math.max(...results.map((r) => r.othersAnsweredMeanwhile))
      expect(worst, JSON.stringify(results)).toBeLessThan(HAMMERS * 4)
    },
  )
})

describe('a full queue', () => {
  let app: AppServer
  beforeAll(async () => {
    app = await startAppServer({ env: { REQUEST_CONCURRENCY: '1', REQUEST_QUEUE_LIMIT: '2' } })
  })
  afterAll(async () => {
    process.kill(app.pid, 'SIGCONT')
    await app?.stop()
  })

  it('answers 503 with Retry-After beyond the queue limit, and the health check still answers', async () => {
    // Connections made beforehand, so that all the requests below are read in one turn.
    const agents = Array.from({ length: 8 }, () => new http.Agent({ keepAlive: true, maxSockets: 1 }))
    for (const agent of agents) expect((await get(agent, `${app.url}/privacy`)).status).toBe(200)
    const health = new http.Agent({ keepAlive: true, maxSockets: 1 })
    expect((await get(health, `${app.url}/healthz`)).status).toBe(200)

    // Stopped, the server reads nothing; continued, it finds every request at once.
    process.kill(app.pid, 'SIGSTOP')
    const answers = agents.map((agent) => fullAnswer(agent, `${app.url}/privacy`))
    const healthAnswer = fullAnswer(health, `${app.url}/healthz`)
    await new Promise((r) => setTimeout(r, 200))
    process.kill(app.pid, 'SIGCONT')

    const statuses = await Promise.all(answers)
    // Read in one turn, two wait (the limit) and the other six hear at once that the site is busy;
    // read over two turns, the first may already run and one more waits.
    const busy = statuses.filter((a) => a.status === 503)
    expect(statuses.filter((a) => a.status === 200).length).toBeGreaterThanOrEqual(2)
    expect(busy.length).toBeGreaterThanOrEqual(4)
    expect(busy.length + statuses.filter((a) => a.status === 200).length).toBe(8)
    for (const answer of busy) {
      expect(answer.retryAfter).toBe('5')
      expect(answer.body).toContain('混み合っています')
      expect(answer.body).toContain('very busy')
    }
    expect((await healthAnswer).status).toBe(200)
    for (const agent of [...agents, health]) agent.destroy()
  })
})

function fullAnswer(agent: http.Agent, url: string): Promise<{ status: number; retryAfter?: string; body: string }> {
  return new Promise((resolve, reject) => {
    http
      .get(url, { agent }, (res) => {
        let body = ''
        res.setEncoding('utf8')
        res.on('data', (d: string) => (body += d))
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, retryAfter: res.headers['retry-after'] as string | undefined, body }),
        )
      })
      .on('error', reject)
  })
}
