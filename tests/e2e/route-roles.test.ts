import crypto from 'node:crypto'
import fs from 'node:fs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createCheckinHelper } from '~/modules/accounts/checkin-helpers.server'
import { createConsoleUser, startSignIn } from '~/modules/accounts/console-users.server'
import { newManageToken, newRegistrationCode } from '~/modules/registration/registrations.server'
import { appIdentitySecret, startAppServer, type AppServer } from '../support/app-server'
import { createSeminar } from '../support/factories'
import {
  MATRIX,
  ROLES,
  routeFiles,
  spreadsheetImport,
  webhookEndpoint,
  surveyInvitation,
  type Access,
  type ConsoleRole,
  type Entry,
  type Fixture,
  type Role,
} from '../support/route-table'
import { TEST_DB_KIND } from '../support/test-db'

/**
 * The route × role matrix (docs/decisions/0013-roles-and-accounts.md): every route file in app/routes, for every
 * role, GET and — where the route has an action — POST, against the production build. Organizers are assigned
 * program A only and the check-in helper seminar A only, so routes about one seminar are also asked about seminar B,
 * which is theirs to touch for nobody but admins (and staff, to read).
 * POSTs carry an empty form: an allowed request then fails validation or does something harmless
 * to a registration of that role's own, a refused one is 403 before the form is read.
 */

let app: AppServer
let f: Fixture
const cookies: Partial<Record<Role, string>> = {}
const userIds: Partial<Record<Role, string>> = {}

async function staffWithSession(role: ConsoleRole | 'DISABLED', email: string) {
  const user = await createConsoleUser(app.db, {
    email,
    name: `${role} 職員`,
    password: 'a long staff password',
    role: role === 'DISABLED' ? 'ADMIN' : role,
  })
  return { user, cookie: `jisseki_session=${await startSignIn(app.db, user.id, 2)}` }
}

async function registration(seminarId: string, label: string) {
  const person = await app.db.person.create({
    data: { emailNormalized: `${label}@example.jp`, name: label, furigana: 'て' },
  })
  const token = newManageToken()
  const r = await app.db.registration.create({
    data: {
      seminarId,
      personId: person.id,
      name: label,
      furigana: 'て',
      email: `${label}@example.jp`,
      emailNormalized: `${label}@example.jp`,
      inCity: true,
      mode: 'IN_PERSON',
      status: 'CONFIRMED',
      manageToken: token,
      code: newRegistrationCode(),
    },
  })
  await app.db.seminar.update({ where: { id: seminarId }, data: { seatsTakenInPerson: { increment: 1 } } })
  return { id: r.id, token }
}

beforeAll(async () => {
  app = await startAppServer()
  const programA = await app.db.program.create({ data: { code: 'MATRIX-A', name: '事業A' } })
  const programB = await app.db.program.create({ data: { code: 'MATRIX-B', name: '事業B' } })
  const seminarA = await createSeminar(app.db, { programId: programA.id, title: 'セミナーA' })
  const seminarB = await createSeminar(app.db, { programId: programB.id, title: 'セミナーB' })
  const session = (seminarId: string) => app.db.session.findFirstOrThrow({ where: { seminarId } })

  const admin = await staffWithSession('ADMIN', 'admin@city.example.jp')
  const staff = await staffWithSession('STAFF', 'staff@city.example.jp')
  const organizer = await staffWithSession('ORGANIZER', 'organizer@city.example.jp')
  await app.db.programAssignment.create({ data: { userId: organizer.user.id, programId: programA.id } })
  const disabled = await staffWithSession('DISABLED', 'disabled@city.example.jp')
  // Disabled after signing in: the open session must stop working.
  await app.db.consoleUser.update({ where: { id: disabled.user.id }, data: { disabledAt: new Date() } })
  const link = await createCheckinHelper(app.db, {
    seminarId: seminarA.id,
    label: '受付A',
    validUntilDay: new Date(Date.now() + 9 * 3600_000 + 86_400_000).toISOString().slice(0, 10),
    createdById: admin.user.id,
  })
  userIds.ADMIN = admin.user.id
  userIds.STAFF = staff.user.id
  userIds.ORGANIZER = organizer.user.id
  userIds.DISABLED = disabled.user.id
  userIds.CHECKIN = link.userId
  cookies.ADMIN = admin.cookie
  cookies.STAFF = staff.cookie
  cookies.ORGANIZER = organizer.cookie
  cookies.DISABLED = disabled.cookie
  cookies.CHECKIN = `jisseki_session=${await startSignIn(app.db, link.userId, 2)}`

  const indicator = await app.db.indicator.create({
    data: {
      code: 'M-1',
      name: '参加者数',
      unit: '人',
      rule: 'PERSON_TIMES',
      programs: { create: { programId: programA.id } },
    },
  })
  const registrationA = Object.fromEntries(
    await Promise.all(ROLES.map(async (role) => [role, await registration(seminarA.id, `a-${role.toLowerCase()}`)])),
  ) as Fixture['registrationA']
  // A message the worker has sent, for the sent-mail page.
  const message = await app.db.outboxMessage.create({
    data: {
      kind: 'CONFIRMED',
      messageId: `<${crypto.randomUUID()}@matrix.test>`,
      seminarId: seminarA.id,
      registrationId: registrationA.ADMIN.id,
    },
  })
  for (let i = 0; ; i++) {
    const { status } = await app.db.outboxMessage.findUniqueOrThrow({ where: { id: message.id } })
    if (status === 'SENT') break
    if (i > 100) throw new Error(`the worker did not send the message (${status})`)
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
  f = {
    seminarA: seminarA.id,
    seminarB: seminarB.id,
    sessionA: (await session(seminarA.id)).id,
    sessionB: (await session(seminarB.id)).id,
    indicator: indicator.id,
    mail: message.id,
    otherUser: staff.user.id,
    helperToken: link.token,
    surveyToken: await surveyInvitation(app.db, seminarA.id, registrationA.ADMIN.id, appIdentitySecret()),
    registrationA,
    registrationB: await registration(seminarB.id, 'b-someone'),
    importA: await spreadsheetImport(app.db, { kind: 'SEMINAR', seminarId: seminarA.id }),
    importB: await spreadsheetImport(app.db, { kind: 'SEMINAR', seminarId: seminarB.id }),
    programA: programA.id,
    programB: programB.id,
    pastImportA: await spreadsheetImport(app.db, { kind: 'PAST', programId: programA.id }),
    pastImportB: await spreadsheetImport(app.db, { kind: 'PAST', programId: programB.id }),
    webhook: await webhookEndpoint(app.db),
  }
})

afterAll(async () => {
  await app?.stop()
})

type Outcome = 'ok' | 'login' | 'forbidden' | `redirect:${string}`

async function request(
  method: 'GET' | 'POST',
  path: string,
  role: Role,
): Promise<{ outcome: Outcome; status: number }> {
  const headers: Record<string, string> = {}
  // Signing out ends the session it is sent with: it gets a session of its own.
  const userId = userIds[role]
  const cookie =
    userId && method === 'POST' && path === '/console/logout'
      ? `jisseki_session=${await startSignIn(app.db, userId, 1)}`
      : cookies[role]
  if (cookie) headers.Cookie = cookie
  if (method === 'POST') {
    headers.Origin = app.url
    headers['Content-Type'] = 'application/x-www-form-urlencoded'
  }
  const res = await fetch(`${app.url}${path}`, {
    method,
    headers,
    body: method === 'POST' ? '' : undefined,
    redirect: 'manual',
  })
  await res.arrayBuffer()
  const location = res.headers.get('Location') ?? ''
  const status = res.status
  if (status >= 300 && status < 400 && location.startsWith('/console/login')) return { outcome: 'login', status }
  if (status === 403) return { outcome: 'forbidden', status }
  if (status >= 300 && status < 400) return { outcome: `redirect:${new URL(location, app.url).pathname}`, status }
  return { outcome: 'ok', status }
}

/** Allowed: answered, or sent on somewhere (a form's next page); a public link may be stale (404). */
function matches(want: Outcome, entry: Entry, isPublic: boolean, outcome: Outcome, status: number): boolean {
  if (status >= 500) return false
  if (isPublic) return outcome !== 'forbidden'
  // The 404 of an unknown console address is its answer to those who may open the console.
  if (want === 'ok' && entry.notFound) return status === 404
  if (want === 'ok') return status !== 404 && (outcome === 'ok' || outcome.startsWith('redirect:'))
  return outcome === want
}

function expected(entry: Entry, access: Access, role: Role, aboutOtherSeminar: boolean): Outcome {
  if (access === 'public') return 'ok'
  if (role === 'anonymous' || role === 'DISABLED') return 'login'
  const allowed = access.includes(role) && !(aboutOtherSeminar && (role === 'ORGANIZER' || role === 'CHECKIN'))
  if (allowed) return 'ok'
  const elsewhere = entry.redirects?.[role]
  return elsewhere ? `redirect:${elsewhere}` : 'forbidden'
}

/**
 * A sweep is some 1,500 requests one after another: 15–30 s on an idle machine, several times that
 * beside other work. The limit catches a hang, not slowness.
 */
const SWEEP_TIMEOUT_MS = 600_000

/** Every row of every table but the audit trail's record of downloads, the security log (a 403 is recorded) and the count of refused API tokens. */
async function snapshot(): Promise<string> {
  const tables =
    TEST_DB_KIND === 'postgres'
      ? await app.db.$queryRawUnsafe<{ name: string }[]>(
          `SELECT table_name::text AS name FROM information_schema.tables WHERE table_schema = current_schema() AND table_name <> '_prisma_migrations' ORDER BY 1`,
        )
      : await app.db.$queryRawUnsafe<{ name: string }[]>(
          `SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name <> '_prisma_migrations' ORDER BY 1`,
        )
  const parts: string[] = []
  for (const { name } of tables) {
    if (name === 'SecurityEvent') continue
    // A refused API token is counted per address (docs/decisions/0055-api.md): bookkeeping of the
    // refusal, as the security log's record of it, not a change made by the GET.
    const where =
      name === 'AuditEvent'
        ? ` WHERE "action" NOT LIKE 'export.%'`
        : name === 'RateLimitHit'
          ? ` WHERE "key" NOT LIKE 'api-refused:%'`
          : ''
    const rows = await app.db.$queryRawUnsafe<Record<string, unknown>[]>(`SELECT * FROM "${name}"${where}`)
    // A session's lastSeenAt is bookkeeping any request may write (at most once a minute: the
    // inactivity timeout of ADR 0020), not a change made by the GET.
    const kept = name === 'StaffSession' ? rows.map(({ lastSeenAt: _seen, ...r }) => r) : rows
    const text = kept.map((r) => JSON.stringify(r, (_k, v: unknown) => (typeof v === 'bigint' ? String(v) : v)))
    parts.push(`${name}:${text.sort().join('\n')}`)
  }
  return crypto.createHash('sha256').update(parts.join('\n')).digest('hex')
}

/** Asks every route of the table with `method`, as every role (and about the other seminar); what differed from the table. */
async function sweep(method: 'GET' | 'POST'): Promise<string[]> {
  const mismatches: string[] = []
  for (const [name, entry] of Object.entries(MATRIX)) {
    const access = method === 'GET' ? entry.get : entry.post
    if (!access) continue
    for (const role of ROLES) {
      const variants: [string, boolean][] = [[entry.path(f, role), false]]
      if (entry.other) variants.push([entry.other(f, role), true])
      for (const [path, aboutOther] of variants) {
        const want = expected(entry, access, role, aboutOther)
        const { outcome, status } = await request(method, path, role)
        if (!matches(want, entry, access === 'public', outcome, status))
          mismatches.push(`${method} ${path} (${name}) as ${role}: ${outcome} ${status}, expected ${want}`)
      }
    }
  }
  return mismatches
}

describe('the route × role matrix', () => {
  it('covers every route file', () => {
    expect(Object.keys(MATRIX).sort()).toEqual(routeFiles())
    for (const name of routeFiles()) {
      const source = fs.readFileSync(`app/routes/${name}.tsx`, 'utf8')
      const entry = MATRIX[name]
      if (entry.layoutOf) continue
      // Every action has its POST row, and no row claims an action that does not exist.
      expect(Boolean(entry.post), name).toBe(/export (async function|const) action\b/.test(source))
    }
  })

  // One pass of GETs answers both what each role may read and that reading changes nothing: the
  // database is compared table by table before and after it (the POSTs come after, in their own test).
  it(
    'lets each role GET exactly what it may, and no GET of any route, by any role, changes the database',
    async () => {
      const before = await snapshot()
      expect(await sweep('GET')).toEqual([])
      expect(await snapshot()).toBe(before)
      expect(app.errors()).toBe('')
    },
    SWEEP_TIMEOUT_MS,
  )

  it(
    'lets each role POST exactly what it may, and nothing else',
    async () => {
      expect(await sweep('POST')).toEqual([])
      expect(app.errors()).toBe('')
    },
    SWEEP_TIMEOUT_MS,
  )
})

describe('requests that must not change anything', () => {
  it('a cross-origin POST is refused even with a valid session', async () => {
    const before = await app.db.seminar.findUniqueOrThrow({ where: { id: f.seminarA } })
    for (const origin of ['https://evil.example', 'null']) {
      const res = await fetch(`${app.url}/console/seminars/${f.seminarA}`, {
        method: 'POST',
        headers: { Cookie: cookies.ADMIN!, Origin: origin, 'Content-Type': 'application/x-www-form-urlencoded' },
        body: 'intent=unpublish',
        redirect: 'manual',
      })
      expect(res.status).toBe(403)
    }
    expect(await app.db.seminar.findUniqueOrThrow({ where: { id: f.seminarA } })).toEqual(before)
  })
})
