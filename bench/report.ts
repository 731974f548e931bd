/**
 * Gathers the benchmark reports in bench/reports/ into one list of measurements:
 * bench/report.json (one entry per figure: name, value, unit, target and whether it is met, by
 * how much it is missed, the baseline it is compared with and the ratio, database, source file,
 * when and on what machine) and bench/report.md (the same as a table), printed to stdout.
 * Registration rates are compared with the bare node:http POST rate at the same concurrency (and
 * on SQLite with the raw insert rate), latencies with node:http's at the same concurrency
 * (sequential ones with a sequential request). A report that does not exist is listed as not run.
 *   npm run bench:report        (npm run bench runs every benchmark first)
 */
import fs from 'node:fs'
import * as prettier from 'prettier'

type Json = Record<string, unknown>
type Machine = { cpus: number; cpuModel: string; memoryGiB: number; node: string }
type Baseline = { name: string; value: number; unit: string; ratio: number }
type Entry = {
  name: string
  /** null when the benchmark has not been run (status "not run"). */
  value: number | null
  unit: string | null
  target: number | null
  /** max: the value must be at most the target; min: at least. */
  targetKind: 'max' | 'min' | null
  meets: boolean | null
  missedBy: string | null
  baseline: Baseline | null
  /** Further baselines the figure is compared with (registration rate on SQLite: raw inserts). */
  alsoComparedWith?: Baseline[]
  database: string | null
  source: string
  at: string | null
  machine: Machine | null
  status: 'measured' | 'not run'
}
/** A figure to take from a report: path of the number in it, and what it is compared with. */
type Figure = {
  name: string
  path: string
  unit: string
  scale?: number
  target?: number
  targetKind?: 'max' | 'min'
  baseline?: BaselineRef
  alsoComparedWith?: BaselineRef[]
}
type BaselineRef = { name: string; path: string; unit: string }

const DIR = 'bench/reports'

function read(name: string): Json | null {
  const file = `${DIR}/${name}.json`
  return fs.existsSync(file) ? (JSON.parse(fs.readFileSync(file, 'utf8')) as Json) : null
}

/** The number at a dotted path ("sustained.latency.p95") of a report, or null. */
function numberAt(report: Json | null, path: string): number | null {
  let node: unknown = report
  for (const key of path.split('.')) node = node && typeof node === 'object' ? (node as Json)[key] : undefined
  return typeof node === 'number' && Number.isFinite(node) ? node : null
}

const round = (n: number) => (Math.abs(n) >= 100 ? Math.round(n) : Math.round(n * 100) / 100)

function missedBy(value: number, target: number, kind: 'max' | 'min', unit: string): string {
  const diff = Math.abs(value - target)
  const percent = target ? ` (${kind === 'max' ? '+' : '−'}${Math.round((diff / target) * 100)} %)` : ''
  const by = `${round(diff).toLocaleString('en')} ${unit}${percent}`
  return kind === 'max' ? `${by} over ${target} ${unit}` : `${by} short of ${target} ${unit}`
}

// Baselines (bench/baselines.ts): node:http at the same concurrency as the figure compared.
const baselines = read('baselines')
const http = (load: string, label: string) => ({
  rate: { name: `bare node:http ${label}`, path: `nodeHttp.${load}.perSecond`, unit: 'requests/s' },
  p50: { name: `bare node:http ${label}, p50`, path: `nodeHttp.${load}.latency.p50`, unit: 'ms' },
  p95: { name: `bare node:http ${label}, p95`, path: `nodeHttp.${load}.latency.p95`, unit: 'ms' },
  p99: { name: `bare node:http ${label}, p99`, path: `nodeHttp.${load}.latency.p99`, unit: 'ms' },
})
const seqGet = http('sequentialGet', 'GET, one client')
const seqPost = http('sequentialPost', 'POST, one client')
const post100 = http('post100', 'POST, 100 clients')
const post1000 = http('post1000', 'POST, 1,000 clients')
const sqliteInsert = {
  name: 'raw SQLite insert, one row per commit',
  path: 'sqliteInsert.perSecond',
  unit: 'inserts/s',
}

// The registration benchmark measures its own bare node:http server in the same run ("self."):
// the ratio compares figures taken side by side.
const bare = (load: string, label: string) => ({
  rate: { name: `bare node:http ${label}, same run`, path: `self.bareNodeHttp.${load}.perSecond`, unit: 'requests/s' },
  p50: { name: `bare node:http ${label}, same run, p50`, path: `self.bareNodeHttp.${load}.latency.p50`, unit: 'ms' },
  p95: { name: `bare node:http ${label}, same run, p95`, path: `self.bareNodeHttp.${load}.latency.p95`, unit: 'ms' },
  p99: { name: `bare node:http ${label}, same run, p99`, path: `self.bareNodeHttp.${load}.latency.p99`, unit: 'ms' },
})

function registrationFigures(database: string, report: Json): Figure[] {
  const max = (target?: number) => (target === undefined ? {} : { target, targetKind: 'max' as const })
  const burst = (
    key: string,
    label: string,
    base: ReturnType<typeof bare>,
    targets: { rate?: number; p95?: number; p99?: number; max?: number } = {},
  ) => {
    const name = `Registration, ${label}`
    return [
      {
        name: `${name}: rate`,
        path: `${key}.perSecond`,
        unit: 'registrations/s',
        ...(targets.rate === undefined ? {} : { target: targets.rate, targetKind: 'min' as const }),
        baseline: base.rate,
        alsoComparedWith: database === 'sqlite' ? [sqliteInsert] : [],
      },
      { name: `${name}: p50`, path: `${key}.latency.p50`, unit: 'ms', baseline: base.p50 },
      { name: `${name}: p95`, path: `${key}.latency.p95`, unit: 'ms', ...max(targets.p95), baseline: base.p95 },
      { name: `${name}: p99`, path: `${key}.latency.p99`, unit: 'ms', ...max(targets.p99), baseline: base.p99 },
      { name: `${name}: slowest`, path: `${key}.latency.max`, unit: 'ms', ...max(targets.max) },
      { name: `${name}: errors`, path: `${key}.errors`, unit: 'requests', ...max(0) },
      { name: `${name}: load generator CPU`, path: `${key}.generatorCpuMs`, unit: 'ms' },
      // Only the all-at-once burst opens the done pages (bench/registration.ts).
      ...(key === 'allAtOnce'
        ? [{ name: `${name}: done pages not answered 200`, path: `${key}.donePages.errors`, unit: 'pages', ...max(0) }]
        : []),
      { name: `${name}: duplicates`, path: `${key}.database.duplicates.total`, unit: 'rows', ...max(0) },
      { name: `${name}: overbookings`, path: `${key}.database.overbookings`, unit: 'seats', ...max(0) },
      { name: `${name}: failed database checks`, path: `${key}.database.failedChecks`, unit: 'checks', ...max(0) },
    ]
  }
  const cancellations = 'Cancellation, 200 at once (50 confirmed, 150 waiting) of the full seminar'
  const openSteps = Array.isArray(report.openLoop) ? (report.openLoop as Json[]) : []
  const processes = report.processes && typeof report.processes === 'object' ? Object.keys(report.processes) : []
  return [
    ...burst('sustained', '2,000 for 1,000 seats at 100 clients, one process', bare('post100', 'POST, 100 clients'), {
      p95: 100,
      p99: 1_000,
      max: 3_000,
    }),
    ...processes.map((n) => ({
      name: `Registration, 2,000 at 100 clients, ${n} app process${n === '1' ? '' : 'es'} (WEB_CONCURRENCY): rate`,
      path: `processes.${n}.perSecond`,
      unit: 'registrations/s',
      baseline: bare('post100', 'POST, 100 clients').rate,
    })),
    {
      name: 'Registration, 100 clients: best rate (any number of processes)',
      path: 'bestSustained.perSecond',
      unit: 'registrations/s',
      target: 300,
      targetKind: 'min',
      baseline: bare('post100', 'POST, 100 clients').rate,
    },
    {
      name: 'Registration, 100 clients: best rate as a share of bare node:http POST (same run)',
      path: 'bestShareOfBareHttp',
      unit: '%',
      scale: 100,
      target: 15,
      targetKind: 'min',
    },
    ...burst('allAtOnce', '1,000 for 50 seats at 1,000 clients', bare('post1000', 'POST, 1,000 clients'), {
      max: 10_000,
    }),
    ...openSteps.flatMap((step, k) => {
      const name = `Registration, open loop ${step.ratePerSecond}/s for 10 s`
      return [
        { name: `${name}: p50`, path: `openLoop.${k}.latency.p50`, unit: 'ms' },
        { name: `${name}: p95`, path: `openLoop.${k}.latency.p95`, unit: 'ms' },
        { name: `${name}: p99`, path: `openLoop.${k}.latency.p99`, unit: 'ms' },
        { name: `${name}: errors`, path: `openLoop.${k}.errors`, unit: 'requests', ...max(0) },
        {
          name: `${name}: failed database checks`,
          path: `openLoop.${k}.database.failedChecks`,
          unit: 'checks',
          ...max(0),
        },
      ]
    }),
    {
      name: 'Registration, open loop: highest arrival rate held with p95 under 100 ms',
      path: 'highestOpenRateHeld',
      unit: 'registrations/s',
    },
    ...[
      { name: 'p50', path: 'rush.latency.p50', unit: 'ms' },
      { name: 'p95', path: 'rush.latency.p95', unit: 'ms' },
      { name: 'p99', path: 'rush.latency.p99', unit: 'ms' },
      { name: 'slowest', path: 'rush.latency.max', unit: 'ms' },
      { name: 'errors', path: 'rush.errors', unit: 'requests', ...max(0) },
      { name: 'overbookings', path: 'rush.database.overbookings', unit: 'seats', ...max(0) },
      { name: 'failed database checks', path: 'rush.database.failedChecks', unit: 'checks', ...max(0) },
    ].map((f) => ({ ...f, name: `Registration, a rush of 150/s for 20 s (open loop): ${f.name}` })),
    { name: `${cancellations}: p50`, path: 'cancellations.latency.p50', unit: 'ms' },
    { name: `${cancellations}: p95`, path: 'cancellations.latency.p95', unit: 'ms' },
    { name: `${cancellations}: errors`, path: 'cancellations.errors', unit: 'requests', ...max(0) },
    { name: `${cancellations}: duplicates`, path: 'cancellations.database.duplicates.total', unit: 'rows', ...max(0) },
    {
      name: `${cancellations}: failed database checks`,
      path: 'cancellations.database.failedChecks',
      unit: 'checks',
      ...max(0),
    },
  ]
}

function checkinFigures(report: Json): Figure[] {
  const name = `Check-in request, ${(numberAt(report, 'registrations') ?? 0).toLocaleString('en')} registrations`
  return [
    { name: `${name}: p50`, path: 'requestWithJavaScriptMs.p50', unit: 'ms', baseline: seqPost.p50 },
    {
      name: `${name}: p95`,
      path: 'requestWithJavaScriptMs.p95',
      unit: 'ms',
      target: 30,
      targetKind: 'max',
      baseline: seqPost.p95,
    },
    {
      name: 'Check-in without JavaScript (page re-rendered): p95',
      path: 'requestWithoutJavaScriptMs.p95',
      unit: 'ms',
      baseline: seqPost.p95,
    },
  ]
}

function indicatorFigures(report: Json): Figure[] {
  const records = (numberAt(report, 'attendances') ?? 0).toLocaleString('en')
  return [
    {
      name: `Indicator dashboard, ${records} attendance records: p50`,
      path: 'dashboardRequestMs.p50',
      unit: 'ms',
      baseline: seqGet.p50,
    },
    {
      name: `Indicator dashboard, ${records} attendance records: p95`,
      path: 'dashboardRequestMs.p95',
      unit: 'ms',
      target: 200,
      targetKind: 'max',
      baseline: seqGet.p95,
    },
    {
      name: `Recording one attendance, indicators kept current: p95`,
      path: 'checkInRequestMs.p95',
      unit: 'ms',
      target: 30,
      targetKind: 'max',
      baseline: seqPost.p95,
    },
  ]
}

function exportFigures(report: Json): Figure[] {
  const records = (numberAt(report, 'attendanceRecords') ?? 0).toLocaleString('en')
  return (['Xlsx', 'Csv'] as const).flatMap((format) => [
    {
      name: `Export of ${records} attendance records, ${format.toUpperCase()}: time`,
      path: `attendance${format}.ms`,
      unit: 's',
      scale: 1 / 1000,
      target: 3,
      targetKind: 'max' as const,
    },
    {
      name: `Export of ${records} attendance records, ${format.toUpperCase()}: peak server memory`,
      path: `attendance${format}.peakRssMB`,
      unit: 'MB',
      target: 250,
      targetKind: 'max' as const,
    },
  ])
}

function pageFigures(report: Json): Figure[] {
  const pages = (report.pages ?? {}) as Record<string, { path: string }>
  const seminars = numberAt(report, 'seminarList.seminars') ?? 0
  return [
    ...Object.entries(pages).flatMap(([key, page]) => {
      const name = `Public page ${page.path.replace(/\/seminars\/[^/]+/, '/seminars/<id>')}`
      return [
        {
          name: `${name}: JavaScript, gzipped`,
          path: `pages.${key}.javaScript.gzipKB`,
          unit: 'KB',
          target: 120,
          targetKind: 'max' as const,
        },
        { name: `${name}: JavaScript, raw`, path: `pages.${key}.javaScript.rawKB`, unit: 'KB' },
        { name: `${name}: CSS, gzipped`, path: `pages.${key}.css.gzipKB`, unit: 'KB' },
      ]
    }),
    ...(['documentMs', 'dataRequestMs'] as const).flatMap((kind) => {
      const name = `Seminar list with ${seminars} seminars (first page), ${kind === 'documentMs' ? 'rendered' : 'data request'}`
      return [
        { name: `${name}: p50`, path: `seminarList.${kind}.p50`, unit: 'ms', baseline: seqGet.p50 },
        // Issue 22: under 50 ms p95, rendered and as data.
        {
          name: `${name}: p95`,
          path: `seminarList.${kind}.p95`,
          unit: 'ms',
          target: 50,
          targetKind: 'max' as const,
          baseline: seqGet.p95,
        },
      ]
    }),
    ...consolePageFigures(report),
  ]
}

/** The console's pages with years of data, signed in (issue 22: under 100 ms p95, document and data). */
function consolePageFigures(report: Json): Figure[] {
  const pages = ((report.console as Json | undefined)?.pages ?? {}) as Record<string, { path: string }>
  const confirmed = numberAt(report, 'console.registrations.confirmed') ?? 0
  const waiting = numberAt(report, 'console.registrations.waiting') ?? 0
  const cancelled = numberAt(report, 'console.registrations.cancelled') ?? 0
  const registrations = (confirmed + waiting + cancelled).toLocaleString('en-US')
  const attended = (numberAt(report, 'console.attended') ?? 0).toLocaleString('en-US')
  const seminars = numberAt(report, 'seminarList.seminars') ?? 0
  const titles: Record<string, string> = {
    seminarList: `Console seminar list (${seminars} seminars)`,
    registrants: `Console registrant list (${registrations} registrations)`,
    seminarAttendance: `Console seminar attendance (${attended} checked in)`,
    sessionAttendance: `Console session attendance and sheet (${attended} checked in of ${registrations})`,
  }
  return Object.keys(pages).flatMap((key) =>
    (['documentMs', 'dataRequestMs'] as const).flatMap((kind) => {
      const name = `${titles[key] ?? key}, ${kind === 'documentMs' ? 'rendered' : 'data request'}`
      const path = `console.pages.${key}.${kind}`
      return [
        { name: `${name}: p50`, path: `${path}.p50`, unit: 'ms', baseline: seqGet.p50 },
        {
          name: `${name}: p95`,
          path: `${path}.p95`,
          unit: 'ms',
          target: 100,
          targetKind: 'max' as const,
          baseline: seqGet.p95,
        },
      ]
    }),
  )
}

function outboxFigures(report: Json): Figure[] {
  const name = `Outbox, ${(numberAt(report, 'messages') ?? 0).toLocaleString('en')} confirmations by one process`
  return [
    { name: `${name}: drain time`, path: 'drain.seconds', unit: 's', target: 180, targetKind: 'max' },
    { name: `${name}: rate`, path: 'drain.perSecond', unit: 'messages/s' },
    { name: `${name}: duplicates`, path: 'drain.duplicates', unit: 'messages', target: 0, targetKind: 'max' },
    { name: `${name}: missing`, path: 'drain.missing', unit: 'messages', target: 0, targetKind: 'max' },
  ]
}

const baselineFigures = (): Figure[] =>
  [
    ...[seqGet, seqPost].flatMap((b) => [b.p50, b.p95]),
    ...[http('get100', 'GET, 100 clients'), post100, post1000].flatMap((b) => [b.rate, b.p50, b.p95, b.p99]),
    sqliteInsert,
    { name: 'raw SQLite insert, one row per commit, p50', path: 'sqliteInsert.latency.p50', unit: 'ms' },
    { name: 'raw SQLite insert, one row per commit, p99', path: 'sqliteInsert.latency.p99', unit: 'ms' },
  ].map((f) => ({ ...f, name: `Baseline: ${f.name}` }))

const SOURCES: { name: string; figures: (report: Json) => Figure[] }[] = [
  { name: 'registration-sqlite', figures: (report) => registrationFigures('sqlite', report) },
  { name: 'registration-postgres', figures: (report) => registrationFigures('postgres', report) },
  { name: 'checkin-sqlite', figures: checkinFigures },
  { name: 'checkin-postgres', figures: checkinFigures },
  { name: 'indicators-sqlite', figures: indicatorFigures },
  { name: 'indicators-postgres', figures: indicatorFigures },
  { name: 'export-sqlite', figures: exportFigures },
  { name: 'export-postgres', figures: exportFigures },
  { name: 'pages', figures: pageFigures },
  { name: 'pages-postgres', figures: pageFigures },
  { name: 'outbox-sqlite', figures: outboxFigures },
  { name: 'outbox-postgres', figures: outboxFigures },
  { name: 'baselines', figures: baselineFigures },
]

function compare(value: number, ref: BaselineRef, report: Json): Baseline | null {
  // "self.": a baseline measured in the same run, in the figure's own report.
  const base = ref.path.startsWith('self.') ? numberAt(report, ref.path.slice(5)) : numberAt(baselines, ref.path)
  return base ? { name: ref.name, value: base, unit: ref.unit, ratio: Number((value / base).toPrecision(3)) } : null
}

/** Writes a file as Prettier would format it (so `npm run lint` passes after a run); returns it. */
async function write(file: string, text: string): Promise<string> {
  const formatted = await prettier.format(text, { ...(await prettier.resolveConfig(file)), filepath: file })
  fs.writeFileSync(file, formatted)
  return formatted
}

const entries: Entry[] = []
for (const source of SOURCES) {
  const report = read(source.name)
  const file = `${DIR}/${source.name}.json`
  if (!report) {
    entries.push({
      name: source.name,
      value: null,
      unit: null,
      target: null,
      targetKind: null,
      meets: null,
      missedBy: null,
      baseline: null,
      database: null,
      source: file,
      at: null,
      machine: null,
      status: 'not run',
    })
    continue
  }
  for (const figure of source.figures(report)) {
    const raw = numberAt(report, figure.path)
    if (raw === null) continue // a field an older report does not have
    const value = round(raw * (figure.scale ?? 1))
    const target = figure.target ?? null
    const targetKind = figure.targetKind ?? null
    const meets = target === null || !targetKind ? null : targetKind === 'max' ? value <= target : value >= target
    const also = (figure.alsoComparedWith ?? []).map((ref) => compare(value, ref, report)).filter((b) => b !== null)
    entries.push({
      name: figure.name,
      value,
      unit: figure.unit,
      target,
      targetKind,
      meets,
      missedBy: meets === false ? missedBy(value, target!, targetKind!, figure.unit) : null,
      baseline: figure.baseline ? compare(value, figure.baseline, report) : null,
      ...(also.length ? { alsoComparedWith: also } : {}),
      database: typeof report.database === 'string' ? report.database : null,
      source: file,
      at: typeof report.at === 'string' ? report.at : null,
      machine: (report.machine as Machine | undefined) ?? null,
      status: 'measured',
    })
  }
}
await write('bench/report.json', JSON.stringify(entries, null, 2))

// The readable summary.
const describeMachine = (m: Machine | null) =>
  m ? `${m.cpus} × ${m.cpuModel}, ${m.memoryGiB} GiB, Node ${m.node.replace(/^v/, '')}` : 'unknown machine'
const show = (value: number, unit: string) => `${value.toLocaleString('en')} ${unit}`
const measured = entries.filter((e) => e.status === 'measured')
const rows = measured.map((e) => {
  const target = e.target === null ? '' : `${e.targetKind === 'max' ? '≤' : '≥'} ${show(e.target, e.unit!)}`
  const met = e.meets === null ? '' : e.meets ? 'yes' : `**no**: ${e.missedBy}`
  const compared = [e.baseline, ...(e.alsoComparedWith ?? [])]
    .filter((b) => b !== null)
    .map((b) => `${b.name}: ${show(b.value, b.unit)} (× ${b.ratio})`)
    .join('; ')
  return `| ${e.name} | ${e.database ?? ''} | ${show(e.value!, e.unit!)} | ${target} | ${met} | ${compared} |`
})
const missed = measured.filter((e) => e.meets === false)
const notRun = entries.filter((e) => e.status === 'not run')
const sources = [...new Set(measured.map((e) => e.source))].map((file) => {
  const e = measured.find((m) => m.source === file)!
  return `- \`${file}\`: ${e.at ?? 'no date'}, ${describeMachine(e.machine)}`
})
const markdown = [
  '# Benchmark report',
  '',
  `Generated ${new Date().toISOString()} by \`npm run bench:report\` from \`${DIR}/\`. Ratio = figure ÷ baseline.`,
  '',
  '| measurement | database | value | target | met | baseline (ratio) |',
  '| --- | --- | --- | --- | --- | --- |',
  ...rows,
  '',
  `Targets missed: ${missed.length ? missed.map((e) => `${e.name} (${e.database}): ${e.missedBy}`).join('; ') : 'none'}.`,
  '',
  `Not run: ${notRun.length ? notRun.map((e) => `\`${e.source}\``).join(', ') : 'none'}.`,
  '',
  '## Sources and machines',
  '',
  ...sources,
  '',
].join('\n')
console.log(await write('bench/report.md', markdown))
console.log('Wrote bench/report.json and bench/report.md')
