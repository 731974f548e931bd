import { parseWithZod } from '@conform-to/zod'
import { describe, expect, it } from 'vitest'
import { AccountActionSchema, UserActionSchema } from './forms'

const form = (fields: Record<string, string>) => {
  const data = new FormData()
  for (const [name, value] of Object.entries(fields)) data.append(name, value)
  return data
}
const parse = (schema: typeof AccountActionSchema | typeof UserActionSchema, fields: Record<string, string>) =>
  parseWithZod(form(fields), { schema })

describe('the account page’s intents', () => {
  it('checks the new password as the password form does: twice the same', () => {
    const fields = { intent: 'password', current: 'old one', password: 'a new long password', confirm: 'another one!' }
    const mismatch = parse(AccountActionSchema, fields)
    expect(mismatch.status === 'error' && mismatch.error).toEqual({ confirm: ['passwordMismatch'] })
    expect(parse(AccountActionSchema, { ...fields, confirm: fields.password }).status).toBe('success')
  })

  it('takes an empty password typed again as a wrong one (the server refuses it), and refuses an unknown intent', () => {
    const start = parse(AccountActionSchema, { intent: 'mfa-start', reauth: '' })
    expect(start.status === 'success' && start.value).toEqual({ intent: 'mfa-start', reauth: '' })
    const ending = parse(AccountActionSchema, { intent: 'end-sessions', reauth: 'secret', sessionId: '' })
    expect(ending.status === 'success' && ending.value).toEqual({ intent: 'end-sessions', reauth: 'secret' })
    expect(parse(AccountActionSchema, { intent: 'drop-everything' }).status).toBe('error')
  })
})

describe('the user page’s intents', () => {
  it('reads the details form and the buttons, and refuses an unknown intent', () => {
    const update = parse(UserActionSchema, { intent: 'update', name: ' 山田 花子 ', role: 'STAFF' })
    expect(update.status === 'success' && update.value).toEqual({
      intent: 'update',
      name: '山田 花子',
      role: 'STAFF',
      programIds: [],
    })
    const one = parse(UserActionSchema, { intent: 'end-session', sessionId: 'abc' })
    expect(one.status === 'success' && one.value).toEqual({ intent: 'end-session', sessionId: 'abc' })
    expect(parse(UserActionSchema, { intent: 'promote' }).status).toBe('error')
    // Ending one sign-in without naming it is refused, not taken as ending every sign-in.
    expect(parse(UserActionSchema, { intent: 'end-session' }).status).toBe('error')
    expect(parse(UserActionSchema, { intent: 'end-session', sessionId: '' }).status).toBe('error')
  })
})
