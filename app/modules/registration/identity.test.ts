import { describe, expect, it } from 'vitest'
import {
  isValidCorporateNumber,
  normalizeEmail,
  normalizeKana,
  normalizeOrganizationName,
  normalizePhone,
  organizationIdentityKey,
  personKey,
} from './identity'

describe('corporate number check digit', () => {
  it('accepts real corporate numbers', () => {
    expect(isValidCorporateNumber('7000012050002')).toBe(true) // 国税庁
    expect(isValidCorporateNumber('1180301018771')).toBe(true) // トヨタ自動車
    expect(isValidCorporateNumber('７０００－０１２０５０００２'.replace('－', ''))).toBe(true)
  })
  it('rejects a wrong check digit, wrong length and letters', () => {
    expect(isValidCorporateNumber('8000012050002')).toBe(false)
    expect(isValidCorporateNumber('700001205000')).toBe(false)
    expect(isValidCorporateNumber('70000120500A2')).toBe(false)
  })
})

describe('identity keys', () => {
  it('normalizes email width and case', () => {
    expect(normalizeEmail(' Ｔａｒｏ@Example.JP ')).toBe('taro@example.jp')
  })
  it('matches organization names across legal-form spellings', () => {
    expect(normalizeOrganizationName('株式会社 札幌テック')).toBe(normalizeOrganizationName('(株)札幌テック'))
    expect(normalizeOrganizationName('㈱札幌テック')).toBe('札幌テック')
  })
  it('prefers the corporate number', () => {
    expect(organizationIdentityKey('札幌テック', '7000012050002')).toBe('cn:7000012050002')
    expect(organizationIdentityKey('札幌テック', null)).toBe('name:札幌テック')
    expect(organizationIdentityKey('  ', null)).toBeNull()
  })
})

describe('the person key of an application without email', () => {
  const taro = { name: '山田 太郎', furigana: 'やまだ たろう' }
  it('is the normalized email when there is one, whatever else is given', () => {
    expect(personKey({ ...taro, email: ' Ｔａｒｏ@Example.jp ', phone: '03-1234-5678' })).toBe('taro@example.jp')
  })
  it('matches the same person written in other widths, kana and spacing', () => {
    const a = personKey({ ...taro, organizationName: '株式会社ミナト製作所' })
    expect(a).not.toBeNull()
    expect(personKey({ name: '山田　太郎', furigana: 'ﾔﾏﾀﾞ ﾀﾛｳ', organizationName: '(株)ミナト製作所' })).toBe(a)
    expect(personKey({ name: '山田太郎', furigana: 'ヤマダタロウ', organizationName: 'ミナト製作所', email: '' })).toBe(
      a,
    )
  })
  it('falls back to the phone without an organization, in any notation', () => {
    const a = personKey({ ...taro, phone: '03-1234-5678' })
    expect(personKey({ ...taro, phone: '０３（１２３４）５６７８' })).toBe(a)
    expect(personKey({ ...taro, phone: '03-1234-9999' })).not.toBe(a)
  })
  it('tells namesakes of different organizations apart, and has no key with neither organization nor phone', () => {
    expect(personKey({ ...taro, organizationName: '乙商事' })).not.toBe(
      personKey({ ...taro, organizationName: '甲商事' }),
    )
    expect(personKey({ ...taro })).toBeNull()
    expect(personKey({ ...taro, organizationName: '  ', phone: '--' })).toBeNull()
  })
  it('folds katakana, half-width kana and spaces into one reading', () => {
    expect(normalizeKana('ヤマダ　タロウ')).toBe('やまだたろう')
    expect(normalizeKana('ﾔﾏﾀﾞ ﾀﾛｳ')).toBe('やまだたろう')
    expect(normalizePhone('+81 3-1234-5678')).toBe('0312345678')
    expect(normalizePhone('+1 212 555 0100')).toBe('+12125550100')
  })
  it('is the same for a Latin name in another case, and cannot be shifted by a separator in a name', () => {
    expect(personKey({ name: 'Anna Berg', phone: '03-1234-5678' })).toBe(
      personKey({ name: 'ANNA BERG', phone: '+81 3 1234 5678' }),
    )
    expect(personKey({ name: 'a|b', furigana: '', organizationName: 'c' })).not.toBe(
      personKey({ name: 'a', furigana: 'b', organizationName: 'c' }),
    )
  })
})
