/**
 * Public pages against the production build (`npm run build` first), with 500 published
 * upcoming seminars in the database:
 *   - page weight of the seminar list, a seminar's page and its registration form: every script,
 *     module preload and stylesheet the HTML names (the build's files in build/client/assets),
 *     fetched once and gzipped at level 9 as a server would send them (target: JavaScript under
 *     120 KB gzipped per page; 1 KB = 1,000 bytes), raw sizes alongside;
 *   - server render time of the seminar list: 50 sequential GET / after 5 warm-ups, and the same
 *     for the data request a client-side navigation sends (single fetch: /_root.data).
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
import { ensureCategory } from '~/modules/categories/categories.server'

const SEMINARS = 500
const WARMUPS = 5
const SAMPLES = 50
const TARGET_JS_GZIP_KB = 120
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

const app = await startAppServer()
try {
  const ids = await fill(app.db)
  const fetchOk = async (path: string) => {
    const res = await fetch(`${app.url}${path}`)
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
  const time = async (path: string) => {
    for (let i = 0; i < WARMUPS; i++) await fetchOk(path)
    const samples: number[] = []
    for (let i = 0; i < SAMPLES; i++) {
      const started = performance.now()
      await fetchOk(path)
      samples.push(performance.now() - started)
    }
    return stats(samples)
  }
  const listHtml = await fetchOk('/')
  const listed = listHtml.toString().match(/<li class="card"/g)?.length ?? 0
  if (listed !== SEMINARS) throw new Error(`the list shows ${listed} seminars, not ${SEMINARS}`)
  const seminarList = {
    seminars: listed,
    htmlKB: kb(listHtml.length),
    documentMs: await time('/'),
    dataRequestMs: await time('/_root.data'),
  }

  writeReport(TEST_DB_KIND === 'sqlite' ? 'pages' : `pages-${TEST_DB_KIND}`, {
    benchmark: 'pages',
    database: TEST_DB_KIND,
    targets: { javaScriptGzipKB: TARGET_JS_GZIP_KB },
    pages,
    seminarList,
    meetsTarget: Object.values(pages).every((p) => p.meetsTarget),
  })
} finally {
  await app.stop()
}
