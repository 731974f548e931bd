import fs from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { APP_ERRORS } from '~/utils/errors'
import { DICTIONARIES } from '~/utils/i18n.server'
import { areasOfPage, pageArea, type Area } from './areas'

/*
 * A page gets only the strings of its areas (app/i18n/areas.ts), so a key its code uses from
 * another area would show as the bare key. This reads the source: for every route, the keys named
 * in the route and in the modules its page code imports (not through *.server modules, whose
 * strings are translated on the server with every string at hand) must be in the page's areas.
 * A key built from a prefix (t(`mode.${m}`)) needs every key of the prefix. Field and error
 * messages come as codes from schemas and application errors, also in server modules: any quoted
 * code `X` in the route or the modules it imports directly (the modules it calls) with a key
 * `field.X` or `errors.X`, or that is an AppError code (then its message key,
 * app/utils/errors.ts), counts. Deeper imports are left out: they reach most of the app, and a
 * page never shows most of what they could throw.
 */

const areaOfKey = new Map<string, Area>()
for (const [area, dictionary] of Object.entries(DICTIONARIES.ja))
  for (const key of Object.keys(dictionary)) areaOfKey.set(key, area as Area)
const keys = [...areaOfKey.keys()]

const sources: string[] = []
const walk = (dir: string) => {
  for (const name of fs.readdirSync(dir)) {
    const file = path.join(dir, name)
    if (fs.statSync(file).isDirectory()) {
      if (name !== 'generated' && file !== path.join('app', 'i18n')) walk(file)
    } else if (/\.tsx?$/.test(name) && !/\.test\.tsx?$/.test(name)) sources.push(file)
  }
}
walk('app')
const text = new Map(sources.map((f) => [f, fs.readFileSync(f, 'utf8')]))

function resolve(from: string, spec: string): string | null {
  const base = spec.startsWith('~/')
    ? path.join('app', spec.slice(2))
    : spec.startsWith('.')
      ? path.join(path.dirname(from), spec)
      : null
  if (!base) return null
  return [base, `${base}.ts`, `${base}.tsx`, path.join(base, 'index.ts')].find((f) => text.has(f)) ?? null
}
const imports = new Map(
  sources.map((f) => [
    f,
    [...text.get(f)!.matchAll(/(?:from|import)\s*\(?\s*'([^']+)'/g)]
      .map((m) => resolve(f, m[1]))
      .filter((r): r is string => r !== null),
  ]),
)

/** The route and what it imports; `pageCode` stops at *.server modules, `depth` after so many imports. */
function graph(entry: string, pageCode: boolean, depth = Infinity): Set<string> {
  const seen = new Set<string>()
  let level = [entry]
  for (let d = 0; level.length && d <= depth; d++) {
    const next: string[] = []
    for (const file of level) {
      if (seen.has(file) || (pageCode && file !== entry && /\.server\.tsx?$/.test(file))) continue
      seen.add(file)
      next.push(...imports.get(file)!)
    }
    level = next
  }
  return seen
}

// The translation code, and the table of every error code and its message (its codes count where thrown).
const NOT_USES = new Set([
  'app/utils/i18n.ts',
  'app/utils/i18n.server.ts',
  'app/utils/use-i18n.ts',
  'app/utils/errors.ts',
])
const CODE_PREFIXES = ['field.', 'errors.']
const CODE_DEPTH = 1
const escape = (s: string) => s.replace(/[.$]/g, (c) => `\\${c}`)

/** Keys a route's page may translate, each with the file that names it. */
function keysOfRoute(route: string): Map<string, string> {
  const found = new Map<string, string>()
  for (const file of graph(route, true)) {
    if (NOT_USES.has(file)) continue
    const source = text.get(file)!
    for (const key of keys)
      if (new RegExp(`(?<![\\w.-])${escape(key)}(?![\\w]|\\.\\w)`).test(source)) found.set(key, file)
    for (const [, prefix] of source.matchAll(/`([\w.]+\.)\$\{/g))
      if (!CODE_PREFIXES.includes(prefix)) for (const key of keys) if (key.startsWith(prefix)) found.set(key, file)
  }
  for (const file of graph(route, false, CODE_DEPTH)) {
    if (NOT_USES.has(file)) continue
    for (const [, code] of text.get(file)!.matchAll(/'([A-Za-z_]\w*)'/g)) {
      for (const prefix of CODE_PREFIXES) if (areaOfKey.has(prefix + code)) found.set(prefix + code, file)
      if (Object.hasOwn(APP_ERRORS, code)) found.set(APP_ERRORS[code as keyof typeof APP_ERRORS].message, file)
    }
  }
  return found
}

/** The URL area of a route file: console.*, console_.*, checkin.* are under /console and /checkin. */
const areaOfRouteFile = (file: string) => pageArea(`/${path.basename(file).split('.')[0].replace(/_$/, '')}`)

describe('areas of strings', () => {
  const routes = sources.filter((f) => f.startsWith(path.join('app', 'routes')))

  it.each(routes)('%s uses only keys its page gets', (route) => {
    const areas = areasOfPage(areaOfRouteFile(route))
    const missing = [...keysOfRoute(route)]
      .filter(([key]) => !areas.includes(areaOfKey.get(key)!))
      .map(([key, file]) => `${key} (area ${areaOfKey.get(key)}, named in ${file})`)
    expect(missing, `move these keys to one of: ${areas.join(', ')}`).toEqual([])
  })

  it('the frame and error pages use only shell strings (shown even without the root loader)', () => {
    const missing = [...keysOfRoute(path.join('app', 'root.tsx'))].filter(([key]) => areaOfKey.get(key) !== 'shell')
    expect(missing).toEqual([])
  })

  it('reads route files as URLs and finds codes that come as data', () => {
    expect(areaOfRouteFile('app/routes/console_.login.tsx')).toBe('console')
    expect(areaOfRouteFile('app/routes/checkin.$token.tsx')).toBe('console')
    expect(areaOfRouteFile('app/routes/seminars.$id.register.tsx')).toBe('public')
    expect(keysOfRoute('app/routes/seminars.$id.register.tsx').has('errors.SEMINAR_FULL')).toBe(true)
    expect(keysOfRoute('app/routes/seminars.$id.register.tsx').has('field.invalidKana')).toBe(true)
  })
})
