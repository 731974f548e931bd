import { describe, expect, it } from 'vitest'
import {
  calendarMonthOf,
  fiscalMonthIndex,
  fiscalMonths,
  fiscalYearLabel,
  fiscalYearLabels,
  fiscalYearOf,
  fiscalYearRange,
} from './fiscal-year'

describe('fiscalYearOf', () => {
  it('changes exactly at 1 April 00:00 Japan time', () => {
    // 31 March 2022 23:59:59 JST = 2022-03-31T14:59:59Z; 1 April 2022 00:00 JST = 2022-03-31T15:00:00Z
    expect(fiscalYearOf(new Date('2022-03-31T14:59:59Z'))).toBe(2021)
    expect(fiscalYearOf(new Date('2022-03-31T14:59:59.999Z'))).toBe(2021)
    expect(fiscalYearOf(new Date('2022-03-31T15:00:00Z'))).toBe(2022)
  })
  it('uses Japan time, not UTC', () => {
    expect(fiscalYearOf(new Date('2026-03-31T15:00:00Z'))).toBe(2026)
    expect(fiscalYearOf(new Date('2026-03-31T14:59:59.999Z'))).toBe(2025)
  })
  it('counts January to March to the previous year', () => {
    expect(fiscalYearOf(new Date('2022-01-01T00:00:00+09:00'))).toBe(2021)
    expect(fiscalYearOf(new Date('2021-12-31T23:59:59+09:00'))).toBe(2021)
    expect(fiscalYearOf(new Date('2021-04-01T00:00:00+09:00'))).toBe(2021)
  })
  it('splits a series that crosses 31 March', () => {
    const sessions = [new Date('2022-03-31T20:00:00+09:00'), new Date('2022-04-01T09:00:00+09:00')]
    expect(sessions.map(fiscalYearOf)).toEqual([2021, 2022])
  })
  it('refuses an invalid date', () => {
    expect(() => fiscalYearOf(new Date('nonsense'))).toThrow(RangeError)
  })
})

describe('fiscalYearRange', () => {
  it('is [1 April 00:00 JST, next 1 April 00:00 JST)', () => {
    const { start, end } = fiscalYearRange(2021)
    expect(start.toISOString()).toBe('2021-03-31T15:00:00.000Z')
    expect(end.toISOString()).toBe('2022-03-31T15:00:00.000Z')
    expect(fiscalYearOf(start)).toBe(2021)
    expect(fiscalYearOf(new Date(end.getTime() - 1))).toBe(2021)
    expect(fiscalYearOf(end)).toBe(2022)
  })
})

describe('fiscalYearLabel', () => {
  it.each([
    [2018, '平成30年度'],
    [2019, '令和元年度'],
    [2021, '令和3年度'],
    [2026, '令和8年度'],
    [1988, '昭和63年度'],
    [1989, '平成元年度'],
  ])('FY%i is %s', (fy, label) => {
    expect(fiscalYearLabel(fy, 'ja')).toBe(label)
  })
  it('writes English labels as FY + the starting year', () => {
    expect(fiscalYearLabel(2021, 'en')).toBe('FY2021')
    expect(fiscalYearLabel(2019, 'en')).toBe('FY2019')
  })
  it('gives both labels', () => {
    expect(fiscalYearLabels(2021)).toEqual({ era: '令和3年度', western: 'FY2021' })
    expect(fiscalYearLabels(2019)).toEqual({ era: '令和元年度', western: 'FY2019' })
  })
  it('refuses a non-integer year', () => {
    expect(() => fiscalYearLabel(2021.5, 'ja')).toThrow(RangeError)
  })
})

describe('fiscalMonths', () => {
  const months = fiscalMonths(2021)
  it('has twelve months from April 2021 to March 2022', () => {
    expect(months).toHaveLength(12)
    expect(months.map((m) => m.month)).toEqual([4, 5, 6, 7, 8, 9, 10, 11, 12, 1, 2, 3])
    expect(months[0]).toEqual({
      month: 4,
      year: 2021,
      start: new Date('2021-04-01T00:00:00+09:00'),
      end: new Date('2021-05-01T00:00:00+09:00'),
      label: { ja: '4月', en: 'Apr' },
    })
    expect(months[8]).toMatchObject({ month: 12, year: 2021, end: new Date('2022-01-01T00:00:00+09:00') })
    expect(months[11]).toEqual({
      month: 3,
      year: 2022,
      start: new Date('2022-03-01T00:00:00+09:00'),
      end: new Date('2022-04-01T00:00:00+09:00'),
      label: { ja: '3月', en: 'Mar' },
    })
  })
  it('tiles the fiscal year without gaps', () => {
    const { start, end } = fiscalYearRange(2021)
    expect(months[0].start).toEqual(start)
    expect(months[11].end).toEqual(end)
    for (let i = 1; i < 12; i++) expect(months[i].start).toEqual(months[i - 1].end)
  })
  it('labels every month', () => {
    expect(months.map((m) => m.label.en)).toEqual([
      'Apr',
      'May',
      'Jun',
      'Jul',
      'Aug',
      'Sep',
      'Oct',
      'Nov',
      'Dec',
      'Jan',
      'Feb',
      'Mar',
    ])
    expect(months.map((m) => m.label.ja).slice(8)).toEqual(['12月', '1月', '2月', '3月'])
  })
})

describe('calendarMonthOf and fiscalMonthIndex', () => {
  it('read the month in Japan time', () => {
    expect(calendarMonthOf(new Date('2022-03-31T14:59:59Z'))).toBe(3)
    expect(calendarMonthOf(new Date('2022-03-31T15:00:00Z'))).toBe(4)
    expect(fiscalMonthIndex(new Date('2022-03-31T14:59:59Z'))).toBe(11)
    expect(fiscalMonthIndex(new Date('2022-03-31T15:00:00Z'))).toBe(0)
    expect(fiscalMonthIndex(new Date('2021-12-31T15:00:00Z'))).toBe(9) // 1 January 2022 JST
  })
})
