import crypto from 'node:crypto'
import fs from 'node:fs'
import type { Db } from '~/utils/db.server'
import { surveyToken } from '~/modules/surveys/surveys.server'

/**
 * The table of every route of the app (one row per file in app/routes) and who may use it
 * (docs/decisions/0013-roles-and-accounts.md). Shared by the route × role matrix
 * (tests/e2e/route-roles.test.ts) and the accessibility check (tests/e2e/accessibility.test.ts,
 * docs/decisions/0043-accessibility-checks-and-policy.md): a new route gets a row here, and both
 * then ask it.
 */

export const ROLES = ['anonymous', 'ADMIN', 'STAFF', 'ORGANIZER', 'CHECKIN', 'DISABLED'] as const
export type Role = (typeof ROLES)[number]
export type ConsoleRole = 'ADMIN' | 'STAFF' | 'ORGANIZER' | 'CHECKIN'

export type Fixture = {
  seminarA: string
  seminarB: string
  sessionA: string
  sessionB: string
  indicator: string
  mail: string
  otherUser: string
  helperToken: string
  /** The private survey link of an invitation on seminar A (docs/decisions/0047-surveys.md). */
  surveyToken: string
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
  /** A webhook endpoint (docs/decisions/0056-webhooks.md). */
  webhook: string
}

/** Who may: 'public' (anyone, signed in or not) or the staff roles allowed. */
export type Access = 'public' | readonly ConsoleRole[]
export type Entry = {
  path: (f: Fixture, role: Role) => string
  get?: Access
  post?: Access
  /** The same route about seminar B: organizers and helpers are refused there. */
  other?: (f: Fixture, role: Role) => string
  /** Roles sent elsewhere instead of refused (a helper's home, say). */
  redirects?: Partial<Record<ConsoleRole, string>>
  /** Not a URL of its own. */
  layoutOf?: string
  /** Answers every address it takes with 404 (to the roles that may GET it): no page of its own. */
  notFound?: true
}

export const ADMIN: readonly ConsoleRole[] = ['ADMIN']
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

export const MATRIX: Record<string, Entry> = {
  // Public pages: the token in the URL is the permission.
  _index: { path: () => '/', get: 'public' },
  'calendar[.]ics': { path: () => '/calendar.ics', get: 'public' },
  healthz: { path: () => '/healthz', get: 'public' },
  // A page's strings (docs/decisions/0030); console labels were in the public bundle before.
  'i18n.$file': { path: () => '/i18n/ja-console.000000000000.js', get: 'public' },
  lang: { path: () => '/lang', get: 'public', post: 'public' },
  privacy: { path: () => '/privacy', get: 'public' },
  // The accessibility policy (docs/decisions/0043-accessibility-checks-and-policy.md).
  accessibility: { path: () => '/accessibility', get: 'public' },
  'programs.$code.calendar[.]ics': { path: () => '/programs/MATRIX-A/calendar.ics', get: 'public' },
  'seminars.$id._index': { path: (f) => `/seminars/${f.seminarA}`, get: 'public' },
  'seminars.$id.calendar[.]ics': { path: (f) => `/seminars/${f.seminarA}/calendar.ics`, get: 'public' },
  'seminars.$id.register': { path: (f) => `/seminars/${f.seminarA}/register`, get: 'public', post: 'public' },
  'seminars.$id.registered': { path: (f) => `/seminars/${f.seminarA}/registered`, get: 'public' },
  // The public record of a draw: the fixture's seminars are first come, so it is 404.
  'seminars.$id.lottery[.]json': { path: (f) => `/seminars/${f.seminarA}/lottery.json`, get: 'public', notFound: true },
  'r.$token._index': { path: own(''), get: 'public', post: 'public' },
  'r.$token.calendar[.]ics': { path: own('/calendar.ics'), get: 'public' },
  'r.$token.cancel': { path: own('/cancel'), get: 'public', post: 'public' },
  'r.$token.change': { path: own('/change'), get: 'public', post: 'public' },
  'r.$token.done': { path: own('/done'), get: 'public' },
  // A group's contact person's page (404 for anyone else's link, as here).
  'r.$token.group': { path: own('/group'), get: 'public', post: 'public' },
  // Certificates (docs/decisions/0051-certificates.md): the participant's page, the PDF of one
  // issued (none yet in the fixture: back to the page), and the public verification of a code.
  'r.$token.certificate': { path: own('/certificate'), get: 'public', post: 'public' },
  'r.$token.certificate_.$kind': { path: own('/certificate/attendance'), get: 'public' },
  'c.$code': { path: () => '/c/0000000000000000', get: 'public', notFound: true },
  // The survey after a seminar, through its private link (docs/decisions/0047-surveys.md).
  's.$token': { path: (f) => `/s/${f.surveyToken}`, get: 'public', post: 'public' },
  'checkin.$token': { path: (f) => `/checkin/${f.helperToken}`, get: 'public', post: 'public' },
  'console_.login': { path: () => '/console/login', get: 'public', post: 'public' },
  // The second-factor steps: open to anyone, they act only on a pending sign-in's cookie.
  'console_.login_.code': { path: () => '/console/login/code', get: 'public', post: 'public' },
  'console_.login_.enrol': { path: () => '/console/login/enrol', get: 'public', post: 'public' },
  'console_.logout': { path: () => '/console/logout', get: 'public', post: 'public' },
  'console_.forgot-password': { path: () => '/console/forgot-password', get: 'public', post: 'public' },
  'console_.password.$token': { path: () => '/console/password/not-a-real-token', get: 'public', post: 'public' },
  // The JSON API (docs/decisions/0055-api.md): a bearer token, never a session, is its permission;
  // without one every endpoint answers 401 in JSON (the description is public). tests/e2e/api.test.ts.
  'api.$': { path: () => '/api/v1/no-such-endpoint', get: 'public', post: 'public', notFound: true },
  'api.v1.openapi[.]json': { path: () => '/api/v1/openapi.json', get: 'public' },
  'api.v1.seminars._index': { path: () => '/api/v1/seminars', get: 'public', post: 'public' },
  'api.v1.seminars.$id._index': { path: (f) => `/api/v1/seminars/${f.seminarA}`, get: 'public', post: 'public' },
  'api.v1.seminars.$id.registrations': {
    path: (f) => `/api/v1/seminars/${f.seminarA}/registrations`,
    get: 'public',
    post: 'public',
  },
  'api.v1.registrations._index': { path: () => '/api/v1/registrations', get: 'public', post: 'public' },
  'api.v1.registrations.$id._index': {
    path: (f) => `/api/v1/registrations/${f.registrationB.id}`,
    get: 'public',
    post: 'public',
  },
  'api.v1.registrations.$id.cancel': {
    path: (f) => `/api/v1/registrations/${f.registrationB.id}/cancel`,
    get: 'public',
    post: 'public',
  },
  'api.v1.sessions.$sessionId.attendance._index': {
    path: (f) => `/api/v1/sessions/${f.sessionA}/attendance`,
    get: 'public',
    post: 'public',
  },
  'api.v1.sessions.$sessionId.attendance.undo': {
    path: (f) => `/api/v1/sessions/${f.sessionA}/attendance/undo`,
    get: 'public',
    post: 'public',
  },
  'api.v1.indicators': { path: () => '/api/v1/indicators', get: 'public', post: 'public' },
  'api.v1.exports.participation': { path: () => '/api/v1/exports/participation', get: 'public', post: 'public' },

  // The console.
  console: { path: () => '/console', layoutOf: 'every console page' },
  // An address under /console no page has: 404 in the person's language, the sign-in when signed out.
  'console.$': { path: () => '/console/no-such-page', get: ['ADMIN', 'STAFF', 'ORGANIZER', 'CHECKIN'], notFound: true },
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
  'console.api-tokens': { path: () => '/console/api-tokens', get: ADMIN, post: ADMIN },
  'console.audit._index': { path: () => '/console/audit', get: ADMIN },
  'console.audit[.]csv': { path: () => '/console/audit.csv', get: ADMIN },
  'console.security._index': { path: () => '/console/security', get: ADMIN },
  'console.security[.]csv': { path: () => '/console/security.csv', get: ADMIN },
  'console.mail._index': { path: () => '/console/mail', get: ADMIN },
  'console.mail.$id': { path: (f) => `/console/mail/${f.mail}`, get: ADMIN },
  // Webhook endpoints and their delivery logs (docs/decisions/0056-webhooks.md).
  'console.webhooks._index': { path: () => '/console/webhooks', get: ADMIN, post: ADMIN },
  'console.webhooks.$id': { path: (f) => `/console/webhooks/${f.webhook}`, get: ADMIN, post: ADMIN },
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
  'console.seminars.$id.survey_.results': {
    path: semA('/survey/results'),
    other: semB('/survey/results'),
    get: READ,
  },
  'console.seminars.$id.survey_.results[.]csv': {
    path: semA('/survey/results.csv'),
    other: semB('/survey/results.csv'),
    get: READ,
  },
  'console.seminars.$id.survey_.results[.]xlsx': {
    path: semA('/survey/results.xlsx'),
    other: semB('/survey/results.xlsx'),
    get: READ,
  },
  'console.programs_.$programId.survey-results': {
    path: (f) => `/console/programs/${f.programA}/survey-results${fy}`,
    other: (f) => `/console/programs/${f.programB}/survey-results${fy}`,
    get: READ,
  },
  'console.seminars.$id.name-cards': { path: semA('/name-cards'), other: semB('/name-cards'), get: READ },
  'console.seminars.$id.registrations.new': {
    path: semA('/registrations/new'),
    other: semB('/registrations/new'),
    get: MANAGE,
    post: MANAGE,
  },
  'console.seminars.$id.registrations.$rid.slip': { path: regA('/slip'), other: regB('/slip'), get: MANAGE },
  'console.seminars.$id.registrations.$rid._index': { path: regA(''), other: regB(''), get: READ },
  'console.programs_.$programId.questions': {
    path: (f) => `/console/programs/${f.programA}/questions`,
    get: OFFICE,
    post: OFFICE,
  },
  // A program's certificate layout: admins, and the organizers of the program.
  'console.programs_.$programId.certificate': {
    path: (f) => `/console/programs/${f.programA}/certificate`,
    other: (f) => `/console/programs/${f.programB}/certificate`,
    get: MANAGE,
    post: MANAGE,
  },
  'console.seminars.$id.certificates': {
    path: semA('/certificates'),
    other: semB('/certificates'),
    get: MANAGE,
    post: MANAGE,
  },
  // Issuing (POST) and downloading (GET, personal data) a registration's certificate.
  'console.seminars.$id.registrations.$rid.certificate': {
    path: regA('/certificate?kind=attendance'),
    other: regB('/certificate?kind=attendance'),
    get: READ,
    post: MANAGE,
  },
  'console.seminars.$id.questions': { path: semA('/questions'), other: semB('/questions'), get: MANAGE, post: MANAGE },
  'console.seminars.$id.survey': { path: semA('/survey'), other: semB('/survey'), get: MANAGE, post: MANAGE },
  'console.seminars.$id.lottery': { path: semA('/lottery'), other: semB('/lottery'), get: MANAGE, post: MANAGE },
  // The record of a draw: the fixture's seminars are first come, so it is 404 to those who may ask.
  'console.seminars.$id.lottery[.]json': {
    path: semA('/lottery.json'),
    other: semB('/lottery.json'),
    get: MANAGE,
    notFound: true,
  },
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

/** The route files of app/routes, by their route id (the MATRIX keys). */
export const routeFiles = () =>
  fs
    .readdirSync('app/routes')
    .filter((name) => /\.tsx?$/.test(name) && !/\.test\.tsx?$/.test(name))
    .map((name) => name.replace(/\.tsx?$/, ''))
    .sort()

/** An uploaded spreadsheet, not applied (its pages read it; an empty POST changes nothing). */
export async function spreadsheetImport(
  db: Db,
  target: { kind: 'SEMINAR'; seminarId: string } | { kind: 'PAST'; programId: string },
) {
  const created = await db.spreadsheetImport.create({
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

/** A webhook endpoint with one delivery waiting (its page reads them; an empty POST changes nothing). */
export async function webhookEndpoint(db: Db) {
  const endpoint = await db.webhookEndpoint.create({
    data: {
      url: 'https://hooks.example.com/matrix',
      events: ',seminar.published,',
      // Its page never opens the secret.
      secretSealed: 'v1.unused',
      deliveries: {
        create: {
          id: 'evt_matrix:x',
          eventId: 'evt_matrix',
          type: 'seminar.published',
          payload: '{}',
          nextAttemptAt: new Date('2100-01-01T00:00:00Z'),
          createdAt: new Date(),
        },
      },
    },
  })
  return endpoint.id
}

/** A route id as the URL people see: `seminars.$id.register` → `/seminars/:id/register`. */
export function routePattern(routeId: string): string {
  // `[.]` is a literal dot inside a segment, not a separator.
  const segments = routeId
    .split(/(?<!\[)\.(?!\])/)
    .filter((s) => s !== '_index')
    .map((s) =>
      s
        .replace(/_$/, '')
        .replace(/^\$(.+)$/, ':$1')
        .replace(/\[\.\]/g, '.'),
    )
  return `/${segments.join('/')}`.replace(/^\/$/, '/')
}

/**
 * The pages of the app: the routes anyone may GET that render a page (a default export), not the
 * downloads, redirects, layouts and the console's 404. The accessibility check visits each of them, and the
 * accessibility policy page lists them (app/modules/accessibility/last-check.ts).
 */
export function pageRoutes(): Array<[string, Entry]> {
  return Object.entries(MATRIX)
    .filter(([, entry]) => entry.get && !entry.layoutOf && !entry.notFound)
    .filter(([id]) => /^export default\b/m.test(fs.readFileSync(`app/routes/${id}.tsx`, 'utf8')))
    .sort(([a], [b]) => routePattern(a).localeCompare(routePattern(b)))
}

/**
 * A survey on the seminar with one required satisfaction question, and an open invitation of the
 * registration: its private link's token, signed with the app server's identity secret.
 */
export async function surveyInvitation(db: Db, seminarId: string, registrationId: string, secret: string) {
  const survey = await db.survey.upsert({
    where: { seminarId },
    create: { seminarId, enabled: true },
    update: {},
  })
  if (!(await db.question.count({ where: { seminarId, form: 'SURVEY' } }))) {
    await db.question.create({
      data: { seminarId, form: 'SURVEY', position: 1, kind: 'SATISFACTION', label: '満足度', required: true },
    })
  }
  const invitation = await db.surveyInvitation.create({
    data: {
      surveyId: survey.id,
      registrationId,
      invitedAt: new Date(),
      closesAt: new Date(Date.now() + 14 * 24 * 3600_000),
    },
  })
  return surveyToken(invitation.id, secret)
}
