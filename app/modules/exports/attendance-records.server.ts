import type { Db } from '~/utils/db.server'
import type { Lang } from '~/utils/i18n'
import type { AttendanceMode, AttendanceSource } from '~/generated/prisma/client'
import { fiscalYearLabel, fiscalYearRange, tokyoDate } from '~/utils/time'
import { jsicLabel } from '../registration/jsic'
import { recordExport } from '../audit/audit.server'
import type { Download, ExportFormat } from './download.server'
import { csvStream, xlsxStream, type Row, type SheetColumn } from './tabular.server'

/*
 * Every counted attendance of a fiscal year (the records behind the participation figures),
 * streamed: sessions of the year in date order, and within a session the attendances in
 * keyset-paginated batches by registration id (the unique (sessionId, registrationId) index), so
 * the export holds at most two batches at a time whatever its size.
 */

const HEADERS = {
  ja: {
    fiscalYear: '年度',
    program: '事業',
    seminar: 'セミナー',
    session: '回',
    date: '日付',
    name: '氏名',
    organization: '所属',
    industry: '業種',
    location: '市内/市外',
    mode: '参加形態',
    source: '記録方法',
    minutes: '視聴時間（分）',
    in: '市内',
    out: '市外',
    unknown: '不明',
    IN_PERSON: '来場',
    ONLINE: 'オンライン',
    QR: 'QR読取',
    MANUAL: '番号入力',
    SEARCH: '検索',
    WALK_IN: '当日参加',
    IMPORT: 'レポート取込',
    POST_HOC: '事後入力',
    sheet: '出席記録',
    fileName: '出席記録',
  },
  en: {
    fiscalYear: 'Fiscal year',
    program: 'Program',
    seminar: 'Seminar',
    session: 'Session',
    date: 'Date',
    name: 'Name',
    organization: 'Organization',
    industry: 'Industry',
    location: 'In/outside the city',
    mode: 'Attended',
    source: 'Recorded by way of',
    minutes: 'Minutes online',
    in: 'In the city',
    out: 'Outside the city',
    unknown: 'Unknown',
    IN_PERSON: 'In person',
    ONLINE: 'Online',
    QR: 'QR scan',
    MANUAL: 'Code typed',
    SEARCH: 'Search',
    WALK_IN: 'Walk-in',
    IMPORT: 'Report import',
    POST_HOC: 'Marked afterwards',
    sheet: 'Attendance',
    fileName: 'attendance',
  },
} as const satisfies Record<Lang, Record<string, string>>

export const DEFAULT_BATCH_SIZE = 2000

type RawRecord = {
  id: string
  registrationId: string
  mode: AttendanceMode
  source: AttendanceSource
  onlineMinutes: number | bigint | null
  name: string
  organizationName: string | null
  industry: string | null
  /** A boolean on PostgreSQL; SQLite drivers may give 0 or 1; null when unknown. */
  inCity: boolean | number | null
}

export type AttendanceRecord = {
  attendanceId: string
  programName: string
  seminarTitle: string
  sessionNumber: number
  sessionStartsAt: Date
  name: string
  organizationName: string | null
  industry: string | null
  /** null: unknown (exported as 不明 / Unknown, never as 市内). */
  inCity: boolean | null
  mode: AttendanceMode
  source: AttendanceSource
  onlineMinutes: number | null
}

/** The records of a fiscal year, one batch (of at most `batchSize`) at a time. */
async function* recordBatches(db: Db, fiscalYear: number, batchSize: number): AsyncGenerator<AttendanceRecord[]> {
  const { start, end } = fiscalYearRange(fiscalYear)
  const sessions = await db.session.findMany({
    where: { startsAt: { gte: start, lt: end }, attendances: { some: {} } },
    select: {
      id: true,
      number: true,
      startsAt: true,
      seminar: { select: { title: true, minOnlineMinutes: true, program: { select: { code: true, name: true } } } },
    },
  })
  sessions.sort(
    (x, y) =>
      x.startsAt.getTime() - y.startsAt.getTime() ||
      x.seminar.program.code.localeCompare(y.seminar.program.code) ||
      x.seminar.title.localeCompare(y.seminar.title, 'ja') ||
      x.number - y.number ||
      x.id.localeCompare(y.id),
  )
  for (const session of sessions) {
    let after = '' // every id sorts after the empty string, in every collation
    for (;;) {
      // Keyset pagination on the unique (sessionId, registrationId) index, attendance and
      // registration in one query. Plain SQL that SQLite and PostgreSQL read alike (quoted Prisma
      // model and field names, enum values as literals): the query API would need a second query
      // for the registrations and takes about twice as long for 100,000 rows.
      // Counted (docs/domain.md#what-counts-as-attended): participants only; online below the minimum only
      // when the minutes are known (NULL minutes count).
      const batch = await db.$queryRaw<RawRecord[]>`
        SELECT a."id", a."registrationId", a."mode", a."source", a."onlineMinutes",
               r."name", r."organizationName", r."industry", r."inCity"
        FROM "Attendance" a JOIN "Registration" r ON r."id" = a."registrationId"
        WHERE a."sessionId" = ${session.id}
          AND r."role" = 'PARTICIPANT'
          AND (a."mode" = 'IN_PERSON' OR a."onlineMinutes" IS NULL OR a."onlineMinutes" >= ${session.seminar.minOnlineMinutes})
          AND a."registrationId" > ${after}
        ORDER BY a."registrationId"
        LIMIT ${batchSize}`
      if (batch.length === 0) break
      yield batch.map((r) => ({
        attendanceId: r.id,
        programName: session.seminar.program.name,
        seminarTitle: session.seminar.title,
        sessionNumber: session.number,
        sessionStartsAt: session.startsAt,
        name: r.name,
        organizationName: r.organizationName,
        industry: r.industry,
        inCity: r.inCity === null ? null : Boolean(r.inCity),
        mode: r.mode,
        source: r.source,
        onlineMinutes: r.onlineMinutes === null ? null : Number(r.onlineMinutes),
      }))
      if (batch.length < batchSize) break
      after = batch[batch.length - 1].registrationId
    }
  }
}

/**
 * The counted attendances of a fiscal year (participants only, online ones at or above the
 * seminar's minimum when minutes are known), session by session in date order, by registration id
 * within a session. Reads `batchSize` records per query, and the next batch while the current one
 * is being written: at most two batches in memory.
 */
export async function* attendanceRecords(
  db: Db,
  fiscalYear: number,
  batchSize = DEFAULT_BATCH_SIZE,
): AsyncGenerator<AttendanceRecord> {
  const batches = recordBatches(db, fiscalYear, batchSize)
  let next = batches.next()
  try {
    for (;;) {
      const current = await next
      if (current.done) return
      next = batches.next()
      yield* current.value
    }
  } finally {
    // Stopped early (the download was cancelled): the batch being read is not wanted.
    next.catch(() => undefined)
    await batches.return(undefined)
  }
}

export function attendanceRecordColumns(lang: Lang): SheetColumn[] {
  const h = HEADERS[lang]
  return [
    { header: h.fiscalYear, width: 12 },
    { header: h.program, width: 30 },
    { header: h.seminar, width: 36 },
    { header: h.session, width: 6, numFmt: '0' },
    { header: h.date, width: 12 },
    { header: h.name, width: 20 },
    { header: h.organization, width: 28 },
    { header: h.industry, width: 28 },
    { header: h.location, width: 10 },
    { header: h.mode, width: 12 },
    { header: h.source, width: 14 },
    { header: h.minutes, width: 14, numFmt: '#,##0' },
  ]
}

/** The records as table rows, in the staff member's language. */
export async function* attendanceRecordRows(
  db: Db,
  fiscalYear: number,
  lang: Lang,
  batchSize = DEFAULT_BATCH_SIZE,
): AsyncGenerator<Row> {
  const h = HEADERS[lang]
  const year = fiscalYearLabel(fiscalYear, lang)
  // Each session's date once, not once per row.
  let startsAt: Date | undefined
  let date = ''
  for await (const r of attendanceRecords(db, fiscalYear, batchSize)) {
    if (r.sessionStartsAt !== startsAt) {
      startsAt = r.sessionStartsAt
      date = tokyoDate(startsAt)
    }
    yield [
      year,
      r.programName,
      r.seminarTitle,
      r.sessionNumber,
      date,
      r.name,
      r.organizationName,
      jsicLabel(r.industry, lang) || null,
      r.inCity === null ? h.unknown : r.inCity ? h.in : h.out,
      h[r.mode],
      h[r.source],
      r.onlineMinutes,
    ]
  }
}

/** '出席記録_令和8年度.xlsx' and, for clients that read only ASCII names, 'attendance-2026.xlsx'. */
export function attendanceRecordFileNames(fiscalYear: number, lang: Lang, ext: 'csv' | 'xlsx') {
  return {
    fileName: `${HEADERS[lang].fileName}_${fiscalYearLabel(fiscalYear, lang)}.${ext}`,
    asciiName: `attendance-${fiscalYear}.${ext}`,
  }
}

export function attendanceRecordsCsv(db: Db, fiscalYear: number, lang: Lang): ReadableStream<Uint8Array> {
  return csvStream(
    attendanceRecordColumns(lang).map((c) => c.header),
    attendanceRecordRows(db, fiscalYear, lang),
  )
}

export function attendanceRecordsXlsx(db: Db, fiscalYear: number, lang: Lang): ReadableStream<Uint8Array> {
  return xlsxStream([
    {
      name: HEADERS[lang].sheet,
      columns: attendanceRecordColumns(lang),
      rows: attendanceRecordRows(db, fiscalYear, lang),
    },
  ])
}

/**
 * Every counted attendance record of a fiscal year as a file, streamed. Personal data: the
 * download is recorded in the audit trail before it starts.
 */
export async function attendanceRecordsFile(
  db: Db,
  userId: string,
  fiscalYear: number,
  lang: Lang,
  format: ExportFormat,
): Promise<Download> {
  await recordExport(db, userId, 'attendance-records', { fiscalYear, format })
  const body = (format === 'csv' ? attendanceRecordsCsv : attendanceRecordsXlsx)(db, fiscalYear, lang)
  return { body, format, names: attendanceRecordFileNames(fiscalYear, lang, format) }
}
