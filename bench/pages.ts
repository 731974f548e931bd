/**
 * Public pages against the production build (`npm run build` first), with 500 published
 * upcoming seminars in the database:
 *   - page weight of the seminar list, a seminar's page and its registration form: every script,
 *     module preload and stylesheet the HTML names (the build's files in build/client/assets),
 *     fetched once and gzipped at level 9 as a server would send them (target: JavaScript under
 *     120 KB gzipped per page; 1 KB = 1,000 bytes), raw sizes alongside;
 *   - server render time of the seminar list's first page (30 cards of the 500, with the total):
 *     50 sequential GET / after 5 warm-ups, and the same
 *     for the data request a client-side navigation sends (single fetch: /_root.data)
 *     (target: p95 under 50 ms, issue 22);
 *   - the console, signed in as an admin, the same way (document and data request; target: p95
 *     under 100 ms each): the seminar list (/console, its first page of the 500 seminars), one
 *     seminar's page with its registrant list of 2,000 registrations (1,800 confirmed, 100 waiting,
 *     100 cancelled), that seminar's attendance (1,500 checked in) and its session's attendance
 *     page with the marking sheet.
 *   npm run bench:pages                              (SQLite)
 *   JISSEKI_TEST_DB=postgres npm run bench:pages     (PostgreSQL at TEST_POSTGRES_URL)
 * Writes bench/reports/pages.json (pages-postgres.json on PostgreSQL).
 */
import crypto from 'node:crypto'
import { performance } from 'node:perf_hooks'
import zlib from 'node:zlib'
import { startAppServer } from '../tests/support/app-server'
import { TEST_DB_KIND } from '../tests/support/test-db'
import { stats, writeReport } from './stats'
import { createConsoleUser } from '~/modules/accounts/console-users.server'
import { ensureCategory } from '~/modules/categories/categories.server'
import { CATALOG_PAGE_SIZE } from '~/modules/scheduling/catalog.server'
import { newManageToken, newRegistrationCode } from '~/modules/registration/registrations.server'
import { enrolSecondFactor, signInByFetch } from '../tests/support/console'

const SEMINARS = 500
const WARMUPS = 5
const SAMPLES = 50
const TARGET_JS_GZIP_KB = 120
const TARGET_LIST_P95_MS = 50
const TARGET_CONSOLE_P95_MS = 100
const REGISTRATIONS = { confirmed: 1800, waiting: 100, cancelled: 100 }
const ATTENDED = 1500
const DAY = 86400_000

const kb = (bytes: number) => Math.round(bytes / 100) / 10
const gzipSize = (body: Buffer) => zlib.gzipSync(body, { level: 9 }).length

/** Every script, module preload and stylesheet URL named by the HTML, including inline module imports. */
function assetUrls(html: string): string[] {
  const urls = new Set<string>()
  for (const [tag] of html.matchAll(/<(?:script|link)\b[^>]*>/g)) {
    const src = /\bsrc="([^"]+)"/.exec(tag)?.[1]
    const href = /\bhref="([^"]+)"/.exec(tag)?.[1]
    const rel = /\brel="([^"]+)"/.exec(tag)?.[1] ?? ''
    if (tag.startsWith('<script') && src) urls.add(src)
    if (href && /\b(modulepreload|stylesheet)\b/.test(rel)) urls.add(href)
  }
  // Remix's inline bootstrap: import "/assets/manifest-….js"; import * as route0 from "…"; import("…")
  for (const [, url] of html.matchAll(/(?:\bimport\s*\(?\s*|\bfrom\s*)["'](\/[^"']+\.m?js)["']/g)) urls.add(url)
  return [...urls]
}

async function fill(db: Awaited<ReturnType<typeof startAppServer>>['db']): Promise<string[]> {
  const now = Date.now()
  const programs = Array.from({ length: 5 }, (_, p) => ({
    id: crypto.randomUUID(),
    code: `PAGES${p}`,
    name: `ページ計測事業 ${p + 1}`,
  }))
  await db.program.createMany({ data: programs })
  const modes = ['IN_PERSON', 'ONLINE', 'HYBRID'] as const
  const categoryIds = [
    await ensureCategory(db, 'セミナー'),
    await ensureCategory(db, '講座'),
    await ensureCategory(db, '交流会'),
  ]
  const seminars = Array.from({ length: SEMINARS }, (_, i) => ({
    id: crypto.randomUUID(),
    programId: programs[i % programs.length].id,
    title: `ページ計測セミナー ${i + 1}：製造業のためのデジタル活用`,
    titleEn: `Page benchmark seminar ${i + 1}`,
    categoryId: categoryIds[i % 3],
    status: 'PUBLISHED' as const,
    mode: modes[i % modes.length],
    venueName: '産業振興センター 2階 セミナールーム',
    capacityInPerson: 40,
    capacityOnline: 100,
    registrationOpensAt: new Date(now - DAY),
    registrationClosesAt: new Date(now + 200 * DAY),
    publishedAt: new Date(now - DAY),
  }))
  await db.seminar.createMany({ data: seminars })
  await db.session.createMany({
    data: seminars.map((s, i) => {
      // Spread over the next months, at 14:00 Japan time.
      const startsAt = new Date(Math.floor(now / DAY) * DAY + (1 + (i % 180)) * DAY + 5 * 3600_000)
      return {
        id: crypto.randomUUID(),
        seminarId: s.id,
        number: 1,
        startsAt,
        endsAt: new Date(startsAt.getTime() + 7200_000),
      }
    }),
  })
  return seminars.map((s) => s.id)
}

type Db = Awaited<ReturnType<typeof startAppServer>>['db']

/** 2,000 registrations of one seminar (confirmed, waiting, cancelled), 1,500 of them checked in. */
async function fillRegistrations(db: Db, seminarId: string, staffId: string): Promise<string> {
  const now = Date.now()
  const total = REGISTRATIONS.confirmed + REGISTRATIONS.waiting + REGISTRATIONS.cancelled
  const people = Array.from({ length: total }, (_, i) => ({
    id: crypto.randomUUID(),
    emailNormalized: `pages-${i}@example.jp`,
    name: `計測 太郎${i + 1}`,
    furigana: 'けいそく たろう',
  }))
  await db.person.createMany({ data: people })
  const modes = ['IN_PERSON', 'ONLINE'] as const
  const registrations = people.map((p, i) => {
    const status =
      i < REGISTRATIONS.confirmed
        ? ('CONFIRMED' as const)
        : i < REGISTRATIONS.confirmed + REGISTRATIONS.waiting
          ? ('WAITLISTED' as const)
          : ('CANCELLED' as const)
    return {
      id: crypto.randomUUID(),
      seminarId,
      personId: p.id,
      name: p.name,
      furigana: p.furigana,
      email: p.emailNormalized,
      emailNormalized: p.emailNormalized,
      activeEmailKey: status === 'CANCELLED' ? null : p.emailNormalized,
      organizationName: `株式会社ページ計測 ${i % 300}`,
      industry: 'E',
      inCity: i % 4 !== 0,
      phone: i % 10 === 0 ? '0312345678' : null,
      mode: modes[i % 2],
      status,
      waitlistPosition: status === 'WAITLISTED' ? i - REGISTRATIONS.confirmed + 1 : null,
      cancelledAt: status === 'CANCELLED' ? new Date(now - 3600_000) : null,
      cancelledBy: status === 'CANCELLED' ? ('PARTICIPANT' as const) : null,
      manageToken: newManageToken(),
      code: newRegistrationCode(),
      createdAt: new Date(now - DAY + i * 1000),
    }
  })
  await db.registration.createMany({ data: registrations })
  const confirmed = registrations.filter((r) => r.status === 'CONFIRMED')
  await db.seminar.update({
    where: { id: seminarId },
    data: {
      capacityInPerson: 1000,
      capacityOnline: 1000,
      seatsTakenInPerson: confirmed.filter((r) => r.mode === 'IN_PERSON').length,
      seatsTakenOnline: confirmed.filter((r) => r.mode === 'ONLINE').length,
    },
  })
  const session = await db.session.findFirstOrThrow({ where: { seminarId } })
  await db.attendance.createMany({
    data: confirmed.slice(0, ATTENDED).map((r, i) => ({
      sessionId: session.id,
      registrationId: r.id,
      mode: r.mode,
      source: r.mode === 'ONLINE' ? ('IMPORT' as const) : ('QR' as const),
      onlineMinutes: r.mode === 'ONLINE' ? 90 : null,
      checkedInAt: new Date(session.startsAt.getTime() - 1800_000 + i * 1000),
      recordedById: r.mode === 'ONLINE' ? null : staffId,
    })),
  })
  return session.id
}

const app = await startAppServer()
try {
  const ids = await fill(app.db)
  const fetchOk = async (path: string, cookie?: string) => {
    const res = await fetch(`${app.url}${path}`, { headers: cookie ? { cookie } : {}, redirect: 'manual' })
    const body = Buffer.from(await res.arrayBuffer())
    if (res.status !== 200) throw new Error(`${path} answered ${res.status}`)
    return body
  }

  // Page weight: assets are fetched once and shared between pages, as a browser caches them.
  const assets = new Map<string, { raw: number; gzip: number }>()
  const weigh = async (path: string) => {
    const html = await fetchOk(path)
    const urls = assetUrls(html.toString())
    const sum = (pattern: RegExp) => {
      const files = urls.filter((u) => pattern.test(new URL(u, app.url).pathname))
      const raw = files.reduce((n, u) => n + assets.get(u)!.raw, 0)
      const gzip = files.reduce((n, u) => n + assets.get(u)!.gzip, 0)
      return { files: files.length, rawKB: kb(raw), gzipKB: kb(gzip) }
    }
    for (const url of urls) {
      if (assets.has(url)) continue
      const body = await fetchOk(url)
      assets.set(url, { raw: body.length, gzip: gzipSize(body) })
    }
    const javaScript = sum(/\.m?js$/)
    return {
      path,
      html: { rawKB: kb(html.length), gzipKB: kb(gzipSize(html)) },
      javaScript,
      css: sum(/\.css$/),
      meetsTarget: javaScript.gzipKB < TARGET_JS_GZIP_KB,
    }
  }
  const pages = {
    list: await weigh('/'),
    seminar: await weigh(`/seminars/${ids[0]}`),
    register: await weigh(`/seminars/${ids[0]}/register`),
  }

  // Render time of the list, sequentially (one client), after warm-ups.
  const time = async (path: string, cookie?: string) => {
    for (let i = 0; i < WARMUPS; i++) await fetchOk(path, cookie)
    const samples: number[] = []
    for (let i = 0; i < SAMPLES; i++) {
      const started = performance.now()
      await fetchOk(path, cookie)
      samples.push(performance.now() - started)
    }
    return stats(samples)
  }
  const listHtml = await fetchOk('/')
  const listed = listHtml.toString().match(/<li class="card"/g)?.length ?? 0
  // Its first page: 30 cards of the 500 (docs/decisions/0053, addendum), with the total above them.
  if (listed !== CATALOG_PAGE_SIZE) throw new Error(`the list shows ${listed} cards, not ${CATALOG_PAGE_SIZE}`)
  if (!listHtml.toString().includes(`全${SEMINARS}件中 1〜${CATALOG_PAGE_SIZE}件目`))
    throw new Error(`the list does not count ${SEMINARS} seminars`)
  const seminarList = {
    seminars: SEMINARS,
    cardsShown: listed,
    htmlKB: kb(listHtml.length),
    documentMs: await time('/'),
    dataRequestMs: await time('/_root.data'),
  }

  // The console, signed in as an admin (password, then the code of the key enrolled here).
  const staff = await createConsoleUser(app.db, {
    email: 'bench@city.example.jp',
    name: 'ベンチ',
    password: 'benchmark password',
  })
  await enrolSecondFactor(app.db, 'bench@city.example.jp')
  const login = await signInByFetch(app.url, 'bench@city.example.jp', 'benchmark password')
  const cookie = login.headers.get('set-cookie')!.split(';')[0]
  const seminarId = ids[0]
  const sessionId = await fillRegistrations(app.db, seminarId, staff.id)
  /**
   * A console page: its document, and the data request of a client-side navigation to it (all its
   * routes' loaders: root, console layout and the page; single fetch, `<path>.data`).
   */
  const consolePage = async (path: string, rowsOf: (html: string) => number, allowed: number[]) => {
    const html = (await fetchOk(path, cookie)).toString()
    const rowsShown = rowsOf(html)
    if (!allowed.includes(rowsShown)) throw new Error(`${path} shows ${rowsShown} rows, not ${allowed.join(' or ')}`)
    const documentMs = await time(path, cookie)
    const dataRequestMs = await time(`${path}.data`, cookie)
    return { path, rowsShown, htmlKB: kb(html.length), documentMs, dataRequestMs }
  }
  const count = (pattern: RegExp) => (html: string) => html.match(pattern)?.length ?? 0
  const { confirmed, waiting, cancelled } = REGISTRATIONS
  // Rows shown: every one, or a page of 50 a list (console lists are paged: docs/decisions/0041).
  const consolePages = {
    seminarList: await consolePage('/console', count(/href="\/console\/seminars\/[0-9a-f-]{36}"/g), [50]),
    registrants: await consolePage(`/console/seminars/${seminarId}`, count(/\/registrations\/[0-9a-f-]{36}"/g), [
      confirmed + waiting + cancelled,
      150,
    ]),
    seminarAttendance: await consolePage(
      `/console/seminars/${seminarId}/attendance`,
      (html) => count(/<tr>/g)(html) - 1,
      [ATTENDED, 50],
    ),
    // The attendees (1,500 or a page of 50) and the marking sheet (1,800 confirmed, or a page).
    sessionAttendance: await consolePage(
      `/console/sessions/${sessionId}/attendance`,
      (html) => count(/<tr>/g)(html) - 2,
      [ATTENDED + confirmed, 50 + confirmed, 100],
    ),
  }
  const consoleMeets = Object.values(consolePages).every(
    (p) => p.documentMs.p95 < TARGET_CONSOLE_P95_MS && p.dataRequestMs.p95 < TARGET_CONSOLE_P95_MS,
  )
  const listMeets =
    seminarList.documentMs.p95 < TARGET_LIST_P95_MS && seminarList.dataRequestMs.p95 < TARGET_LIST_P95_MS

  writeReport(TEST_DB_KIND === 'sqlite' ? 'pages' : `pages-${TEST_DB_KIND}`, {
    benchmark: 'pages',
    database: TEST_DB_KIND,
    targets: {
      javaScriptGzipKB: TARGET_JS_GZIP_KB,
      seminarListP95Ms: TARGET_LIST_P95_MS,
      consolePageP95Ms: TARGET_CONSOLE_P95_MS,
    },
    pages,
    seminarList,
    console: { registrations: REGISTRATIONS, attended: ATTENDED, pages: consolePages },
    meetsTarget: Object.values(pages).every((p) => p.meetsTarget) && listMeets && consoleMeets,
  })
} finally {
  await app.stop()
}
