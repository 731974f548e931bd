/**
 * Japanese fiscal years (年度): 1 April – 31 March, in Japan time. FY2021 (令和3年度) is
 * [2021-04-01T00:00+09:00, 2022-04-01T00:00+09:00).
 *
 * Japan time is Asia/Tokyo, a fixed UTC+09:00 with no daylight saving time (none since 1951), so
 * the calendar fields of an instant in Japan time are the UTC fields of the instant shifted by nine
 * hours. This keeps the arithmetic independent of the server's own time zone.
 *
 * Era names (令和, 平成, …) come from Intl's Japanese calendar, never from a table of our own, so a
 * new era arrives with the ICU data of the runtime.
 */

const JST_OFFSET_MS = 9 * 60 * 60 * 1000

const MONTHS_EN = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'] as const

function assertValidInstant(instant: Date): void {
  if (!(instant instanceof Date) || Number.isNaN(instant.getTime())) {
    throw new RangeError(`Invalid instant: ${String(instant)}`)
  }
}

function assertFiscalYear(fy: number): void {
  if (!Number.isInteger(fy)) throw new RangeError(`Invalid fiscal year: ${fy}`)
}

/** The instant at 00:00 Japan time on the first day of a calendar month (month 1–12; 13 rolls over). */
function jstMonthStart(year: number, month: number): Date {
  return new Date(Date.UTC(year, month - 1, 1) - JST_OFFSET_MS)
}

/** Calendar fields of an instant as seen in Japan time. */
function jstFields(instant: Date): { year: number; month: number } {
  assertValidInstant(instant)
  const shifted = new Date(instant.getTime() + JST_OFFSET_MS)
  return { year: shifted.getUTCFullYear(), month: shifted.getUTCMonth() + 1 }
}

/** The calendar month (1–12) of an instant in Japan time. */
export function calendarMonthOf(instant: Date): number {
  return jstFields(instant).month
}

/** The fiscal year an instant belongs to: April–December count to their own year, January–March to the previous. */
export function fiscalYearOf(instant: Date): number {
  const { year, month } = jstFields(instant)
  return month >= 4 ? year : year - 1
}

/** 0 for April … 11 for March, in Japan time. */
export function fiscalMonthIndex(instant: Date): number {
  return (calendarMonthOf(instant) + 8) % 12
}

/** The fiscal year as the half-open instant range [start, end). */
export function fiscalYearRange(fy: number): { start: Date; end: Date } {
  assertFiscalYear(fy)
  return { start: jstMonthStart(fy, 4), end: jstMonthStart(fy + 1, 4) }
}

let eraFormat: Intl.DateTimeFormat | undefined

/**
 * 令和3年度 for FY2021. The era-year is that of the calendar year the fiscal year starts in, as the
 * era stands at the end of that calendar year: FY2019 began in April 2019 (still 平成31年) but is
 * written 令和元年度, since 令和 began on 1 May 2019. Year 1 is written 元.
 *
 * Intl (Node 20.20, ICU 78.2) formats 2019-12-31 as the parts era '令和', year '元', literal '年'.
 * Other ICU data may give year '1' for the first year; both are accepted. Output without an era or a
 * numeric year is refused rather than guessed.
 */
function eraLabel(fy: number): string {
  eraFormat ??= new Intl.DateTimeFormat('ja-JP-u-ca-japanese', { era: 'long', year: 'numeric', timeZone: 'Asia/Tokyo' })
  // Noon on 31 December, Japan time: safely inside the last day of the calendar year.
  const endOfYear = new Date(Date.UTC(fy, 11, 31, 12) - JST_OFFSET_MS)
  const parts = eraFormat.formatToParts(endOfYear)
  const era = parts.find((p) => p.type === 'era')?.value
  const year = parts.find((p) => p.type === 'year')?.value
  if (!era || !year || !(year === '元' || /^\d+$/.test(year))) {
    throw new Error(`Unexpected Japanese-calendar output for ${fy}: ${JSON.stringify(parts)}`)
  }
  const eraYear = year === '元' || Number(year) === 1 ? '元' : String(Number(year))
  return `${era}${eraYear}年度`
}

/** '令和3年度' (ja) or 'FY2021' (en). */
export function fiscalYearLabel(fy: number, lang: 'ja' | 'en'): string {
  assertFiscalYear(fy)
  return lang === 'ja' ? eraLabel(fy) : `FY${fy}`
}

/** Both labels: { era: '令和3年度', western: 'FY2021' }. */
export function fiscalYearLabels(fy: number): { era: string; western: string } {
  return { era: fiscalYearLabel(fy, 'ja'), western: fiscalYearLabel(fy, 'en') }
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
      start: jstMonthStart(year, month),
      end: jstMonthStart(year, month + 1),
      label: { ja: `${month}月`, en: MONTHS_EN[month - 1] },
    }
  })
}
