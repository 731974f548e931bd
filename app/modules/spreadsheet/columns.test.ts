import { describe, expect, it } from 'vitest'
import { cleanMapping, columnLabel, guessMapping, mappingSignature, missingFields } from './columns'

describe('guessMapping', () => {
  it('recognizes a Google Forms export in Japanese, leaving the timestamp and the confirmation email out', () => {
    const headers = [
      'タイムスタンプ',
      'お名前（必須）',
      'ふりがな',
      'メールアドレス',
      'メールアドレス（確認用）',
      '会社名・団体名',
      '法人番号',
      '業種',
      '所在地（市内・市外）',
      '電話番号',
      '参加方法',
    ]
    expect(guessMapping(headers)).toEqual([
      null,
      'name',
      'furigana',
      'email',
      null,
      'organizationName',
      'corporateNumber',
      'industry',
      'inCity',
      'phone',
      'mode',
    ])
  })

  it('recognizes a typed-up paper list and a past year kept one row per person and session', () => {
    expect(guessMapping(['No.', '氏名', 'フリガナ', '事業所名', '出欠'])).toEqual([
      null,
      'name',
      'furigana',
      'organizationName',
      'attended',
    ])
    expect(guessMapping(['講座名', '回', '開催日', '開始時刻', '終了時刻', '氏名', '出席'])).toEqual([
      'seminarTitle',
      'sessionNumber',
      'sessionDate',
      'sessionStart',
      'sessionEnd',
      'name',
      'attended',
    ])
  })

  it('takes full-width, half-width katakana, English and a column per session', () => {
    expect(
      guessMapping([
        'Ｅメール',
        'ﾌﾘｶﾞﾅ',
        'Full Name',
        'Company',
        '第１回',
        '2回目',
        '6/12(木)',
        '令和7年7月3日 午後',
        '備考',
      ]),
    ).toEqual(['email', 'furigana', 'name', 'organizationName', 'session', 'session', 'session', 'session', null])
  })
})

describe('mappings', () => {
  it('a signature ignores width, case and spacing but not order', () => {
    expect(mappingSignature(['氏名', 'Ｅメール'])).toBe(mappingSignature([' 氏名 ', 'eメール']))
    expect(mappingSignature(['氏名', 'メール'])).not.toBe(mappingSignature(['メール', '氏名']))
  })

  it('a posted mapping keeps known fields once each, sessions any number of times', () => {
    expect(cleanMapping(['name', 'name', 'session', 'session', 'bogus', '', undefined], 6)).toEqual([
      'name',
      null,
      'session',
      'session',
      null,
      null,
    ])
    expect(missingFields(cleanMapping(['email'], 1))).toEqual(['name'])
    expect(missingFields(['name'])).toEqual([])
  })

  it('names a column by its header or its letter', () => {
    expect(columnLabel(['氏名', ''], 0)).toBe('氏名')
    expect(columnLabel(['氏名', ''], 1)).toBe('B')
    expect(columnLabel([], 26)).toBe('AA')
  })
})
