import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import ExcelJS from 'exceljs'
import { createSeminar } from '../../../tests/support/factories'
import {
  addInvitation,
  addResponse,
  addSurvey,
  addSurveyQuestion,
  surveyAttendee,
} from '../../../tests/support/survey-factories'
import { createTestDb } from '../../../tests/support/test-db'
import type { Db } from '~/utils/db.server'
import { anonymizeRegistrations } from '../privacy/retention.server'
import { programSurveyResults, seminarSurveyResults, percent } from './results.server'
import { surveyAnswersFile, surveyAnswersTable } from './results-export.server'

let db: Db
let drop: () => Promise<void>
let userId: string
beforeAll(async () => {
  ;({ db, drop } = await createTestDb())
  const u = await db.consoleUser.create({
    data: { email: 'results-admin@city.example.jp', name: '結果 管理者', role: 'ADMIN', passwordHash: 'x' },
  })
  userId = u.id
})
afterAll(async () => drop())

const NOW = new Date('2026-06-01T00:00:00Z')
const DAY = new Date('2026-06-09T00:00:00+09:00')

async function text(body: ReadableStream<Uint8Array>) {
  return new TextDecoder().decode(await new Response(body).arrayBuffer())
}

/** A seminar whose survey asked four people and got three answers, one question of each kind. */
async function answeredSeminar(options: { anonymous?: boolean; now?: Date; programId?: string } = {}) {
  const now = options.now ?? NOW
  const seminar = await createSeminar(
    db,
    { title: 'DX推進セミナー', ...(options.programId ? { programId: options.programId } : {}) },
    now,
  )
  const survey = await addSurvey(db, seminar.id, { anonymous: options.anonymous })
  const q = {
    overall: await addSurveyQuestion(db, seminar.id, { kind: 'SATISFACTION', label: '満足度' }),
    field: await addSurveyQuestion(db, seminar.id, {
      kind: 'ONE_CHOICE',
      label: '業種',
      choices: ['製造', 'IT', '小売'],
    }),
    topics: await addSurveyQuestion(db, seminar.id, {
      kind: 'MANY_CHOICES',
      label: '役立った内容',
      choices: ['事例', '演習', '質疑'],
    }),
    again: await addSurveyQuestion(db, seminar.id, { kind: 'YES_NO', label: '次回も参加したいですか' }),
    staff: await addSurveyQuestion(db, seminar.id, { kind: 'NUMBER', label: '従業員数' }),
    comment: await addSurveyQuestion(db, seminar.id, { kind: 'LONG_TEXT', label: 'ご意見' }),
  }
  const people = [
    await surveyAttendee(db, seminar.id, now, { name: '山田 花子', organizationName: '山田製作所' }),
    await surveyAttendee(db, seminar.id, now, { name: '佐藤 一郎', organizationName: '佐藤商店' }),
    await surveyAttendee(db, seminar.id, now, { name: '鈴木 次郎' }),
    await surveyAttendee(db, seminar.id, now, { name: '高橋 三郎' }),
  ]
  const invitations = await Promise.all(people.map((p) => addInvitation(db, survey.id, p.id, now)))
  const named = (i: number) => (options.anonymous ? null : invitations[i].id)
  const responses = [
    await addResponse(db, {
      surveyId: survey.id,
      invitationId: named(0),
      answeredOn: DAY,
      answers: [
        [q.overall, 5],
        [q.field, 'c1'],
        [q.topics, ['c1', 'c2']],
        [q.again, 'yes'],
        [q.staff, 12],
        [q.comment, '事例が具体的で良かった'],
      ],
    }),
    await addResponse(db, {
      surveyId: survey.id,
      invitationId: named(1),
      answeredOn: DAY,
      answers: [
        [q.overall, 4],
        [q.field, 'c2'],
        [q.topics, ['c1', 'c3']],
        [q.again, 'no'],
        [q.staff, 5],
      ],
    }),
    await addResponse(db, {
      surveyId: survey.id,
      invitationId: named(2),
      answeredOn: new Date('2026-06-10T00:00:00+09:00'),
      answers: [
        [q.overall, 2],
        [q.field, 'c2'],
        [q.again, 'yes'],
        [q.comment, '時間が短い'],
      ],
    }),
  ]
  return { seminar, survey, q, people, invitations, responses }
}

describe('survey results of a seminar', () => {
  it('counts invitations, responses and each choice, with the rate in percent to one decimal', async () => {
    const { seminar, q } = await answeredSeminar()
    const r = await seminarSurveyResults(db, seminar.id, 'ja')
    expect([r.invitations, r.responses, r.rate]).toEqual([4, 3, 75])
    const byId = new Map(r.questions.map((x) => [x.id, x]))
    expect(byId.get(q.overall.id)!.bars).toEqual([
      { label: '満足', count: 1 },
      { label: 'やや満足', count: 1 },
      { label: 'どちらともいえない', count: 0 },
      { label: 'やや不満', count: 1 },
      { label: '不満', count: 0 },
    ])
    expect(byId.get(q.field.id)!.bars).toEqual([
      { label: '製造', count: 1 },
      { label: 'IT', count: 2 },
      { label: '小売', count: 0 },
    ])
    expect(byId.get(q.topics.id)!.bars.map((b) => b.count)).toEqual([2, 1, 1])
    expect(byId.get(q.topics.id)!.answered).toBe(2)
    expect(byId.get(q.again.id)!.bars).toEqual([
      { label: 'はい', count: 2 },
      { label: 'いいえ', count: 1 },
    ])
    expect(byId.get(q.staff.id)!.number).toEqual({ count: 2, mean: 8.5, min: 5, max: 12 })
    expect([...byId.get(q.comment.id)!.comments].sort()).toEqual(['時間が短い', '事例が具体的で良かった'].sort())
  })

  it('keeps counting a choice removed since under the words it was answered in', async () => {
    const { seminar, q } = await answeredSeminar()
    // 「IT」 is removed from the question and 「情報通信」 added.
    await db.question.update({
      where: { id: q.field.id },
      data: {
        choices: JSON.stringify([
          { key: 'c1', label: '製造', labelEn: null },
          { key: 'c3', label: '小売', labelEn: null },
          { key: 'c4', label: '情報通信', labelEn: null },
        ]),
      },
    })
    const r = await seminarSurveyResults(db, seminar.id, 'en')
    expect(r.questions.find((x) => x.id === q.field.id)!.bars).toEqual([
      { label: '製造', count: 1 },
      { label: '小売', count: 0 },
      { label: '情報通信', count: 0 },
      { label: 'IT', count: 2, removed: true },
    ])
    // English words for the scale.
    expect(r.questions.find((x) => x.id === q.overall.id)!.bars[0]).toEqual({ label: 'Satisfied', count: 1 })
  })

  it('has no rate before anyone was asked', async () => {
    const seminar = await createSeminar(db, {}, NOW)
    const r = await seminarSurveyResults(db, seminar.id, 'ja')
    expect([r.survey, r.invitations, r.responses, r.rate]).toEqual([null, 0, 0, null])
    expect(percent(118, 128)).toBe(92.2)
    expect(percent(109, 118)).toBe(92.4)
    expect(percent(1, 3)).toBe(33.3)
  })
})

describe('survey answers exported', () => {
  it('names the respondent of a named survey, one row per response and a column per question', async () => {
    const { seminar } = await answeredSeminar()
    const file = await surveyAnswersFile(db, { seminarId: seminar.id, userId, lang: 'ja', format: 'csv' })
    const lines = (await text(file.body))
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n')
    expect(lines[0]).toBe(
      '番号,氏名,所属,メールアドレス,回答日,回,満足度,業種,役立った内容,次回も参加したいですか,従業員数,ご意見',
    )
    expect(lines).toHaveLength(4)
    // Named responses come by the day answered; the same day's in no meaningful order.
    const row = (name: string) => lines.find((l) => l.split(',')[1] === name)
    expect(row('山田 花子')).toMatch(
      /^[12],山田 花子,山田製作所,taro\d+-[0-9a-f]{8}@example\.jp,2026-06-09,全体,満足,製造,事例、演習,はい,12,事例が具体的で良かった$/,
    )
    expect(row('鈴木 次郎')).toMatch(/^3,鈴木 次郎,株式会社サンプル,.*,2026-06-10,全体,やや不満,IT,,はい,,時間が短い$/)
    const audit = await db.auditEvent.findFirst({ where: { action: 'export.survey-answers' }, orderBy: { at: 'desc' } })
    expect(JSON.parse(audit!.detail)).toEqual({ seminarId: seminar.id, format: 'csv', anonymous: false })
  })

  it('an anonymous survey exports no identity and no day, in the order of the random ids', async () => {
    const { seminar, responses } = await answeredSeminar({ anonymous: true })
    const table = await surveyAnswersTable(db, seminar.id, 'ja')
    expect(table.header.slice(0, 3)).toEqual(['番号', '回', '満足度'])
    const byId = [...responses].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
    const firstWords = new Map(
      await Promise.all(
        byId.map(async (r) => {
          const a = await db.surveyAnswer.findFirstOrThrow({
            where: { responseId: r.id, question: { kind: 'SATISFACTION' } },
          })
          return [r.id, a.text] as const
        }),
      ),
    )
    expect(table.rows.map((row) => row[2])).toEqual(byId.map((r) => firstWords.get(r.id)))
    const file = await surveyAnswersFile(db, { seminarId: seminar.id, userId, lang: 'en', format: 'xlsx' })
    const book = new ExcelJS.Workbook()
    await book.xlsx.load(await new Response(file.body).arrayBuffer())
    const sheet = book.worksheets[0]
    expect(sheet.rowCount).toBe(4)
    const all = JSON.stringify(sheet.getSheetValues())
    for (const name of ['山田', '佐藤', '鈴木', 'example.jp', '2026']) expect(all).not.toContain(name)
  })

  it('a response whose person was anonymized keeps every answer, comments too, and names nobody', async () => {
    const { seminar, people, responses } = await answeredSeminar()
    await anonymizeRegistrations(db, [people[0].id], { reason: 'RETENTION', mailDir: '/nonexistent' })
    const response = await db.surveyResponse.findUniqueOrThrow({
      where: { id: responses[0].id },
      include: { answers: true },
    })
    expect(response.invitationId).toBeNull()
    expect(response.answers.map((a) => a.text).sort()).toEqual(
      ['12', 'はい', '事例、演習', '事例が具体的で良かった', '満足', '製造'].sort(),
    )
    // Another person's response still names them.
    expect((await db.surveyResponse.findUniqueOrThrow({ where: { id: responses[1].id } })).invitationId).not.toBeNull()
    const table = await surveyAnswersTable(db, seminar.id, 'ja')
    const gone = table.rows.find((row) => row.at(-1) === '事例が具体的で良かった')!
    expect(gone.slice(1, 4)).toEqual([null, null, null])
    expect(table.rows.map((row) => row[1]).sort()).toEqual([null, '佐藤 一郎', '鈴木 次郎'].sort())
    const results = await seminarSurveyResults(db, seminar.id, 'ja')
    expect([results.invitations, results.responses, results.rate]).toEqual([4, 3, 75])
  })
})

describe('survey figures of a program and fiscal year', () => {
  it('adds up the seminars whose first session is in the year, and no others', async () => {
    const program = await db.program.create({ data: { code: 'SURVEYFY', name: 'アンケート事業' } })
    const first = await answeredSeminar({ programId: program.id, now: new Date('2026-04-01T00:00:00Z') })
    const second = await answeredSeminar({ programId: program.id, now: new Date('2027-03-20T00:00:00+09:00') })
    // 2027-03-24 is still FY2026; a seminar on 2027-03-26 (after 31 March in Japan) is FY2027.
    await answeredSeminar({ programId: program.id, now: new Date('2027-03-25T00:00:00+09:00') })
    // One more respondent of the second seminar who skipped the satisfaction question.
    await addResponse(db, {
      surveyId: second.survey.id,
      invitationId: second.invitations[3].id,
      answeredOn: DAY,
      answers: [[second.q.again, 'yes']],
    })
    const r = await programSurveyResults(db, program.id, 2026, 'ja')
    expect(r.seminars.map((s) => s.id)).toEqual([first.seminar.id, second.seminar.id])
    expect(r.seminars.map((s) => [s.invitations, s.responses, s.rate, s.rated])).toEqual([
      [4, 3, 75, 3],
      [4, 4, 100, 3],
    ])
    expect(r.total).toMatchObject({ invitations: 8, responses: 7, rate: 87.5, rated: 6 })
    expect(r.total.satisfaction).toEqual({ 5: 2, 4: 2, 3: 0, 2: 2, 1: 0 })
    const next = await programSurveyResults(db, program.id, 2027, 'ja')
    expect(next.total).toMatchObject({ invitations: 4, responses: 3, rate: 75 })
  })
})
