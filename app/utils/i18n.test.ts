import { describe, expect, it } from 'vitest'
import { fieldMessage } from './i18n'
import { translator } from './i18n.server'

describe('i18n', () => {
  it('translates with variables, Japanese by default', () => {
    expect(translator('ja')('done.waitlistedBody', { position: 3 })).toContain('3番目')
    expect(translator('en')('seminar.seatsLeft', { count: 4 })).toBe('4 seats left')
  })
  it('translates validation keys and leaves unknown ones readable', () => {
    expect(fieldMessage(translator('en'), 'invalidEmail')).toBe('Enter a valid email address.')
    expect(fieldMessage(translator('ja'), 'required')).toBe('入力してください。')
    expect(fieldMessage(translator('ja'), undefined)).toBeUndefined()
  })
})
