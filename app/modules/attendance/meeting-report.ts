/**
 * Reads the participant / attendance reports that online meeting platforms export, so that the
 * online attendance of one session can be imported. Pure: bytes in, rows out; no database, no I/O.
 *
 * Layouts (header spellings as published or as seen in real exports; matching ignores case,
 * spaces, hyphens, underscores and full-width/half-width differences, see `headerKey`):
 *
 * - Zoom participant report (Reports > Usage > Participants > Export), UTF-8 with BOM, comma:
 *     `Name (Original Name),User Email,Join Time,Leave Time,Duration (Minutes),Guest`
 *     (+ optional `Recording Consent`, `In Waiting Room`, ...), one row per join/leave.
 *   With "Export with meeting data" a meeting block comes first and is skipped:
 *     `Meeting ID,Topic,Start Time,End Time,User Email,Duration (Minutes),Participants`, a data
 *     row, a blank line, then the participant header.
 *   Japanese UI: `名前 (元の名前),ユーザーメール,参加時刻,退出時刻,所要時間（分）` (a real export);
 *   `名前（元の名前）`, `期間（分）`, `時間（分）`, `ゲスト` are accepted too.
 *   Times: `11/20/2026 02:00:11 PM`, `2026/11/20 14:00:11`, `2026/11/20 02:00:11 PM`.
 * - Microsoft Teams attendance report (current), UTF-16LE tab or UTF-8 comma/tab, sections
 *   `1. Summary` / `2. Participants` / `3. In-Meeting Activities`; the participant table is
 *     `Name, First Join, Last Leave, In-Meeting Duration, Email, Participant ID (UPN), Role`.
 *   Japanese: `1. 要約` (or `1. 概要`) / `2. 参加者` / `3. 会議中のアクティビティ`, columns
 *   `名前, 初めての参加 | 最初の参加, 最終退出 | 最後の退出, 会議の長さ | 会議中の時間, メール,
 *   参加者 ID (UPN), 役割`. Durations `1h 2m 3s`, `45m 10s`, `1 時間 2 分 3 秒`. Only section 2 is
 *   read: section 3 repeats people once per join/leave. The 2021 variant (`Meeting Summary`, then
 *   `Full Name, Join Time, Leave Time, Duration, Email, Role, Participant ID (UPN)`) reads the same.
 * - Microsoft Teams legacy attendance list, UTF-16LE, tab: optional `Meeting Summary` block
 *   (`Meeting Start Time`, `Meeting End Time`, ...), then `Full Name, User Action, Timestamp` with
 *   actions `Joined`, `Joined before`, `Left`. Minutes come from pairing join/leave per person.
 *
 * Decisions:
 * - Encoding comes from the BOM (UTF-8, UTF-16LE, UTF-16BE). Without a BOM: UTF-16 when every
 *   other byte is NUL, else UTF-8, else Shift_JIS (a CSV re-saved by Japanese Excel).
 * - The delimiter is chosen per table from its header line: tab when it has a tab outside quotes,
 *   else comma. Fields follow RFC 4180 (quotes, doubled quotes, newlines inside quotes); a row's
 *   `line` is the physical line where it starts.
 * - Zoom `Name (Original Name)`: a value `Display (Original)` gives `Display`: the name shown at
 *   the end of the meeting, which is the one people fix to their real name. Any trailing
 *   parenthesis is read this way in that column only, so `山田 太郎（サンプル工業）` gives `山田 太郎`.
 * - Teams email: the Email column, else `Participant ID (UPN)` when it looks like an address and
 *   is not a guest `#EXT#` UPN.
 * - Times are read as Japan time (UTC+09:00). An unreadable time is null for Zoom and Teams (the
 *   minutes do not depend on it) and BAD_TIME for legacy Teams, where it is needed.
 * - Legacy pairing per person (by `normalizePersonName`), in time order, counting open joins so
 *   that two devices at once are not counted twice: presence starts when the count goes 0→1 and
 *   ends when it returns to 0. A join never closed is closed by `Meeting End Time`; a leave before
 *   any join (the person's first event) is opened at `Meeting Start Time`. Without that time the
 *   event is UNPAIRED_EVENT, as is an event whose action is neither a join nor a leave. No end is
 *   guessed from the last timestamp: a list downloaded mid-meeting would make it wrong.
 * - A person's minutes (`presenceMinutes`, also for several identities that matched one
 *   registration): rows that overlap in time count once (Zoom, legacy Teams); current Teams
 *   durations add up to at most the union of their first-join-to-last-leave spans.
 * - At most MAX_REPORT_ROWS table rows and MAX_REPORT_COLUMNS cells in any line (report-limits.ts):
 *   past either the whole report is refused (ReportTooLarge) while it is read.
 * - Row errors (the row is skipped): COLUMN_COUNT when a row has fewer cells than the rightmost
 *   required column (name and duration; name, action and timestamp for legacy), then
 *   MISSING_NAME, then BAD_DURATION / BAD_TIME. Blank rows (also `,,,`) are ignored.
 */
import { fromTokyoWallClock } from '~/utils/time'
import { normalizeEmail } from '../registration/identity'
import { MAX_REPORT_COLUMNS, MAX_REPORT_ROWS } from './report-limits'
import { decodeText, RecordReader, type Delimiter, type RawRecord } from '../spreadsheet/text'

export type ReportFormat = 'zoom' | 'teams' | 'teams-legacy'
export type ReportErrorReason = 'MISSING_NAME' | 'BAD_DURATION' | 'BAD_TIME' | 'COLUMN_COUNT' | 'UNPAIRED_EVENT'
/** `line` is 1-based in the decoded file; `text` is the raw line, at most 200 characters. */
export type ReportRowError = { line: number; reason: ReportErrorReason; text: string }
export type ReportRow = {
  line: number
  name: string
  email: string | null
  minutes: number
  joinedAt: Date | null
  leftAt: Date | null
}
export type ParsedReport = { format: ReportFormat; rows: ReportRow[]; errors: ReportRowError[] }
export type AttendeeTotal = { key: string; name: string; email: string | null; minutes: number; lines: number[] }

/** The file is neither a Zoom nor a Teams report (a random CSV, an empty file). */
export class UnknownReportFormat extends Error {
  constructor(message = 'Not a Zoom participant report or a Teams attendance report') {
    super(message)
    this.name = 'UnknownReportFormat'
  }
}

/**
 * The report is over MAX_REPORT_ROWS rows or MAX_REPORT_COLUMNS columns: refused while reading,
 * before the rows are kept (docs/decisions/0019-request-limits.md).
 */
export class ReportTooLarge extends Error {
  constructor(readonly what: 'rows' | 'columns') {
    super(what === 'rows' ? `More than ${MAX_REPORT_ROWS} rows` : `More than ${MAX_REPORT_COLUMNS} columns`)
    this.name = 'ReportTooLarge'
  }
}

/** BOM-aware decoding, Shift_JIS without a BOM when not UTF-8 (app/modules/spreadsheet/text.ts). */
export const decodeReport = decodeText

/** Counts a table's rows (blank ones aside) and refuses the report past MAX_REPORT_ROWS. */
function rowCounter(): () => void {
  let rows = 0
  return () => {
    if (++rows > MAX_REPORT_ROWS) throw new ReportTooLarge('rows')
  }
}

// ---------------------------------------------------------------- headers

/** Header cell as compared: NFKC, lower-case, without spaces, hyphens and underscores. */
function headerKey(cell: string): string {
  return cell
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[\s_-]+/g, '')
}

const ORIGINAL_NAME = new Set(['name(originalname)', '名前(元の名前)'])
const NAME = new Set(['name', 'fullname', 'participantname', '名前', '氏名', 'フルネーム', '表示名', '参加者名'])
const EMAIL = new Set([
  'email',
  'useremail',
  'emailaddress',
  'メール',
  'メールアドレス',
  'ユーザーメール',
  'ユーザーのメールアドレス',
  'eメール',
  '電子メール',
  '電子メールアドレス',
])
const UPN = new Set(['participantid(upn)', '参加者id(upn)', 'upn'])
const ROLE = new Set(['role', '役割', 'ロール'])
const JOIN = new Set([
  'jointime',
  'firstjoin',
  'firstjointime',
  '参加時刻',
  '参加時間',
  '最初の参加',
  '初めての参加',
  '初回参加',
  '参加日時',
])
const LEAVE = new Set([
  'leavetime',
  'lastleave',
  'lastleavetime',
  '退出時刻',
  '退出時間',
  '最後の退出',
  '最終退出',
  '退出日時',
])
/** Teams: a duration written as `1h 2m 3s` / `1 時間 2 分 3 秒`. */
const DURATION = new Set([
  'inmeetingduration',
  'duration',
  '会議の長さ',
  '会議中の時間',
  '会議の時間',
  '会議時間',
  '期間',
  '継続時間',
  '出席時間',
  '滞在時間',
])
/** Zoom: a number of minutes. */
const MINUTES =
  /^(?:total)?dur[a-z]*\(min[a-z]*\)$|^(?:合計|総)?(?:所要時間|時間|期間|継続時間|参加時間|出席時間)\(分\)$/
const ACTION = new Set(['useraction', 'action', 'アクション', 'ユーザーアクション', 'ユーザーのアクション', '操作'])
const TIMESTAMP = new Set(['timestamp', 'タイムスタンプ', '日時', '時刻'])
/** Columns of a meeting block (Zoom's "meeting data", Teams' summary): never a participant table. */
const MEETING = new Set(['meetingid', 'topic', 'id', 'ミーティングid', 'トピック', 'meetingtitle', '会議のタイトル'])
const MEETING_START = new Set(['meetingstarttime', 'starttime', '開始時刻', '開始時間', '開始日時', '会議の開始時刻'])
const MEETING_END = new Set(['meetingendtime', 'endtime', '終了時刻', '終了時間', '終了日時', '会議の終了時刻'])
const SUMMARY_TITLE = new Set(['meetingsummary', 'summary', '会議の概要', '会議の要約', '概要', '要約'])

/** `1. Summary`, `2. Participants`, `3. 会議中のアクティビティ`: a Teams section title. */
function isSectionTitle(record: RawRecord): boolean {
  const filled = record.cells.filter((c) => c !== '')
  return filled.length === 1 && record.cells[0] !== '' && /^\d+\s*[.．]\s*\S/.test(record.cells[0].normalize('NFKC'))
}

type Layout = {
  format: ReportFormat
  delimiter: Delimiter
  name: number
  /** The Zoom `Name (Original Name)` column: `Display (Original)` gives `Display`. */
  originalName: boolean
  email: number
  upn: number
  join: number
  leave: number
  /** Zoom minutes or Teams duration. */
  duration: number
  action: number
  timestamp: number
  /** Cells a row needs: one more than the rightmost required column. */
  required: number
}

function classifyHeader(cells: string[], delimiter: Delimiter, teamsContext: boolean): Layout | null {
  const keys = cells.map(headerKey)
  if (keys.some((k) => MEETING.has(k))) return null
  const find = (test: (key: string) => boolean) => keys.findIndex(test)
  const originalNameColumn = find((k) => ORIGINAL_NAME.has(k))
  const name = originalNameColumn >= 0 ? originalNameColumn : find((k) => NAME.has(k))
  if (name < 0) return null
  const base = {
    delimiter,
    name,
    originalName: false,
    email: find((k) => EMAIL.has(k)),
    upn: find((k) => UPN.has(k)),
    join: find((k) => JOIN.has(k)),
    leave: find((k) => LEAVE.has(k)),
    duration: -1,
    action: -1,
    timestamp: -1,
  }
  const action = find((k) => ACTION.has(k))
  const timestamp = find((k) => TIMESTAMP.has(k))
  if (action >= 0 && timestamp >= 0) {
    return { ...base, format: 'teams-legacy', action, timestamp, required: Math.max(name, action, timestamp) + 1 }
  }
  const minutes = find((k) => MINUTES.test(k))
  if (minutes >= 0) {
    const originalName = originalNameColumn >= 0
    return { ...base, format: 'zoom', originalName, duration: minutes, required: Math.max(name, minutes) + 1 }
  }
  const duration = find((k) => DURATION.has(k))
  const teamsColumns = base.join >= 0 || base.leave >= 0 || base.upn >= 0 || find((k) => ROLE.has(k)) >= 0
  if (duration >= 0 && (teamsColumns || teamsContext)) {
    return { ...base, format: 'teams', duration, required: Math.max(name, duration) + 1 }
  }
  return null
}

// ---------------------------------------------------------------- values

/** Zoom `Display (Original)` → `Display`; a value that is only a parenthesis stays. */
function displayName(value: string): string {
  const m = /^(.*\S)\s*[(（][^()（）]*[)）]$/.exec(value)
  return m ? m[1].trim() : value
}

function emailOf(value: string | undefined): string | null {
  if (!value) return null
  const email = normalizeEmail(value)
  return email === '' ? null : email
}

function upnEmail(value: string | undefined): string | null {
  const email = emailOf(value)
  return email && /^[^\s@#]+@[^\s@#]+\.[^\s@#]+$/.test(email) && !email.includes('#ext#') ? email : null
}

/** Zoom `Duration (Minutes)`: a number of minutes, kept as given. */
function parseZoomMinutes(value: string): number | null {
  const s = value.normalize('NFKC').trim()
  return /^\d+(?:\.\d+)?$/.test(s) ? Number(s) : null
}

const DURATION_PART = /(\d+(?:\.\d+)?)\s*(hours?|hrs?|h|時間|minutes?|mins?|m|分|seconds?|secs?|s|秒)(?![a-z])/g
const UNIT_SECONDS: Record<string, number> = { h: 3600, 時: 3600, m: 60, 分: 60, s: 1, 秒: 1 }

/** Teams duration (`1h 2m 3s`, `45m 10s`, `1 時間 2 分 3 秒`, `1:02:03`) in minutes, or null. */
function parseTeamsDuration(value: string): number | null {
  const s = value.normalize('NFKC').trim().toLowerCase()
  if (s === '') return null
  const clock = /^(\d+):(\d{1,2}):(\d{1,2})$/.exec(s)
  if (clock) return Number(clock[1]) * 60 + Number(clock[2]) + Number(clock[3]) / 60
  let seconds = 0
  let parts = 0
  const rest = s.replace(DURATION_PART, (_all, amount: string, unit: string) => {
    seconds += Number(amount) * UNIT_SECONDS[unit[0]]
    parts++
    return ' '
  })
  if (parts === 0 || !/^[\s,、]*$/.test(rest)) return null
  return seconds / 60
}

/**
 * A report time as an instant, reading it as Japan time: `11/20/2026 02:00:11 PM`, `11/20/26,
 * 2:00:11 PM`, `2026/11/20 14:00:11`, `2026-11-20T14:00:11`, `2026年11月20日 午後2:00:11`. A slash date
 * with the year last is month first (as Zoom and Teams write it) unless the first number is over
 * 12. An explicit offset (`Z`, `+09:00`) is respected. Null when it cannot be read.
 */
function parseReportTime(value: string | undefined): Date | null {
  if (!value) return null
  let s = value.normalize('NFKC').trim()
  if (s === '') return null
  if (/^\d{4}-\d{2}-\d{2}t\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:z|[+-]\d{2}:?\d{2})$/i.test(s)) {
    const t = Date.parse(s)
    return Number.isNaN(t) ? null : new Date(t)
  }
  const marker = /(?<![a-z])(am|pm)(?![a-z])|午前|午後/i.exec(s)
  const meridiem = marker ? (/^(am|午前)$/i.test(marker[0]) ? 'am' : 'pm') : null
  if (marker) s = s.replace(marker[0], ' ')
  let year: number
  let month: number
  let day: number
  const ymd = /(\d{4})\s*[/.年-]\s*(\d{1,2})\s*[/.月-]\s*(\d{1,2})\s*日?/.exec(s)
  const mdy = ymd ? null : /(\d{1,2})[/.-](\d{1,2})[/.-](\d{4}|\d{2})(?!\d)/.exec(s)
  if (ymd) {
    ;[year, month, day] = [Number(ymd[1]), Number(ymd[2]), Number(ymd[3])]
    s = s.replace(ymd[0], ' ')
  } else if (mdy) {
    const [a, b] = [Number(mdy[1]), Number(mdy[2])]
    year = mdy[3].length === 2 ? 2000 + Number(mdy[3]) : Number(mdy[3])
    ;[month, day] = a > 12 && b <= 12 ? [b, a] : [a, b]
    s = s.replace(mdy[0], ' ')
  } else {
    return null
  }
  const time = /(?:^|[\sTt,])(\d{1,2})\s*[:時]\s*(\d{1,2})(?:\s*[:分]\s*(\d{1,2})(?:\.\d+)?)?/.exec(s)
  if (!time) return null
  let hour = Number(time[1])
  const minute = Number(time[2])
  const second = time[3] === undefined ? 0 : Number(time[3])
  if (meridiem !== null) {
    if (hour < 1 || hour > 12) return null
    hour = (hour % 12) + (meridiem === 'pm' ? 12 : 0)
  }
  // Null for a time no calendar has: 2026/2/30, 25:00.
  return fromTokyoWallClock({ year, month, day, hour, minute, second })
}

// ---------------------------------------------------------------- names

const DECORATION = /\s*\(\s*(?:guest|ゲスト|外部|external|unverified|未確認)\s*\)\s*$/

/**
 * A person's name as compared across sources: NFKC, lower-case, without any whitespace
 * (full-width spaces too) and without trailing platform marks `(Guest)`, `（ゲスト）`, `(外部)`,
 * `(External)`, `(Unverified)`, `(未確認)`. A name that is only such a mark keeps it.
 */
export function normalizePersonName(name: string): string {
  const base = name.normalize('NFKC').toLowerCase()
  let s = base
  for (let previous = ''; previous !== s; ) {
    previous = s
    s = s.replace(DECORATION, '')
  }
  const compact = s.replace(/\s+/g, '')
  return compact === '' ? base.replace(/\s+/g, '') : compact
}

/**
 * The minutes one person was present, from their rows (one identity's, or several identities'
 * that matched the same registration). Rows that overlap in time are not counted twice:
 *
 * - Zoom and legacy Teams: a row is one continuous presence (join → leave). The minutes are the
 *   sum of the rows' minutes less the time where timed rows overlap (their summed spans minus the
 *   span of their union), so rows that do not overlap add up exactly as the report gives them
 *   (Zoom's own rounded minutes) and two devices connected at once count once. A row without
 *   join and leave times adds its minutes.
 * - Current Teams: a row is an identity's summary (first join, last leave, time in the meeting),
 *   so where the presence lies inside that span is unknown. The durations add up, but never to
 *   more than the union of the spans when every row has them: nobody was present longer than the
 *   time their identities together cover.
 */
export function presenceMinutes(rows: ReportRow[], format: ReportFormat): number {
  const sum = rows.reduce((n, r) => n + r.minutes, 0)
  const timed = rows.filter((r) => r.joinedAt && r.leftAt && r.leftAt >= r.joinedAt) as (ReportRow & {
    joinedAt: Date
    leftAt: Date
  })[]
  if (timed.length < 2) return sum
  const union = unionMinutes(timed)
  if (format === 'teams') return timed.length === rows.length ? Math.min(sum, union) : sum
  const spans = timed.reduce((n, r) => n + (r.leftAt.getTime() - r.joinedAt.getTime()) / 60_000, 0)
  return Math.max(0, sum - (spans - union))
}

function unionMinutes(intervals: { joinedAt: Date; leftAt: Date }[]): number {
  const sorted = [...intervals].sort((a, b) => a.joinedAt.getTime() - b.joinedAt.getTime())
  let total = 0
  let start = sorted[0].joinedAt.getTime()
  let end = sorted[0].leftAt.getTime()
  for (const r of sorted.slice(1)) {
    if (r.joinedAt.getTime() > end) {
      total += end - start
      start = r.joinedAt.getTime()
      end = r.leftAt.getTime()
    } else {
      end = Math.max(end, r.leftAt.getTime())
    }
  }
  return (total + end - start) / 60_000
}

/**
 * The rows of each person and their minutes (`presenceMinutes`). Rows are grouped by email; a row
 * without email joins the email group whose rows carry the same normalized name (when exactly one
 * does), else it is grouped by normalized name. Groups come in the order their first row appears;
 * the name is that first row's.
 */
export function totalByPerson(rows: ReportRow[], format: ReportFormat): AttendeeTotal[] {
  const emailsByName = new Map<string, Set<string>>()
  for (const row of rows) {
    if (!row.email) continue
    const name = normalizePersonName(row.name)
    const emails = emailsByName.get(name) ?? new Set<string>()
    emails.add(row.email)
    emailsByName.set(name, emails)
  }
  const groups = new Map<string, { total: AttendeeTotal; rows: ReportRow[] }>()
  for (const row of rows) {
    const name = normalizePersonName(row.name)
    const candidates = emailsByName.get(name)
    const email = row.email ?? (candidates?.size === 1 ? [...candidates][0] : null)
    const key = email ? `email:${email}` : `name:${name}`
    const group = groups.get(key)
    if (group) {
      group.rows.push(row)
      group.total.lines.push(row.line)
    } else {
      groups.set(key, { total: { key, name: row.name, email, minutes: 0, lines: [row.line] }, rows: [row] })
    }
  }
  return [...groups.values()].map(({ total, rows: own }) => ({ ...total, minutes: presenceMinutes(own, format) }))
}

// ---------------------------------------------------------------- parsing

function rowError(record: RawRecord, reason: ReportErrorReason): ReportRowError {
  return { line: record.line, reason, text: record.text.slice(0, 200) }
}

/** Reads a Zoom participant report or a Teams attendance report (current or legacy). */
export function parseMeetingReport(bytes: Uint8Array): ParsedReport {
  const reader = new RecordReader(decodeText(bytes), MAX_REPORT_COLUMNS, () => new ReportTooLarge('columns'))
  let teamsContext = false
  let meetingStart: Date | null = null
  let meetingEnd: Date | null = null
  while (!reader.done) {
    const delimiter = reader.sniff()
    const record = reader.next(delimiter)
    if (record.blank) continue
    if (
      isSectionTitle(record) ||
      (record.cells.filter(Boolean).length === 1 && SUMMARY_TITLE.has(headerKey(record.cells[0])))
    ) {
      teamsContext = true
      continue
    }
    const layout = classifyHeader(record.cells, delimiter, teamsContext)
    if (layout) {
      return layout.format === 'teams-legacy'
        ? readLegacyTable(reader, layout, meetingStart, meetingEnd)
        : readTable(reader, layout)
    }
    const key = headerKey(record.cells[0])
    if (MEETING_START.has(key)) meetingStart = parseReportTime(record.cells[1]) ?? meetingStart
    if (MEETING_END.has(key)) meetingEnd = parseReportTime(record.cells[1]) ?? meetingEnd
  }
  throw new UnknownReportFormat()
}

/** Zoom and current Teams: one row per table row, until the next Teams section. */
function readTable(reader: RecordReader, layout: Layout): ParsedReport {
  const rows: ReportRow[] = []
  const errors: ReportRowError[] = []
  const countRow = rowCounter()
  while (!reader.done) {
    const record = reader.next(layout.delimiter)
    if (record.blank) continue
    if (isSectionTitle(record)) break
    countRow()
    const { cells } = record
    if (cells.length < layout.required) {
      errors.push(rowError(record, 'COLUMN_COUNT'))
      continue
    }
    const name = layout.originalName ? displayName(cells[layout.name]) : cells[layout.name]
    if (name === '') {
      errors.push(rowError(record, 'MISSING_NAME'))
      continue
    }
    const raw = cells[layout.duration]
    const minutes = layout.format === 'zoom' ? parseZoomMinutes(raw) : parseTeamsDuration(raw)
    if (minutes === null) {
      errors.push(rowError(record, 'BAD_DURATION'))
      continue
    }
    const email = emailOf(cells[layout.email]) ?? (layout.format === 'teams' ? upnEmail(cells[layout.upn]) : null)
    rows.push({
      line: record.line,
      name,
      email,
      minutes,
      joinedAt: parseReportTime(cells[layout.join]),
      leftAt: parseReportTime(cells[layout.leave]),
    })
  }
  return { format: layout.format, rows, errors }
}

type PresenceEvent = { record: RawRecord; name: string; kind: 'join' | 'leave'; at: Date }

/** Legacy Teams: join/leave events paired per person into one row per presence. */
function readLegacyTable(
  reader: RecordReader,
  layout: Layout,
  meetingStart: Date | null,
  meetingEnd: Date | null,
): ParsedReport {
  const errors: ReportRowError[] = []
  const byPerson = new Map<string, PresenceEvent[]>()
  const countRow = rowCounter()
  while (!reader.done) {
    const record = reader.next(layout.delimiter)
    if (record.blank) continue
    if (isSectionTitle(record)) break
    countRow()
    const { cells } = record
    if (cells.length < layout.required) {
      errors.push(rowError(record, 'COLUMN_COUNT'))
      continue
    }
    const name = cells[layout.name]
    if (name === '') {
      errors.push(rowError(record, 'MISSING_NAME'))
      continue
    }
    const action = headerKey(cells[layout.action])
    const kind = /left|leave|退出|退室/.test(action) ? 'leave' : /join|参加|入室/.test(action) ? 'join' : null
    if (!kind) {
      errors.push(rowError(record, 'UNPAIRED_EVENT'))
      continue
    }
    const at = parseReportTime(cells[layout.timestamp])
    if (!at) {
      errors.push(rowError(record, 'BAD_TIME'))
      continue
    }
    const key = normalizePersonName(name)
    const events = byPerson.get(key) ?? []
    events.push({ record, name, kind, at })
    byPerson.set(key, events)
  }

  const rows: ReportRow[] = []
  const presence = (from: PresenceEvent, start: Date, end: Date) =>
    rows.push({
      line: from.record.line,
      name: from.name,
      email: null,
      minutes: (end.getTime() - start.getTime()) / 60_000,
      joinedAt: start,
      leftAt: end,
    })
  for (const events of byPerson.values()) {
    events.sort((a, b) => a.at.getTime() - b.at.getTime() || a.record.line - b.record.line)
    let open: PresenceEvent | null = null
    let depth = 0
    for (const [index, event] of events.entries()) {
      if (event.kind === 'join') {
        if (depth === 0) open = event
        depth++
      } else if (depth > 0) {
        depth--
        if (depth === 0 && open) {
          presence(open, open.at, event.at)
          open = null
        }
      } else if (index === 0 && meetingStart && meetingStart <= event.at) {
        presence(event, meetingStart, event.at)
      } else {
        errors.push(rowError(event.record, 'UNPAIRED_EVENT'))
      }
    }
    if (open) {
      if (meetingEnd && meetingEnd >= open.at) presence(open, open.at, meetingEnd)
      else errors.push(rowError(open.record, 'UNPAIRED_EVENT'))
    }
  }
  rows.sort((a, b) => a.line - b.line)
  errors.sort((a, b) => a.line - b.line)
  return { format: 'teams-legacy', rows, errors }
}
