import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createSeminar, participant } from '../../../tests/support/factories'
import { createTestDb } from '../../../tests/support/test-db'
import type { Db } from '~/utils/db.server'
import { registerFromPublicPage } from '../registration/public-registration.server'
import { changeOwnRegistration, changePage } from '../registration/change.server'
import { roster, rosterTable } from '../registration/roster.server'
import { register } from '../registration/registrations.server'
import { registrationFormSchema } from '../registration/form-schema'
import { changeFormSchema } from '../registration/change-schema'
import { registrationDetail } from '../registration/detail.server'
import { editQuestions, questionEditorPage } from './editor.server'
import { questionEditorSchema } from './forms'
import { askedQuestions, registrationAnswers } from './questions.server'
import { anonymizeRegistrations } from '../privacy/retention.server'

let db: Db
let drop: () => Promise<void>
let user: { id: string; email: string; name: string; role: 'ADMIN' }
beforeAll(async () => {
  ;({ db, drop } = await createTestDb())
  const u = await db.consoleUser.create({
    data: { email: 'questions-admin@city.example.jp', name: '質問 管理者', role: 'ADMIN', passwordHash: 'x' },
  })
  user = { id: u.id, email: u.email, name: u.name, role: 'ADMIN' }
})
afterAll(async () => drop())

/** Sends the editor's intent for a seminar; the form's fields are nested as `question.<field>`. */
async function edit(seminarId: string, body: Record<string, unknown>) {
  const parsed = questionEditorSchema('REGISTRATION').parse(body)
  return editQuestions(db, user, { seminarId }, 'REGISTRATION', parsed)
}

async function seminarWithQuestions() {
  const seminar = await createSeminar(db, { title: '質問つきセミナー' })
  await edit(seminar.id, {
    intent: 'add',
    question: {
      kind: 'ONE_CHOICE',
      label: '関心のある分野',
      labelEn: 'Field of interest',
      choices: '製造 | Manufacturing\nIT\n小売',
      required: 'on',
    },
  })
  await edit(seminar.id, {
    intent: 'add',
    question: { kind: 'MANY_CHOICES', label: '知ったきっかけ', choices: '市報\nSNS\n知人' },
  })
  await edit(seminar.id, { intent: 'add', question: { kind: 'NUMBER', label: '従業員数' } })
  await edit(seminar.id, { intent: 'add', question: { kind: 'LONG_TEXT', label: '講師への質問' } })
  await edit(seminar.id, {
    intent: 'add',
    question: { kind: 'YES_NO', label: '名刺交換会に参加しますか', required: 'on' },
  })
  const questions = await askedQuestions(db, seminar.id, 'REGISTRATION')
  return { seminar, questions }
}

const key = (q: { choices: { key: string; label: string }[] }, label: string) =>
  q.choices.find((c) => c.label === label)!.key

describe('questions at registration', () => {
  it('the editor refuses a choice question without two choices, duplicates, and over-long words', () => {
    const one = questionEditorSchema('REGISTRATION').safeParse({
      intent: 'add',
      question: { kind: 'ONE_CHOICE', label: '分野', choices: '製造' },
    })
    expect(one.success ? null : one.error.issues[0].message).toBe('choicesTooFew')
    const twice = questionEditorSchema('REGISTRATION').safeParse({
      intent: 'add',
      question: { kind: 'MANY_CHOICES', label: '分野', choices: '製造\n製造' },
    })
    expect(twice.success ? null : twice.error.issues[0].message).toBe('choicesDuplicate')
    const long = questionEditorSchema('REGISTRATION').safeParse({
      intent: 'add',
      question: { kind: 'ONE_CHOICE', label: '分野', choices: `${'あ'.repeat(101)}\nい` },
    })
    expect(long.success ? null : long.error.issues[0].message).toBe('tooLong:100')
    // The satisfaction scale belongs to surveys.
    expect(
      questionEditorSchema('REGISTRATION').safeParse({
        intent: 'add',
        question: { kind: 'SATISFACTION', label: '満足度' },
      }).success,
    ).toBe(false)
  })

  it('checks answers against the questions: required, outside the choices, numbers as typed here', async () => {
    const { questions } = await seminarWithQuestions()
    const [field, sources, staff, , exchange] = questions
    const schema = registrationFormSchema('ja', questions)
    const base = {
      ...participant({ corporateNumber: undefined }),
      industry: 'E',
      inCity: 'yes',
      consent: 'on',
      mode: 'IN_PERSON',
    }
    const bad = schema.safeParse({
      ...base,
      answers: { [field.id]: 'not-a-choice', [sources.id]: ['SNS-x'], [staff.id]: '１２three' },
    })
    expect(bad.success).toBe(false)
    const messages = Object.fromEntries(bad.error!.issues.map((i) => [String(i.path[1]), i.message]))
    expect(messages).toEqual({
      [field.id]: 'invalidChoice',
      [sources.id]: 'invalidChoice',
      [staff.id]: 'answerNumber',
      [exchange.id]: 'invalidChoice',
    })
    const good = schema.parse({
      ...base,
      answers: {
        [field.id]: key(field, 'IT'),
        [sources.id]: key(sources, '市報'),
        [staff.id]: '１，２００',
        [exchange.id]: 'yes',
      },
    })
    // One box ticked comes as a single value; a list is stored, in the choices' order.
    expect(good.answers?.[sources.id]).toEqual([key(sources, '市報')])
    expect(good.answers?.[staff.id]).toBe(1200)
  })

  it('stores the answers with the registration, in words, and shows them on the console and the roster', async () => {
    const { seminar, questions } = await seminarWithQuestions()
    const [field, sources, staff, comment, exchange] = questions
    const form = registrationFormSchema('ja', questions).parse({
      ...participant({ name: '回答 一郎', furigana: 'かいとう いちろう', corporateNumber: undefined }),
      industry: 'E',
      inCity: 'yes',
      consent: 'on',
      mode: 'IN_PERSON',
      answers: {
        [field.id]: key(field, '製造'),
        [sources.id]: [key(sources, '知人'), key(sources, '市報')],
        [staff.id]: '35',
        [comment.id]: '生成AIの\r\n導入事例を知りたい',
        [exchange.id]: 'no',
      },
    })
    await registerFromPublicPage(db, { seminarId: seminar.id, form, language: 'ja', address: '192.0.2.10', questions })
    const r = await db.registration.findFirstOrThrow({ where: { seminarId: seminar.id } })
    expect((await registrationAnswers(db, r.id)).map((a) => [a.label, a.text])).toEqual([
      ['関心のある分野', '製造'],
      ['知ったきっかけ', '市報、知人'],
      ['従業員数', '35'],
      ['講師への質問', '生成AIの\n導入事例を知りたい'],
      ['名刺交換会に参加しますか', 'いいえ'],
    ])
    const detail = await registrationDetail(db, seminar.id, r.id)
    expect(detail.answers).toHaveLength(5)
    const table = rosterTable(await roster(db, seminar.id, ['CONFIRMED']), 'ja')
    expect(table.header.slice(-5)).toEqual(questions.map((q) => q.label))
    expect(table.rows[0].slice(-5)).toEqual(['製造', '市報、知人', '35', '生成AIの\n導入事例を知りたい', 'いいえ'])
  })

  it('keeps old answers readable after the question changes or leaves the form', async () => {
    const { seminar, questions } = await seminarWithQuestions()
    const [field, , , , exchange] = questions
    const r = await register(db, {
      seminarId: seminar.id,
      ...participant(),
      answers: { questions, values: { [field.id]: key(field, 'IT'), [exchange.id]: 'yes' } },
    })
    // The choice 「IT」 is renamed, the question reworded; the yes/no question leaves the form.
    await edit(seminar.id, {
      intent: 'update',
      questionId: field.id,
      question: { kind: 'ONE_CHOICE', label: '最も関心のある分野', choices: '製造\n情報通信\n小売', required: 'on' },
    })
    expect(await edit(seminar.id, { intent: 'remove', questionId: exchange.id })).toEqual({
      message: 'questions.retired',
    })
    // Its kind cannot change now that it has answers.
    await expect(
      edit(seminar.id, { intent: 'update', questionId: field.id, question: { kind: 'SHORT_TEXT', label: '分野' } }),
    ).rejects.toMatchObject({ code: 'QUESTION_KIND_ANSWERED' })
    const shown = await registrationAnswers(db, r.id)
    expect(shown).toEqual([
      {
        questionId: field.id,
        label: '最も関心のある分野',
        labelWhenAnswered: '関心のある分野',
        text: 'IT',
        retired: false,
      },
      {
        questionId: exchange.id,
        label: '名刺交換会に参加しますか',
        labelWhenAnswered: null,
        text: 'はい',
        retired: true,
      },
    ])
    // The retired question is gone from the form, and is still a column of the roster.
    expect((await askedQuestions(db, seminar.id, 'REGISTRATION')).map((q) => q.id)).not.toContain(exchange.id)
    const table = rosterTable(await roster(db, seminar.id, ['CONFIRMED']), 'ja')
    expect(table.header.at(-1)).toBe('名刺交換会に参加しますか')
    expect(table.rows[0].at(-1)).toBe('はい')
    // A question nobody answered is deleted outright.
    const unanswered = questions[3]
    expect(await edit(seminar.id, { intent: 'remove', questionId: unanswered.id })).toEqual({
      message: 'questions.removed',
    })
    expect(await db.question.count({ where: { id: unanswered.id } })).toBe(0)
  })

  it('lets the participant change their answers through their link, audited without the words', async () => {
    const { seminar, questions } = await seminarWithQuestions()
    const [field, sources, , , exchange] = questions
    const outcome = await register(db, {
      seminarId: seminar.id,
      ...participant(),
      answers: { questions, values: { [field.id]: key(field, 'IT'), [exchange.id]: 'yes' } },
    })
    const page = await changePage(db, outcome.manageToken)
    expect(page.answers).toEqual({ [field.id]: key(field, 'IT'), [exchange.id]: 'yes' })
    const r = page.registration
    const form = changeFormSchema('ja', questions).parse({
      name: r.name,
      furigana: r.furigana,
      organizationName: r.organizationName ?? '',
      industry: r.industry,
      inCity: 'yes',
      mode: r.mode,
      language: 'ja',
      answers: { [field.id]: key(field, '小売'), [sources.id]: key(sources, 'SNS'), [exchange.id]: 'yes' },
    })
    const changed = await changeOwnRegistration(db, outcome.manageToken, form, undefined, questions)
    expect(changed.changed).toEqual(['answers'])
    expect((await registrationAnswers(db, outcome.id)).map((a) => a.text)).toEqual(['小売', 'SNS', 'はい'])
    const audit = await db.auditEvent.findFirstOrThrow({
      where: { entityId: outcome.id, action: 'registration.change' },
    })
    expect(audit.detail).not.toContain('小売')
    // Sent again unchanged: nothing changes.
    expect((await changeOwnRegistration(db, outcome.manageToken, form, undefined, questions)).changed).toEqual([])
  })

  it('copies another seminar’s questions and a program template, moves them, and audits each change', async () => {
    const { seminar: source } = await seminarWithQuestions()
    const target = await createSeminar(db, { title: 'コピー先' })
    const page = await questionEditorPage(db, user, { seminarId: target.id }, 'REGISTRATION')
    expect(page.copySources.map((s) => s.value)).toContain(`seminar:${source.id}`)
    expect(await edit(target.id, { intent: 'copy', from: `seminar:${source.id}` })).toEqual({
      message: 'questions.copied',
      count: 5,
    })
    const copied = await askedQuestions(db, target.id, 'REGISTRATION')
    expect(copied.map((q) => q.label)).toEqual([
      '関心のある分野',
      '知ったきっかけ',
      '従業員数',
      '講師への質問',
      '名刺交換会に参加しますか',
    ])
    await edit(target.id, { intent: 'move', questionId: copied[1].id, direction: 'up' })
    expect((await askedQuestions(db, target.id, 'REGISTRATION')).map((q) => q.label).slice(0, 2)).toEqual([
      '知ったきっかけ',
      '関心のある分野',
    ])
    // A program's template is copied the same way.
    const program = await db.program.findFirstOrThrow({ where: { code: 'TEST' } })
    const parsed = questionEditorSchema('REGISTRATION').parse({
      intent: 'add',
      question: { kind: 'SHORT_TEXT', label: '部署名' },
    })
    await editQuestions(db, user, { programId: program.id }, 'REGISTRATION', parsed)
    await edit(target.id, { intent: 'copy', from: `program:${program.id}` })
    expect((await askedQuestions(db, target.id, 'REGISTRATION')).at(-1)?.label).toBe('部署名')
    const actions = await db.auditEvent.findMany({
      where: { entityType: 'Question', actorId: user.id },
      select: { action: true },
    })
    expect(new Set(actions.map((a) => a.action))).toEqual(
      new Set(['question.create', 'question.update', 'question.delete', 'question.copy']),
    )
  })

  it('on anonymization deletes the free-text answers and keeps the chosen ones', async () => {
    const { seminar, questions } = await seminarWithQuestions()
    const [field, , staff, comment, exchange] = questions
    const r = await register(db, {
      seminarId: seminar.id,
      ...participant(),
      answers: {
        questions,
        values: { [field.id]: key(field, 'IT'), [staff.id]: 12, [comment.id]: '山田です', [exchange.id]: 'yes' },
      },
    })
    await anonymizeRegistrations(db, [r.id], { reason: 'RETENTION', mailDir: '/nonexistent' })
    expect((await registrationAnswers(db, r.id)).map((a) => a.text)).toEqual(['IT', '12', 'はい'])
  })
})
