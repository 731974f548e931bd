/**
 * Cell values as offices type them, read into what Jisseki stores — or `undefined` when a value is
 * there but cannot be read (the caller reports it with its line and column). Pure.
 */
import { z } from 'zod'
import { JSIC_DIVISIONS, type JsicCode } from '../registration/jsic'

/** NFKC, trimmed, lower-case: full-width letters and digits, half-width katakana folded. */
const fold = (value: string) => value.normalize('NFKC').trim().toLowerCase()

const YES = new Set([
  '○',
  '〇',
  '◯',
  '●',
  '◎',
  '✓',
  '✔',
  'v',
  '出',
  '出席',
  '参加',
  '済',
  '有',
  'あり',
  'はい',
  'yes',
  'y',
  'true',
  '1',
])
const NO = new Set(['×', '✕', '✗', 'x', '欠', '欠席', '不参加', '無', 'なし', 'いいえ', 'no', 'n', 'false', '0'])
const NONE = new Set(['', '-', 'ー', '−', '―', '/'])

/** 出欠 and a session's ○/×: true, false, null (blank or a dash), undefined (unreadable). */
export function readMark(value: string): boolean | null | undefined {
  const v = fold(value)
  if (NONE.has(v)) return null
  if (YES.has(v)) return true
  if (NO.has(v)) return false
  return undefined
}

const IN_PERSON = [
  '会場',
  '来場',
  '対面',
  '現地',
  '集合',
  '会場参加',
  '来場参加',
  '対面参加',
  'inperson',
  'in-person',
  'onsite',
  'offline',
  'venue',
]
const ONLINE = [
  'オンライン',
  'オンライン参加',
  'web',
  'ウェブ',
  'zoom',
  'teams',
  'リモート',
  '配信',
  '視聴',
  'online',
  'remote',
]

/** 参加方法: 会場・来場・対面 / オンライン・Zoom・Web, or English. */
export function readMode(value: string): 'IN_PERSON' | 'ONLINE' | null | undefined {
  const v = fold(value).replace(/\s/g, '')
  if (v === '') return null
  if (IN_PERSON.some((word) => v === word || v.startsWith(word))) return 'IN_PERSON'
  if (ONLINE.some((word) => v === word || v.startsWith(word))) return 'ONLINE'
  return undefined
}

/** 所在地 as the form asks it: 市内 / 市外 (also はい/いいえ and English). */
export function readInCity(value: string): boolean | null | undefined {
  const v = fold(value).replace(/\s/g, '')
  if (v === '') return null
  if (['市内', 'はい', 'yes', 'incity', 'in', '内'].includes(v) || /^市内/.test(v)) return true
  if (['市外', 'いいえ', 'no', 'outside', 'out', '外'].includes(v) || /^市外/.test(v)) return false
  return undefined
}

/** 業種: a JSIC division by its letter (E), its name (製造業, 農業・林業) or both (E 製造業). */
export function readIndustry(value: string): JsicCode | null | undefined {
  const v = fold(value).replace(/[\s,，、・]/g, '')
  if (v === '') return null
  const squash = (text: string) => fold(text).replace(/[\s,，、・（）()]/g, '')
  for (const division of JSIC_DIVISIONS) {
    const code = division.code.toLowerCase()
    const names = [squash(division.ja), squash(division.en)]
    if (v === code || names.includes(v) || names.some((name) => v === code + name)) return division.code
  }
  return undefined
}

const ERAS: Record<string, number> = { 令和: 2018, r: 2018, 平成: 1988, h: 1988 }

/**
 * A date: 2025-06-12, 2025/6/12, 2025.6.12, 2025年6月12日, 令和7年6月12日, R7.6.12, 令和元年…, with
 * anything after it (a weekday, a time). Gives YYYY-MM-DD and the time written after it, if any.
 */
export function readDate(value: string): { date: string; time: string | null } | null | undefined {
  const v = value.normalize('NFKC').trim()
  if (v === '') return null
  const m = /^(\d{4}|令和|平成|[rh])\s*(\d{1,2}|元)?\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?(.*)$/i.exec(v)
  if (!m) return undefined
  const era = ERAS[m[1].toLowerCase()]
  let year: number
  if (era === undefined) {
    if (m[2] !== undefined) return undefined // 2025 7/3 is not a date
    year = Number(m[1])
  } else {
    if (m[2] === undefined) return undefined
    year = era + (m[2] === '元' ? 1 : Number(m[2]))
  }
  const month = Number(m[3])
  const day = Number(m[4])
  const check = new Date(Date.UTC(year, month - 1, day))
  if (check.getUTCMonth() !== month - 1 || check.getUTCDate() !== day || year < 1990 || year > 2100) return undefined
  const time = readTimeRange(m[5].replace(/^\s*[(（][^)）]*[)）]/, ''))
  const iso = `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`
  return { date: iso, time: time ? time.start : null }
}

/** A time: 9:30, 09:30, 9時30分, 9時, 午後2時, 14:00:00. */
export function readTime(value: string): string | null | undefined {
  const range = readTimeRange(value)
  if (range === null) return null
  if (range === undefined || range.end !== null) return undefined
  return range.start
}

/** A time or a range (10:00〜12:00, 10:00-12:00, 10時～12時): start and end, HH:MM. */
export function readTimeRange(value: string): { start: string; end: string | null } | null | undefined {
  const v = value.normalize('NFKC').trim()
  if (v === '') return null
  const parts = v.split(/\s*[~〜～\-−–]\s*/)
  if (parts.length > 2) return undefined
  const times = parts.map(oneTime)
  if (times.some((t) => t === undefined)) return undefined
  return { start: times[0]!, end: times[1] ?? null }
}

function oneTime(text: string): string | undefined {
  const m = /^(午前|午後|am|pm)?\s*(\d{1,2})\s*(?:[:時]\s*(\d{1,2})?\s*分?(?::\d{2})?)?\s*(am|pm)?$/i.exec(text.trim())
  if (!m || (m[3] === undefined && !/時|午前|午後|am|pm/i.test(text))) return undefined
  let hour = Number(m[2])
  const minute = m[3] === undefined ? 0 : Number(m[3])
  const half = (m[1] ?? m[4] ?? '').toLowerCase()
  if (half && hour > 12) return undefined
  if ((half === '午後' || half === 'pm') && hour < 12) hour += 12
  if ((half === '午前' || half === 'am') && hour === 12) hour = 0
  if (hour > 23 || minute > 59) return undefined
  return `${String(hour).padStart(2, '0')}:${String(minute).padStart(2, '0')}`
}

/** 回: 3, 第3回, 3回, 3回目, #3 → 3 (1 to 99). */
export function readSessionNumber(value: string): number | null | undefined {
  const v = value.normalize('NFKC').trim()
  if (v === '') return null
  const m = /^(?:第|#|session\s*)?(\d{1,2})(?:回目?)?$/i.exec(v)
  const n = m ? Number(m[1]) : NaN
  return n >= 1 && n <= 99 ? n : undefined
}

/** The check the forms make (app/modules/registration/form-schema.ts). */
const EMAIL = z.string().max(254).email()

/** An email as typed on a Japanese keyboard: full-width folded, spaces trimmed. */
export function readEmail(value: string): string | null | undefined {
  const v = value.normalize('NFKC').trim()
  if (v === '') return null
  return EMAIL.safeParse(v).success ? v : undefined
}
