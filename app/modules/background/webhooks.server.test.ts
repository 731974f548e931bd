import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createSeminar, participant } from '../../../tests/support/factories'
import { createTestDb } from '../../../tests/support/test-db'
import type { Db } from '~/utils/db.server'
import { register } from '../registration/registrations.server'
import { createWebhookEndpoint } from '../webhooks/endpoints.server'
import { webhooksJob } from './webhooks.server'

/** The webhooks job in the background loop (docs/decisions/0056-webhooks.md), with a real receiver. */
let db: Db
let drop: () => Promise<void>
beforeAll(async () => {
  ;({ db, drop } = await createTestDb())
})
afterAll(async () => drop())

describe('the webhooks job', () => {
  it('returns while a receiver is still answering: a slow receiver holds back no other job', async () => {
    // A receiver that answers only when told to.
    let answer = () => {}
    const answered = new Promise<void>((resolve) => (answer = resolve))
    let arrived = () => {}
    const arrival = new Promise<void>((resolve) => (arrived = resolve))
    const open = new Set<http.ServerResponse>()
    const server = http.createServer((request, response) => {
      request.resume()
      open.add(response)
      response.once('close', () => open.delete(response))
      arrived()
      void answered.then(() => response.writeHead(200).end('ok'))
    })
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    try {
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks`
      await createWebhookEndpoint(db, { url, description: null, events: ['registration.created'] }, null)
      const seminar = await createSeminar(db)
      await register(db, { seminarId: seminar.id, ...participant() })

      const job = webhooksJob(db, 2000)
      const first = await job.run(new Date())
      await arrival
      // The run is over and the request is still open at the receiver: the loop went on.
      expect(open.size).toBe(1)
      expect(first.counts).toEqual({ delivered: 0, retry: 0, paused: 0, lost: 0, returned: 0 })
      expect(await db.webhookDelivery.count({ where: { deliveredAt: { not: null } } })).toBe(0)

      answer()
      await expect.poll(() => db.webhookDelivery.count({ where: { deliveredAt: { not: null } } })).toBe(1)
      // The next run says what the finished batch did.
      await expect.poll(async () => (await job.run(new Date())).counts.delivered, { timeout: 10_000 }).toBe(1)
    } finally {
      answer()
      await new Promise<void>((resolve) => server.close(() => resolve()))
    }
  })
})
