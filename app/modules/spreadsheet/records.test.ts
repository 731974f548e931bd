import { describe, expect, it } from 'vitest'
import { guessMapping } from './columns'
import { toRecords } from './records'
import type { Sheet } from './types'
import {
  readDate,
  readIndustry,
  readInCity,
  readMark,
  readMode,
  readSessionNumber,
  readTime,
  readTimeRange,
} from './values'

function sheet(headers: string[], ...rows: string[][]): Sheet {
  return {
    fileName: 'a.csv',
    format: 'csv',
    sha256: 'x',
    headers,
    rows: rows.map((cells, i) => ({ line: i + 2, cells })),
  }
}

describe('cell values', () => {
  it('reads attendance marks and leaves blanks unknown', () => {
    expect(['○', '〇', '出席', '1', 'ｙｅｓ', '✓'].map(readMark)).toEqual([true, true, true, true, true, true])
    expect(['×', '欠', '欠席', '0', 'ｘ'].map(readMark)).toEqual([false, false, false, false, false])
    expect(['', '-', ' ー '].map(readMark)).toEqual([null, null, null])
    expect(readMark('たぶん')).toBeUndefined()
  })

  it('reads modes, 市内/市外 and JSIC industries by letter or name', () => {
    expect(['会場', '来場参加', 'オンライン', 'Zoom', 'In person'].map(readMode)).toEqual([
      'IN_PERSON',
      'IN_PERSON',
      'ONLINE',
      'ONLINE',
      'IN_PERSON',
    ])
    expect(readMode('電話')).toBeUndefined()
    expect(['市内', '市外', '市内（本社）', 'はい', ''].map(readInCity)).toEqual([true, false, true, true, null])
    expect(readInCity('東京都')).toBeUndefined()
    expect(['E', 'ｅ', '製造業', 'E 製造業', '農業・林業', '農業，林業', 'Manufacturing'].map(readIndustry)).toEqual([
      'E',
      'E',
      'E',
      'E',
      'A',
      'A',
      'E',
    ])
    expect(readIndustry('ものづくり')).toBeUndefined()
  })

  it('reads Western and Japanese-era dates with what follows them, and refuses impossible ones', () => {
    expect(readDate('2025/6/12')).toEqual({ date: '2025-06-12', time: null })
    expect(readDate('２０２５年６月１２日（木）')).toEqual({ date: '2025-06-12', time: null })
    expect(readDate('令和7年6月12日 14:00〜16:00')).toEqual({ date: '2025-06-12', time: '14:00' })
    expect(readDate('R7.6.12')).toEqual({ date: '2025-06-12', time: null })
    expect(readDate('令和元年5月1日')).toEqual({ date: '2019-05-01', time: null })
    expect(readDate('H31.4.30')).toEqual({ date: '2019-04-30', time: null })
    expect(readDate('2025-06-12 09:30')).toEqual({ date: '2025-06-12', time: '09:30' })
    expect(readDate('2025/2/30')).toBeUndefined()
    expect(readDate('6月12日')).toBeUndefined()
    expect(readDate('')).toBeNull()
  })

  it('reads times and ranges as Japanese offices write them', () => {
    expect(['9:30', '09:30', '9時30分', '14時', '午後2時', '2:00 PM', '14:00:00'].map(readTime)).toEqual([
      '09:30',
      '09:30',
      '09:30',
      '14:00',
      '14:00',
      '14:00',
      '14:00',
    ])
    expect(readTime('25:00')).toBeUndefined()
    expect(readTime('14')).toBeUndefined()
    expect(readTimeRange('14:00〜16:30')).toEqual({ start: '14:00', end: '16:30' })
    expect(readTimeRange('10時～12時')).toEqual({ start: '10:00', end: '12:00' })
    expect(['3', '第3回', '３回目', '#3'].map(readSessionNumber)).toEqual([3, 3, 3, 3])
    expect(readSessionNumber('0')).toBeUndefined()
  })
})

/** A sheet read with the mapping its headers suggest. */
const read = (s: Sheet) => toRecords(s, guessMapping(s.headers))

describe('toRecords', () => {
  const headers = [
    '氏名',
    'ふりがな',
    'メールアドレス',
    '会社名',
    '法人番号',
    '業種',
    '所在地',
    '電話番号',
    '参加方法',
    '出欠',
  ]

  it('normalizes what can be normalized: full-width email, half-width katakana, a hyphenated corporate number', () => {
    const { records, errors } = read(
      sheet(headers, [
        '山田 太郎',
        'ﾔﾏﾀﾞ ﾀﾛｳ',
        'ｙａｍａｄａ＠ｅｘａｍｐｌｅ．ｊｐ',
        '㈱サンプル',
        '6-0000-1234-5674',
        '製造業',
        '市内',
        '０３−１２３４−５６７８',
        'オンライン',
        '○',
      ]),
    )
    expect(errors).toEqual([])
    expect(records).toEqual([
      {
        line: 2,
        person: {
          name: '山田 太郎',
          furigana: 'ヤマダ タロウ',
          email: 'yamada@example.jp',
          organizationName: '㈱サンプル',
          corporateNumber: '6000012345674',
          industry: 'E',
          inCity: true,
          phone: '０３−１２３４−５６７８',
          mode: 'ONLINE',
        },
        event: {
          attended: true,
          seminarTitle: null,
          sessionDate: null,
          sessionStart: null,
          sessionEnd: null,
          sessionNumber: null,
          sessions: [],
        },
      },
    ])
  })

  it('reports every problem of a row with its line, its column and what was typed, and gives no record for it', () => {
    const { records, errors } = read(
      sheet(
        headers,
        ['', 'yamada', 'yamada@', '', '7000012345675', 'ものづくり', '東京', '12', '電話', 'たぶん'],
        ['佐藤 花子', 'さとう はなこ'],
      ),
    )
    expect(records.map((r) => r.line)).toEqual([3])
    expect(errors).toEqual([
      { line: 2, column: '氏名', field: 'name', message: 'sheet.error.required' },
      { line: 2, column: 'ふりがな', field: 'furigana', message: 'sheet.error.kana', params: { value: 'yamada' } },
      { line: 2, column: 'メールアドレス', field: 'email', message: 'sheet.error.email', params: { value: 'yamada@' } },
      { line: 2, column: '法人番号', field: 'corporateNumber', message: 'sheet.error.corporateNumberCheckDigit' },
      { line: 2, column: '業種', field: 'industry', message: 'sheet.error.industry', params: { value: 'ものづくり' } },
      { line: 2, column: '所在地', field: 'inCity', message: 'sheet.error.inCity', params: { value: '東京' } },
      { line: 2, column: '電話番号', field: 'phone', message: 'sheet.error.phone', params: { value: '12' } },
      { line: 2, column: '参加方法', field: 'mode', message: 'sheet.error.mode', params: { value: '電話' } },
      { line: 2, column: '出欠', field: 'attended', message: 'sheet.error.mark', params: { value: 'たぶん' } },
    ])
  })

  it('refuses links and control characters in names and over-long text', () => {
    const { errors } = read(
      sheet(['氏名', '会社名'], ['田中\u0000一郎', 'https://spam.example'], ['あ'.repeat(101), '']),
    )
    expect(errors.map((e) => [e.line, e.field, e.message])).toEqual([
      [2, 'name', 'sheet.error.controlChars'],
      [2, 'organizationName', 'sheet.error.noLinks'],
      [3, 'name', 'sheet.error.tooLong'],
    ])
  })

  it('reads a past year kept one row per person and session', () => {
    const past = sheet(
      ['講座名', '回', '開催日', '時間', '氏名', '出席'],
      ['DX入門', '第2回', '令和6年7月3日', '14:00〜16:00', '鈴木 一郎', '○'],
    )
    const { records, errors } = toRecords(past, [
      'seminarTitle',
      'sessionNumber',
      'sessionDate',
      'sessionStart',
      'name',
      'attended',
    ])
    expect(errors).toEqual([])
    expect(records[0].event).toEqual({
      attended: true,
      seminarTitle: 'DX入門',
      sessionDate: '2024-07-03',
      sessionStart: '14:00',
      sessionEnd: '16:00',
      sessionNumber: 2,
      sessions: [],
    })
    const backwards = toRecords(sheet(['開始', '終了', '氏名'], ['16:00', '14:00', 'a']), [
      'sessionStart',
      'sessionEnd',
      'name',
    ])
    expect(backwards.errors).toEqual([
      { line: 2, column: '終了', field: 'sessionEnd', message: 'sheet.error.endBeforeStart' },
    ])
  })

  it('reads a column per session with ○/× and names a bad mark by its session column', () => {
    const series = sheet(
      ['氏名', '第1回 6/12', '第2回 6/19', ''],
      ['高橋 ゆき', '○', '', '×'],
      ['伊藤 誠', '◯', '休み', ''],
    )
    const mapping = guessMapping(series.headers)
    mapping[3] = 'session'
    const { records, errors } = toRecords(series, mapping)
    expect(records[0].event.sessions).toEqual([
      { header: '第1回 6/12', attended: true },
      { header: '第2回 6/19', attended: null },
      { header: 'D', attended: false },
    ])
    expect(errors).toEqual([
      { line: 3, column: '第2回 6/19', field: 'session', message: 'sheet.error.mark', params: { value: '休み' } },
    ])
  })
})
