/**
 * Time is stored as UTC instants and shown in Asia/Tokyo. Japan has no daylight saving time,
 * so a wall-clock time there is always UTC+09:00.
 */
export const TIME_ZONE = 'Asia/Tokyo'
const OFFSET = '+09:00'

type Lang = 'ja' | 'en'
const locale = (lang: Lang) => (lang === 'ja' ? 'ja-JP' : 'en-GB')

export function formatDate(date: Date, lang: Lang): string {
  return new Intl.DateTimeFormat(locale(lang), {
    timeZone: TIME_ZONE,
    year: 'numeric',
    month: lang === 'ja' ? 'long' : 'short',
    day: 'numeric',
    weekday: 'short',
  }).format(date)
}

export function formatTime(date: Date, lang: Lang): string {
  return new Intl.DateTimeFormat(locale(lang), {
    timeZone: TIME_ZONE,
    hour: '2-digit',
    minute: '2-digit',
    hour12: false,
  }).format(date)
}

export function formatDateTime(date: Date, lang: Lang): string {
  return `${formatDate(date, lang)} ${formatTime(date, lang)}`
}

/** "2026年12月3日(木) 14:00–16:00" */
export function formatSessionTime(startsAt: Date, endsAt: Date, lang: Lang): string {
  return `${formatDate(startsAt, lang)} ${formatTime(startsAt, lang)}–${formatTime(endsAt, lang)}`
}

/** Tokyo wall-clock parts of an instant. */
function tokyoParts(date: Date) {
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone: TIME_ZONE,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(date)
  const get = (type: string) => parts.find((p) => p.type === type)!.value
  return { year: get('year'), month: get('month'), day: get('day'), hour: get('hour'), minute: get('minute') }
}

/** Value for an `<input type="datetime-local">`, in Tokyo time: "2026-12-03T14:00". */
export function toTokyoInputValue(date: Date): string {
  const p = tokyoParts(date)
  return `${p.year}-${p.month}-${p.day}T${p.hour}:${p.minute}`
}

/** Parses "2026-12-03T14:00" typed in Tokyo time; null when it is not such a value. */
export function parseTokyoInputValue(value: string): Date | null {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/.test(value)) return null
  const date = new Date(`${value}:00${OFFSET}`)
  return Number.isNaN(date.getTime()) ? null : date
}

/** "2026-12": the Tokyo calendar month an instant falls in. */
export function tokyoMonth(date: Date): string {
  const p = tokyoParts(date)
  return `${p.year}-${p.month}`
}

/** [start, end) instants of a Tokyo calendar month given as "2026-12"; null when malformed. */
export function tokyoMonthRange(month: string): { start: Date; end: Date } | null {
  const m = /^(\d{4})-(\d{2})$/.exec(month)
  if (!m) return null
  const year = Number(m[1])
  const mon = Number(m[2])
  if (mon < 1 || mon > 12) return null
  const start = new Date(`${m[1]}-${m[2]}-01T00:00:00${OFFSET}`)
  const next = mon === 12 ? `${year + 1}-01` : `${year}-${String(mon + 1).padStart(2, '0')}`
  return { start, end: new Date(`${next}-01T00:00:00${OFFSET}`) }
}

export function formatMonth(month: string, lang: Lang): string {
  const range = tokyoMonthRange(month)
  if (!range) return month
  return new Intl.DateTimeFormat(locale(lang), { timeZone: TIME_ZONE, year: 'numeric', month: 'long' }).format(
    range.start,
  )
}
