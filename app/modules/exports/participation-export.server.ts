import type { Db } from '~/utils/db.server'
import type { Lang } from '~/utils/i18n'
import { fiscalYearLabel } from '~/utils/time'
import { jsicLabel } from '../registration/jsic'
import { closedYearNotes, pendingDifferences, reportedParticipation } from '../indicators/year-close.server'
import { FIGURE_KEYS, type Breakdown, type Figures, type ParticipationTotals } from './participation-totals.server'
import type { Download, ExportFormat } from './download.server'
import { csvStream, xlsxStream, type Row, type SheetColumn } from './tabular.server'
import { currentTime } from '~/utils/clock.server'

const HEADERS = {
  ja: {
    program: '事業',
    seminar: 'セミナー',
    category: '種類',
    sessionsHeld: '開催回数',
    registrations: '申込数',
    cancellations: 'キャンセル数',
    inPerson: '来場',
    online: 'オンライン',
    personTimes: '延べ人数',
    uniquePersons: '実人数',
    uniqueOrganizations: '社数',
    industry: '業種',
    location: '市内/市外',
    in: '市内',
    out: '市外',
    unknownLocation: '不明',
    unknownIndustry: '不明',
    subtotal: '小計',
    total: '合計',
    sheetMain: '参加実績',
    sheetIndustry: '業種別',
    sheetLocation: '市内・市外別',
    fileName: '参加実績',
    notes: '備考',
  },
  en: {
    program: 'Program',
    seminar: 'Seminar',
    category: 'Category',
    sessionsHeld: 'Sessions held',
    registrations: 'Registrations',
    cancellations: 'Cancellations',
    inPerson: 'In person',
    online: 'Online',
    personTimes: 'Person-times',
    uniquePersons: 'Unique persons',
    uniqueOrganizations: 'Companies',
    industry: 'Industry',
    location: 'In/outside the city',
    in: 'In the city',
    out: 'Outside the city',
    unknownLocation: 'Unknown',
    unknownIndustry: 'Unknown',
    subtotal: 'Subtotal',
    total: 'Total',
    sheetMain: 'Participation',
    sheetIndustry: 'By industry',
    sheetLocation: 'By location',
    fileName: 'participation',
    notes: 'Notes',
  },
} as const satisfies Record<Lang, Record<string, string>>

const COUNT = '#,##0'
export type Table = { name: string; columns: SheetColumn[]; rows: Row[] }

/**
 * The participation totals as three tables: one row per seminar with a subtotal row per program
 * and a grand-total row; persons by industry; persons in and outside the city and of unknown
 * location, so that 市内 + 市外 + 不明 = the total (per program and in total).
 */
export function participationTables(totals: ParticipationTotals, lang: Lang): Table[] {
  const h = HEADERS[lang]
  const figures = (f: Figures): Row => FIGURE_KEYS.map((k) => f[k])
  const main: Row[] = []
  for (const program of totals.programs) {
    for (const s of program.seminars)
      main.push([program.programName, s.title, lang === 'en' ? s.categoryEn || s.category : s.category, ...figures(s)])
    main.push([program.programName, h.subtotal, null, ...figures(program)])
  }
  main.push([h.total, null, null, ...figures(totals.total)])

  const breakdownRows = (
    pick: (x: { byIndustry: Breakdown[]; byLocation: Breakdown[] }) => Breakdown[],
    label: (key: string) => string,
  ) => {
    const rows: Row[] = []
    for (const program of totals.programs)
      for (const b of pick(program)) rows.push([program.programName, label(b.key), b.personTimes, b.uniquePersons])
    for (const b of pick(totals.total)) rows.push([h.total, label(b.key), b.personTimes, b.uniquePersons])
    return rows
  }
  const breakdownColumns = (second: string): SheetColumn[] => [
    { header: h.program, width: 32 },
    { header: second, width: 36 },
    { header: h.personTimes, width: 12, numFmt: COUNT },
    { header: h.uniquePersons, width: 12, numFmt: COUNT },
  ]
  return [
    {
      name: h.sheetMain,
      columns: [
        { header: h.program, width: 32 },
        { header: h.seminar, width: 40 },
        { header: h.category, width: 12 },
        ...FIGURE_KEYS.map((k) => ({ header: h[k], width: 12, numFmt: COUNT })),
      ],
      rows: main,
    },
    {
      name: h.sheetIndustry,
      columns: breakdownColumns(h.industry),
      rows: breakdownRows(
        (x) => x.byIndustry,
        (key) => jsicLabel(key, lang) || h.unknownIndustry,
      ),
    },
    {
      name: h.sheetLocation,
      columns: breakdownColumns(h.location),
      rows: breakdownRows(
        (x) => x.byLocation,
        (key) => (key === 'in' ? h.in : key === 'out' ? h.out : h.unknownLocation),
      ),
    },
  ]
}

async function* iterate(rows: Row[]): AsyncGenerator<Row> {
  yield* rows
}

/** '参加実績_令和8年度.csv' and, for clients that read only ASCII names, 'participation-2026.csv'. */
export function participationFileNames(fiscalYear: number, lang: Lang, ext: 'csv' | 'xlsx') {
  return {
    fileName: `${HEADERS[lang].fileName}_${fiscalYearLabel(fiscalYear, lang)}.${ext}`,
    asciiName: `participation-${fiscalYear}.${ext}`,
  }
}

/** CSV: the main table, then the breakdowns as further blocks, each after a blank line. */
export async function participationCsv(
  db: Db,
  fiscalYear: number,
  lang: Lang,
  now = currentTime(),
): Promise<ReadableStream<Uint8Array>> {
  const { tables, notes } = await reportedTables(db, fiscalYear, lang, now)
  const [main, ...rest] = tables
  const rows: Row[] = [...main.rows]
  for (const table of rest)
    rows.push(
      [],
      table.columns.map((c) => c.header),
      ...table.rows,
    )
  if (notes.length) rows.push([], [HEADERS[lang].notes], ...notes.map((n) => [n]))
  return csvStream(
    main.columns.map((c) => c.header),
    iterate(rows),
  )
}

/**
 * The tables of the totals as reported — frozen for a closed year — and, for a closed year, notes
 * saying so, with what waits to be accepted and the adjustments accepted (docs/decisions/0018).
 */
async function reportedTables(db: Db, fiscalYear: number, lang: Lang, now: Date) {
  const reported = await reportedParticipation(db, fiscalYear, now)
  const notes = closedYearNotes(reported, await pendingDifferences(db, fiscalYear, now, reported), lang)
  return { tables: participationTables(reported.totals, lang), notes }
}

/** XLSX: one sheet per table. */
export async function participationXlsx(
  db: Db,
  fiscalYear: number,
  lang: Lang,
  now = currentTime(),
): Promise<ReadableStream<Uint8Array>> {
  const { tables, notes } = await reportedTables(db, fiscalYear, lang, now)
  const sheets = tables.map((t) => ({ name: t.name, columns: t.columns, rows: iterate(t.rows) }))
  if (notes.length)
    sheets.push({
      name: HEADERS[lang].notes,
      columns: [{ header: HEADERS[lang].notes, width: 100 }],
      rows: iterate(notes.map((n) => [n])),
    })
  return xlsxStream(sheets)
}

/** The participation figures of a fiscal year as a file, named after the year. */
export async function participationFile(
  db: Db,
  fiscalYear: number,
  lang: Lang,
  format: ExportFormat,
): Promise<Download> {
  const body = await (format === 'csv' ? participationCsv : participationXlsx)(db, fiscalYear, lang)
  return { body, format, names: participationFileNames(fiscalYear, lang, format) }
}
