import crypto from 'node:crypto'
import fs from 'node:fs'
import http from 'node:http'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startAppServer, type AppServer } from '../support/app-server'
import { createSeminar } from '../support/factories'

/**
 * WEB_CONCURRENCY=2 on the embedded SQLite database (docs/decisions/0052): two app processes
 * share the port and the database file. Seats are never overbooked across them, the waiting list
 * stays in order, and a process that dies is replaced while the other keeps answering.
 */
const onSqlite = process.env.JISSEKI_TEST_DB !== 'postgres'

/** The app processes the cluster's primary started (its children, from /proc). */
function appProcesses(primary: number): number[] {
  return fs
    .readdirSync('/proc')
    .filter((name) => /^\d+$/.test(name))
    .filter((pid) => {
      try {
        // Fields after the command's closing parenthesis: state, then the parent's pid.
        const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8')
        return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]) === primary
      } catch {
        return false
      }
    })
    .map(Number)
}

/** A GET on a connection of its own (a kept-alive one may have led to the process that died). */
function freshGet(url: string): Promise<number> {
  return new Promise((resolve, reject) => {
    http
      .get(url, { agent: false }, (res) => {
        res.resume()
        res.on('end', () => resolve(res.statusCode ?? 0))
      })
      .on('error', reject)
  })
}

function registrationForm(i: number) {
  return new URLSearchParams({
    name: `二つのプロセス 申込${i}`,
    furigana: 'ふたつ もうしこみ',
    email: `two-processes-${i}@example.jp`,
    industry: 'G',
    inCity: 'yes',
    mode: 'IN_PERSON',
    consent: 'on',
    submissionKey: crypto.randomUUID(),
  })
}

describe.skipIf(!onSqlite)('two app processes on one SQLite file', () => {
  let app: AppServer
  beforeAll(async () => {
    app = await startAppServer({ env: { WEB_CONCURRENCY: '2', TRUST_PROXY: '1' } })
    // The second process starts once the first listens.
    while (appProcesses(app.pid).length < 2) await new Promise((r) => setTimeout(r, 100))
  })
  afterAll(async () => {
    await app?.stop()
  })

  it('never overbooks: 200 registrations at once for 50 seats', { timeout: 120_000 }, async () => {
    const seminar = await createSeminar(app.db, { title: '二つのプロセスのセミナー', capacityInPerson: 50 })
    const responses = await Promise.all(
      Array.from({ length: 200 }, (_, i) =>
        fetch(`${app.url}/seminars/${seminar.id}/register`, {
          method: 'POST',
          body: registrationForm(i),
          headers: { 'X-Forwarded-For': `198.18.1.${i}` },
          redirect: 'manual',
        }),
      ),
    )
    expect(responses.map((r) => r.status)).toEqual(Array(200).fill(302))
    const rows = await app.db.registration.findMany({
      where: { seminarId: seminar.id },
      select: { status: true, waitlistPosition: true },
    })
    expect(rows).toHaveLength(200)
    expect(rows.filter((r) => r.status === 'CONFIRMED')).toHaveLength(50)
    expect(
      rows
        .filter((r) => r.status === 'WAITLISTED')
        .map((r) => r.waitlistPosition!)
        .sort((a, b) => a - b),
    ).toEqual(Array.from({ length: 150 }, (_, i) => i + 1))
    expect((await app.db.seminar.findUniqueOrThrow({ where: { id: seminar.id } })).seatsTakenInPerson).toBe(50)
    expect(await app.db.outboxMessage.count({ where: { seminarId: seminar.id } })).toBe(200)
  })

  it('replaces a process that died, and keeps answering meanwhile', { timeout: 60_000 }, async () => {
    const [victim, survivor] = appProcesses(app.pid)
    process.kill(victim, 'SIGKILL')
    expect(await freshGet(`${app.url}/healthz`)).toBe(200)
    while (appProcesses(app.pid).filter((pid) => pid !== victim).length < 2)
      await new Promise((r) => setTimeout(r, 100))
    expect(appProcesses(app.pid)).toContain(survivor)
    expect(appProcesses(app.pid)).not.toContain(victim)
    expect(await freshGet(`${app.url}/`)).toBe(200)
  })

  it('leaves no client hanging when a process dies', { timeout: 120_000 }, async () => {
    // A stopped process cannot accept: connections made meanwhile must reach the other one, and
    // none may stay with the stopped process once it is killed. With node:cluster's round-robin
    // the primary handed one to it and kept that connection open for ever after the kill.
    const [victim] = appProcesses(app.pid)
    process.kill(victim, 'SIGSTOP')
    const outcomes: Array<number | string> = []
    const gets = Array.from({ length: 10 }, () =>
      freshGet(`${app.url}/healthz`).then(
        (status) => outcomes.push(status),
        (error: NodeJS.ErrnoException) => outcomes.push(error.code ?? 'error'),
      ),
    )
    while (outcomes.length < 9) await new Promise((r) => setTimeout(r, 50))
    process.kill(victim, 'SIGKILL')
    // "For ever" is told apart from slow by a wait far beyond any answer on a loaded machine.
    const hanging = Symbol('hanging')
    const settled = await Promise.race([Promise.all(gets), new Promise((r) => setTimeout(() => r(hanging), 30_000))])
    expect(settled).not.toBe(hanging)
    expect(outcomes.filter((o) => o !== 200)).toEqual([])
    while (appProcesses(app.pid).filter((pid) => pid !== victim).length < 2)
      await new Promise((r) => setTimeout(r, 100))
  })

  it('stops every process on SIGTERM', async () => {
    const workers = appProcesses(app.pid)
    await app.stop()
    const alive = (pid: number) => {
      try {
        process.kill(pid, 0)
        return true
      } catch {
        return false
      }
    }
    expect(workers.filter(alive)).toEqual([])
  })
})
