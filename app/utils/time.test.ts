import { describe, expect, it } from 'vitest'
import {
  calendarMonthOf,
  endOfTokyoDay,
  fiscalMonthIndex,
  fiscalMonths,
  fiscalYearLabel,
  fiscalYearLabels,
  fiscalYearOf,
  fiscalYearRange,
  formatSessionTime,
  fromTokyoWallClock,
  japaneseEraYear,
  parseTokyoInputValue,
  toTokyoInputValue,
  tokyoDate,
  tokyoDayAt,
  tokyoDayRange,
  tokyoMonth,
  tokyoMonthRange,
  tokyoWallClock,
} from './time'

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

describe('Japan wall clock', () => {
  it('puts midnight in Japan at 15:00 UTC of the day before', () => {
    expect(tokyoWallClock(new Date('2026-11-30T15:00:00Z'))).toEqual({
      year: 2026,
      month: 12,
      day: 1,
      hour: 0,
      minute: 0,
      second: 0,
      millisecond: 0,
      weekday: 2, // Tuesday
    })
    expect(tokyoWallClock(new Date('2026-11-30T14:59:59.999Z'))).toMatchObject({ day: 30, hour: 23, weekday: 1 })
    expect(tokyoDate(new Date('2026-11-30T15:00:00Z'))).toBe('2026-12-01')
    expect(tokyoDate(new Date('2026-11-30T14:59:59.999Z'))).toBe('2026-11-30')
    expect(fromTokyoWallClock({ year: 2026, month: 12, day: 1 })!.toISOString()).toBe('2026-11-30T15:00:00.000Z')
  })

  it('agrees with the time zone database for Asia/Tokyo, whatever the server time zone', () => {
    const intl = new Intl.DateTimeFormat('en-CA', {
      timeZone: 'Asia/Tokyo',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    })
    const viaIntl = (d: Date) => intl.format(d).replace(', ', 'T')
    const saved = process.env.TZ
    try {
      process.env.TZ = 'America/Los_Angeles'
      // Every 5½ days or so from 1952 (after Japan's last daylight saving time) to 2100.
      for (let t = Date.UTC(1952, 0, 1); t < Date.UTC(2100, 0, 1); t += 7919 * 60_000) {
        const d = new Date(t)
        if (toTokyoInputValue(d) !== viaIntl(d)) expect(toTokyoInputValue(d)).toBe(viaIntl(d))
      }
    } finally {
      if (saved === undefined) delete process.env.TZ
      else process.env.TZ = saved
    }
  })

  it('refuses an invalid instant', () => {
    expect(() => tokyoWallClock(new Date('nonsense'))).toThrow(RangeError)
    expect(() => tokyoDate(new Date('nonsense'))).toThrow(RangeError)
  })

  it('turns a date and time on a clock in Japan into an instant, only when the calendar has it', () => {
    expect(fromTokyoWallClock({ year: 2026, month: 4, day: 1, hour: 13, minute: 30 })!.toISOString()).toBe(
      '2026-04-01T04:30:00.000Z',
    )
    expect(fromTokyoWallClock({ year: 2028, month: 2, day: 29, hour: 9 })!.toISOString()).toBe(
      '2028-02-29T00:00:00.000Z',
    )
    expect(fromTokyoWallClock({ year: 2000, month: 2, day: 29 })).not.toBeNull()
    for (const wall of [
      { year: 2026, month: 2, day: 29 }, // not a leap year
      { year: 2100, month: 2, day: 29 }, // a century: not a leap year
      { year: 2026, month: 2, day: 30 },
      { year: 2026, month: 4, day: 31 },
      { year: 2026, month: 13, day: 1 },
      { year: 2026, month: 0, day: 1 },
      { year: 2026, month: 1, day: 0 },
      { year: 2026, month: 1, day: 1, hour: 24 },
      { year: 2026, month: 1, day: 1, minute: 60 },
      { year: 2026, month: 1, day: 1, second: 60 },
      { year: 2026, month: 1, day: 1.5 },
    ]) {
      expect(fromTokyoWallClock(wall)).toBeNull()
    }
  })

  it('refuses a datetime-local value that names no time, instead of rolling it into the next month', () => {
    // new Date('2026-02-30T14:00:00+09:00') is 2 March in V8: a session typed on 30 February was saved then.
    expect(parseTokyoInputValue('2026-02-30T14:00')).toBeNull()
    expect(parseTokyoInputValue('2026-12-03T24:00')).toBeNull()
    expect(parseTokyoInputValue('2028-02-29T10:00')!.toISOString()).toBe('2028-02-29T01:00:00.000Z')
  })
})

describe('Japan days and months', () => {
  it('gives a day as [00:00, next 00:00) Japan time', () => {
    const day = tokyoDayRange('2026-12-03')!
    expect(day.start.toISOString()).toBe('2026-12-02T15:00:00.000Z')
    expect(day.end.toISOString()).toBe('2026-12-03T15:00:00.000Z')
    expect(tokyoDayRange('2026-12-31')!.end.toISOString()).toBe('2026-12-31T15:00:00.000Z')
    expect(endOfTokyoDay('2026-12-03')!.toISOString()).toBe('2026-12-03T14:59:59.999Z')
  })

  it('knows leap days', () => {
    const leap = tokyoDayRange('2028-02-29')!
    expect(leap.start.toISOString()).toBe('2028-02-28T15:00:00.000Z')
    expect(leap.end.toISOString()).toBe('2028-02-29T15:00:00.000Z')
    expect(tokyoDayRange('2026-02-29')).toBeNull()
    expect(endOfTokyoDay('2026-02-29')).toBeNull()
    const february = tokyoMonthRange('2028-02')!
    expect(february.start.toISOString()).toBe('2028-01-31T15:00:00.000Z')
    expect(february.end.toISOString()).toBe('2028-02-29T15:00:00.000Z')
  })

  it('refuses what is not a day', () => {
    for (const value of [null, undefined, '', '2026-2-3', '2026-02-30', '2026-13-01', 'tomorrow']) {
      expect(tokyoDayRange(value)).toBeNull()
    }
  })

  it('moves by Japan calendar days from an instant', () => {
    const justAfterMidnight = new Date('2026-03-31T15:30:00Z') // 1 April 00:30 JST
    expect(tokyoDayAt(justAfterMidnight, 0).toISOString()).toBe('2026-03-31T15:00:00.000Z')
    expect(tokyoDayAt(justAfterMidnight, 0, 9).toISOString()).toBe('2026-04-01T00:00:00.000Z')
    expect(tokyoDayAt(justAfterMidnight, -1, 9).toISOString()).toBe('2026-03-31T00:00:00.000Z')
    expect(tokyoDayAt(justAfterMidnight, 1, 10, 30).toISOString()).toBe('2026-04-02T01:30:00.000Z')
    // Across a leap day and a year end.
    expect(tokyoDate(tokyoDayAt(new Date('2028-02-28T03:00:00Z'), 1))).toBe('2028-02-29')
    expect(tokyoDate(tokyoDayAt(new Date('2026-12-31T03:00:00Z'), 1))).toBe('2027-01-01')
  })
})

describe('Japanese eras', () => {
  it('changes era at 00:00 Japan time on 1 May 2019', () => {
    expect(japaneseEraYear(new Date('2019-04-30T14:59:59.999Z'))).toBe('平成31年')
    expect(japaneseEraYear(new Date('2019-04-30T15:00:00Z'))).toBe('令和元年')
    expect(japaneseEraYear(new Date('2019-12-31T15:00:00Z'))).toBe('令和2年')
    expect(japaneseEraYear(new Date('1989-01-07T14:59:59Z'))).toBe('昭和64年')
    expect(japaneseEraYear(new Date('1989-01-07T15:00:00Z'))).toBe('平成元年')
  })
  it('refuses an invalid instant', () => {
    expect(() => japaneseEraYear(new Date('nonsense'))).toThrow(RangeError)
  })
  it('labels a fiscal year with a leap day and its boundaries', () => {
    expect(fiscalYearOf(new Date('2028-02-29T12:00:00+09:00'))).toBe(2027)
    expect(fiscalMonths(2027)[10]).toMatchObject({
      month: 2,
      start: new Date('2028-02-01T00:00:00+09:00'),
      end: new Date('2028-03-01T00:00:00+09:00'),
    })
    expect(fiscalYearOf(new Date('2026-03-31T23:59:59.999+09:00'))).toBe(2025)
    expect(fiscalYearOf(new Date('2026-04-01T00:00:00+09:00'))).toBe(2026)
  })
})

// Fiscal years: moved with the code from app/modules/indicators/fiscal-year.test.ts.

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
