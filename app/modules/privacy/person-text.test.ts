import { describe, expect, it } from 'vitest'
import { WalkInSchema } from '../attendance/forms'
import { registrationFormSchema } from '../registration/form-schema'
import { CategorySchema } from '../categories/forms'
import { IndicatorSchema } from '../indicators/forms'
import { SeminarSchema, SessionSchema } from '../scheduling/forms'
import { hasControlCharacters, looksLikeLink, personTextProblem } from './person-text'

describe('person text', () => {
  it('refuses links however they are written', () => {
    for (const text of [
      '山田【重要】https://evil.example/login 再認証してください',
      'http://x',
      'ＨＴＴＰＳ：／／evil.example',
      'see www.evil-site',
      'ｗｗｗ．evil',
      'login.example.com',
      'evil.jp',
      'city-sapporo.co.jp',
      'evil.example/path',
      'bit.ly',
      '10.0.0.1:8080',
      'mailto:a@b',
      'Amazon.com',
      '山田 evil．com',
      // Found in review: invisible characters, the ideographic full stop, other top-level domains.
      '【重要】再認証してください https:\u200b//evil\u200b.com/login',
      'evil\u2060.com',
      'evil。com',
      'evil｡com',
      'evil.co.uk',
      'city-login.co',
      'evil.de',
    ])
      expect(looksLikeLink(text), text).toBe(true)
  })

  it('lets real names and company names through', () => {
    for (const text of [
      '山田 花子',
      'Yahoo! JAPAN',
      'ABC.Co',
      'ABC Co., Ltd.',
      'U.S.A. Trading',
      'No.1 企画',
      'J.R. Smith',
      'Version 1.5',
      '株式会社ミライ',
      "O'Brien",
      'Ｓｔ．Ｌｏｕｉｓ',
      'ABC.CO',
      'モーニング娘。',
      'H.I.S.',
      '葛\u{E0100}飾 太郎',
    ])
      expect(looksLikeLink(text), text).toBe(false)
  })

  it('refuses control characters, line breaks and bidi overrides', () => {
    for (const text of [
      '山田\r\n花子',
      'a\nb',
      'a\tb',
      'a\u0000b',
      'a\u0085b',
      'a\u2028b',
      'a\u202Eb',
      'a\u200Bb',
      'a\u2060b',
      'a\uFEFFb',
      'a\u00ADb',
      'a\u200Eb',
    ])
      expect(hasControlCharacters(text), JSON.stringify(text)).toBe(true)
    expect(hasControlCharacters('山田　花子')).toBe(false)
    // An ideographic variation selector (異体字) is part of a real name.
    expect(hasControlCharacters('葛\u{E0100}飾')).toBe(false)
    expect(personTextProblem('山田\nhttps://x')).toBe('controlChars')
    expect(personTextProblem('山田 https://x')).toBe('noLinks')
    expect(personTextProblem('山田 花子')).toBeNull()
  })
})

const registration = {
  name: '山田 花子',
  furigana: 'やまだ はなこ',
  email: 'hanako@example.jp',
  organizationName: 'Yahoo! JAPAN',
  industry: 'E',
  inCity: 'yes',
  mode: 'IN_PERSON',
  consent: 'on',
  submissionKey: '6f0e0c46-5a1e-4c59-9a57-5b6d0a3a7c11',
}

function errors(result: { success: boolean; error?: { issues: { path: (string | number)[]; message: string }[] } }) {
  return Object.fromEntries((result.error?.issues ?? []).map((i) => [i.path.join('.'), i.message]))
}

describe('person fields in the forms', () => {
  it('the registration form refuses a name carrying a link and control characters in any person field', () => {
    const schema = registrationFormSchema('ja')
    expect(schema.safeParse(registration).success).toBe(true)
    expect(
      errors(schema.safeParse({ ...registration, name: '山田【重要】https://evil.example 再認証してください' })),
    ).toEqual({ name: 'noLinks' })
    expect(errors(schema.safeParse({ ...registration, name: '山田\r\n花子' }))).toEqual({ name: 'controlChars' })
    expect(errors(schema.safeParse({ ...registration, furigana: 'やまだ\nはなこ' }))).toMatchObject({
      furigana: 'controlChars',
    })
    expect(errors(schema.safeParse({ ...registration, organizationName: 'www.evil.example' }))).toEqual({
      organizationName: 'noLinks',
    })
    expect(errors(registrationFormSchema('en').safeParse({ ...registration, name: 'Bob evil.com' }))).toEqual({
      name: 'noLinks',
    })
  })

  it('the walk-in form does the same', () => {
    const walkIn = { name: '山田 花子', mode: 'IN_PERSON' }
    expect(WalkInSchema.safeParse(walkIn).success).toBe(true)
    expect(errors(WalkInSchema.safeParse({ ...walkIn, name: 'http://evil.example' }))).toEqual({ name: 'noLinks' })
    expect(errors(WalkInSchema.safeParse({ ...walkIn, organizationName: 'A\nB' }))).toEqual({
      organizationName: 'controlChars',
    })
  })

  it('seminar and session titles refuse line breaks', () => {
    const title = SeminarSchema.safeParse({ title: '創業セミナー\r\n=HYPERLINK("x")' })
    expect(errors(title).title).toBe('controlChars')
    const session = SessionSchema.safeParse({
      startsAt: '2026-12-01T10:00',
      endsAt: '2026-12-01T12:00',
      title: '第1回\n本日',
    })
    expect(errors(session)).toEqual({ title: 'controlChars' })
    expect(errors(CategorySchema.safeParse({ name: '講演会\n=1+1' }))).toEqual({ name: 'controlChars' })
    expect(errors(IndicatorSchema.safeParse({ code: 'M-1', name: '参加者数\r\n' + '延べ' })).name).toBe('controlChars')
    expect(errors(CategorySchema.safeParse({ name: '講演会', nameEn: 'Talk\r\n' + 'x' }))).toEqual({
      nameEn: 'controlChars',
    })
  })
})
