import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { createConsoleUser, startSignIn } from '~/modules/accounts/console-users.server'
import { cancelRegistration, register } from '~/modules/registration/registrations.server'
import { startAppServer, type AppServer } from '../support/app-server'
import { createSeminar, participant } from '../support/factories'

/**
 * The seminar's console page answers each of its forms over HTTP (production build): the helper
 * form refused keeps what was typed, and a request no page of ours sends is refused without a change.
 */
let app: AppServer
let cookie: string
let seminarA: string
let seminarB: string

beforeAll(async () => {
  app = await startAppServer()
  const organizer = await createConsoleUser(app.db, {
    email: 'seminar-page@city.example.jp',
    name: '主催 花子',
    password: 'a long organizer password 1',
    role: 'ORGANIZER',
  })
  const program = await app.db.program.create({ data: { code: 'SPG', name: '事業' } })
  await app.db.programAssignment.create({ data: { userId: organizer.id, programId: program.id } })
  seminarA = (await createSeminar(app.db, { programId: program.id })).id
  seminarB = (await createSeminar(app.db, { programId: program.id })).id
  cookie = `jisseki_session=${await startSignIn(app.db, organizer.id, 1)}`
})
afterEach(() => {
  expect(app.errors()).toBe('')
})
afterAll(async () => {
  await app?.stop()
})

const post = (path: string, fields: Record<string, string>) =>
  fetch(`${app.url}${path}`, {
    method: 'POST',
    headers: { Cookie: cookie, Origin: app.url, 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(fields),
    redirect: 'manual',
  })

describe('the seminar’s console page', () => {
  it('shows a refused helper link beside its form, keeping what was typed', async () => {
    const res = await post(`/console/seminars/${seminarA}`, {
      intent: 'create-helper',
      label: '受付 西口',
      validUntil: '2001-01-01',
    })
    expect(res.status).toBe(400)
    const html = await res.text()
    expect(html).toContain('<p class="error-summary" role="alert">有効期限は今日から31日以内の日付にしてください。</p>')
    expect(html).toMatch(/<input name="label"[^>]*value="受付 西口"[^>]*>/)
    expect(html).toContain('<input type="date" name="validUntil" required="" aria-invalid="true" value="2001-01-01"/>')
    expect(await app.db.consoleUser.count({ where: { role: 'CHECKIN' } })).toBe(0)
  })

  it('makes a helper link once, shown with its QR code', async () => {
    const day = new Date(Date.now() + 9 * 3600_000 + 86_400_000).toISOString().slice(0, 10)
    const res = await post(`/console/seminars/${seminarA}`, {
      intent: 'create-helper',
      label: '受付A',
      validUntil: day,
    })
    expect(res.status).toBe(200)
    const html = await res.text()
    expect(html).toMatch(/value="http:\/\/[^"]+\/checkin\/[A-Za-z0-9_-]{43}"/)
    expect(html).toContain('src="data:image/png;base64,')
    expect(await app.db.consoleUser.count({ where: { role: 'CHECKIN', name: '受付A' } })).toBe(1)
  })

  it('changes the role of its own registration only', async () => {
    const mine = await register(app.db, { seminarId: seminarA, ...participant() })
    const other = await register(app.db, { seminarId: seminarB, ...participant() })
    const saved = await post(`/console/seminars/${seminarA}`, {
      intent: 'role',
      registrationId: mine.id,
      role: 'SPEAKER',
    })
    expect(saved.status).toBe(302)
    expect(saved.headers.get('Location')).toBe(`/console/seminars/${seminarA}?msg=console.saved`)
    const refused = await post(`/console/seminars/${seminarA}`, {
      intent: 'role',
      registrationId: other.id,
      role: 'SPEAKER',
    })
    expect(refused.status).toBe(404)
    const roles = await app.db.registration.findMany({
      where: { id: { in: [mine.id, other.id] } },
      select: { id: true, role: true },
    })
    expect(Object.fromEntries(roles.map((r) => [r.id, r.role]))).toEqual({
      [mine.id]: 'SPEAKER',
      [other.id]: 'PARTICIPANT',
    })
  })

  it('refuses what its forms never send: an unknown intent or role (400), a cancelled registration’s link (404)', async () => {
    const r = await register(app.db, { seminarId: seminarA, ...participant() })
    expect((await post(`/console/seminars/${seminarA}`, { intent: 'drop-table' })).status).toBe(400)
    expect(
      (await post(`/console/seminars/${seminarA}`, { intent: 'role', registrationId: r.id, role: 'ADMIN' })).status,
    ).toBe(400)
    await cancelRegistration(app.db, r.id, { by: 'PARTICIPANT' })
    expect((await post(`/console/seminars/${seminarA}`, { intent: 'reissue', registrationId: r.id })).status).toBe(404)
  })
})
