import { parseWithZod } from '@conform-to/zod'
import { describe, expect, it } from 'vitest'
import { InviteSchema, LoginSchema } from '~/modules/accounts/forms'
import { WalkInSchema } from '~/modules/attendance/forms'
import { ProgramSchema } from '~/modules/scheduling/forms'
import { registrationFormSchema } from '~/modules/registration/form-schema'
import { OnBehalfSchema } from '~/modules/registration/on-behalf-schema'
import { changeFormSchema } from '~/modules/registration/change-schema'
import { fieldMessage } from './i18n'
import { translator } from './i18n.server'
import { shortCode, toAsciiCode, toNarrowWidth, tooLong } from './form-fields'

/** A form as the browser posts it, parsed as the route does (Conform coerces empty fields). */
const form = (fields: Record<string, string>) => {
  const data = new FormData()
  for (const [k, v] of Object.entries(fields)) data.append(k, v)
  return data
}

const registration = {
  name: '山田 太郎',
  furigana: 'やまだ たろう',
  email: 'yamada@example.jp',
  industry: 'E',
  inCity: 'yes',
  mode: 'IN_PERSON',
  consent: 'on',
  submissionKey: '6f1c1a55-4a8d-4c1e-9d0e-3f8a2b8c9d10',
}

describe('normalizing what people type instead of refusing it', () => {
  it('turns half-width katakana into full-width, joining voicing marks', () => {
    expect(toNarrowWidth('ﾔﾏﾀﾞ ﾀﾛｳ')).toBe('ヤマダ タロウ')
    expect(toNarrowWidth('ｻﾄｳ')).toBe('サトウ')
    expect(toNarrowWidth('ﾊﾟｰﾌﾟﾙ')).toBe('パープル')
    expect(toNarrowWidth('やまだ　たろう')).toBe('やまだ たろう')
  })

  it('turns a full-width email address and code into ASCII', () => {
    expect(toNarrowWidth('ｙａｍａｄａ＠ｅｘａｍｐｌｅ．ｊｐ')).toBe('yamada@example.jp')
    expect(toAsciiCode('ＩＯＴ－２０２６')).toBe('IOT-2026')
    expect(toAsciiCode('ＩＯＴー２０２６')).toBe('IOT-2026')
    expect(toAsciiCode('dx‐01')).toBe('dx-01')
  })

  it('accepts half-width katakana furigana on the public form, stored in full width (ﾔﾏﾀﾞ was refused)', () => {
    for (const lang of ['ja', 'en'] as const) {
      const submission = parseWithZod(form({ ...registration, furigana: 'ﾔﾏﾀﾞ ﾀﾛｳ' }), {
        schema: registrationFormSchema(lang),
      })
      expect(submission.status, lang).toBe('success')
      if (submission.status === 'success') expect(submission.value.furigana).toBe('ヤマダ タロウ')
    }
  })

  it('still refuses furigana that is not kana', () => {
    const submission = parseWithZod(form({ ...registration, furigana: 'Yamada' }), {
      schema: registrationFormSchema('ja'),
    })
    expect(submission.reply().error?.furigana).toEqual(['invalidKana'])
  })

  it('accepts a full-width email address, stored in ASCII, on every form that asks for one', () => {
    const wide = 'ｙａｍａｄａ＠ｅｘａｍｐｌｅ．ｊｐ'
    const publicForm = parseWithZod(form({ ...registration, email: wide }), { schema: registrationFormSchema('ja') })
    expect(publicForm.status === 'success' && publicForm.value.email).toBe('yamada@example.jp')

    const member = parseWithZod(
      form({
        ...registration,
        organizationName: '山田製作所',
        'members[0].name': '山田 花子',
        'members[0].furigana': 'ﾔﾏﾀﾞ ﾊﾅｺ',
        'members[0].email': 'ｈａｎａｋｏ＠ｅｘａｍｐｌｅ．ｊｐ',
      }),
      { schema: registrationFormSchema('ja') },
    )
    expect(member.status).toBe('success')
    if (member.status === 'success') {
      expect(member.value.members[0]).toMatchObject({ furigana: 'ヤマダ ハナコ', email: 'hanako@example.jp' })
    }

    const onBehalf = parseWithZod(
      form({
        name: '山田 太郎',
        furigana: 'ﾔﾏﾀﾞ',
        email: wide,
        industry: 'E',
        inCity: 'no',
        mode: 'ONLINE',
        submissionKey: registration.submissionKey,
      }),
      { schema: OnBehalfSchema },
    )
    expect(onBehalf.status === 'success' && [onBehalf.value.email, onBehalf.value.furigana]).toEqual([
      'yamada@example.jp',
      'ヤマダ',
    ])

    const change = parseWithZod(
      form({
        name: '山田 太郎',
        furigana: 'ﾔﾏﾀﾞ ﾀﾛｳ',
        industry: 'E',
        inCity: 'yes',
        mode: 'IN_PERSON',
        language: 'ja',
      }),
      { schema: changeFormSchema('ja') },
    )
    expect(change.status === 'success' && change.value.furigana).toBe('ヤマダ タロウ')

    const walkIn = parseWithZod(form({ name: '山田 太郎', furigana: 'ﾔﾏﾀﾞ', email: wide, mode: 'IN_PERSON' }), {
      schema: WalkInSchema,
    })
    expect(walkIn.status === 'success' && [walkIn.value.email, walkIn.value.furigana]).toEqual([
      'yamada@example.jp',
      'ヤマダ',
    ])

    const invite = parseWithZod(form({ email: wide, name: '山田 太郎', role: 'STAFF' }), { schema: InviteSchema })
    expect(invite.status === 'success' && invite.value.email).toBe('yamada@example.jp')
    const login = parseWithZod(form({ email: wide, password: 'x' }), { schema: LoginSchema })
    expect(login.status === 'success' && login.value.email).toBe('yamada@example.jp')
  })

  it('accepts a full-width program code, stored in ASCII', () => {
    const submission = parseWithZod(form({ code: 'ＩＯＴ－２０２６', name: 'IoT推進事業' }), {
      schema: ProgramSchema,
    })
    expect(submission.status === 'success' && submission.value.code).toBe('IOT-2026')
    expect(shortCode(20).safeParse('ＤＸ０１').data).toBe('DX01')
    expect(shortCode(20).safeParse('ＤＸ＿０１').success).toBe(false)
  })
})

describe('messages that say the limit', () => {
  it('says how many characters are allowed, in both languages', () => {
    const submission = parseWithZod(form({ ...registration, name: 'あ'.repeat(101) }), {
      schema: registrationFormSchema('ja'),
    })
    expect(submission.reply().error?.name).toEqual([tooLong(100)])
    expect(fieldMessage(translator('ja'), submission.reply().error?.name?.[0])).toBe('100文字以内で入力してください。')
    expect(fieldMessage(translator('en'), submission.reply().error?.name?.[0])).toBe('Use at most 100 characters.')
    expect(fieldMessage(translator('en'), tooLong(1))).toBe('Use at most 1 character.')
  })

  it('says 選択してください for a select or radio group with nothing chosen', () => {
    const { industry: _i, inCity: _c, mode: _m, ...rest } = registration
    const submission = parseWithZod(form(rest), { schema: registrationFormSchema('ja') })
    for (const field of ['industry', 'inCity', 'mode'])
      expect(fieldMessage(translator('ja'), submission.reply().error?.[field]?.[0]), field).toBe('選択してください。')
  })
})
