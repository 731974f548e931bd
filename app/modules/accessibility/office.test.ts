import { describe, expect, it } from 'vitest'
import { officeName } from './office'

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
