import { describe, expect, it } from 'vitest'
import { isValidCorporateNumber, normalizeEmail, normalizeOrganizationName, organizationIdentityKey } from './identity'

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
