/**
 * Japan time, in one place (docs/decisions/0028-japan-time.md). Instants are stored in UTC and are
 * shown, typed, counted by day and month and grouped into fiscal years in Japan time.
 *
 * Japan time is Asia/Tokyo, a fixed UTC+09:00 with no daylight saving time (none since 1951), so
 * the Japan wall clock of an instant is its UTC fields nine hours later. That arithmetic is exact,
 * independent of the server's own time zone and cheap enough for every row of an export; Intl is
 * used only for words: weekdays, month names and eras.
 */
export const TIME_ZONE = 'Asia/Tokyo'
const JAPAN_OFFSET_MS = 9 * 3600_000
const MINUTE_MS = 60_000
const HOUR_MS = 60 * MINUTE_MS

type Lang = 'ja' | 'en'
const locale = (lang: Lang) => (lang === 'ja' ? 'ja-JP' : 'en-GB')
const pad = (n: number, width = 2) => String(n).padStart(width, '0')

// ---------------------------------------------------------------- instant ↔ wall clock

/** An instant's date and time on a clock in Japan; month 1–12, weekday 0 (Sunday) – 6. */
export type TokyoWallClock = {
  year: number
  month: number
  day: number
  hour: number
  minute: number
  second: number
  millisecond: number
  weekday: number
}

function assertValidInstant(instant: Date): void {
  if (!(instant instanceof Date) || Number.isNaN(instant.getTime())) {
    throw new RangeError(`Invalid instant: ${String(instant)}`)
  }
}

/** The Japan wall clock of an instant; a RangeError for an invalid Date. */
export function tokyoWallClock(instant: Date): TokyoWallClock {
  assertValidInstant(instant)
  const shifted = new Date(instant.getTime() + JAPAN_OFFSET_MS)
  return {
    year: shifted.getUTCFullYear(),
    month: shifted.getUTCMonth() + 1,
    day: shifted.getUTCDate(),
    hour: shifted.getUTCHours(),
    minute: shifted.getUTCMinutes(),
    second: shifted.getUTCSeconds(),
    millisecond: shifted.getUTCMilliseconds(),
    weekday: shifted.getUTCDay(),
  }
}

/** Milliseconds of a UTC date and time; days and months past their end roll over (month 13 is next January). */
function utcMs(year: number, month: number, day: number, hour = 0, minute = 0, second = 0): number {
  const d = new Date(0)
  // Not Date.UTC: it reads years 0–99 as 1900–1999.
  d.setUTCFullYear(year, month - 1, day)
  d.setUTCHours(hour, minute, second, 0)
  return d.getTime()
}

function daysInMonth(year: number, month: number): number {
  return new Date(utcMs(year, month + 1, 0)).getUTCDate()
}

/**
 * The instant of a date and time on a clock in Japan; null when there is no such time on a
 * calendar (30 February, 24:00, 10:60).
 */
export function fromTokyoWallClock(wall: {
  year: number
  month: number
  day: number
  hour?: number
  minute?: number
  second?: number
}): Date | null {
  const { year, month, day, hour = 0, minute = 0, second = 0 } = wall
  if (![year, month, day, hour, minute, second].every(Number.isInteger)) return null
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return null
  if (hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 59) return null
  return new Date(utcMs(year, month, day, hour, minute, second) - JAPAN_OFFSET_MS)
}

/** "2026-12-03": the Japan date of an instant. */
export function tokyoDate(instant: Date): string {
  const w = tokyoWallClock(instant)
  return `${pad(w.year, 4)}-${pad(w.month)}-${pad(w.day)}`
}

/** Value for an `<input type="datetime-local">`, in Tokyo time: "2026-12-03T14:00". */
export function toTokyoInputValue(date: Date): string {
  const w = tokyoWallClock(date)
  return `${tokyoDate(date)}T${pad(w.hour)}:${pad(w.minute)}`
}

/** Parses "2026-12-03T14:00" typed in Tokyo time; null when it is not such a value or no such time. */
export function parseTokyoInputValue(value: string): Date | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/.exec(value)
  if (!m) return null
  const [year, month, day, hour, minute] = m.slice(1).map(Number)
  return fromTokyoWallClock({ year, month, day, hour, minute })
}

// ---------------------------------------------------------------- days and months

/** [start, end) instants of a Japan calendar day given as "2026-12-03"; null when there is no such day. */
export function tokyoDayRange(day: string | null | undefined): { start: Date; end: Date } | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day ?? '')
  if (!m) return null
  const [year, month, date] = m.slice(1).map(Number)
  const start = fromTokyoWallClock({ year, month, day: date })
  if (!start) return null
  return { start, end: new Date(utcMs(year, month, date + 1) - JAPAN_OFFSET_MS) }
}

/** The last millisecond of a Japan calendar day (23:59:59.999) given as "2026-12-03"; null for no such day. */
export function endOfTokyoDay(day: string): Date | null {
  const range = tokyoDayRange(day)
  return range && new Date(range.end.getTime() - 1)
}

/**
 * `hour`:`minute` Japan time on the Japan calendar day `days` after the one `instant` falls on
 * (negative: before). Hours past 23 run into the next day.
 */
export function tokyoDayAt(instant: Date, days: number, hour = 0, minute = 0): Date {
  const w = tokyoWallClock(instant)
  return new Date(utcMs(w.year, w.month, w.day + days) - JAPAN_OFFSET_MS + hour * HOUR_MS + minute * MINUTE_MS)
}

/** 00:00 Japan time on the first day of a month (1–12; 13 is January of the next year). */
function tokyoMonthStart(year: number, month: number): Date {
  return new Date(utcMs(year, month, 1) - JAPAN_OFFSET_MS)
}

/** "2026-12": the Tokyo calendar month an instant falls in. */
export function tokyoMonth(date: Date): string {
  const w = tokyoWallClock(date)
  return `${pad(w.year, 4)}-${pad(w.month)}`
}

/** [start, end) instants of a Tokyo calendar month given as "2026-12"; null when malformed. */
export function tokyoMonthRange(month: string): { start: Date; end: Date } | null {
  const m = /^(\d{4})-(\d{2})$/.exec(month)
  if (!m) return null
  const year = Number(m[1])
  const mon = Number(m[2])
  if (mon < 1 || mon > 12) return null
  return { start: tokyoMonthStart(year, mon), end: tokyoMonthStart(year, mon + 1) }
}

/** The calendar month (1–12) of an instant in Japan time. */
export function calendarMonthOf(instant: Date): number {
  return tokyoWallClock(instant).month
}

// ---------------------------------------------------------------- fiscal years and eras

/*
 * Japanese fiscal years (年度): 1 April – 31 March, in Japan time. FY2021 (令和3年度) is
 * [2021-04-01T00:00+09:00, 2022-04-01T00:00+09:00).
 */

const MONTHS_EN = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'] as const

function assertFiscalYear(fy: number): void {
  if (!Number.isInteger(fy)) throw new RangeError(`Invalid fiscal year: ${fy}`)
}

/** The fiscal year an instant belongs to: April–December count to their own year, January–March to the previous. */
export function fiscalYearOf(instant: Date): number {
  const { year, month } = tokyoWallClock(instant)
  return month >= 4 ? year : year - 1
}

/** 0 for April … 11 for March, in Japan time. */
export function fiscalMonthIndex(instant: Date): number {
  return (calendarMonthOf(instant) + 8) % 12
}

/** The fiscal year as the half-open instant range [start, end). */
export function fiscalYearRange(fy: number): { start: Date; end: Date } {
  assertFiscalYear(fy)
  return { start: tokyoMonthStart(fy, 4), end: tokyoMonthStart(fy + 1, 4) }
}

/** The twelve months of a fiscal year, April first; each a half-open [start, end) instant range. */
export function fiscalMonths(
  fy: number,
): { month: number; year: number; start: Date; end: Date; label: { ja: string; en: string } }[] {
  assertFiscalYear(fy)
  return Array.from({ length: 12 }, (_, i) => {
    const month = ((i + 3) % 12) + 1
    const year = month >= 4 ? fy : fy + 1
    return {
      month,
      year,
      start: tokyoMonthStart(year, month),
      end: tokyoMonthStart(year, month + 1),
      label: { ja: `${month}月`, en: MONTHS_EN[month - 1] },
    }
  })
}

let eraFormat: Intl.DateTimeFormat | undefined

/**
 * '令和元年', '平成31年': the Japanese era and year of an instant, in Japan time (令和 began at
 * 00:00 on 1 May 2019). Year 1 is written 元.
 *
 * Era names come from Intl's Japanese calendar, never from a table of our own, so a new era
 * arrives with the ICU data of the runtime. Intl (Node 20.20, ICU 78.2) gives the parts era '令和',
 * year '元', literal '年' for the first year; other ICU data may give year '1': both are accepted.
 * Output without an era or a numeric year is refused rather than guessed.
 */
export function japaneseEraYear(instant: Date): string {
  assertValidInstant(instant)
  eraFormat ??= new Intl.DateTimeFormat('ja-JP-u-ca-japanese', { era: 'long', year: 'numeric', timeZone: TIME_ZONE })
  const parts = eraFormat.formatToParts(instant)
  const era = parts.find((p) => p.type === 'era')?.value
  const year = parts.find((p) => p.type === 'year')?.value
  if (!era || !year || !(year === '元' || /^\d+$/.test(year))) {
    throw new Error(`Unexpected Japanese-calendar output for ${instant.toISOString()}: ${JSON.stringify(parts)}`)
  }
  const eraYear = year === '元' || Number(year) === 1 ? '元' : String(Number(year))
  return `${era}${eraYear}年`
}

/**
 * 令和3年度 for FY2021. The era-year is that of the calendar year the fiscal year starts in, as the
 * era stands at the end of that calendar year: FY2019 began in April 2019 (still 平成31年) but is
 * written 令和元年度, since 令和 began on 1 May 2019.
 */
function eraLabel(fy: number): string {
  // Noon on 31 December, Japan time: safely inside the last day of the calendar year.
  return `${japaneseEraYear(fromTokyoWallClock({ year: fy, month: 12, day: 31, hour: 12 })!)}度`
}

/** '令和3年度' (ja) or 'FY2021' (en). */
export function fiscalYearLabel(fy: number, lang: Lang): string {
  assertFiscalYear(fy)
  return lang === 'ja' ? eraLabel(fy) : `FY${fy}`
}

/** Both labels: { era: '令和3年度', western: 'FY2021' }. */
export function fiscalYearLabels(fy: number): { era: string; western: string } {
  return { era: fiscalYearLabel(fy, 'ja'), western: fiscalYearLabel(fy, 'en') }
}

// ---------------------------------------------------------------- words for pages

/*
 * Formatters are made once per language and reused: making an Intl.DateTimeFormat costs far more
 * than formatting with one, and tables format a date on every row (issue 22).
 */
const dateFormats = new Map<Lang, Intl.DateTimeFormat>()
const timeFormats = new Map<Lang, Intl.DateTimeFormat>()
const monthFormats = new Map<Lang, Intl.DateTimeFormat>()

function cached(formats: Map<Lang, Intl.DateTimeFormat>, lang: Lang, options: Intl.DateTimeFormatOptions) {
  let format = formats.get(lang)
  if (!format) formats.set(lang, (format = new Intl.DateTimeFormat(locale(lang), { timeZone: TIME_ZONE, ...options })))
  return format
}

export function formatDate(date: Date, lang: Lang): string {
  return cached(dateFormats, lang, {
    year: 'numeric',
    month: lang === 'ja' ? 'long' : 'short',
    day: 'numeric',
    weekday: 'short',
  }).format(date)
}

export function formatTime(date: Date, lang: Lang): string {
  return cached(timeFormats, lang, { hour: '2-digit', minute: '2-digit', hour12: false }).format(date)
}

export function formatDateTime(date: Date, lang: Lang): string {
  return `${formatDate(date, lang)} ${formatTime(date, lang)}`
}

/** "2026年12月3日(木) 14:00–16:00" */
export function formatSessionTime(startsAt: Date, endsAt: Date, lang: Lang): string {
  return `${formatDate(startsAt, lang)} ${formatTime(startsAt, lang)}–${formatTime(endsAt, lang)}`
}

/** "2026年12月" or "December 2026" for "2026-12"; the value itself when malformed. */
export function formatMonth(month: string, lang: Lang): string {
  const range = tokyoMonthRange(month)
  if (!range) return month
  return cached(monthFormats, lang, { year: 'numeric', month: 'long' }).format(range.start)
}
