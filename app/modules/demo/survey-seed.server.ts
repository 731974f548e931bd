import crypto from 'node:crypto'
import type { Db } from '~/utils/db.server'
import { tokyoDayAt } from '~/utils/time'
import { answerWords, type AnswerValue, type AskedQuestion } from '../questions/definitions'
import { toAsked } from '../questions/questions.server'

/*
 * The demo's surveys (docs/decisions/0047-surveys.md): every seminar whose sessions are all over
 * asked the people who came, and most of them answered — so the results pages, the satisfaction
 * indicator and its report sentence have something to show from the first start.
 */

const QUESTIONS = [
  {
    kind: 'SATISFACTION' as const,
    label: '本日のセミナーの満足度',
    labelEn: 'How satisfied were you?',
    required: true,
  },
  {
    kind: 'ONE_CHOICE' as const,
    label: '内容の難しさ',
    labelEn: 'How difficult was the content?',
    required: true,
    choices: [
      { key: 'easy', label: 'やさしい', labelEn: 'Easy' },
      { key: 'right', label: 'ちょうどよい', labelEn: 'About right' },
      { key: 'hard', label: '難しい', labelEn: 'Difficult' },
    ],
  },
  { kind: 'LONG_TEXT' as const, label: 'ご意見・ご感想', labelEn: 'Comments', required: false },
]

const COMMENTS = [
  '具体的な事例が多く、自社での進め方がイメージできました。',
  '演習の時間がもう少し長いとうれしいです。',
  '',
  '資料を事前にいただけると助かります。',
  '',
  '次回は応用編も開催してほしいです。',
]

/** The i-th respondent's satisfaction: mostly 5 and 4, now and then lower (a realistic spread). */
const POINTS = [5, 4, 5, 4, 3, 5, 4, 4, 2, 5]

export async function seedDemoSurveys(db: Db, now: Date) {
  const seminars = await db.seminar.findMany({
    where: { status: 'PUBLISHED', sessions: { some: {}, every: { endsAt: { lt: now } } } },
    select: { id: true, sessions: { select: { id: true, endsAt: true }, orderBy: { endsAt: 'desc' }, take: 1 } },
  })
  for (const seminar of seminars) {
    const attendees = await db.registration.findMany({
      where: { seminarId: seminar.id, status: 'CONFIRMED', email: { not: '' }, attendances: { some: {} } },
      orderBy: { createdAt: 'asc' },
      select: { id: true },
    })
    if (!attendees.length) continue
    const lastEnd = seminar.sessions[0].endsAt
    const invitedAt = new Date(lastEnd.getTime() + 3600_000)
    const survey = await db.survey.create({
      data: { seminarId: seminar.id, enabled: true, timing: 'AFTER_LAST_SESSION', createdAt: invitedAt },
    })
    const questions: AskedQuestion[] = []
    for (const [position, q] of QUESTIONS.entries()) {
      const row = await db.question.create({
        data: {
          seminarId: seminar.id,
          form: 'SURVEY',
          position: position + 1,
          kind: q.kind,
          label: q.label,
          labelEn: q.labelEn,
          choices: JSON.stringify('choices' in q ? q.choices : []),
          required: q.required,
        },
      })
      questions.push(toAsked(row))
    }
    const [satisfaction, difficulty, comment] = questions
    for (const [i, registration] of attendees.entries()) {
      // Four in five answered, the day after.
      const answered = i % 5 !== 3
      const invitation = await db.surveyInvitation.create({
        data: {
          surveyId: survey.id,
          registrationId: registration.id,
          invitedAt,
          closesAt: new Date(invitedAt.getTime() + 14 * 86400_000),
          answered,
          createdAt: invitedAt,
        },
      })
      if (!answered) continue
      const values: [AskedQuestion, AnswerValue][] = [
        [satisfaction, POINTS[i % POINTS.length]],
        [difficulty, ['right', 'right', 'hard', 'easy', 'right'][i % 5]],
        ...(COMMENTS[i % COMMENTS.length]
          ? [[comment, COMMENTS[i % COMMENTS.length]] as [AskedQuestion, AnswerValue]]
          : []),
      ]
      const responseId = crypto.randomUUID()
      await db.surveyResponse.create({
        data: {
          id: responseId,
          surveyId: survey.id,
          invitationId: invitation.id,
          answeredOn: tokyoDayAt(new Date(invitedAt.getTime() + 86400_000), 0),
          answers: {
            create: values.map(([q, value]) => ({
              id: crypto.randomUUID(),
              questionId: q.id,
              value: JSON.stringify(value),
              text: answerWords(q, value, 'ja'),
              questionLabel: q.label,
            })),
          },
        },
      })
    }
  }
}
