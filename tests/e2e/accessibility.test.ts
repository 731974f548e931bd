import axe from 'axe-core'
import type { Browser, BrowserContext } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createCheckinHelper } from '~/modules/accounts/checkin-helpers.server'
import { createConsoleUser, startSignIn } from '~/modules/accounts/console-users.server'
import { LAST_ACCESSIBILITY_CHECK } from '~/modules/accessibility/last-check'
import { markAttendance } from '~/modules/attendance/checkin.server'
import { registerGroup } from '~/modules/registration/group.server'
import { register } from '~/modules/registration/registrations.server'
import { appIdentitySecret, startAppServer, type AppServer } from '../support/app-server'
import { injectAxe } from '../support/axe'
import { launchBrowser } from '../support/browser'
import { enrolSecondFactor } from '../support/console'
import { participant } from '../support/factories'
import {
  pageRoutes,
  routePattern,
  spreadsheetImport,
  webhookEndpoint,
  surveyInvitation,
  type Fixture,
  type Role,
} from '../support/route-table'
import { TEST_DB_KIND } from '../support/test-db'

/*
 * axe-core's WCAG 2.1 A and AA rules on every page of the app (issue 18 point 17,
 * docs/decisions/0043-accessibility-checks-and-policy.md). The pages are the route table's
 * (tests/support/route-table.ts): a new route is checked as soon as it has its row there. Each is
 * visited as a role that may see it, over the demo data (seminars with sessions, registrations,
 * attendance, indicators) plus a seminar filled up here — a group, a waiting person, attendance on
 * its first session — in Japanese and English, at a phone's width and a desktop's. One browser,
 * one context per language and width, pages one after another. SQLite only: the pages are the same
 * on PostgreSQL, and the run is long.
 */

const PASSWORD = 'a long staff password'
const SIZES = [
  { name: 'phone', width: 390, height: 844 },
  { name: 'desktop', width: 1280, height: 800 },
] as const
const LANGS = ['ja', 'en'] as const

type Visit = { label: string; path: string; role: Role; prepare?: (context: BrowserContext) => Promise<void> }

let app: AppServer
let browser: Browser
let visits: Visit[] = []
const cookies: Partial<Record<Role, string>> = {}

/** The first role the table lets see the page: anyone for public pages, else the first staff role. */
function roleFor(access: NonNullable<ReturnType<typeof pageRoutes>[number][1]['get']>): Role {
  return access === 'public' ? 'anonymous' : access[0]
}

async function staff(role: 'ADMIN' | 'STAFF' | 'ORGANIZER', email: string) {
  return createConsoleUser(app.db, {
    email,
    name: `${role === 'ADMIN' ? '管理' : '職員'} 花子`,
    password: PASSWORD,
    role,
  })
}

describe.skipIf(TEST_DB_KIND === 'postgres')('axe-core (WCAG 2.1 A and AA) on every page', () => {
  beforeAll(async () => {
    app = await startAppServer({ demoData: true })
    const db = app.db
    // The seminar with the most sessions that takes a waiting list: filled up below.
    const seminars = await db.seminar.findMany({
      where: { status: 'PUBLISHED', waitlistEnabled: true, capacityInPerson: { not: null } },
      include: { sessions: { orderBy: { number: 'asc' } } },
      orderBy: { createdAt: 'asc' },
    })
    const seminarA = seminars.sort((a, b) => b.sessions.length - a.sessions.length)[0]
    const seminarB = await db.seminar.findFirstOrThrow({ where: { programId: { not: seminarA.programId } } })
    const group = await registerGroup(db, {
      seminarId: seminarA.id,
      contact: { name: '団体 代表', furigana: 'だんたい だいひょう', email: 'group-contact@example.jp' },
      members: [{ name: '団体 二郎', furigana: 'だんたい じろう', email: '' }],
      organizationName: '株式会社アクセス',
      inCity: true,
      mode: 'IN_PERSON',
      language: 'ja',
    })
    const contact = group.registrations[0]
    // Individuals until the seminar is full and one more waits.
    let waiting: { id: string; manageToken: string } | null = null
    for (let i = 0; i < 60 && !waiting; i++) {
      const outcome = await register(db, { ...participant(), seminarId: seminarA.id })
      if (outcome.status === 'WAITLISTED') waiting = outcome
    }
    if (!waiting) throw new Error('the seminar never filled up')
    const confirmed = await db.registration.findMany({
      where: { seminarId: seminarA.id, status: 'CONFIRMED' },
      orderBy: { createdAt: 'asc' },
      select: { id: true },
    })
    await markAttendance(db, {
      sessionId: seminarA.sessions[0].id,
      attendedRegistrationIds: confirmed.filter((_, i) => i % 4 !== 3).map((r) => r.id),
      userId: null,
    })

    const admin = await staff('ADMIN', 'a11y-admin@city.example.jp')
    const other = await staff('STAFF', 'a11y-staff@city.example.jp')
    // Admins sign in with a second factor: one has it (the code step), one does not yet (enrolment).
    await staff('ADMIN', 'a11y-enrolled@city.example.jp')
    await enrolSecondFactor(db, 'a11y-enrolled@city.example.jp')
    await staff('ADMIN', 'a11y-new@city.example.jp')
    const helper = await createCheckinHelper(db, {
      seminarId: seminarA.id,
      label: '受付A',
      validUntilDay: new Date(Date.now() + 9 * 3600_000 + 86_400_000).toISOString().slice(0, 10),
      createdById: admin.id,
    })
    cookies.ADMIN = await startSignIn(db, admin.id, 4)
    cookies.STAFF = await startSignIn(db, other.id, 4)
    cookies.CHECKIN = await startSignIn(db, helper.userId, 4)
    const organizer = await staff('ORGANIZER', 'a11y-organizer@city.example.jp')
    await db.programAssignment.create({ data: { userId: organizer.id, programId: seminarA.programId } })
    cookies.ORGANIZER = await startSignIn(db, organizer.id, 4)

    // A message the worker has sent, for the sent-mail pages.
    let mail = await db.outboxMessage.findFirst({ where: { status: 'SENT' }, select: { id: true } })
    for (let i = 0; !mail; i++) {
      if (i > 200) throw new Error('the worker sent no message')
      await new Promise((resolve) => setTimeout(resolve, 100))
      mail = await db.outboxMessage.findFirst({ where: { status: 'SENT' }, select: { id: true } })
    }
    const indicator = await db.indicator.findFirstOrThrow({ orderBy: { sortOrder: 'asc' } })
    const registrationB = await db.registration.findFirstOrThrow({ where: { seminarId: seminarB.id } })
    const own = { id: contact.id, token: contact.manageToken }
    const f: Fixture = {
      seminarA: seminarA.id,
      seminarB: seminarB.id,
      sessionA: seminarA.sessions[0].id,
      sessionB: (await db.session.findFirstOrThrow({ where: { seminarId: seminarB.id } })).id,
      indicator: indicator.id,
      mail: mail.id,
      otherUser: other.id,
      helperToken: helper.token,
      surveyToken: await surveyInvitation(db, seminarA.id, contact.id, appIdentitySecret()),
      // Every role's own registration is the group's contact: its pages show the group.
      registrationA: { anonymous: own, ADMIN: own, STAFF: own, ORGANIZER: own, CHECKIN: own, DISABLED: own },
      registrationB: { id: registrationB.id, token: registrationB.manageToken },
      importA: await spreadsheetImport(db, { kind: 'SEMINAR', seminarId: seminarA.id }),
      importB: await spreadsheetImport(db, { kind: 'SEMINAR', seminarId: seminarB.id }),
      programA: seminarA.programId,
      programB: seminarB.programId,
      pastImportA: await spreadsheetImport(db, { kind: 'PAST', programId: seminarA.programId }),
      pastImportB: await spreadsheetImport(db, { kind: 'PAST', programId: seminarB.programId }),
      webhook: await webhookEndpoint(db),
    }
    /** A pending sign-in of `email`, as the password step leaves it (the second-factor pages). */
    const pendingSignIn = (email: string) => async (context: BrowserContext) => {
      const res = await context.request.post(`${app.url}/console/login`, {
        form: { email, password: PASSWORD },
        headers: { Origin: app.url },
        maxRedirects: 0,
      })
      expect(res.status(), `signing in as ${email}`).toBe(302)
    }
    const prepare: Record<string, Visit['prepare']> = {
      'console_.login_.code': pendingSignIn('a11y-enrolled@city.example.jp'),
      'console_.login_.enrol': pendingSignIn('a11y-new@city.example.jp'),
    }
    visits = pageRoutes().map(([id, entry]) => {
      const role = roleFor(entry.get!)
      return { label: routePattern(id), path: entry.path(f, role), role, prepare: prepare[id] }
    })
    // States the table's one visit does not show: a waiting person's own pages.
    visits.push(
      { label: '/r/:token (waiting)', path: `/r/${waiting.manageToken}`, role: 'anonymous' },
      { label: '/r/:token/done (waiting)', path: `/r/${waiting.manageToken}/done`, role: 'anonymous' },
    )
    browser = await launchBrowser()
  }, 240_000)

  afterAll(async () => {
    await browser?.close()
    await app?.stop()
  })

  it('checks the pages the accessibility policy lists, with its rules and axe-core version', () => {
    const pages = pageRoutes().map(([id]) => routePattern(id))
    expect(visits.map((v) => v.label).slice(0, pages.length)).toEqual(pages)
    expect(LAST_ACCESSIBILITY_CHECK.axeCore).toBe(axe.version)
  })

  // Each page is loaded once per language and checked at every width in turn: the viewport is
  // resized and axe runs again on the page laid out anew (CSS media queries), which saves a load,
  // a render and a hydration per width (docs/decisions/0044-what-each-test-project-runs.md).
  for (const lang of LANGS) {
    if (process.env.A11Y_ONLY && process.env.A11Y_ONLY !== lang) continue
    const widths = SIZES.map((size) => size.width).join(' and ')
    it(`finds no violation in ${lang === 'ja' ? 'Japanese' : 'English'} at ${widths} px`, async () => {
      const [first, ...others] = SIZES
      const context = await browser.newContext({
        viewport: { width: first.width, height: first.height },
        // axe comes from another origin (tests/support/axe.ts), which the app's Content-Security-Policy refuses.
        bypassCSP: true,
      })
      const page = await context.newPage()
      const found: string[] = []
      const check = async (visit: Visit, width: number) => {
        const violations = await page.evaluate(
          async (tags) => {
            const result = await window.axe.run(document, {
              runOnly: { type: 'tag', values: tags },
              resultTypes: ['violations'],
            })
            return result.violations.map((v) => ({
              rule: v.id,
              impact: v.impact,
              help: v.help,
              targets: v.nodes.map((n) => n.target.join(' ')),
            }))
          },
          [...LAST_ACCESSIBILITY_CHECK.tags],
        )
        for (const v of violations)
          for (const target of v.targets)
            found.push(`${visit.label} at ${width} px: ${v.rule} (${v.impact}) at ${target} — ${v.help}`)
      }
      try {
        for (const visit of visits) {
          await context.clearCookies()
          const host = new URL(app.url).hostname
          const own = cookies[visit.role]
          await context.addCookies([
            { name: 'lang', value: lang, domain: host, path: '/' },
            ...(own ? [{ name: 'jisseki_session', value: own, domain: host, path: '/' }] : []),
          ])
          await visit.prepare?.(context)
          const started = Date.now()
          await page.setViewportSize({ width: first.width, height: first.height })
          const res = await page.goto(`${app.url}${visit.path}`)
          const landed = new URL(page.url()).pathname
          if (landed !== new URL(visit.path, app.url).pathname) {
            found.push(`${visit.label}: sent to ${landed} (status ${res?.status()}) instead of the page`)
            continue
          }
          await injectAxe(page)
          await check(visit, first.width)
          for (const size of others) {
            await page.setViewportSize({ width: size.width, height: size.height })
            await check(visit, size.width)
          }
          if (process.env.A11Y_DEBUG) process.stderr.write(`${visit.label} ${Date.now() - started} ms\n`)
        }
      } finally {
        await context.close()
      }
      expect(found, lang).toEqual([])
    }, 900_000)
  }

  it('answered every page without a server error', () => {
    expect(app.errors()).toBe('')
  })
})

declare global {
  interface Window {
    axe: typeof axe
  }
}
