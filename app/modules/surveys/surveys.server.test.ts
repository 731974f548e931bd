import { parseWithZod } from '@conform-to/zod'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { createSeminar, participant } from '../../../tests/support/factories'
import { startTestSmtp, type TestSmtp } from '../../../tests/support/smtp'
import { createTestDb } from '../../../tests/support/test-db'
import type { Db } from '~/utils/db.server'
import { AppError } from '~/utils/errors'
import { tokyoDayAt } from '~/utils/time'
import { createConsoleUser } from '../accounts/console-users.server'
import { surveysJob } from '../background/surveys.server'
import { smtpTransport, type MailTransport } from '../mail/transport.server'
import { deliverDueMessages } from '../mail/worker.server'
import { deletePersonalData } from '../privacy/retention.server'
import { askedQuestions, removeQuestion } from '../questions/questions.server'
import { register } from '../registration/registrations.server'
import { surveyAnswerSchema } from './answer-form'
import { surveySettingsSchema, type SurveySettings } from './forms'
import {
  answerSurvey,
  invitationIdOf,
  queueSurveyInvitations,
  queueSurveyReminders,
  saveSurveySettings,
  surveyPage,
  surveySettingsPage,
  surveyToken,
} from './surveys.server'

let db: Db
let drop: () => Promise<void>
let smtp: TestSmtp
let transport: MailTransport
let userId: string

beforeAll(async () => {
  ;({ db, drop } = await createTestDb())
  smtp = await startTestSmtp()
  transport = smtpTransport(smtp.url)
  userId = (
    await createConsoleUser(db, {
      email: 'survey-admin@city.example.jp',
      name: '調査 管理',
      password: 'a long password 1',
    })
  ).id
})
afterAll(async () => {
  transport.close()
  await smtp.stop()
  await drop()
})
beforeEach(async () => {
  await db.outboxMessage.deleteMany()
  // Each test's job runs see its own survey only: the others' are switched off.
  await db.survey.updateMany({ data: { enabled: false } })
  smtp.received.length = 0
})

/** Leaves only the survey mails in the outbox (registering queued confirmations). */
const onlySurveyMails = () =>
  db.outboxMessage.deleteMany({ where: { kind: { notIn: ['SURVEY_INVITATION', 'SURVEY_REMINDER'] } } })

const HOUR = 3600_000
const DAY = 24 * HOUR
const T0 = new Date()

const SETTINGS: SurveySettings = {
  enabled: true,
  timing: 'AFTER_LAST_SESSION',
  anonymous: false,
  sendAfterHours: 1,
  reminderAfterDays: 3,
  openDays: 14,
}

/**
 * A seminar with `sessions` sessions a day apart from a week ahead (each 2 hours), a survey with a
 * required satisfaction question and an optional choice, and its registrations made now.
 */
async function surveyed(title: string, settings: Partial<SurveySettings> = {}, sessions = 1) {
  const seminar = await createSeminar(db, { title, minOnlineMinutes: 30, capacityInPerson: 100 }, T0)
  for (let n = 2; n <= sessions; n++) {
    await db.session.create({
      data: {
        seminarId: seminar.id,
        number: n,
        startsAt: new Date(T0.getTime() + (6 + n) * DAY),
        endsAt: new Date(T0.getTime() + (6 + n) * DAY + 2 * HOUR),
      },
    })
  }
  const rows = await db.session.findMany({ where: { seminarId: seminar.id }, orderBy: { number: 'asc' } })
  await db.question.createMany({
    data: [
      { seminarId: seminar.id, form: 'SURVEY', position: 1, kind: 'SATISFACTION', label: '満足度', required: true },
      {
        seminarId: seminar.id,
        form: 'SURVEY',
        position: 2,
        kind: 'ONE_CHOICE',
        label: '何で知りましたか',
        choices: JSON.stringify([
          { key: 'web', label: 'ウェブ', labelEn: 'Web' },
          { key: 'paper', label: 'チラシ', labelEn: 'Flyer' },
        ]),
        required: false,
      },
      { seminarId: seminar.id, form: 'SURVEY', position: 3, kind: 'LONG_TEXT', label: 'ご意見', required: false },
    ],
  })
  await saveSurveySettings(db, userId, seminar.id, { ...SETTINGS, ...settings }, T0)
  const person = async (overrides: Record<string, unknown> = {}) => {
    const r = await register(db, { seminarId: seminar.id, ...participant(overrides) }, T0)
    return r.id
  }
  const attend = (registrationId: string, session: number, source = 'QR', onlineMinutes: number | null = null) =>
    db.attendance.create({
      data: {
        sessionId: rows[session - 1].id,
        registrationId,
        mode: onlineMinutes === null ? 'IN_PERSON' : 'ONLINE',
        source: source as 'QR',
        onlineMinutes,
      },
    })
  /** When the session ended, plus hours. */
  const after = (session: number, hours: number) => new Date(rows[session - 1].endsAt.getTime() + hours * HOUR)
  return { seminar, sessions: rows, person, attend, after }
}

/** The field errors of a submission (none when it succeeded). */
const errorsOf = (submission: { status?: string }) =>
  'error' in submission ? (submission.error as Record<string, string[] | null> | undefined) : undefined

const invitationsOf = (seminarId: string) =>
  db.surveyInvitation.findMany({ where: { survey: { seminarId } }, orderBy: { createdAt: 'asc' } })

describe('who is invited', () => {
  it('invites those who came (door, walk-in, online over the minimum), never no-shows, cancelled, anonymized or mail-less people', async () => {
    const s = await surveyed('招待セミナー')
    const door = await s.person()
    const walkIn = await s.person()
    const onlineLong = await s.person()
    const onlineShort = await s.person()
    const noShow = await s.person()
    const cancelled = await s.person()
    const noEmail = await s.person()
    const anonymized = await s.person()
    await s.attend(door, 1, 'QR')
    await s.attend(walkIn, 1, 'WALK_IN')
    await s.attend(onlineLong, 1, 'IMPORT', 30)
    await s.attend(onlineShort, 1, 'IMPORT', 29)
    await s.attend(cancelled, 1, 'QR')
    await s.attend(noEmail, 1, 'MANUAL')
    await s.attend(anonymized, 1, 'SEARCH')
    await db.registration.update({ where: { id: cancelled }, data: { status: 'CANCELLED' } })
    await db.registration.update({ where: { id: noEmail }, data: { email: '' } })
    await db.registration.update({ where: { id: anonymized }, data: { anonymizedAt: T0 } })
    void noShow

    // Not yet: the session ended less than sendAfterHours ago.
    expect(await queueSurveyInvitations(db, s.after(1, 0.5))).toBe(0)
    expect(await queueSurveyInvitations(db, s.after(1, 1))).toBe(3)
    const invitations = await invitationsOf(s.seminar.id)
    expect(invitations.map((i) => i.registrationId).sort()).toEqual([door, walkIn, onlineLong].sort())
    expect(invitations.every((i) => i.roundKey === '' && i.sessionId === null)).toBe(true)
    expect(invitations[0].closesAt.getTime() - s.after(1, 1).getTime()).toBe(14 * DAY)
    const messages = await db.outboxMessage.findMany({ where: { seminarId: s.seminar.id, kind: { not: 'CONFIRMED' } } })
    expect(messages.map((m) => m.kind)).toEqual(['SURVEY_INVITATION', 'SURVEY_INVITATION', 'SURVEY_INVITATION'])

    // Once only: the next runs invite nobody again.
    expect(await queueSurveyInvitations(db, s.after(1, 2))).toBe(0)
    expect(await db.outboxMessage.count({ where: { seminarId: s.seminar.id, kind: 'SURVEY_INVITATION' } })).toBe(3)
  })

  it('invites each attendee once when two processes run the job at the same moment', async () => {
    const s = await surveyed('同時実行セミナー')
    for (let i = 0; i < 5; i++) await s.attend(await s.person(), 1)
    const now = s.after(1, 2)
    const [a, b] = await Promise.all([queueSurveyInvitations(db, now), queueSurveyInvitations(db, now)])
    expect(a + b).toBe(5)
    expect(await db.surveyInvitation.count({ where: { survey: { seminarId: s.seminar.id } } })).toBe(5)
    expect(await db.outboxMessage.count({ where: { seminarId: s.seminar.id, kind: 'SURVEY_INVITATION' } })).toBe(5)
  })

  it('after each session: those who came to that session, per session; after the last: anyone who came, once', async () => {
    const each = await surveyed('回ごとセミナー', { timing: 'AFTER_EACH_SESSION' }, 2)
    const first = await each.person()
    const second = await each.person()
    const both = await each.person()
    await each.attend(first, 1)
    await each.attend(second, 2)
    await each.attend(both, 1)
    await each.attend(both, 2)
    expect(await queueSurveyInvitations(db, each.after(1, 1))).toBe(2)
    expect(await queueSurveyInvitations(db, each.after(2, 1))).toBe(2)
    const rounds = (await invitationsOf(each.seminar.id)).map((i) => [i.registrationId, i.roundKey, i.sessionId])
    const [s1, s2] = each.sessions.map((x) => x.id)
    expect(rounds).toEqual(
      expect.arrayContaining([
        [first, s1, s1],
        [both, s1, s1],
        [second, s2, s2],
        [both, s2, s2],
      ]),
    )
    expect(rounds).toHaveLength(4)
    // The mail names the session its round is about.
    const mails = await db.outboxMessage.findMany({
      where: { seminarId: each.seminar.id, kind: 'SURVEY_INVITATION' },
      select: { sessionId: true },
    })
    expect(mails.map((m) => m.sessionId).sort()).toEqual([s1, s1, s2, s2].sort())

    const last = await surveyed('最後の回セミナー', { timing: 'AFTER_LAST_SESSION' }, 2)
    const early = await last.person()
    const late = await last.person()
    const twice = await last.person()
    await last.attend(early, 1)
    await last.attend(late, 2)
    await last.attend(twice, 1)
    await last.attend(twice, 2)
    // Not after the first session: the survey follows the last one.
    expect(await queueSurveyInvitations(db, last.after(1, 5))).toBe(0)
    expect(await queueSurveyInvitations(db, last.after(2, 1))).toBe(3)
    expect((await invitationsOf(last.seminar.id)).map((i) => i.roundKey)).toEqual(['', '', ''])
  })

  it('sends nothing while the survey is off or has no questions', async () => {
    const off = await surveyed('オフのセミナー', { enabled: false })
    await off.attend(await off.person(), 1)
    expect(await queueSurveyInvitations(db, off.after(1, 2))).toBe(0)

    const empty = await surveyed('質問なしセミナー')
    await empty.attend(await empty.person(), 1)
    await db.question.deleteMany({ where: { seminarId: empty.seminar.id } })
    expect(await queueSurveyInvitations(db, empty.after(1, 2))).toBe(0)
    expect(await db.surveyInvitation.count({ where: { survey: { seminarId: empty.seminar.id } } })).toBe(0)
  })
})

describe('the reminder', () => {
  it('goes once, after reminderAfterDays, only to those who have not answered, and never after the survey closed', async () => {
    const s = await surveyed('再送セミナー', { reminderAfterDays: 3, openDays: 7 })
    const answers = await s.person()
    const silent = await s.person()
    await s.attend(answers, 1)
    await s.attend(silent, 1)
    const invitedAt = s.after(1, 1)
    await queueSurveyInvitations(db, invitedAt)
    const invitations = await invitationsOf(s.seminar.id)
    const answered = invitations.find((i) => i.registrationId === answers)!
    const questions = await askedQuestions(db, s.seminar.id, 'SURVEY')
    await answerSurvey(db, surveyToken(answered.id), questions, { [questions[0].id]: 3 }, invitedAt)

    expect(await queueSurveyReminders(db, new Date(invitedAt.getTime() + 3 * DAY - 1))).toBe(0)
    const [a, b] = await Promise.all([
      queueSurveyReminders(db, new Date(invitedAt.getTime() + 3 * DAY)),
      queueSurveyReminders(db, new Date(invitedAt.getTime() + 3 * DAY)),
    ])
    expect(a + b).toBe(1)
    const reminders = await db.outboxMessage.findMany({ where: { seminarId: s.seminar.id, kind: 'SURVEY_REMINDER' } })
    expect(reminders.map((m) => m.registrationId)).toEqual([silent])
    expect(await queueSurveyReminders(db, new Date(invitedAt.getTime() + 4 * DAY))).toBe(0)

    // Another survey whose reminder would fall after it closed: no reminder.
    const late = await surveyed('締切後セミナー', { reminderAfterDays: 3, openDays: 7 })
    await late.attend(await late.person(), 1)
    await queueSurveyInvitations(db, late.after(1, 1))
    expect(await queueSurveyReminders(db, new Date(late.after(1, 1).getTime() + 7 * DAY))).toBe(0)
  })

  it('is not sent when reminderAfterDays is 0', async () => {
    const s = await surveyed('再送なしセミナー', { reminderAfterDays: 0 })
    await s.attend(await s.person(), 1)
    await queueSurveyInvitations(db, s.after(1, 1))
    expect(await queueSurveyReminders(db, s.after(1, 24 * 10))).toBe(0)
  })
})

describe('the mails', () => {
  it('carry the private link in both parts, in the participant language; the job logs its counts', async () => {
    const s = await surveyed('メールセミナー', { reminderAfterDays: 2, anonymous: true })
    const ja = await s.person({ name: '山田 花子' })
    const en = await s.person({ name: 'Jane Smith', language: 'en' })
    await s.attend(ja, 1)
    await s.attend(en, 1)
    const now = s.after(1, 1)
    const job = surveysJob(db, 2000)
    expect(await job.run(now)).toEqual({ counts: { invited: 2, reminded: 0 } })
    await onlySurveyMails()
    expect(await deliverDueMessages(db, transport, now)).toEqual({ SENT: 2, RETRY: 0, FAILED: 0 })
    const mails = await smtp.waitFor(2)
    const invitations = await invitationsOf(s.seminar.id)
    const linkOf = (registrationId: string) =>
      `/s/${surveyToken(invitations.find((i) => i.registrationId === registrationId)!.id)}`
    const jaMail = mails.find((m) => m.text?.includes('山田 花子'))!
    expect(jaMail.subject).toBe('【アンケートのお願い】メールセミナー')
    expect(jaMail.text).toContain(linkOf(ja))
    expect(jaMail.html).toContain(linkOf(ja))
    expect(jaMail.text).toContain('無記名')
    // Its own link only: not the registration's.
    expect(jaMail.text).not.toContain('/r/')
    const enMail = mails.find((m) => m.text?.includes('Jane Smith'))!
    expect(enMail.subject).toBe('Please answer our survey: メールセミナー')
    expect(enMail.text).toContain(linkOf(en))
    expect(enMail.text).toContain('anonymous')

    // The reminder: only the one who has not answered, with the same link.
    const questions = await askedQuestions(db, s.seminar.id, 'SURVEY')
    await answerSurvey(db, linkOf(ja).slice('/s/'.length), questions, { [questions[0].id]: 5 }, now)
    const later = new Date(now.getTime() + 2 * DAY)
    expect(await job.run(later)).toEqual({ counts: { invited: 0, reminded: 1 } })
    expect(await deliverDueMessages(db, transport, later)).toEqual({ SENT: 1, RETRY: 0, FAILED: 0 })
    const [, , reminder] = await smtp.waitFor(3)
    expect(reminder.subject).toBe('Reminder, survey: メールセミナー')
    expect(reminder.text).toContain(linkOf(en))
  })

  it('is not sent when the invitation was answered before it went out', async () => {
    const s = await surveyed('送信前回答セミナー')
    const id = await s.person()
    await s.attend(id, 1)
    const now = s.after(1, 1)
    await queueSurveyInvitations(db, now)
    await onlySurveyMails()
    const [inv] = await invitationsOf(s.seminar.id)
    const questions = await askedQuestions(db, s.seminar.id, 'SURVEY')
    await answerSurvey(db, surveyToken(inv.id), questions, { [questions[0].id]: 4 }, now)
    expect(await deliverDueMessages(db, transport, now)).toEqual({ SENT: 0, RETRY: 0, FAILED: 1 })
  })
})

describe('the private link', () => {
  it('names its invitation only with the right signature', async () => {
    const s = await surveyed('リンクセミナー')
    const id = await s.person()
    await s.attend(id, 1)
    await queueSurveyInvitations(db, s.after(1, 1))
    const [inv] = await invitationsOf(s.seminar.id)
    const token = surveyToken(inv.id)
    expect(invitationIdOf(token)).toBe(inv.id)
    expect(invitationIdOf(`${inv.id}.${'A'.repeat(43)}`)).toBeNull()
    expect(invitationIdOf(`${inv.id}x.${token.split('.')[1]}`)).toBeNull()
    expect(invitationIdOf('garbage')).toBeNull()
    await expect(surveyPage(db, `${inv.id}.${'A'.repeat(43)}`)).rejects.toMatchObject({ code: 'NOT_FOUND' })
    await expect(surveyPage(db, 'garbage')).rejects.toMatchObject({ code: 'NOT_FOUND' })
    // No secret is stored: nothing in the invitation is the token or its signature.
    expect(JSON.stringify(inv)).not.toContain(token.split('.')[1])
  })
})

describe('answering', () => {
  async function invited(title: string, settings: Partial<SurveySettings> = {}) {
    const s = await surveyed(title, settings)
    const id = await s.person()
    await s.attend(id, 1)
    const now = s.after(1, 1)
    await queueSurveyInvitations(db, now)
    const [inv] = await invitationsOf(s.seminar.id)
    const questions = await askedQuestions(db, s.seminar.id, 'SURVEY')
    return { ...s, inv, token: surveyToken(inv.id), questions, now }
  }
  const form = (entries: Record<string, string>) => {
    const fd = new FormData()
    for (const [k, v] of Object.entries(entries)) fd.append(k, v)
    return fd
  }

  it('stores the answers once, in words, tied to the invitation when not anonymous; a second submission stores nothing', async () => {
    const s = await invited('回答セミナー')
    const [satisfaction, source, comment] = s.questions
    expect((await surveyPage(db, s.token, s.now)).state).toBe('OPEN')
    const submission = parseWithZod(
      form({
        [`answers.${satisfaction.id}`]: '4',
        [`answers.${source.id}`]: 'web',
        [`answers.${comment.id}`]: 'よかった',
      }),
      { schema: surveyAnswerSchema(s.questions) },
    )
    expect(submission.status).toBe('success')
    if (submission.status !== 'success') return
    await answerSurvey(db, s.token, s.questions, submission.value.answers, s.now)
    const responses = await db.surveyResponse.findMany({
      where: { surveyId: s.inv.surveyId },
      include: { answers: true },
    })
    expect(responses).toHaveLength(1)
    expect(responses[0].invitationId).toBe(s.inv.id)
    expect(responses[0].answers.map((a) => [a.questionLabel, a.text, a.value]).sort()).toEqual(
      [
        ['満足度', 'やや満足', '4'],
        ['何で知りましたか', 'ウェブ', '"web"'],
        ['ご意見', 'よかった', '"よかった"'],
      ].sort(),
    )
    expect((await surveyPage(db, s.token, s.now)).state).toBe('ANSWERED')
    await expect(answerSurvey(db, s.token, s.questions, { [satisfaction.id]: 1 }, s.now)).rejects.toMatchObject({
      code: 'SURVEY_ALREADY_ANSWERED',
    })
    expect(await db.surveyResponse.count({ where: { surveyId: s.inv.surveyId } })).toBe(1)
    expect(await db.surveyAnswer.count({ where: { response: { surveyId: s.inv.surveyId } } })).toBe(3)
  })

  it('stores one response when the same form is sent twice at the same moment', async () => {
    const s = await invited('二重送信セミナー')
    const answers = { [s.questions[0].id]: 5 }
    const results = await Promise.allSettled([
      answerSurvey(db, s.token, s.questions, answers, s.now),
      answerSurvey(db, s.token, s.questions, answers, s.now),
    ])
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1)
    const rejected = results.find((r) => r.status === 'rejected') as PromiseRejectedResult
    expect(rejected.reason).toBeInstanceOf(AppError)
    expect(rejected.reason.code).toBe('SURVEY_ALREADY_ANSWERED')
    expect(await db.surveyResponse.count({ where: { surveyId: s.inv.surveyId } })).toBe(1)
  })

  it('takes nothing after the survey closed', async () => {
    const s = await invited('締切セミナー', { openDays: 7 })
    const closed = s.inv.closesAt
    expect((await surveyPage(db, s.token, closed)).state).toBe('CLOSED')
    expect((await surveyPage(db, s.token, closed)).questions).toEqual([])
    await expect(answerSurvey(db, s.token, s.questions, { [s.questions[0].id]: 3 }, closed)).rejects.toMatchObject({
      code: 'SURVEY_CLOSED',
    })
    expect(await db.surveyResponse.count({ where: { surveyId: s.inv.surveyId } })).toBe(0)
    expect((await db.surveyInvitation.findUniqueOrThrow({ where: { id: s.inv.id } })).answered).toBe(false)
  })

  it('refuses a wrong token with 404', async () => {
    const s = await invited('誤リンクセミナー')
    await expect(answerSurvey(db, `${s.inv.id}.wrong`, s.questions, {}, s.now)).rejects.toMatchObject({
      code: 'NOT_FOUND',
    })
  })

  it('says which answers are missing or outside the choices (with the typed answers kept by the form)', async () => {
    const s = await invited('入力誤りセミナー')
    const [satisfaction, source, comment] = s.questions
    const schema = surveyAnswerSchema(s.questions)
    const missing = parseWithZod(form({ [`answers.${comment.id}`]: 'メモ' }), { schema })
    expect(missing.status).toBe('error')
    expect(errorsOf(missing)?.[`answers.${satisfaction.id}`]).toEqual(['invalidChoice'])
    expect(missing.reply().initialValue).toMatchObject({ answers: { [comment.id]: 'メモ' } })
    const outside = parseWithZod(form({ [`answers.${satisfaction.id}`]: '6', [`answers.${source.id}`]: 'tv' }), {
      schema,
    })
    expect(errorsOf(outside)?.[`answers.${satisfaction.id}`]).toEqual(['invalidChoice'])
    expect(errorsOf(outside)?.[`answers.${source.id}`]).toEqual(['invalidChoice'])
    expect(await db.surveyResponse.count({ where: { surveyId: s.inv.surveyId } })).toBe(0)
  })

  it('anonymous: the response names no invitation, has a random id and keeps only the Japan day', async () => {
    const s = await invited('匿名セミナー', { anonymous: true })
    const at = new Date(s.now.getTime() + 5 * HOUR + 17 * 60_000)
    await answerSurvey(db, s.token, s.questions, { [s.questions[0].id]: 2, [s.questions[2].id]: '声' }, at)
    const response = await db.surveyResponse.findFirstOrThrow({
      where: { surveyId: s.inv.surveyId },
      include: { answers: true },
    })
    expect(response.invitationId).toBeNull()
    expect(response.id).toMatch(/^[0-9a-f-]{36}$/)
    expect(response.answeredOn.getTime()).toBe(tokyoDayAt(at, 0).getTime())
    expect(response.answers.every((a) => /^[0-9a-f-]{36}$/.test(a.id))).toBe(true)
    // The invitation says only that it was answered (no second answer, no reminder), not with what.
    const inv = await db.surveyInvitation.findUniqueOrThrow({ where: { id: s.inv.id }, include: { response: true } })
    expect(inv.answered).toBe(true)
    expect(inv.response).toBeNull()
    expect(JSON.stringify(response)).not.toContain(s.inv.registrationId)
  })
})

describe('removing personal data', () => {
  it('keeps every answer of a named response, comments too, and unlinks it from the person', async () => {
    const s = await surveyed('削除依頼セミナー')
    const id = await s.person()
    await s.attend(id, 1)
    await queueSurveyInvitations(db, s.after(1, 1))
    const [inv] = await invitationsOf(s.seminar.id)
    const [satisfaction, source, comment] = await askedQuestions(db, s.seminar.id, 'SURVEY')
    const answers = { [satisfaction.id]: 5, [source.id]: 'paper', [comment.id]: '講師の山田さんに感謝' }
    await answerSurvey(db, surveyToken(inv.id), [satisfaction, source, comment], answers, s.after(1, 2))
    const response = await db.surveyResponse.findUniqueOrThrow({ where: { invitationId: inv.id } })
    await deletePersonalData(db, { registrationId: id, userId })
    // Issue 19 point 5 (docs/decisions/0048): the office's results stay whole; nothing leads to the person.
    const after = await db.surveyResponse.findUniqueOrThrow({ where: { id: response.id }, include: { answers: true } })
    expect(after.invitationId).toBeNull()
    expect(after.answers.map((a) => a.text).sort()).toEqual(['チラシ', '満足', '講師の山田さんに感謝'].sort())
  })
})

describe('settings', () => {
  it('are checked with translated messages', () => {
    const parse = (v: Record<string, string>) =>
      parseWithZod(
        (() => {
          const fd = new FormData()
          for (const [k, x] of Object.entries(v)) fd.append(k, x)
          return fd
        })(),
        { schema: surveySettingsSchema },
      )
    const ok = parse({
      enabled: 'on',
      timing: 'AFTER_EACH_SESSION',
      sendAfterHours: '２',
      reminderAfterDays: '0',
      openDays: '10',
    })
    expect(ok.status).toBe('success')
    if (ok.status === 'success') expect(ok.value).toMatchObject({ enabled: true, anonymous: false, sendAfterHours: 2 })
    const bad = parse({ timing: 'SOMETIME', sendAfterHours: '1.5', reminderAfterDays: '', openDays: '0' })
    expect(errorsOf(bad)).toMatchObject({
      timing: ['invalidChoice'],
      sendAfterHours: ['surveySendAfterHours'],
      reminderAfterDays: ['required'],
      openDays: ['surveyOpenDays'],
    })
    const late = parse({ timing: 'AFTER_LAST_SESSION', sendAfterHours: '1', reminderAfterDays: '7', openDays: '7' })
    expect(errorsOf(late)).toMatchObject({ reminderAfterDays: ['surveyReminderAfterClose'] })
  })

  it('are saved with an audit event, and anonymity cannot change once there are responses', async () => {
    const s = await surveyed('設定セミナー')
    const page = await surveySettingsPage(db, s.seminar.id)
    expect(page.settings).toMatchObject(SETTINGS)
    expect(await db.auditEvent.count({ where: { action: 'survey.settings', entityId: s.seminar.id } })).toBe(1)
    await saveSurveySettings(db, userId, s.seminar.id, { ...SETTINGS, anonymous: true })
    const id = await s.person()
    await s.attend(id, 1)
    await queueSurveyInvitations(db, s.after(1, 1))
    const [inv] = await invitationsOf(s.seminar.id)
    const questions = await askedQuestions(db, s.seminar.id, 'SURVEY')
    await answerSurvey(db, surveyToken(inv.id), questions, { [questions[0].id]: 5 }, s.after(1, 2))
    expect((await surveySettingsPage(db, s.seminar.id)).counts).toEqual({ invited: 1, answered: 1, responses: 1 })
    await expect(saveSurveySettings(db, userId, s.seminar.id, { ...SETTINGS, anonymous: false })).rejects.toMatchObject(
      { code: 'SURVEY_ANONYMITY_FIXED' },
    )
    // Other settings still change.
    await saveSurveySettings(db, userId, s.seminar.id, { ...SETTINGS, anonymous: true, openDays: 20 })
    expect((await surveySettingsPage(db, s.seminar.id)).settings).toMatchObject({ anonymous: true, openDays: 20 })

    // A survey question with answers is retired, not deleted with its answers.
    const { retired } = await removeQuestion(db, userId, { seminarId: s.seminar.id }, questions[0].id)
    expect(retired).toBe(true)
    expect(await db.surveyAnswer.count({ where: { questionId: questions[0].id } })).toBe(1)
  })
})
