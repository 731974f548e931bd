import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { createSeminar, participant } from '../../../tests/support/factories'
import { createTestDb } from '../../../tests/support/test-db'
import type { Db } from '~/utils/db.server'
import { cancelRegistration, register } from '../registration/registrations.server'
import { guardedLookup, webhookUrlProblem } from './address.server'
import { deliverDueWebhooks, PAUSE_AFTER_MS, RESPONSE_KEPT, webhookRetryDelayMs } from './delivery.server'
import {
  createWebhookEndpoint,
  deleteWebhookEndpoint,
  pausedWebhookEndpoints,
  redeliverWebhook,
  resumeWebhookEndpoint,
} from './endpoints.server'
import { queueWebhookEvent } from './queue.server'
import { verifyWebhook, webhookSignature } from './signature.server'

/** Webhooks (docs/decisions/0056-webhooks.md), on SQLite and PostgreSQL, with a real HTTP receiver. */
let db: Db
let drop: () => Promise<void>

beforeAll(async () => {
  ;({ db, drop } = await createTestDb())
})
afterAll(async () => drop())
afterEach(async () => {
  await db.webhookEndpoint.deleteMany()
})

const MINUTE = 60_000
const HOUR = 60 * MINUTE

type Received = { headers: http.IncomingHttpHeaders; body: string }

/** A receiver on 127.0.0.1 answering `status` (and `reply`) to every POST; it records what came. */
async function receiver(status = 200, reply = 'ok') {
  const received: Received[] = []
  const server = http.createServer((request, response) => {
    let body = ''
    request.setEncoding('utf8')
    request.on('data', (chunk: string) => (body += chunk))
    request.on('end', () => {
      received.push({ headers: request.headers, body })
      response.writeHead(receiverState.status, { 'Content-Type': 'text/plain' })
      response.end(receiverState.reply)
    })
  })
  const receiverState = { status, reply }
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks`
  return {
    url,
    received,
    state: receiverState,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  }
}

const send = (now: Date) => deliverDueWebhooks(db, now, { allowLoopback: true, timeoutMs: 10_000 })

describe('signatures (Standard Webhooks)', () => {
  it('match the scheme’s published test vector', () => {
    // The example of the Standard Webhooks specification (github.com/standard-webhooks).
    const secret = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw'
    const id = 'msg_p5jXN8AQM9LWM0D4loKWxJek'
    const body = '{"test": 2432232314}'
    expect(webhookSignature(secret, id, 1614265330, body)).toBe('v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=')
    const headers = { id, timestamp: '1614265330', signature: 'v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=' }
    expect(verifyWebhook(secret, headers, body, { nowSeconds: 1614265330 })).toBe(true)
    // Another body, another secret, or a time too far from the receiver's: refused.
    expect(verifyWebhook(secret, headers, '{"test": 2432232315}', { nowSeconds: 1614265330 })).toBe(false)
    expect(
      verifyWebhook('whsec_' + Buffer.alloc(24, 1).toString('base64'), headers, body, { nowSeconds: 1614265330 }),
    ).toBe(false)
    expect(verifyWebhook(secret, headers, body, { nowSeconds: 1614265330 + 301 })).toBe(false)
    // Several signatures (a secret being changed): one that matches is enough.
    expect(
      verifyWebhook(secret, { ...headers, signature: `v1,AAAA ${headers.signature}` }, body, {
        nowSeconds: 1614265330,
      }),
    ).toBe(true)
  })
})

describe('where webhooks may go', () => {
  it('HTTPS to public addresses; HTTP only to this machine and only where loopback is allowed', () => {
    expect(webhookUrlProblem('https://hooks.example.com/jisseki', false)).toBeNull()
    expect(webhookUrlProblem('http://hooks.example.com/jisseki', false)).toBe('webhookUrlHttps')
    expect(webhookUrlProblem('http://hooks.example.com/jisseki', true)).toBe('webhookUrlHttps')
    expect(webhookUrlProblem('ftp://hooks.example.com/', true)).toBe('webhookUrl')
    expect(webhookUrlProblem('not a url', true)).toBe('webhookUrl')
    expect(webhookUrlProblem('https://user:pw@hooks.example.com/', true)).toBe('webhookUrlCredentials')
    for (const local of [
      'http://127.0.0.1:4000/h',
      'http://localhost:4000/h',
      'http://[::1]:4000/h',
      'https://127.0.0.5/',
    ]) {
      expect(webhookUrlProblem(local, true)).toBeNull()
      expect(webhookUrlProblem(local, false)).toBe('webhookUrlPrivate')
    }
    for (const internal of [
      'https://10.0.0.8/',
      'https://172.16.4.1/',
      'https://192.168.1.10/',
      'https://169.254.169.254/latest/meta-data',
      'https://[fe80::1]/',
      'https://[fd00::1]/',
      'https://[::ffff:10.0.0.1]/',
      'https://0.0.0.0/',
      // IPv6 forms that carry an IPv4 address inside (NAT64, 6to4, Teredo, IPv4-compatible), and
      // the old site-local and discard prefixes (review, 2026-12-02).
      'https://[64:ff9b::a00:1]/',
      'https://[64:ff9b:1::a00:1]/',
      'https://[2002:a00:1::1]/',
      'https://[2001:0:4136:e378::1]/',
      'https://[::a00:1]/',
      'https://[fec0::1]/',
      'https://[100::1]/',
    ]) {
      expect(webhookUrlProblem(internal, true)).toBe('webhookUrlPrivate')
    }
  })

  it('a name resolving to a refused address is refused when the request is made', async () => {
    const lookup = (allow: boolean) =>
      new Promise<string>((resolve) =>
        guardedLookup(allow)('localhost', { family: 4 }, (error, address) =>
          resolve(error ? 'refused' : String(address)),
        ),
      )
    expect(await lookup(false)).toBe('refused')
    // The refusal does not say where the name pointed (the attempt log would map internal names).
    const message = await new Promise<string>((resolve) =>
      guardedLookup(false)('localhost', { family: 4 }, (error) => resolve(error?.message ?? '')),
    )
    expect(message).not.toContain('127.0.0.1')
    expect(await lookup(true)).toBe('127.0.0.1')
  })
})

describe('the back-off', () => {
  it('waits 30 s after the first failure, doubling, at most an hour', () => {
    expect([1, 2, 3, 4, 5, 6, 7, 8, 9, 20].map((n) => webhookRetryDelayMs(n) / 1000)).toEqual([
      30, 60, 120, 240, 480, 960, 1920, 3600, 3600, 3600,
    ])
  })
})

describe('queueing in the change’s transaction', () => {
  it('a registration queues registration.created for each subscribed endpoint, and nothing for the others', async () => {
    const seminar = await createSeminar(db)
    const one = await createWebhookEndpoint(
      db,
      {
        url: 'https://a.example.com/h',
        description: null,
        events: ['registration.created', 'registration.cancelled'],
      },
      null,
    )
    const two = await createWebhookEndpoint(
      db,
      {
        url: 'https://b.example.com/h',
        description: 'Other',
        events: ['registration.created'],
      },
      null,
    )
    await createWebhookEndpoint(
      db,
      { url: 'https://c.example.com/h', description: null, events: ['seminar.cancelled'] },
      null,
    )
    const r = await register(db, { seminarId: seminar.id, ...participant() })
    const rows = await db.webhookDelivery.findMany({ orderBy: { endpointId: 'asc' } })
    expect(rows.map((d) => d.endpointId).sort()).toEqual([one.id, two.id].sort())
    expect(new Set(rows.map((d) => d.eventId)).size).toBe(1)
    const body = JSON.parse(rows[0]!.payload)
    expect(body).toEqual({
      id: rows[0]!.eventId,
      type: 'registration.created',
      createdAt: expect.any(String),
      data: { registrationId: r.id, seminarId: seminar.id, status: 'CONFIRMED', mode: 'IN_PERSON', source: 'WEB' },
    })
    // No personal data: neither name, email nor organization.
    expect(rows[0]!.payload).not.toMatch(/参加|example\.jp|サンプル/)

    await cancelRegistration(db, r.id, { by: 'PARTICIPANT' })
    const cancelled = await db.webhookDelivery.findMany({ where: { type: 'registration.cancelled' } })
    expect(cancelled.map((d) => d.endpointId)).toEqual([one.id])
    expect(JSON.parse(cancelled[0]!.payload).data).toEqual({
      registrationId: r.id,
      seminarId: seminar.id,
      previousStatus: 'CONFIRMED',
      mode: 'IN_PERSON',
      cancelledBy: 'PARTICIPANT',
    })
  })

  it('a change rolled back queues nothing', async () => {
    await createWebhookEndpoint(
      db,
      {
        url: 'https://a.example.com/h',
        description: null,
        events: ['registration.created'],
      },
      null,
    )
    // Full, without a waiting list: the registration's batch (seat, row, event) rolls back whole.
    const seminar = await createSeminar(db, { capacityInPerson: 1, waitlistEnabled: false })
    await register(db, { seminarId: seminar.id, ...participant() })
    await expect(register(db, { seminarId: seminar.id, ...participant() })).rejects.toMatchObject({
      code: 'SEMINAR_FULL',
    })
    expect(await db.registration.count({ where: { seminarId: seminar.id } })).toBe(1)
    expect(await db.webhookDelivery.count()).toBe(1)
    // And an interactive transaction that throws after queueing: nothing either.
    await expect(
      db.$transaction(async (tx) => {
        await queueWebhookEvent(tx, 'registration.created', { registrationId: 'x' })
        throw new Error('rolled back')
      }),
    ).rejects.toThrow('rolled back')
    expect(await db.webhookDelivery.count()).toBe(1)
  })

  it('a promotion from the waiting list queues registration.promoted', async () => {
    await createWebhookEndpoint(
      db,
      {
        url: 'https://a.example.com/h',
        description: null,
        events: ['registration.promoted'],
      },
      null,
    )
    const seminar = await createSeminar(db, { capacityInPerson: 1 })
    const first = await register(db, { seminarId: seminar.id, ...participant() })
    const waiting = await register(db, { seminarId: seminar.id, ...participant() })
    expect(waiting.status).toBe('WAITLISTED')
    expect(await db.webhookDelivery.count()).toBe(0)
    await cancelRegistration(db, first.id, { by: 'PARTICIPANT' })
    const rows = await db.webhookDelivery.findMany()
    expect(rows.map((d) => [d.type, JSON.parse(d.payload).data])).toEqual([
      ['registration.promoted', { registrationId: waiting.id, seminarId: seminar.id, mode: 'IN_PERSON' }],
    ])
  })
})

describe('delivery', () => {
  it('POSTs the signed body; the receiver verifies it; the attempt is logged', async () => {
    const hook = await receiver(200, 'thanks')
    try {
      const { id, secret } = await createWebhookEndpoint(
        db,
        {
          url: hook.url,
          description: null,
          events: ['seminar.published'],
        },
        null,
      )
      await db.$transaction([queueWebhookEvent(db, 'seminar.published', { seminarId: 's1' })])
      expect(await send(new Date())).toMatchObject({ delivered: 1, retry: 0 })
      expect(hook.received).toHaveLength(1)
      const { headers, body } = hook.received[0]!
      const stored = await db.webhookDelivery.findFirstOrThrow({ where: { endpointId: id } })
      expect(body).toBe(stored.payload)
      expect(headers['content-type']).toBe('application/json')
      expect(headers['webhook-id']).toBe(stored.eventId)
      expect(
        verifyWebhook(
          secret,
          {
            id: String(headers['webhook-id']),
            timestamp: String(headers['webhook-timestamp']),
            signature: String(headers['webhook-signature']),
          },
          body,
        ),
      ).toBe(true)
      expect(stored).toMatchObject({ status: 'DELIVERED', lastStatusCode: 200, attempts: 1, lockedUntil: null })
      const attempts = await db.webhookAttempt.findMany({ where: { deliveryId: stored.id } })
      expect(attempts).toMatchObject([{ statusCode: 200, responseBody: 'thanks', error: null }])
      // Nothing more to send.
      expect(await send(new Date())).toMatchObject({ delivered: 0, retry: 0 })
      expect(hook.received).toHaveLength(1)

      // Not while it is being sent (claimed by a worker): that would send it twice at once.
      await db.webhookDelivery.update({
        where: { id: stored.id },
        data: { lockedUntil: new Date(Date.now() + 60_000), claimToken: 'a-worker' },
      })
      expect(await redeliverWebhook(db, id, stored.id, null)).toBe('sending')
      expect(await db.webhookDelivery.findUniqueOrThrow({ where: { id: stored.id } })).toMatchObject({
        status: 'DELIVERED',
        claimToken: 'a-worker',
      })
      await db.webhookDelivery.update({ where: { id: stored.id }, data: { lockedUntil: null, claimToken: null } })
      // Sent again on request: the same id and body, a new attempt.
      expect(await redeliverWebhook(db, id, stored.id, null)).toBe('queued')
      expect(await send(new Date())).toMatchObject({ delivered: 1 })
      expect(hook.received.map((r) => r.headers['webhook-id'])).toEqual([stored.eventId, stored.eventId])
      expect(await db.webhookAttempt.count({ where: { deliveryId: stored.id } })).toBe(2)
      // The admins' actions are in the audit trail, the secret nowhere in it.
      const audit = await db.auditEvent.findMany({ where: { entityId: id }, orderBy: { at: 'asc' } })
      expect(audit.map((e) => e.action)).toEqual(['webhook.create', 'webhook.redeliver'])
      expect(JSON.parse(audit[1]!.detail!)).toEqual({
        url: hook.url,
        type: 'seminar.published',
        eventId: stored.eventId,
      })
      expect(audit.map((e) => e.detail).join()).not.toContain(secret.slice(6))
    } finally {
      await hook.close()
    }
  })

  it('a failure is retried with back-off and logged with its status and the start of the answer', async () => {
    const hook = await receiver(503, 'x'.repeat(5000))
    try {
      const { id } = await createWebhookEndpoint(
        db,
        { url: hook.url, description: null, events: ['seminar.cancelled'] },
        null,
      )
      const t0 = new Date('2026-12-01T00:00:00Z')
      await db.$transaction([queueWebhookEvent(db, 'seminar.cancelled', { seminarId: 's1' }, t0)])
      expect(await send(t0)).toMatchObject({ delivered: 0, retry: 1 })
      let d = await db.webhookDelivery.findFirstOrThrow({ where: { endpointId: id } })
      expect(d).toMatchObject({ status: 'PENDING', attempts: 1, lastStatusCode: 503 })
      const gap = (at: Date) => d.nextAttemptAt.getTime() - at.getTime()
      // Measured from the attempt (the run's clock moves on at the real pace while it sends).
      expect(gap(t0)).toBeGreaterThanOrEqual(30_000)
      expect(gap(t0)).toBeLessThan(90_000)
      const [attempt] = await db.webhookAttempt.findMany({ where: { deliveryId: d.id } })
      expect(attempt).toMatchObject({ statusCode: 503, error: null })
      expect(attempt!.responseBody).toHaveLength(RESPONSE_KEPT)
      // Not due before its time.
      expect(await send(new Date(t0.getTime() + 10_000))).toMatchObject({ retry: 0, delivered: 0 })
      const t1 = new Date(t0.getTime() + 2 * MINUTE)
      expect(await send(t1)).toMatchObject({ retry: 1 })
      d = await db.webhookDelivery.findFirstOrThrow({ where: { endpointId: id } })
      expect(d.attempts).toBe(2)
      expect(d.nextAttemptAt.getTime() - t1.getTime()).toBeGreaterThanOrEqual(60_000)
      expect(d.nextAttemptAt.getTime() - t1.getTime()).toBeLessThan(120_000)
      expect(await db.webhookEndpoint.findUniqueOrThrow({ where: { id } })).toMatchObject({
        failingSince: expect.any(Date),
        consecutiveFailures: 2,
        pausedAt: null,
      })
      // The receiver works again: delivered, and the endpoint is well again.
      hook.state.status = 204
      hook.state.reply = ''
      expect(await send(new Date(t1.getTime() + 5 * MINUTE))).toMatchObject({ delivered: 1 })
      expect(await db.webhookEndpoint.findUniqueOrThrow({ where: { id } })).toMatchObject({
        failingSince: null,
        consecutiveFailures: 0,
      })
    } finally {
      await hook.close()
    }
  })

  it('a receiver that is down (port closed) is an attempt without answer, retried later', async () => {
    const hook = await receiver()
    await hook.close()
    const { id } = await createWebhookEndpoint(
      db,
      { url: hook.url, description: null, events: ['seminar.cancelled'] },
      null,
    )
    await db.$transaction([queueWebhookEvent(db, 'seminar.cancelled', { seminarId: 's1' })])
    expect(await send(new Date())).toMatchObject({ retry: 1 })
    const [attempt] = await db.webhookAttempt.findMany({ where: { delivery: { endpointId: id } } })
    expect(attempt).toMatchObject({ statusCode: null, error: expect.stringContaining('ECONNREFUSED') })
  })

  it('an endpoint failing for 24 hours without a success is paused; resumed, what waited goes out', async () => {
    const hook = await receiver(500)
    try {
      const { id } = await createWebhookEndpoint(
        db,
        { url: hook.url, description: null, events: ['seminar.changed'] },
        null,
      )
      const t0 = new Date('2026-12-02T00:00:00Z')
      await db.$transaction([queueWebhookEvent(db, 'seminar.changed', { seminarId: 's1' }, t0)])
      expect(await send(t0)).toMatchObject({ retry: 1, paused: 0 })
      // Hourly retries for nearly a day: still not paused.
      for (let h = 1; h < 24; h++) await send(new Date(t0.getTime() + h * HOUR))
      expect(await db.webhookEndpoint.findUniqueOrThrow({ where: { id } })).toMatchObject({ pausedAt: null })
      expect(await pausedWebhookEndpoints(db)).toBe(0)
      const day = new Date(t0.getTime() + PAUSE_AFTER_MS + MINUTE)
      expect(await send(day)).toMatchObject({ paused: 1 })
      expect(await pausedWebhookEndpoints(db)).toBe(1)
      // Events go on being queued for it, and nothing is sent while it is paused.
      await db.$transaction([queueWebhookEvent(db, 'seminar.changed', { seminarId: 's2' }, day)])
      const sentBefore = hook.received.length
      expect(await send(new Date(day.getTime() + 2 * HOUR))).toMatchObject({ delivered: 0, retry: 0 })
      expect(hook.received).toHaveLength(sentBefore)
      // Resumed once the receiver works: both go out at once.
      hook.state.status = 200
      const later = new Date(day.getTime() + 3 * HOUR)
      await resumeWebhookEndpoint(db, id, null, later)
      expect(await pausedWebhookEndpoints(db)).toBe(0)
      expect(await send(later)).toMatchObject({ delivered: 2 })
      expect(await db.webhookDelivery.count({ where: { endpointId: id, status: 'PENDING' } })).toBe(0)
    } finally {
      await hook.close()
    }
  })

  it('an endpoint deleted while its request is out: the outcome is lost, the job does not fail', async () => {
    let endpointId = ''
    const server = http.createServer((request, response) => {
      request.resume()
      request.on('end', () => {
        void deleteWebhookEndpoint(db, endpointId, null).then(() => response.end('gone'))
      })
    })
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    try {
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/h`
      endpointId = (await createWebhookEndpoint(db, { url, description: null, events: ['seminar.published'] }, null)).id
      await db.$transaction([queueWebhookEvent(db, 'seminar.published', { seminarId: 's1' })])
      expect(await send(new Date())).toMatchObject({ delivered: 0, lost: 1 })
      expect(await db.webhookDelivery.count()).toBe(0)
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()))
    }
  })

  it('two workers at once send each delivery once', async () => {
    const hook = await receiver()
    try {
      await createWebhookEndpoint(db, { url: hook.url, description: null, events: ['attendance.recorded'] }, null)
      const now = new Date()
      await db.$transaction(
        Array.from({ length: 12 }, (_, i) =>
          queueWebhookEvent(db, 'attendance.recorded', { registrationId: `r${i}` }, now),
        ),
      )
      const [a, b] = await Promise.all([send(now), send(now)])
      expect(a.delivered + b.delivered).toBe(12)
      expect(new Set(hook.received.map((r) => r.headers['webhook-id'])).size).toBe(12)
      expect(hook.received).toHaveLength(12)
    } finally {
      await hook.close()
    }
  })
})
