import { describe, expect, it } from 'vitest'
import { formatSessionTime, parseTokyoInputValue, toTokyoInputValue, tokyoMonth, tokyoMonthRange } from './time'

describe('Tokyo time', () => {
  it('round-trips datetime-local values in Japan time', () => {
    const d = parseTokyoInputValue('2026-12-03T14:00')!
    expect(d.toISOString()).toBe('2026-12-03T05:00:00.000Z')
    expect(toTokyoInputValue(d)).toBe('2026-12-03T14:00')
    expect(parseTokyoInputValue('2026-12-03 14:00')).toBeNull()
  })
  it('puts late evening UTC into the next Tokyo day and month', () => {
    expect(tokyoMonth(new Date('2026-03-31T15:00:00Z'))).toBe('2026-04')
    expect(tokyoMonth(new Date('2026-03-31T14:59:59Z'))).toBe('2026-03')
  })
  it('gives month ranges in Japan time, across a year end', () => {
    const r = tokyoMonthRange('2026-12')!
    expect(r.start.toISOString()).toBe('2026-11-30T15:00:00.000Z')
    expect(r.end.toISOString()).toBe('2026-12-31T15:00:00.000Z')
    expect(tokyoMonthRange('2026-13')).toBeNull()
  })
  it('formats a session in Japanese and English', () => {
    const s = new Date('2026-12-03T05:00:00Z')
    const e = new Date('2026-12-03T07:00:00Z')
    expect(formatSessionTime(s, e, 'ja')).toBe('2026年12月3日(木) 14:00–16:00')
    expect(formatSessionTime(s, e, 'en')).toBe('Thu, 3 Dec 2026 14:00–16:00')
  })
})
