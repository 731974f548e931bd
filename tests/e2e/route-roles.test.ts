import crypto from 'node:crypto'
import fs from 'node:fs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createCheckinHelper } from '~/modules/accounts/checkin-helpers.server'
import { createConsoleUser, startSignIn } from '~/modules/accounts/console-users.server'
import { newManageToken, newRegistrationCode } from '~/modules/registration/registrations.server'
import { startAppServer, type AppServer } from '../support/app-server'
import { createSeminar } from '../support/factories'
import { TEST_DB_KIND } from '../support/test-db'

/**
 * The route × role matrix (docs/decisions/0013-roles-and-accounts.md): every route file in app/routes, for every
 * role, GET and — where the route has an action — POST, against the production build. Organizers are assigned
 * program A only and the check-in helper seminar A only, so routes about one seminar are also asked about seminar B,
 * which is theirs to touch for nobody but admins (and staff, to read).
 * POSTs carry an empty form: an allowed request then fails validation or does something harmless
 * to a registration of that role's own, a refused one is 403 before the form is read.
 */

const ROLES = ['anonymous', 'ADMIN', 'STAFF', 'ORGANIZER', 'CHECKIN', 'DISABLED'] as const
type Role = (typeof ROLES)[number]
type ConsoleRole = 'ADMIN' | 'STAFF' | 'ORGANIZER' | 'CHECKIN'

type Fixture = {
  seminarA: string
  seminarB: string
  sessionA: string
  sessionB: string
  indicator: string
  mail: string
  otherUser: string
  helperToken: string
  /** Each role's own registration on seminar A (and one on B), so POSTs do not disturb each other. */
  registrationA: Record<Role, { id: string; token: string }>
  registrationB: { id: string; token: string }
  /** Spreadsheet imports (docs/decisions/0034): into seminar A and B, and past seminars of program A and B. */
  importA: string
  importB: string
  programA: string
  programB: string
  pastImportA: string
  pastImportB: string
}

/** Who may: 'public' (anyone, signed in or not) or the staff roles allowed. */
type Access = 'public' | readonly ConsoleRole[]
type Entry = {
  path: (f: Fixture, role: Role) => string
  get?: Access
  post?: Access
  /** The same route about seminar B: organizers and helpers are refused there. */
  other?: (f: Fixture, role: Role) => string
  /** Roles sent elsewhere instead of refused (a helper's home, say). */
  redirects?: Partial<Record<ConsoleRole, string>>
  /** Not a URL of its own. */
  layoutOf?: string
}

const ADMIN: readonly ConsoleRole[] = ['ADMIN']
const OFFICE: readonly ConsoleRole[] = ['ADMIN', 'STAFF']
const READ: readonly ConsoleRole[] = ['ADMIN', 'STAFF', 'ORGANIZER']
const MANAGE: readonly ConsoleRole[] = ['ADMIN', 'ORGANIZER']
const CHECKIN: readonly ConsoleRole[] = ['ADMIN', 'ORGANIZER', 'CHECKIN']
const fy = '?fy=2026'

const semA =
  (rest = '') =>
  (f: Fixture) =>
    `/console/seminars/${f.seminarA}${rest}`
const semB =
  (rest = '') =>
  (f: Fixture) =>
    `/console/seminars/${f.seminarB}${rest}`
const sesA = (rest: string) => (f: Fixture) => `/console/sessions/${f.sessionA}${rest}`
const sesB = (rest: string) => (f: Fixture) => `/console/sessions/${f.sessionB}${rest}`
const regA = (rest: string) => (f: Fixture, role: Role) =>
  `/console/seminars/${f.seminarA}/registrations/${f.registrationA[role].id}${rest}`
const regB = (rest: string) => (f: Fixture) =>
  `/console/seminars/${f.seminarB}/registrations/${f.registrationB.id}${rest}`
const own = (rest: string) => (f: Fixture, role: Role) => `/r/${f.registrationA[role].token}${rest}`

const MATRIX: Record<string, Entry> = {
  // Public pages: the token in the URL is the permission.
  _index: { path: () => '/', get: 'public' },
  'calendar[.]ics': { path: () => '/calendar.ics', get: 'public' },
  healthz: { path: () => '/healthz', get: 'public' },
  // A page's strings (docs/decisions/0030); console labels were in the public bundle before.
  'i18n.$file': { path: () => '/i18n/ja-console.000000000000.js', get: 'public' },
  lang: { path: () => '/lang', get: 'public', post: 'public' },
  privacy: { path: () => '/privacy', get: 'public' },
  'programs.$code.calendar[.]ics': { path: () => '/programs/MATRIX-A/calendar.ics', get: 'public' },
  'seminars.$id._index': { path: (f) => `/seminars/${f.seminarA}`, get: 'public' },
  'seminars.$id.calendar[.]ics': { path: (f) => `/seminars/${f.seminarA}/calendar.ics`, get: 'public' },
  'seminars.$id.register': { path: (f) => `/seminars/${f.seminarA}/register`, get: 'public', post: 'public' },
  'seminars.$id.registered': { path: (f) => `/seminars/${f.seminarA}/registered`, get: 'public' },
  'r.$token._index': { path: own(''), get: 'public' },
  'r.$token.calendar[.]ics': { path: own('/calendar.ics'), get: 'public' },
  'r.$token.cancel': { path: own('/cancel'), get: 'public', post: 'public' },
  'r.$token.change': { path: own('/change'), get: 'public', post: 'public' },
  'r.$token.done': { path: own('/done'), get: 'public' },
  // A group's contact person's page (404 for anyone else's link, as here).
  'r.$token.group': { path: own('/group'), get: 'public', post: 'public' },
  'checkin.$token': { path: (f) => `/checkin/${f.helperToken}`, get: 'public', post: 'public' },
  'console_.login': { path: () => '/console/login', get: 'public', post: 'public' },
  // The second-factor steps: open to anyone, they act only on a pending sign-in's cookie.
  'console_.login_.code': { path: () => '/console/login/code', get: 'public', post: 'public' },
  'console_.login_.enrol': { path: () => '/console/login/enrol', get: 'public', post: 'public' },
  'console_.logout': { path: () => '/console/logout', get: 'public', post: 'public' },
  'console_.forgot-password': { path: () => '/console/forgot-password', get: 'public', post: 'public' },
  'console_.password.$token': { path: () => '/console/password/not-a-real-token', get: 'public', post: 'public' },

  // The console.
  console: { path: () => '/console', layoutOf: 'every console page' },
  'console._index': { path: () => '/console', get: READ, redirects: { CHECKIN: '/console/checkin' } },
  'console.checkin': {
    path: () => '/console/checkin',
    get: ['CHECKIN'],
    redirects: { ADMIN: '/console', ORGANIZER: '/console' },
  },
  'console.account': {
    path: () => '/console/account',
    get: READ,
    post: READ,
    redirects: { CHECKIN: '/console/checkin' },
  },
  'console.users._index': { path: () => '/console/users', get: ADMIN, post: ADMIN },
  'console.users.$id': { path: (f) => `/console/users/${f.otherUser}`, get: ADMIN, post: ADMIN },
  'console.audit._index': { path: () => '/console/audit', get: ADMIN },
  'console.audit[.]csv': { path: () => '/console/audit.csv', get: ADMIN },
  'console.security._index': { path: () => '/console/security', get: ADMIN },
  'console.security[.]csv': { path: () => '/console/security.csv', get: ADMIN },
  'console.mail._index': { path: () => '/console/mail', get: ADMIN },
  'console.mail.$id': { path: (f) => `/console/mail/${f.mail}`, get: ADMIN },
  'console.programs': { path: () => '/console/programs', get: OFFICE, post: OFFICE },
  'console.categories': { path: () => '/console/categories', get: OFFICE, post: OFFICE },
  'console.reports': { path: () => `/console/reports${fy}`, get: OFFICE },
  'console.indicators._index': { path: () => `/console/indicators${fy}`, get: OFFICE, post: OFFICE },
  'console.indicators.close': { path: () => `/console/indicators/close${fy}`, get: OFFICE, post: OFFICE },
  'console.indicators.new': { path: () => '/console/indicators/new', get: OFFICE, post: OFFICE },
  'console.indicators.settings': { path: () => '/console/indicators/settings', get: OFFICE, post: OFFICE },
  'console.indicators.$id._index': { path: (f) => `/console/indicators/${f.indicator}`, get: OFFICE, post: OFFICE },
  'console.indicators.$id.evidence': { path: (f) => `/console/indicators/${f.indicator}/evidence${fy}`, get: OFFICE },
  'console.indicators.$id.evidence[.]csv': {
    path: (f) => `/console/indicators/${f.indicator}/evidence.csv${fy}`,
    get: OFFICE,
  },
  'console.exports.attendance[.]csv': { path: () => `/console/exports/attendance.csv${fy}`, get: OFFICE },
  'console.exports.attendance[.]xlsx': { path: () => `/console/exports/attendance.xlsx${fy}`, get: OFFICE },
  'console.exports.evaluation[.]csv': { path: () => `/console/exports/evaluation.csv${fy}`, get: OFFICE },
  'console.exports.evaluation[.]xlsx': { path: () => `/console/exports/evaluation.xlsx${fy}`, get: OFFICE },
  'console.exports.multi-year[.]csv': { path: () => `/console/exports/multi-year.csv${fy}`, get: OFFICE },
  'console.exports.multi-year[.]xlsx': { path: () => `/console/exports/multi-year.xlsx${fy}`, get: OFFICE },
  'console.exports.participation[.]csv': { path: () => `/console/exports/participation.csv${fy}`, get: OFFICE },
  'console.exports.participation[.]xlsx': { path: () => `/console/exports/participation.xlsx${fy}`, get: OFFICE },
  'console.seminars.new': { path: () => '/console/seminars/new', get: MANAGE, post: MANAGE },
  'console.seminars.$id._index': { path: semA(), other: semB(), get: READ, post: MANAGE },
  'console.seminars.$id.attendance': { path: semA('/attendance'), other: semB('/attendance'), get: READ },
  'console.seminars.$id.attendance[.csv]': { path: semA('/attendance.csv'), other: semB('/attendance.csv'), get: READ },
  'console.seminars.$id.edit': { path: semA('/edit'), other: semB('/edit'), get: MANAGE, post: MANAGE },
  'console.seminars.$id.cancel': { path: semA('/cancel'), other: semB('/cancel'), get: MANAGE, post: MANAGE },
  'console.seminars.$id.message': { path: semA('/message'), other: semB('/message'), get: MANAGE, post: MANAGE },
  'console.seminars.$id.registrations.$rid.cancel': {
    path: regA('/cancel'),
    other: regB('/cancel'),
    get: MANAGE,
    post: MANAGE,
  },
  'console.seminars.$id.roster': { path: semA('/roster'), other: semB('/roster'), get: READ },
  'console.seminars.$id.roster[.]csv': { path: semA('/roster.csv'), other: semB('/roster.csv'), get: READ },
  'console.seminars.$id.roster[.]xlsx': { path: semA('/roster.xlsx'), other: semB('/roster.xlsx'), get: READ },
  'console.seminars.$id.name-cards': { path: semA('/name-cards'), other: semB('/name-cards'), get: READ },
  'console.seminars.$id.registrations.new': {
    path: semA('/registrations/new'),
    other: semB('/registrations/new'),
    get: MANAGE,
    post: MANAGE,
  },
  'console.seminars.$id.registrations.$rid.slip': { path: regA('/slip'), other: regB('/slip'), get: MANAGE },
  // The questions before a link is reissued or a session deleted; their answers post to the seminar and edit pages.
  'console.seminars.$id.registrations.$rid.reissue': { path: regA('/reissue'), other: regB('/reissue'), get: MANAGE },
  'console.sessions.$sessionId.delete': { path: sesA('/delete'), other: sesB('/delete'), get: MANAGE },
  'console.seminars.$id.registrations.$rid.delete': {
    path: regA('/delete'),
    other: regB('/delete'),
    get: READ,
    post: READ,
  },
  'console.sessions.$sessionId.attendance': {
    path: sesA('/attendance'),
    other: sesB('/attendance'),
    get: READ,
    post: MANAGE,
  },
  'console.sessions.$sessionId.attendance[.csv]': {
    path: sesA('/attendance.csv'),
    other: sesB('/attendance.csv'),
    get: READ,
  },
  'console.sessions.$sessionId.import': { path: sesA('/import'), other: sesB('/import'), get: MANAGE, post: MANAGE },
  'console.seminars.$id.import._index': { path: semA('/import'), other: semB('/import'), get: MANAGE, post: MANAGE },
  'console.seminars.$id.import.$importId': {
    path: (f) => `/console/seminars/${f.seminarA}/import/${f.importA}`,
    other: (f) => `/console/seminars/${f.seminarB}/import/${f.importB}`,
    get: MANAGE,
    post: MANAGE,
  },
  'console.past-imports': { path: () => '/console/past-imports', get: MANAGE, post: MANAGE },
  'console.programs_.$programId.import.$importId': {
    path: (f) => `/console/programs/${f.programA}/import/${f.pastImportA}`,
    other: (f) => `/console/programs/${f.programB}/import/${f.pastImportB}`,
    get: MANAGE,
    post: MANAGE,
  },
  'console.sessions.$sessionId.checkin': {
    path: sesA('/checkin'),
    other: sesB('/checkin'),
    get: CHECKIN,
    post: CHECKIN,
  },
  'console.sessions.$sessionId.walk-in': {
    path: sesA('/walk-in'),
    other: sesB('/walk-in'),
    get: CHECKIN,
    post: CHECKIN,
  },
}

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
    registrationA,
    registrationB: await registration(seminarB.id, 'b-someone'),
    importA: await spreadsheetImport({ kind: 'SEMINAR', seminarId: seminarA.id }),
    importB: await spreadsheetImport({ kind: 'SEMINAR', seminarId: seminarB.id }),
    programA: programA.id,
    programB: programB.id,
    pastImportA: await spreadsheetImport({ kind: 'PAST', programId: programA.id }),
    pastImportB: await spreadsheetImport({ kind: 'PAST', programId: programB.id }),
  }
})

/** An uploaded spreadsheet, not applied (its pages read it; an empty POST changes nothing). */
async function spreadsheetImport(target: { kind: 'SEMINAR'; seminarId: string } | { kind: 'PAST'; programId: string }) {
  const created = await app.db.spreadsheetImport.create({
    data: {
      ...target,
      fileName: 'matrix.csv',
      format: 'csv',
      sha256: crypto.randomBytes(32).toString('hex'),
      headers: JSON.stringify(['セミナー名', '開催日', '氏名', 'メールアドレス']),
      rows: JSON.stringify([{ line: 2, cells: ['講座', '2024/6/1', '表 一', 'matrix@example.jp'] }]),
      mapping: JSON.stringify(['seminarTitle', 'sessionDate', 'name', 'email']),
    },
  })
  return created.id
}
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
function matches(want: Outcome, isPublic: boolean, outcome: Outcome, status: number): boolean {
  if (status >= 500) return false
  if (isPublic) return outcome !== 'forbidden'
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

const routeFiles = () =>
  fs
    .readdirSync('app/routes')
    .filter((name) => /\.tsx?$/.test(name) && !/\.test\.tsx?$/.test(name))
    .map((name) => name.replace(/\.tsx?$/, ''))
    .sort()

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

  it('lets each role do exactly what it may, and nothing else', async () => {
    const mismatches: string[] = []
    // GETs first: they must not change anything, which the next test checks.
    for (const method of ['GET', 'POST'] as const) {
      for (const [name, entry] of Object.entries(MATRIX)) {
        const access = method === 'GET' ? entry.get : entry.post
        if (!access) continue
        for (const role of ROLES) {
          const variants: [string, boolean][] = [[entry.path(f, role), false]]
          if (entry.other) variants.push([entry.other(f, role), true])
          for (const [path, aboutOther] of variants) {
            const want = expected(entry, access, role, aboutOther)
            const { outcome, status } = await request(method, path, role)
            if (!matches(want, access === 'public', outcome, status))
              mismatches.push(`${method} ${path} (${name}) as ${role}: ${outcome} ${status}, expected ${want}`)
          }
        }
      }
    }
    expect(mismatches).toEqual([])
    expect(app.errors()).toBe('')
  }, 120_000)
})

describe('requests that must not change anything', () => {
  /** Every row of every table but the audit trail's record of downloads and the security log (a 403 is recorded). */
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
      const where = name === 'AuditEvent' ? ` WHERE "action" NOT LIKE 'export.%'` : ''
      const rows = await app.db.$queryRawUnsafe<Record<string, unknown>[]>(`SELECT * FROM "${name}"${where}`)
      // A session's lastSeenAt is bookkeeping any request may write (at most once a minute: the
      // inactivity timeout of ADR 0020), not a change made by the GET.
      const kept = name === 'StaffSession' ? rows.map(({ lastSeenAt: _seen, ...r }) => r) : rows
      const text = kept.map((r) => JSON.stringify(r, (_k, v: unknown) => (typeof v === 'bigint' ? String(v) : v)))
      parts.push(`${name}:${text.sort().join('\n')}`)
    }
    return crypto.createHash('sha256').update(parts.join('\n')).digest('hex')
  }

  it('no GET of any route, by any role, changes the database', async () => {
    const before = await snapshot()
    for (const entry of Object.values(MATRIX)) {
      if (!entry.get) continue
      for (const role of ROLES) {
        await request('GET', entry.path(f, role), role)
        if (entry.other) await request('GET', entry.other(f, role), role)
      }
    }
    expect(await snapshot()).toBe(before)
  }, 120_000)

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
