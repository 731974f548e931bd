import { describe, expect, it } from 'vitest'
import { mailAddress, officeContact, officeName } from './office'

describe('officeName', () => {
  it('is the display name of MAIL_FROM', () => {
    expect(officeName('産業振興課 セミナー受付 <seminar@city.example.jp>')).toBe('産業振興課 セミナー受付')
    expect(officeName('"Industry Promotion, City of Example" <seminar@city.example.jp>')).toBe(
      'Industry Promotion, City of Example',
    )
    expect(officeName('Jisseki <no-reply@localhost>')).toBe('Jisseki')
  })

  it('is null for a bare address', () => {
    expect(officeName('seminar@city.example.jp')).toBeNull()
    expect(officeName('<seminar@city.example.jp>')).toBeNull()
    expect(officeName('  "" <seminar@city.example.jp>')).toBeNull()
  })
})

describe('officeContact', () => {
  it('is CONTACT_EMAIL when set', () => {
    expect(
      officeContact({ CONTACT_EMAIL: 'a11y@city.example.jp', MAIL_FROM: '産業振興課 <no-reply@city.example.jp>' }),
    ).toBe('a11y@city.example.jp')
  })

  it('is the address of MAIL_FROM otherwise', () => {
    expect(officeContact({ MAIL_FROM: '産業振興課 セミナー受付 <seminar@city.example.jp>' })).toBe(
      'seminar@city.example.jp',
    )
    expect(officeContact({ MAIL_FROM: ' seminar@city.example.jp ' })).toBe('seminar@city.example.jp')
    expect(mailAddress('"Industry, City" <seminar@city.example.jp>')).toBe('seminar@city.example.jp')
    expect(mailAddress('産業振興課')).toBeNull()
  })
})
