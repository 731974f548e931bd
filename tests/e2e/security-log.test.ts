import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { createCheckinHelper } from '~/modules/accounts/checkin-helpers.server'
import { createConsoleUser, startSignIn } from '~/modules/accounts/console-users.server'
import { register } from '~/modules/registration/registrations.server'
import { RATE_LIMITS } from '~/modules/security/rate-limit.server'
import { enrolSecondFactor, nextCode } from '../support/console'
import { startAppServer, type AppServer } from '../support/app-server'
import { createSeminar, participant } from '../support/factories'

/**
 * The security log (docs/decisions/0023-security-log.md) through the
 * production build: each event is stored and written to stdout as one JSON line whose request id
 * is the response's X-Request-Id, from the client's address, without participants' data.
 */
let app: AppServer
const ADMIN = { email: 'seclog-admin@city.example.jp', password: 'a long admin password 1' }
const ORGANIZER = { email: 'seclog-organizer@city.example.jp', password: 'a long organizer password 1' }
let adminId: string
let organizerId: string
const cookies: Record<'admin' | 'organizer', string> = { admin: '', organizer: '' }
let seminarA: string
let seminarB: string
let programB: string

beforeAll(async () => {
  app = await startAppServer()
  adminId = (await createConsoleUser(app.db, { ...ADMIN, name: '管理 花子', role: 'ADMIN' })).id
  organizerId = (await createConsoleUser(app.db, { ...ORGANIZER, name: '主催 次郎', role: 'ORGANIZER' })).id
  // Admins sign in with a second factor: the sign-in is complete (and recorded) at the code step.
  await enrolSecondFactor(app.db, ADMIN.email)
  const programA = await app.db.program.create({ data: { code: 'SLA', name: '事業A' } })
  programB = (await app.db.program.create({ data: { code: 'SLB', name: '事業B', retentionYears: 3 } })).id
  await app.db.programAssignment.create({ data: { userId: organizerId, programId: programA.id } })
  seminarA = (await createSeminar(app.db, { programId: programA.id })).id
  seminarB = (await createSeminar(app.db, { programId: programB })).id
  cookies.admin = `jisseki_session=${await startSignIn(app.db, adminId, 1)}`
  cookies.organizer = `jisseki_session=${await startSignIn(app.db, organizerId, 1)}`
})
afterEach(() => {
  expect(app.errors()).toBe('')
})
afterAll(async () => {
  await app?.stop()
})

type Line = {
  log: string
  type: string
  outcome: string
  actor: { id: string; email: string } | null
  address: string
  requestId: string
  target: { type: string; id: string } | null
  detail: Record<string, unknown>
}

/** The JSON line of this request id, once the server has written it (polled, not waited for). */
async function lineFor(requestId: string): Promise<{ line: Line; raw: string }> {
  for (let i = 0; ; i++) {
    const raw = app
      .stdout()
      .split('\n')
      .find((l) => l.startsWith('{"log":"security"') && l.includes(`"requestId":"${requestId}"`))
    if (raw) return { line: JSON.parse(raw) as Line, raw }
    if (i > 500) throw new Error(`No security log line for request ${requestId}:\n${app.stdout()}`)
    await new Promise((r) => setTimeout(r, 20))
  }
}

function send(path: string, init: { method?: string; cookie?: string; body?: URLSearchParams } = {}) {
  return fetch(`${app.url}${path}`, {
    method: init.method ?? 'GET',
    body: init.body,
    redirect: 'manual',
    headers: {
      ...(init.cookie ? { Cookie: init.cookie } : {}),
      ...(init.body ? { Origin: app.url, 'Content-Type': 'application/x-www-form-urlencoded' } : {}),
    },
  })
}

const signIn = (email: string, password: string) =>
  send('/console/login', { method: 'POST', body: new URLSearchParams({ website: '', email, password }) })

describe('security log', () => {
  it('gives every response an X-Request-Id, a new one unless a trusted proxy set it', async () => {
    const res = await fetch(`${app.url}/healthz`, { headers: { 'X-Request-Id': 'chosen-by-the-client' } })
    const id = res.headers.get('x-request-id')
    expect(id).toMatch(/^[0-9a-f-]{36}$/)
    const again = await fetch(`${app.url}/healthz`)
    expect(again.headers.get('x-request-id')).not.toBe(id)
  })

  it('records a failed and a successful sign-in under the response’s request id, without a participant’s email', async () => {
    const seminar = await createSeminar(app.db)
    const person = participant()
    await register(app.db, { seminarId: seminar.id, ...person })

    const unknown = await signIn(person.email, 'whatever it is 1')
    expect(unknown.status).toBe(401)
    const unknownId = unknown.headers.get('x-request-id')!
    const failed = await lineFor(unknownId)
    expect(failed.line).toMatchObject({
      type: 'sign-in',
      outcome: 'failure',
      actor: null,
      address: '127.0.0.1',
      detail: { reason: 'INVALID_CREDENTIALS', knownAccount: false },
    })
    expect(failed.raw).not.toContain(person.email)
    expect(app.stdout()).not.toContain(person.email)
    expect(app.stdout()).not.toContain(person.name)

    const wrong = await signIn(ORGANIZER.email, 'not the password 1')
    expect((await lineFor(wrong.headers.get('x-request-id')!)).line).toMatchObject({
      type: 'sign-in',
      outcome: 'failure',
      actor: { id: organizerId, email: ORGANIZER.email },
    })

    const password = await signIn(ADMIN.email, ADMIN.password)
    expect(password.headers.get('location')).toMatch(/^\/console\/login\/code/)
    const ok = await send('/console/login/code', {
      method: 'POST',
      cookie: password.headers.get('set-cookie')!.split(';')[0],
      body: new URLSearchParams({ code: nextCode(app.url, ADMIN.email) }),
    })
    expect(ok.status).toBe(302)
    const okId = ok.headers.get('x-request-id')!
    expect((await lineFor(okId)).line).toMatchObject({
      type: 'sign-in',
      outcome: 'success',
      actor: { id: adminId, email: ADMIN.email },
      address: '127.0.0.1',
    })
    const stored = await app.db.securityEvent.findMany({ where: { requestId: { in: [unknownId, okId] } } })
    expect(stored.map((e) => [e.requestId, e.type, e.outcome, e.actorId]).sort()).toEqual(
      [
        [unknownId, 'sign-in', 'failure', null],
        [okId, 'sign-in', 'success', adminId],
      ].sort(),
    )
    expect(JSON.stringify(stored)).not.toContain(person.email)
  })

  it('records a 403: an organizer opening another program’s seminar', async () => {
    const own = await send(`/console/seminars/${seminarA}`, { cookie: cookies.organizer })
    expect(own.status).toBe(200)
    const res = await send(`/console/seminars/${seminarB}`, { cookie: cookies.organizer })
    expect(res.status).toBe(403)
    const requestId = res.headers.get('x-request-id')!
    const { line } = await lineFor(requestId)
    expect(line).toMatchObject({
      type: 'access.refused',
      outcome: 'refused',
      actor: { id: organizerId, email: ORGANIZER.email },
      address: '127.0.0.1',
      detail: { permission: 'seminars.read', seminarId: seminarB, role: 'ORGANIZER' },
    })
    expect(
      await app.db.securityEvent.count({ where: { requestId, type: 'access.refused', actorId: organizerId } }),
    ).toBe(1)
  })

  it('records a cross-site form post refused before the app', async () => {
    const res = await fetch(`${app.url}/console/seminars/${seminarA}`, {
      method: 'POST',
      headers: {
        Cookie: cookies.admin,
        Origin: 'https://evil.example',
        'Content-Type': 'application/x-www-form-urlencoded',
      },
      body: 'intent=unpublish',
      redirect: 'manual',
    })
    expect(res.status).toBe(403)
    expect((await lineFor(res.headers.get('x-request-id')!)).line).toMatchObject({
      type: 'access.refused',
      outcome: 'refused',
      detail: { reason: 'cross-site', origin: 'https://evil.example' },
    })
  })

  it('records a program’s retention change with its values before and after', async () => {
    const res = await send('/console/programs', {
      method: 'POST',
      cookie: cookies.admin,
      body: new URLSearchParams({ id: programB, code: 'SLB', name: '事業B', retentionYears: '7' }),
    })
    expect(res.status).toBe(302)
    const requestId = res.headers.get('x-request-id')!
    expect((await lineFor(requestId)).line).toMatchObject({
      type: 'program.update',
      outcome: 'success',
      actor: { id: adminId, email: ADMIN.email },
      target: { type: 'Program', id: programB },
      detail: { 'retentionYears.from': 3, 'retentionYears.to': 7 },
    })
    expect(await app.db.securityEvent.count({ where: { requestId, type: 'program.update' } })).toBe(1)
  })

  it('records a sign-out and the use of a check-in helper link, without the link’s token', async () => {
    const cookie = `jisseki_session=${await startSignIn(app.db, organizerId, 1)}`
    const out = await send('/console/logout', { method: 'POST', cookie, body: new URLSearchParams() })
    expect(out.status).toBe(302)
    expect((await lineFor(out.headers.get('x-request-id')!)).line).toMatchObject({
      type: 'sign-out',
      outcome: 'success',
      actor: { id: organizerId, email: ORGANIZER.email },
    })

    const day = new Date(Date.now() + 9 * 3600_000 + 86400_000).toISOString().slice(0, 10)
    const helper = await createCheckinHelper(app.db, {
      seminarId: seminarA,
      label: '受付1',
      validUntilDay: day,
      createdById: organizerId,
    })
    const used = await send(`/checkin/${helper.token}`, { method: 'POST', body: new URLSearchParams() })
    expect(used.status).toBe(302)
    const { line, raw } = await lineFor(used.headers.get('x-request-id')!)
    expect(line).toMatchObject({ type: 'helper-link.use', outcome: 'success', actor: { id: helper.userId } })
    expect(raw).toContain('"path":"/checkin/:token"')
    expect(app.stdout()).not.toContain(helper.token)

    const bogus = await send(`/checkin/${'x'.repeat(43)}`, { method: 'POST', body: new URLSearchParams() })
    expect(bogus.status).toBe(404)
    expect((await lineFor(bogus.headers.get('x-request-id')!)).line).toMatchObject({
      type: 'helper-link.use',
      outcome: 'failure',
      actor: null,
    })
  })

  it('records seminar, session and account changes with who made them', async () => {
    const seminar = await createSeminar(app.db, { programId: programB })
    const session = await app.db.session.findFirstOrThrow({ where: { seminarId: seminar.id } })
    const post = (path: string, fields: Record<string, string>) =>
      send(path, { method: 'POST', cookie: cookies.admin, body: new URLSearchParams(fields) })
    const changes = [
      [
        await post(`/console/seminars/${seminar.id}`, { intent: 'unpublish' }),
        'seminar.unpublish',
        'Seminar',
        seminar.id,
      ],
      [
        await post(`/console/seminars/${seminar.id}/edit`, { intent: 'delete-session', sessionId: session.id }),
        'session.delete',
        'Session',
        session.id,
      ],
    ] as const
    const other = await createConsoleUser(app.db, {
      email: 'seclog-other@city.example.jp',
      name: '他 三郎',
      password: 'another long password 1',
      role: 'STAFF',
    })
    const disabled = await post(`/console/users/${other.id}`, { intent: 'disable' })
    for (const [res, type, targetType, targetId] of [
      ...changes,
      [disabled, 'user.disable', 'StaffUser', other.id] as const,
    ]) {
      expect(res.status).toBe(302)
      expect((await lineFor(res.headers.get('x-request-id')!)).line).toMatchObject({
        type,
        outcome: 'success',
        actor: { id: adminId, email: ADMIN.email },
        target: { type: targetType, id: targetId },
      })
    }
  })

  it('shows the log to admins only, with filters and a CSV', async () => {
    const page = await send('/console/security', { cookie: cookies.admin })
    expect(page.status).toBe(200)
    const html = await page.text()
    for (const type of ['sign-in', 'access.refused', 'program.update']) expect(html).toContain(`<code>${type}</code>`)
    const refusals = await (await send('/console/security?type=access.refused', { cookie: cookies.admin })).text()
    expect(refusals).toContain('<code>access.refused</code>')
    expect(refusals).not.toContain('<code>program.update</code>')
    const csv = await send('/console/security.csv?outcome=success', { cookie: cookies.admin })
    expect(csv.status).toBe(200)
    const text = await csv.text()
    expect(text).toContain('program.update')
    expect(text).not.toContain('access.refused')

    const refused = await send('/console/security', { cookie: cookies.organizer })
    expect(refused.status).toBe(403)
    expect((await send('/console/security.csv', { cookie: cookies.organizer })).status).toBe(403)
  })
})

describe('security log behind a trusted proxy (TRUST_PROXY=1)', () => {
  let proxied: AppServer
  beforeAll(async () => {
    proxied = await startAppServer({ env: { TRUST_PROXY: '1' } })
  })
  afterAll(async () => {
    await proxied?.stop()
  })

  it('keeps the proxy’s request id and logs the forwarded address, up to the rate limit’s refusal', async () => {
    const { limit, windowMs } = RATE_LIMITS.signInPerAddress
    // Not across a window's edge, where the count starts again.
    proxied.clock.awayFromWindowEdge({ windowMs })
    let last: Response | undefined
    for (let i = 0; i <= limit; i++)
      last = await fetch(`${proxied.url}/console/login`, {
        method: 'POST',
        redirect: 'manual',
        headers: {
          Origin: proxied.url,
          'Content-Type': 'application/x-www-form-urlencoded',
          'X-Forwarded-For': '198.51.100.7, 203.0.113.77',
          'X-Request-Id': `proxy-request-${String(i).padStart(4, '0')}`,
        },
        body: new URLSearchParams({ website: '', email: `nobody${i}@example.jp`, password: 'some password 1' }),
      })
    expect(last!.status).toBe(429)
    const requestId = `proxy-request-${String(limit).padStart(4, '0')}`
    expect(last!.headers.get('x-request-id')).toBe(requestId)
    let event = null
    for (let i = 0; !event && i < 500; i++) {
      event = await proxied.db.securityEvent.findFirst({ where: { requestId } })
      if (!event) await new Promise((r) => setTimeout(r, 20))
    }
    expect(event).toMatchObject({ type: 'sign-in.rate-limited', outcome: 'refused', address: '203.0.113.77' })
    const lines = proxied
      .stdout()
      .split('\n')
      .filter((l) => l.startsWith('{"log":"security"'))
    expect(lines).toHaveLength(limit + 1)
    expect(lines.join('\n')).not.toContain('nobody')
    expect(proxied.errors()).toBe('')
  }, 60_000)
})
