import { parseWithZod } from '@conform-to/zod'
import { describe, expect, it } from 'vitest'
import { LangSwitchSchema } from './lang-form'

const switchTo = (pairs: [string, string][]) => {
  const form = new FormData()
  for (const [name, value] of pairs) form.append(name, value)
  const submission = parseWithZod(form, { schema: LangSwitchSchema })
  return submission.status === 'success' ? submission.value : submission.error
}

describe('the language switch', () => {
  it('takes one of our languages and the page to go back to', () => {
    expect(
      switchTo([
        ['lang', 'en'],
        ['redirectTo', '/seminars/1'],
      ]),
    ).toEqual({ lang: 'en', redirectTo: '/seminars/1' })
  })
  it('changes nothing for another language, and reads a field sent twice as its first', () => {
    expect(switchTo([['lang', 'fr']])).toEqual({})
    expect(
      switchTo([
        ['lang', ''],
        ['redirectTo', ''],
      ]),
    ).toEqual({})
    expect(
      switchTo([
        ['lang', 'en'],
        ['lang', 'ja'],
        ['redirectTo', '/a'],
        ['redirectTo', '/b'],
      ]),
    ).toEqual({
      lang: 'en',
      redirectTo: '/a',
    })
  })
})
