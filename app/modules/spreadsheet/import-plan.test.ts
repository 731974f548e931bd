import { describe, expect, it } from 'vitest'
import { headerDate, headerNumber, mappingProblems, sessionOfHeader } from './import-plan'

describe('session headers', () => {
  it('reads the date a header carries, western or by era, and refuses days that do not exist', () => {
    expect(headerDate('2024/6/1')).toBe('2024-06-01')
    expect(headerDate('第2回 2024-07-01（月）')).toBe('2024-07-01')
    expect(headerDate('２０２４年６月１日')).toBe('2024-06-01')
    expect(headerDate('令和6年6月1日')).toBe('2024-06-01')
    expect(headerDate('令和元年5月1日')).toBe('2019-05-01')
    expect(headerDate('R7.6.12')).toBe('2025-06-12')
    expect(headerDate('平成30年4月1日')).toBe('2018-04-01')
    expect(headerDate('2024/2/30')).toBeNull()
    expect(headerDate('第1回')).toBeNull()
  })

  it('reads the session number a header names', () => {
    expect(headerNumber('第1回')).toBe(1)
    expect(headerNumber('第１２回')).toBe(12)
    expect(headerNumber('3回目')).toBe(3)
    expect(headerNumber('Session 2')).toBe(2)
    expect(headerNumber('出欠')).toBeNull()
  })

  it('finds the session of an existing seminar by number, full date, or month and day', () => {
    const sessions = [
      { number: 1, date: '2026-06-01' },
      { number: 2, date: '2026-07-01' },
    ]
    expect(sessionOfHeader('第2回', sessions)?.number).toBe(2)
    expect(sessionOfHeader('2026/6/1', sessions)?.number).toBe(1)
    expect(sessionOfHeader('7/1', sessions)?.number).toBe(2)
    expect(sessionOfHeader('7月1日（水）', sessions)?.number).toBe(2)
    expect(sessionOfHeader('第3回', sessions)).toBeNull()
    expect(sessionOfHeader('2026/8/1', sessions)).toBeNull()
  })
})

describe('mapping problems', () => {
  it('asks for a name column, one column per field, and which session an 出欠 column means', () => {
    const sessions = [
      { number: 1, date: '2026-06-01' },
      { number: 2, date: '2026-07-01' },
    ]
    expect(mappingProblems('SEMINAR', ['メール', '出欠'], ['email', 'attended'], sessions)).toEqual([
      { message: 'imports.mapping.nameRequired' },
      { message: 'imports.mapping.whichSession' },
    ])
    expect(mappingProblems('SEMINAR', ['氏名', '第1回', '第5回'], ['name', 'session', 'session'], sessions)).toEqual([
      { message: 'imports.mapping.sessionHeader', params: { column: '第5回' } },
    ])
    expect(mappingProblems('PAST', ['氏名', '講座名', '第1回'], ['name', 'seminarTitle', 'session'], [])).toEqual([
      { message: 'imports.mapping.sessionHeaderDate', params: { column: '第1回' } },
    ])
  })
})
