import fs from 'node:fs'
import http from 'node:http'
import Ajv from 'ajv'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { createConsoleUser, startSignIn } from '~/modules/accounts/console-users.server'
import { ApiTokenSchema } from '~/modules/api/forms'
import { createApiToken } from '~/modules/api/tokens.server'
import { saveIndicator } from '~/modules/indicators/indicators.server'
import { routeFiles, routePattern } from '../support/route-table'
import { startAppServer, type AppServer } from '../support/app-server'
import { createSeminar, indicatorInput, participant } from '../support/factories'

/*
 * The JSON API against the production build (docs/decisions/0055-api.md): tokens made in the
 * console, every refusal in one JSON shape (401, 403, 400, 413, 415, 429, 404), signed cursors,
 * program limits, registration with the public form's seats and waiting list, attendance once per
 * Idempotency-Key, and real answers checked against the OpenAPI description's schemas.
 */

let app: AppServer
let adminId: string
let adminCookie: string
let seminarId: string
let otherSeminarId: string
let programId: string
const secrets: Record<string, string> = {}

/** A registration's body as a client sends it: the public form's fields, in JSON. */
function person() {
  const { submissionKey: _key, corporateNumber: _number, ...p } = participant()
  return p
}

type Doc = {
  openapi: string
  info: { title: string; version: string }
  servers: { url: string }[]
  paths: Record<
    string,
    Record<string, { operationId: string; security: unknown[]; responses: Record<string, { content?: unknown }> }>
  >
  components: { schemas: Record<string, unknown>; securitySchemes: Record<string, unknown> }
}
let doc: Doc
let ajv: Ajv.Ajv

async function token(name: string, input: Record<string, unknown>) {
  const made = await createApiToken(app.db, ApiTokenSchema.parse({ name, ...input }), adminId)
  if ('fieldErrors' in made) throw new Error(JSON.stringify(made.fieldErrors))
  secrets[name] = made.secret
  return made
}

function call(path: string, init: RequestInit & { token?: string; json?: unknown } = {}) {
  const headers = new Headers(init.headers)
  if (init.token) headers.set('Authorization', `Bearer ${secrets[init.token] ?? init.token}`)
  let body = init.body
  if (init.json !== undefined) {
    headers.set('Content-Type', 'application/json')
    body = JSON.stringify(init.json)
  }
  return fetch(`${app.url}/api/v1${path}`, { ...init, headers, body, redirect: 'manual' })
}

/** The answer's JSON, after checking it is JSON and, when `schema` is given, that it matches the description. */
async function json(res: Response, schema?: string): Promise<Record<string, unknown>> {
  expect(res.headers.get('Content-Type')).toMatch(/^application\/json/)
  const body = (await res.json()) as Record<string, unknown>
  if (schema) {
    const valid = ajv.validate({ $ref: `openapi.json#/components/schemas/${schema}` }, body)
    expect(valid ? null : ajv.errorsText(), JSON.stringify(body).slice(0, 500)).toBeNull()
  }
  return body
}

/** A response schema of the description: the 2xx answer of an operation, by operationId. */
function responseSchema(operationId: string, status: string) {
  for (const methods of Object.values(doc.paths))
    for (const op of Object.values(methods))
      if (op.operationId === operationId)
        return (op.responses[status].content as { 'application/json': { schema: unknown } })['application/json'].schema
  throw new Error(`no operation ${operationId}`)
}

function matchesOperation(body: unknown, operationId: string, status: string) {
  const valid = ajv.validate(resolveRefs(responseSchema(operationId, status)) as object, body)
  expect(valid ? null : ajv.errorsText(), `${operationId} ${status}`).toBeNull()
}

function resolveRefs(schema: unknown): unknown {
  return JSON.parse(JSON.stringify(schema).replaceAll('"#/components/', '"openapi.json#/components/'))
}

beforeAll(async () => {
  // Behind one proxy: the refused-token limit below is asked from a public address (X-Forwarded-For).
  app = await startAppServer({ env: { TRUST_PROXY: '1' } })
  const admin = await createConsoleUser(app.db, {
    email: 'api-admin@city.example.jp',
    name: 'API 管理者',
    password: 'a long api admin password',
    role: 'ADMIN',
  })
  adminId = admin.id
  adminCookie = `jisseki_session=${await startSignIn(app.db, admin.id, 2)}`
  const seminar = await createSeminar(app.db, { title: 'API連携セミナー', capacityInPerson: 1 })
  seminarId = seminar.id
  programId = seminar.programId
  const other = await app.db.program.create({ data: { code: 'API-B', name: '別の事業' } })
  otherSeminarId = (await createSeminar(app.db, { title: '別事業のセミナー', programId: other.id })).id
  await saveIndicator(
    app.db,
    indicatorInput({ code: 'API-REG', name: '申込み数', rule: 'REGISTRATIONS', programIds: [programId] }),
  )
  await saveIndicator(
    app.db,
    indicatorInput({ code: 'API-B', name: '別事業の申込み数', rule: 'REGISTRATIONS', programIds: [other.id] }),
  )
  // One indicator of both programs (再掲): it counts the other program's seminars too.
  await saveIndicator(
    app.db,
    indicatorInput({
      code: 'API-BOTH',
      name: '両事業の申込み数',
      rule: 'REGISTRATIONS',
      programIds: [programId, other.id],
    }),
  )
  await token('reader', { scopes: ['seminars:read', 'registrations:read', 'indicators:read'] })
  await token('writer', { scopes: ['registrations:write', 'attendance:write'] })
  await token('limited', { scopes: ['seminars:read', 'registrations:read'], programIds: [programId] })
  await token('slow', { scopes: ['seminars:read'], perMinute: '3' })
  await token('expired', { scopes: ['seminars:read'] })
  await app.db.apiToken.updateMany({ where: { name: 'expired' }, data: { expiresAt: new Date(Date.now() - 1000) } })
  await token('revoked', { scopes: ['seminars:read'] })
  await app.db.apiToken.updateMany({ where: { name: 'revoked' }, data: { revokedAt: new Date() } })

  const res = await fetch(`${app.url}/api/v1/openapi.json`)
  expect(res.status).toBe(200)
  doc = (await res.json()) as Doc
  ajv = new Ajv({ allErrors: true, format: 'full' })
  ajv.addSchema(doc as object, 'openapi.json')
})
afterEach(() => {
  expect(app.errors()).toBe('')
})
afterAll(async () => {
  await app?.stop()
})

describe('the OpenAPI description', () => {
  it('is OpenAPI 3.1 in structure, public, and describes exactly the endpoints the app has', () => {
    expect(doc.openapi).toMatch(/^3\.1\.\d+$/)
    expect(doc.info.title).toBeTruthy()
    expect(doc.info.version).toBeTruthy()
    expect(doc.servers).toEqual([{ url: '/api/v1' }])
    const operationIds = new Set<string>()
    for (const [path, methods] of Object.entries(doc.paths)) {
      expect(path).toMatch(/^\/[a-z{}/A-Z]+$/)
      for (const [method, op] of Object.entries(methods)) {
        expect(['get', 'post']).toContain(method)
        expect(operationIds.has(op.operationId)).toBe(false)
        operationIds.add(op.operationId)
        expect(Object.keys(op.responses).length).toBeGreaterThan(0)
        for (const status of Object.keys(op.responses)) expect(status).toMatch(/^[1-5]\d\d$/)
        for (const [name] of (op.security as Record<string, unknown>[]).flatMap((s) => Object.entries(s)))
          expect(doc.components.securitySchemes).toHaveProperty(name)
      }
    }
    // Every $ref resolves inside the document.
    for (const [, name] of JSON.stringify(doc).matchAll(/"\$ref":"#\/components\/schemas\/(\w+)"/g))
      expect(doc.components.schemas, name).toHaveProperty(name)
    // Each described path is a route of app/routes, and each endpoint route is described.
    const described = Object.keys(doc.paths)
      .map((p) => `/api/v1${p.replace(/\{(\w+)\}/g, ':$1')}`)
      .sort()
    const routes = routeFiles()
      .filter((id) => id.startsWith('api.v1.') && id !== 'api.v1.openapi[.]json')
      .map(routePattern)
      .sort()
    expect(described).toEqual(routes)
    // The schemas compile as JSON Schema.
    for (const name of Object.keys(doc.components.schemas))
      expect(() => ajv.compile({ $ref: `openapi.json#/components/schemas/${name}` }), name).not.toThrow()
    expect(fs.existsSync('docs/decisions/0055-api.md')).toBe(true)
  })
})

describe('authentication and refusals', () => {
  it('answers 401 in JSON, never a redirect or HTML, without a valid token', async () => {
    for (const t of [undefined, 'jsk_nonsense', 'expired', 'revoked']) {
      const res = await call('/seminars', { token: t })
      expect(res.status, String(t)).toBe(401)
      expect(res.headers.get('WWW-Authenticate')).toMatch(/^Bearer/)
      expect(await json(res, 'Error')).toMatchObject({ error: { code: 'UNAUTHORIZED' } })
    }
    // Refusals without a known caller go to the security log (not the audit trail), without the token.
    const refusals = await app.db.securityEvent.findMany({ where: { type: 'access.refused' } })
    expect(refusals.map((e) => JSON.parse(e.detail) as Record<string, unknown>)).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ reason: 'api-token', refused: 'expired' }),
        expect.objectContaining({ reason: 'api-token', refused: 'revoked' }),
      ]),
    )
    expect(JSON.stringify(refusals)).not.toContain(secrets.expired)
    // Another site's Origin is no reason to refuse a bearer call (no cookie acts): it is authenticated as any.
    const foreign = await call(`/seminars/${seminarId}/registrations`, {
      method: 'POST',
      token: 'writer',
      json: {},
      headers: { Origin: 'https://crm.example.com' },
    })
    expect(foreign.status).toBe(400)
    expect(await json(foreign, 'Error')).toMatchObject({ error: { code: 'INVALID_FIELD' } })
    const foreignAnonymous = await call('/seminars', { method: 'POST', headers: { Origin: 'https://evil.example' } })
    expect(foreignAnonymous.status).toBe(401)
    await json(foreignAnonymous, 'Error')
    // A session cookie is not a token.
    const withCookie = await call('/seminars', { headers: { Cookie: adminCookie } })
    expect(withCookie.status).toBe(401)
    // Unknown API addresses: JSON 404.
    const unknown = await call('/nothing/here', { token: 'reader' })
    expect(unknown.status).toBe(404)
    expect(await json(unknown, 'Error')).toMatchObject({ error: { code: 'NOT_FOUND' } })
  })

  it('counts refused tokens per address: past the limit 429, and the security log stops growing', async () => {
    const from = { 'X-Forwarded-For': '203.0.113.77' }
    const logged = () => app.db.securityEvent.count({ where: { type: 'access.refused' } })
    const before = await logged()
    const statuses: number[] = []
    // Thirty refusals per ten minutes: within two windows' worth of calls one is refused.
    for (let i = 0; i < 62 && !statuses.includes(429); i++) {
      const res = await call('/seminars', { token: 'jsk_guess', headers: from })
      statuses.push(res.status)
      await json(res, 'Error')
    }
    expect(statuses.at(-1)).toBe(429)
    expect(statuses.filter((s) => s !== 401 && s !== 429)).toEqual([])
    // Each 401 was logged once; the 429 was not.
    expect((await logged()) - before).toBe(statuses.filter((s) => s === 401).length)
    // Another address, and a valid token from the same one, are not affected.
    expect((await call('/seminars', { token: 'jsk_guess' })).status).toBe(401)
    expect((await call('/seminars', { token: 'reader', headers: from })).status).toBe(200)
  })

  it('answers 403 for a missing scope, and audits every call', async () => {
    const res = await call(`/seminars/${seminarId}/registrations`, { method: 'POST', token: 'reader', json: {} })
    expect(res.status).toBe(403)
    expect(await json(res, 'Error')).toMatchObject({ error: { code: 'FORBIDDEN' } })
    const english = await call('/indicators', { token: 'writer', headers: { 'Accept-Language': 'en' } })
    expect(await json(english, 'Error')).toMatchObject({
      error: { message: 'This API token lacks the scope this call needs (indicators:read).' },
    })
    const events = await app.db.auditEvent.findMany({ where: { action: 'api.call', actorId: adminId } })
    expect(events.map((e) => JSON.parse(e.detail) as { status: number })).toEqual(
      expect.arrayContaining([expect.objectContaining({ status: 403, method: 'POST', token: 'reader' })]),
    )
    const reader = await app.db.apiToken.findFirstOrThrow({ where: { name: 'reader' } })
    expect(reader.lastUsedAt).not.toBeNull()
  })

  it('answers 400 naming the field for malformed JSON, fields and query parameters', async () => {
    const path = `/seminars/${seminarId}/registrations`
    const malformed = await call(path, {
      method: 'POST',
      token: 'writer',
      body: '{"name": ',
      headers: { 'Content-Type': 'application/json' },
    })
    expect(malformed.status).toBe(400)
    expect(await json(malformed, 'Error')).toMatchObject({ error: { code: 'MALFORMED_JSON', field: 'body' } })
    const badField = await call(path, { method: 'POST', token: 'writer', json: { ...person(), inCity: 'maybe' } })
    expect(badField.status).toBe(400)
    expect(await json(badField, 'Error')).toMatchObject({ error: { code: 'INVALID_FIELD', field: 'inCity' } })
    const badQuery = await call('/seminars?limit=1000', { token: 'reader' })
    expect(await json(badQuery, 'Error')).toMatchObject({ error: { field: 'limit' } })
    const form = await call(path, {
      method: 'POST',
      token: 'writer',
      body: 'name=x',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    })
    expect(form.status).toBe(415)
    expect(await json(form, 'Error')).toMatchObject({ error: { code: 'UNSUPPORTED_MEDIA_TYPE' } })
  })

  it('answers 413 in JSON for a body over the limit', async () => {
    const res = await call(`/seminars/${seminarId}/registrations`, {
      method: 'POST',
      token: 'writer',
      json: { name: 'x'.repeat(70 * 1024) },
    })
    expect(res.status).toBe(413)
    expect(await json(res, 'Error')).toMatchObject({ error: { code: 'PAYLOAD_TOO_LARGE' } })
  })

  it('exempts only real API paths from the cross-site check, judged on the path the app routes', async () => {
    // `/api/%2e%2e/console/logout` is routed as /console/logout: a cookie-acting page, so another
    // site's post there is refused as anywhere in the console. Sent raw: fetch would normalize it.
    const { hostname, port } = new URL(app.url)
    const status = await new Promise<number>((resolve, reject) => {
      const req = http.request(
        {
          hostname,
          port,
          method: 'POST',
          path: '/api/%2e%2e/console/logout',
          headers: {
            Origin: 'https://evil.example',
            Cookie: adminCookie,
            'Content-Type': 'application/x-www-form-urlencoded',
          },
        },
        (res) => {
          res.resume()
          res.on('end', () => resolve(res.statusCode ?? 0))
        },
      )
      req.on('error', reject)
      req.end('')
    })
    expect(status).toBe(403)
  })

  it('answers 429 with Retry-After beyond the token’s calls per minute', async () => {
    const statuses: number[] = []
    let retryAfter: string | null = null
    for (let i = 0; i < 5; i++) {
      const res = await call('/seminars', { token: 'slow', headers: { 'Accept-Language': 'en' } })
      statuses.push(res.status)
      if (res.status === 429) {
        retryAfter = res.headers.get('Retry-After')
        expect(await json(res, 'Error')).toMatchObject({
          error: {
            code: 'RATE_LIMITED',
            message: expect.stringMatching(/^Too many calls\. Please try again in \d+ seconds?\.$/),
          },
        })
      } else await res.arrayBuffer()
    }
    // A minute's window may end between two calls: at least two of the five are refused.
    expect(statuses.filter((s) => s === 429).length).toBeGreaterThanOrEqual(2)
    expect(Number(retryAfter)).toBeGreaterThan(0)
    // Another token is not slowed by this one.
    expect((await call('/seminars', { token: 'reader' })).status).toBe(200)
  })
})

describe('seminars and registrations', () => {
  it('list seminars page by page with a signed cursor; a tampered cursor is refused', async () => {
    const first = await call('/seminars?limit=1', { token: 'reader' })
    expect(first.status).toBe(200)
    const page1 = await json(first)
    matchesOperation(page1, 'listSeminars', '200')
    const cursor = page1.nextCursor as string
    expect(cursor).toBeTruthy()
    const second = await json(await call(`/seminars?limit=1&cursor=${encodeURIComponent(cursor)}`, { token: 'reader' }))
    matchesOperation(second, 'listSeminars', '200')
    expect((second.data as { id: string }[])[0].id).not.toBe((page1.data as { id: string }[])[0].id)
    const tampered = `${cursor.slice(0, -2)}${cursor.endsWith('AA') ? 'BB' : 'AA'}`
    const refused = await call(`/seminars?limit=1&cursor=${encodeURIComponent(tampered)}`, { token: 'reader' })
    expect(refused.status).toBe(400)
    expect(await json(refused, 'Error')).toMatchObject({ error: { code: 'INVALID_CURSOR', field: 'cursor' } })

    const one = await call(`/seminars/${seminarId}`, { token: 'reader' })
    const body = await json(one)
    matchesOperation(body, 'getSeminar', '200')
    expect(body).toMatchObject({ data: { id: seminarId, sessions: [{ number: 1 }] } })
  })

  it('shows a program-limited token only its programs (404 for the others)', async () => {
    const list = await json(await call('/seminars?limit=100', { token: 'limited' }))
    const ids = (list.data as { id: string }[]).map((s) => s.id)
    expect(ids).toContain(seminarId)
    expect(ids).not.toContain(otherSeminarId)
    const other = await call(`/seminars/${otherSeminarId}`, { token: 'limited' })
    expect(other.status).toBe(404)
    await json(other, 'Error')
    expect((await call(`/registrations?seminarId=${otherSeminarId}`, { token: 'limited' })).status).toBe(404)
    expect((await call(`/seminars/${otherSeminarId}`, { token: 'reader' })).status).toBe(200)
  })

  it('registers through the public form’s rules: a seat, then the waiting list, one person once', async () => {
    const path = `/seminars/${seminarId}/registrations`
    const first = await call(path, { method: 'POST', token: 'writer', json: person() })
    expect(first.status).toBe(201)
    const confirmed = await json(first)
    matchesOperation(confirmed, 'createRegistration', '201')
    expect(confirmed).toMatchObject({ data: { status: 'CONFIRMED' } })
    expect(confirmed.data).not.toHaveProperty('person')
    const waiting = person()
    const second = await json(await call(path, { method: 'POST', token: 'writer', json: waiting }))
    matchesOperation(second, 'createRegistration', '201')
    expect(second).toMatchObject({ data: { status: 'WAITLISTED', waitlistPosition: 1 } })
    const dup = await call(path, { method: 'POST', token: 'writer', json: { ...person(), email: waiting.email } })
    expect(dup.status).toBe(409)
    expect(await json(dup, 'Error')).toMatchObject({ error: { code: 'ALREADY_REGISTERED', field: 'email' } })

    // Read back with personal data (registrations:read), filtered by seminar and status.
    const secondId = (second.data as { id: string }).id
    const read = await json(await call(`/registrations/${secondId}`, { token: 'reader' }))
    matchesOperation(read, 'getRegistration', '200')
    expect(read).toMatchObject({ data: { person: { email: waiting.email } } })
    const listed = await json(
      await call(`/registrations?seminarId=${seminarId}&status=WAITLISTED`, { token: 'reader' }),
    )
    matchesOperation(listed, 'listRegistrations', '200')
    expect((listed.data as { id: string }[]).map((r) => r.id)).toEqual([secondId])

    // Cancelling the seat moves the waiting person up.
    const firstId = (confirmed.data as { id: string }).id
    const cancelled = await call(`/registrations/${firstId}/cancel`, { method: 'POST', token: 'writer' })
    expect(cancelled.status).toBe(200)
    matchesOperation(await json(cancelled), 'cancelRegistration', '200')
    const moved = await json(await call(`/registrations/${secondId}`, { token: 'reader' }))
    expect(moved).toMatchObject({ data: { status: 'CONFIRMED', waitlistPosition: null } })
    const twice = await call(`/registrations/${firstId}/cancel`, { method: 'POST', token: 'writer' })
    expect(twice.status).toBe(409)
    expect(await json(twice, 'Error')).toMatchObject({ error: { code: 'ALREADY_CANCELLED' } })
  })
})

describe('attendance and indicators', () => {
  it('records attendance once per Idempotency-Key, even when the call is sent again after an undo', async () => {
    const session = await app.db.session.findFirstOrThrow({ where: { seminarId } })
    const reg = await json(
      await call(`/seminars/${otherSeminarId}/registrations`, { method: 'POST', token: 'writer', json: person() }),
    )
    // A registration of another seminar is not found at this session.
    const wrong = await call(`/sessions/${session.id}/attendance`, {
      method: 'POST',
      token: 'writer',
      json: { registrationId: (reg.data as { id: string }).id },
      headers: { 'Idempotency-Key': 'wrong-seminar' },
    })
    expect(wrong.status).toBe(404)
    await wrong.arrayBuffer()

    const holder = await app.db.registration.findFirstOrThrow({ where: { seminarId, status: 'CONFIRMED' } })
    const path = `/sessions/${session.id}/attendance`
    const noKey = await call(path, { method: 'POST', token: 'writer', json: { registrationId: holder.id } })
    expect(noKey.status).toBe(400)
    expect(await json(noKey, 'Error')).toMatchObject({ error: { field: 'Idempotency-Key' } })
    const record = () =>
      call(path, {
        method: 'POST',
        token: 'writer',
        json: { registrationId: holder.id },
        headers: { 'Idempotency-Key': 'door-1' },
      })
    const first = await record()
    expect(first.status).toBe(201)
    matchesOperation(await json(first), 'recordAttendance', '201')
    const undo = await call(`${path}/undo`, {
      method: 'POST',
      token: 'writer',
      json: { registrationId: holder.id },
      headers: { 'Idempotency-Key': 'door-2' },
    })
    matchesOperation(await json(undo), 'undoAttendance', '200')
    const retried = await record()
    expect(retried.status).toBe(201)
    expect(retried.headers.get('Idempotency-Replayed')).toBe('true')
    await retried.arrayBuffer()
    expect(await app.db.attendance.count({ where: { sessionId: session.id, registrationId: holder.id } })).toBe(0)
    const reused = await call(path, {
      method: 'POST',
      token: 'writer',
      json: { registrationId: 'someone-else' },
      headers: { 'Idempotency-Key': 'door-1' },
    })
    expect(reused.status).toBe(422)
    expect(await json(reused, 'Error')).toMatchObject({ error: { code: 'IDEMPOTENCY_KEY_REUSED' } })
  })

  it('gives the indicators of a fiscal year', async () => {
    const res = await call('/indicators?fiscalYear=2026', { token: 'reader' })
    expect(res.status).toBe(200)
    const body = await json(res)
    matchesOperation(body, 'listIndicators', '200')
    expect(body).toMatchObject({ data: { fiscalYear: 2026 } })
    const programs = (body.data as { programs: { programId: string; indicators: { code: string }[] }[] }).programs
    expect(programs.flatMap((p) => p.indicators.map((i) => i.code)).sort()).toEqual([
      'API-B',
      'API-BOTH',
      'API-BOTH',
      'API-REG',
    ])
    // A token limited to a program sees that program's indicators only — not one that also counts
    // another program's seminars.
    await token('limited-indicators', { scopes: ['indicators:read'], programIds: [programId] })
    const limited = await json(await call('/indicators?fiscalYear=2026', { token: 'limited-indicators' }))
    matchesOperation(limited, 'listIndicators', '200')
    expect(limited).toMatchObject({ data: { programs: [{ programId, indicators: [{ code: 'API-REG' }] }] } })
    expect((await call('/indicators?fiscalYear=twenty', { token: 'reader' })).status).toBe(400)
  })
})

describe('exports', () => {
  it('gives the participation totals of a fiscal year as the description says', async () => {
    await token('exports', { scopes: ['exports:read'] })
    const res = await call('/exports/participation?fiscalYear=2026', { token: 'exports' })
    expect(res.status).toBe(200)
    const body = await json(res)
    matchesOperation(body, 'participationExport', '200')
    expect((await call('/exports/participation', { token: 'reader' })).status).toBe(403)
  })
})

describe('the console page', () => {
  it('makes a token shown once, keeps what was typed on an error, and revokes it', async () => {
    const post = (fields: [string, string][]) =>
      fetch(`${app.url}/console/api-tokens`, {
        method: 'POST',
        headers: { Cookie: adminCookie, Origin: app.url, 'Content-Type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams(fields).toString(),
        redirect: 'manual',
      })
    const refused = await post([
      ['intent', 'create'],
      ['name', 'BIツール連携'],
    ])
    expect(refused.status).toBe(400)
    const page = await refused.text()
    expect(page).toContain('value="BIツール連携"')
    expect(page).toContain('権限を1つ以上選んでください。')

    const made = await post([
      ['intent', 'create'],
      ['name', 'BIツール連携'],
      ['scopes', 'seminars:read'],
      ['programIds', programId],
    ])
    expect(made.status).toBe(200)
    const secret = /jsk_[A-Za-z0-9_-]{43}/.exec(await made.text())?.[0]
    expect(secret).toBeTruthy()
    const row = await app.db.apiToken.findFirstOrThrow({ where: { name: 'BIツール連携' } })
    expect(JSON.stringify(row)).not.toContain(secret!.slice(4))
    expect((await call('/seminars', { token: secret })).status).toBe(200)

    const list = await (await fetch(`${app.url}/console/api-tokens`, { headers: { Cookie: adminCookie } })).text()
    expect(list).not.toContain(secret!.slice(10))
    expect(list).toContain('/api/v1/seminars')
    const revoked = await post([
      ['intent', 'revoke'],
      ['id', row.id],
    ])
    expect(revoked.status).toBe(302)
    expect((await call('/seminars', { token: secret })).status).toBe(401)
  })
})
