import crypto from 'node:crypto'
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { createConsoleUser } from '~/modules/accounts/console-users.server'
import { verifyWebhook } from '~/modules/webhooks/signature.server'
import { startAppServer, type AppServer } from '../support/app-server'
import { enrolSecondFactor, signInByFetch } from '../support/console'
import { createSeminar } from '../support/factories'

/*
 * Webhooks end to end (docs/decisions/0056-webhooks.md): an admin registers an endpoint in the
 * console (its form keeps what was typed and explains a refused address), a registration made
 * through the public form is delivered by the built app's background loop to a real node:http
 * receiver that verifies the signature — first while the receiver is down (its port closed),
 * then once it is up — and the delivery log, "send again", the pause after a day of failures, the
 * console's notice and "resume" work over HTTP. No sleeps: the app's clock is moved forward and
 * conditions are polled.
 */

let app: AppServer
const ADMIN = { email: 'hooks-admin@city.example.jp', password: 'a long webhook admin password' }
let cookie = ''

beforeAll(async () => {
  // NODE_ENV is production in the tests' app: loopback receivers need the explicit setting.
  app = await startAppServer({ env: { WEBHOOK_ALLOW_LOOPBACK: 'true' } })
  await createConsoleUser(app.db, { email: ADMIN.email, name: 'フック 管理', password: ADMIN.password })
  await enrolSecondFactor(app.db, ADMIN.email)
  cookie = await signInCookie()
})
afterEach(() => {
  // A run that pauses an endpoint warns on stderr; nothing else may be there.
  const unexpected = app
    .errors()
    .split('\n')
    .filter((line) => line.trim() && !/"event":"job.ran","job":"webhooks".*"paused":1/.test(line))
  expect(unexpected).toEqual([])
})
afterAll(async () => {
  await app?.stop()
})

async function signInCookie(): Promise<string> {
  const res = await signInByFetch(app.url, ADMIN.email, ADMIN.password)
  expect(res.status).toBe(302)
  return res.headers.get('Set-Cookie')!.split(';')[0]!
}

const get = async (path: string) => {
  const res = await fetch(`${app.url}${path}`, { headers: { Cookie: cookie }, redirect: 'manual' })
  return { status: res.status, text: await res.text(), location: res.headers.get('location') }
}
const post = async (path: string, form: [string, string][]) => {
  const res = await fetch(`${app.url}${path}`, {
    method: 'POST',
    headers: { Cookie: cookie, Origin: app.url, 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(form).toString(),
    redirect: 'manual',
  })
  return { status: res.status, text: await res.text(), location: res.headers.get('location') }
}

type Received = { headers: http.IncomingHttpHeaders; body: string }

/** A free port on 127.0.0.1, closed again: a receiver that is down until `listen` opens it. */
async function closedPort(): Promise<number> {
  const probe = http.createServer()
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve))
  const { port } = probe.address() as AddressInfo
  await new Promise<void>((resolve) => probe.close(() => resolve()))
  return port
}

/** The receiving system: verifies every signature with the secret it was given. */
function receiver(port: number, secret: () => string) {
  const received: (Received & { verified: boolean })[] = []
  const state = { status: 200 }
  const server = http.createServer((request, response) => {
    let body = ''
    request.setEncoding('utf8')
    request.on('data', (chunk: string) => (body += chunk))
    request.on('end', () => {
      const verified = verifyWebhook(
        secret(),
        {
          id: String(request.headers['webhook-id']),
          timestamp: String(request.headers['webhook-timestamp']),
          signature: String(request.headers['webhook-signature']),
        },
        body,
      )
      received.push({ headers: request.headers, body, verified })
      response.writeHead(verified ? state.status : 400, { 'Content-Type': 'text/plain' })
      response.end(verified ? 'received' : 'bad signature')
    })
  })
  return {
    received,
    state,
    listen: () => new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve)),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  }
}

/** Registers through the public form, as a participant does. */
async function registerOnline(seminarId: string, email: string) {
  const res = await fetch(`${app.url}/seminars/${seminarId}/register`, {
    method: 'POST',
    redirect: 'manual',
    body: new URLSearchParams({
      name: 'フック 花子',
      furigana: 'ふっく はなこ',
      email,
      industry: 'G',
      inCity: 'yes',
      mode: 'IN_PERSON',
      consent: 'on',
      submissionKey: crypto.randomUUID(),
    }),
  })
  expect(res.status).toBe(302)
  return app.db.registration.findFirstOrThrow({ where: { seminarId, email } })
}

describe('webhooks', () => {
  let port: number
  let secret = ''
  let endpointId = ''
  let hook: ReturnType<typeof receiver>

  it('the form keeps what was typed and explains a refused address or missing events', async () => {
    const refused = await post('/console/webhooks', [
      ['intent', 'create'],
      ['url', 'https://192.168.10.5/hooks'],
      ['description', '基幹システム'],
      ['events', 'registration.created'],
    ])
    expect(refused.status).toBe(400)
    expect(refused.text).toContain('プライベート・リンクローカル・このマシンのアドレスには送れません。')
    expect(refused.text).toContain('value="https://192.168.10.5/hooks"')
    expect(refused.text).toContain('value="基幹システム"')
    expect(refused.text).toMatch(
      /<input[^>]*value="registration.created"[^>]*checked|<input[^>]*checked[^>]*value="registration.created"/,
    )
    const noEvents = await post('/console/webhooks', [
      ['intent', 'create'],
      ['url', 'https://hooks.example.com/'],
    ])
    expect(noEvents.status).toBe(400)
    expect(noEvents.text).toContain('出来事を1つ以上選んでください。')
    // In English too.
    const english = await fetch(`${app.url}/console/webhooks`, {
      method: 'POST',
      headers: {
        Cookie: `${cookie}; lang=en`,
        Origin: app.url,
        'Content-Type': 'application/x-www-form-urlencoded',
      },
      body: new URLSearchParams([
        ['intent', 'create'],
        ['url', 'http://hooks.example.com/'],
        ['events', 'seminar.cancelled'],
      ]).toString(),
    })
    expect(english.status).toBe(400)
    const englishText = await english.text()
    expect(englishText).toContain('Use https:// (plain http:// only to this machine, where allowed).')
    expect(englishText).toContain('value="http://hooks.example.com/"')
    expect(await app.db.webhookEndpoint.count()).toBe(0)
  })

  it('a registration is delivered, signed, once the receiver that was down comes up', async () => {
    port = await closedPort()
    const created = await post('/console/webhooks', [
      ['intent', 'create'],
      ['url', `http://127.0.0.1:${port}/hooks`],
      ['description', '基幹システム'],
      ['events', 'registration.created'],
      ['events', 'registration.cancelled'],
    ])
    expect(created.status).toBe(200)
    secret = /data-testid="webhook-secret">(whsec_[A-Za-z0-9+/=]+)</.exec(created.text)![1]!
    expect(secret.length).toBeGreaterThan(40)
    const endpoint = await app.db.webhookEndpoint.findFirstOrThrow()
    endpointId = endpoint.id
    // Kept encrypted: the secret is not in the database as it was shown.
    expect(endpoint.secretSealed).not.toContain(secret.slice(6))
    // The audit trail names who added it.
    const added = await app.db.auditEvent.findFirstOrThrow({
      where: { action: 'webhook.create', entityId: endpointId },
    })
    expect(added.actorId).toBe((await app.db.consoleUser.findUniqueOrThrow({ where: { email: ADMIN.email } })).id)
    // Shown once: the endpoint's page does not show it.
    expect((await get(`/console/webhooks/${endpointId}`)).text).not.toContain(secret)

    hook = receiver(port, () => secret)
    const seminar = await createSeminar(app.db, { title: 'Webhookの確認' })
    const registration = await registerOnline(seminar.id, 'hook-1@example.jp')
    // The receiver is down: an attempt without an answer is logged, and it will be retried.
    await expect
      .poll(() => app.db.webhookAttempt.count({ where: { delivery: { endpointId } } }), { timeout: 30_000 })
      .toBeGreaterThanOrEqual(1)
    const failed = await app.db.webhookAttempt.findFirstOrThrow({ where: { delivery: { endpointId } } })
    expect(failed).toMatchObject({ statusCode: null, error: expect.stringContaining('ECONNREFUSED') })
    expect(hook.received).toHaveLength(0)

    await hook.listen()
    // The retry is due 30 seconds later: the app's clock moves on instead of the test waiting.
    app.clock.advance(60_000)
    await expect.poll(() => hook.received.length, { timeout: 30_000 }).toBeGreaterThanOrEqual(1)
    const [first] = hook.received
    expect(first!.verified).toBe(true)
    const body = JSON.parse(first!.body)
    expect(body).toEqual({
      id: first!.headers['webhook-id'],
      type: 'registration.created',
      createdAt: expect.any(String),
      data: {
        registrationId: registration.id,
        seminarId: seminar.id,
        status: 'CONFIRMED',
        mode: 'IN_PERSON',
        source: 'WEB',
      },
    })
    expect(first!.body).not.toContain('hook-1@example.jp')
    await expect
      .poll(() => app.db.webhookDelivery.findFirstOrThrow({ where: { endpointId } }).then((d) => d.status), {
        timeout: 30_000,
      })
      .toBe('DELIVERED')

    // The delivery log: both attempts, the failed one without answer, the good one's status and body.
    const log = await get(`/console/webhooks/${endpointId}`)
    expect(log.status).toBe(200)
    expect(log.text).toContain('registration.created')
    expect(log.text).toContain('応答なし')
    expect(log.text).toContain('<strong>200</strong>')
    expect(log.text).toContain('received')
  })

  it('"send again" is a POST and delivers the same event again', async () => {
    const delivery = await app.db.webhookDelivery.findFirstOrThrow({ where: { endpointId } })
    // A GET changes nothing.
    const before = hook.received.length
    expect((await get(`/console/webhooks/${endpointId}?intent=redeliver&deliveryId=${delivery.id}`)).status).toBe(200)
    const again = await post(`/console/webhooks/${endpointId}`, [
      ['intent', 'redeliver'],
      ['deliveryId', delivery.id],
    ])
    expect(again.status).toBe(302)
    expect(again.location).toBe(`/console/webhooks/${endpointId}?msg=webhooks.redelivered`)
    await expect.poll(() => hook.received.length, { timeout: 30_000 }).toBe(before + 1)
    expect(hook.received.at(-1)!.headers['webhook-id']).toBe(delivery.eventId)
    expect(hook.received.at(-1)!.verified).toBe(true)
  })

  it('an endpoint failing for a day is paused, admins are told, and resuming sends what waited', async () => {
    hook.state.status = 500
    const seminar = await createSeminar(app.db, { title: 'Webhookの停止' })
    await registerOnline(seminar.id, 'hook-2@example.jp')
    await expect
      .poll(() => app.db.webhookEndpoint.findUniqueOrThrow({ where: { id: endpointId } }).then((e) => e.failingSince), {
        timeout: 30_000,
      })
      .not.toBeNull()
    // A day later (retries are at most an hour apart), the next failure pauses it.
    app.clock.advance(25 * 3600_000)
    await expect
      .poll(() => app.db.webhookEndpoint.findUniqueOrThrow({ where: { id: endpointId } }).then((e) => e.pausedAt), {
        timeout: 30_000,
      })
      .not.toBeNull()
    // The session ended meanwhile: sign in again. Every console page tells the admin.
    cookie = await signInCookie()
    const home = await get('/console')
    expect(home.text).toContain('Webhookの送信先1件が、1日失敗が続いたため停止しています。')
    const page = await get(`/console/webhooks/${endpointId}`)
    expect(page.text).toContain('再開する')

    hook.state.status = 200
    const received = hook.received.length
    const resumed = await post(`/console/webhooks/${endpointId}`, [['intent', 'resume']])
    expect(resumed.status).toBe(302)
    await expect.poll(() => hook.received.length, { timeout: 30_000 }).toBeGreaterThan(received)
    expect(hook.received.at(-1)!.verified).toBe(true)
    expect(JSON.parse(hook.received.at(-1)!.body).type).toBe('registration.created')
    expect(await app.db.webhookEndpoint.findUniqueOrThrow({ where: { id: endpointId } })).toMatchObject({
      pausedAt: null,
    })
    expect((await get('/console')).text).not.toContain('停止しています')
  })

  it('a new secret is asked first, shown once and signs from then on; deleting is asked first too', async () => {
    const before = await app.db.webhookEndpoint.findUniqueOrThrow({ where: { id: endpointId } })
    const asked = await post(`/console/webhooks/${endpointId}`, [
      ['intent', 'ask'],
      ['about', 'rotate'],
    ])
    expect(asked.status).toBe(200)
    expect(asked.text).toContain('秘密鍵を作り直す（確定）')
    expect((await app.db.webhookEndpoint.findUniqueOrThrow({ where: { id: endpointId } })).secretSealed).toBe(
      before.secretSealed,
    )
    const rotated = await post(`/console/webhooks/${endpointId}`, [['intent', 'rotate']])
    expect(rotated.status).toBe(200)
    const old = secret
    secret = /data-testid="webhook-secret">(whsec_[A-Za-z0-9+/=]+)</.exec(rotated.text)![1]!
    expect(secret).not.toBe(old)
    const seminar = await createSeminar(app.db, { title: 'Webhookの新しい鍵' })
    const count = hook.received.length
    await registerOnline(seminar.id, 'hook-3@example.jp')
    await expect.poll(() => hook.received.length, { timeout: 30_000 }).toBe(count + 1)
    const last = hook.received.at(-1)!
    expect(last.verified).toBe(true)
    const headers = {
      id: String(last.headers['webhook-id']),
      timestamp: String(last.headers['webhook-timestamp']),
      signature: String(last.headers['webhook-signature']),
    }
    expect(verifyWebhook(old, headers, last.body)).toBe(false)

    const askDelete = await post(`/console/webhooks/${endpointId}`, [
      ['intent', 'ask'],
      ['about', 'delete'],
    ])
    expect(askDelete.text).toContain('送信先を削除する（確定）')
    expect(await app.db.webhookEndpoint.count()).toBe(1)
    const deleted = await post(`/console/webhooks/${endpointId}`, [['intent', 'delete']])
    expect(deleted.status).toBe(302)
    expect(deleted.location).toBe('/console/webhooks?msg=webhooks.deleted')
    expect(await app.db.webhookEndpoint.count()).toBe(0)
    expect(await app.db.webhookDelivery.count()).toBe(0)
    expect(
      (await app.db.auditEvent.findMany({ where: { entityId: endpointId }, orderBy: { at: 'asc' } })).map(
        (e) => e.action,
      ),
    ).toEqual(['webhook.create', 'webhook.redeliver', 'webhook.resume', 'webhook.rotate', 'webhook.delete'])
    await hook.close()
  })
})
