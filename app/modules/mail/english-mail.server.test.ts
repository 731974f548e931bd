import ICAL from 'ical.js'
import type Mail from 'nodemailer/lib/mailer'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createSeminar, makeLottery, participant } from '../../../tests/support/factories'
import { drawLottery, lapseUnconfirmedWins } from '../lottery/draw.server'
import { createTestDb } from '../../../tests/support/test-db'
import type { Db } from '~/utils/db.server'
import { MessageKind } from '~/generated/prisma/enums'
import { createConsoleUser } from '../accounts/console-users.server'
import { requestPasswordReset } from '../accounts/links.server'
import { inviteUser } from '../accounts/users.server'
import { checkIn } from '../attendance/checkin.server'
import { queueCertificateMails } from '../certificates/mailing.server'
import { changeOwnRegistration } from '../registration/change.server'
import { registerGroup } from '../registration/group.server'
import { registerFromPublicForm } from '../registration/public-registration.server'
import { reissueLink } from '../registration/reissue.server'
import { cancelRegistration, register } from '../registration/registrations.server'
import { cancelSeminar, updateSession } from '../scheduling/seminars.server'
import { queueSurveyInvitations, queueSurveyReminders } from '../surveys/surveys.server'
import { previewOrganizerMessage, sendOrganizerMessage } from './organizer.server'
import { queueReminders, queueThankYous, reminderTime, thankYouTime } from './scheduler.server'
import type { MailTransport } from './transport.server'
import { deliverDueMessages } from './worker.server'

/*
 * English mail writes half-width punctuation (issue 18 point 6, docs/decisions/0038): every kind
 * of message the app sends, rendered in English through the real flows, has none of 「」、。（）：
 * ！？ (nor any other full-width or CJK punctuation) in what the app writes. The test data is
 * ASCII English, so anything full-width comes from the app. Japanese texts used where an English
 * one is empty are the organizer's data and may keep theirs.
 */

/** Full-width forms (！（）：？，…) and CJK symbols and punctuation (「」、。【】・, ideographic space). */
const FULL_WIDTH = /[\u3000-\u303f\u30fb\uff01-\uff60]/g
const JAPANESE = /[\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Han}]/u

let db: Db
let drop: () => Promise<void>
let userId: string
const sent: Mail.Options[] = []
const transport: MailTransport = {
  async send(message) {
    sent.push(message)
    return { emlFile: null }
  },
  close() {},
}

beforeAll(async () => {
  ;({ db, drop } = await createTestDb())
  userId = (
    await createConsoleUser(db, {
      email: 'english-admin@city.example.jp',
      name: 'Mail Admin',
      password: 'a long password 1',
    })
  ).id
})
afterAll(async () => drop())

type Rendered = { kind: MessageKind; subject: string; text: string; html: string; calendar: string[] }

/** Delivers what is due and returns it with its kind; the texts of the .ics as a calendar app reads them. */
async function deliver(now?: Date): Promise<Rendered[]> {
  sent.length = 0
  await deliverDueMessages(db, transport, now)
  const rows = await db.outboxMessage.findMany({
    where: { messageId: { in: sent.map((m) => String(m.messageId)) } },
    select: { messageId: true, kind: true },
  })
  return sent.map((m) => ({
    kind: rows.find((r) => r.messageId === m.messageId)!.kind,
    subject: String(m.subject),
    text: String(m.text),
    html: String(m.html),
    calendar: calendarTexts(m),
  }))
}

function calendarTexts(m: Mail.Options): string[] {
  const ics = (m.attachments ?? []).find((a) => String(a.contentType).startsWith('text/calendar'))
  if (!ics) return []
  const calendar = new ICAL.Component(ICAL.parse(String(ics.content)))
  return calendar
    .getAllSubcomponents('vevent')
    .flatMap((e) =>
      ['summary', 'description', 'location'].flatMap((p) =>
        e.getAllProperties(p).map((v) => String(v.getFirstValue())),
      ),
    )
}

/** What the app wrote: the mail with the organizer's own texts taken out. */
function appWording(mail: Rendered, organizerTexts: string[] = []): string {
  let all = [mail.subject, mail.text, mail.html, ...mail.calendar].join('\n')
  for (const text of organizerTexts) all = all.split(text).join(' ')
  return all
}

const fullWidthIn = (text: string) => [...new Set(text.match(FULL_WIDTH) ?? [])]

describe('English mail', () => {
  it('writes no full-width punctuation in any message the app sends', async () => {
    const seminar = await createSeminar(db, {
      title: '「AI活用」実践セミナー（全3回）',
      titleEn: 'Putting AI to work (3 sessions)',
      description: 'AIの基礎から応用まで、3回で学びます。',
      descriptionEn: 'From the basics of AI to its use at work, in three sessions.',
      mode: 'HYBRID',
      venueName: '産業振興センター 2階、セミナールーム',
      venueNameEn: 'Industry Promotion Center, Seminar Room 2F',
      venueAddress: '1-2-3 Chuo, Example City',
      onlineUrl: 'https://meet.example.com/j/123456',
      capacityInPerson: 4,
      capacityOnline: 10,
      materialsUrl: 'https://city.example.jp/materials/ai.pdf',
    })
    const first = await db.session.findFirstOrThrow({ where: { seminarId: seminar.id } })
    await db.session.update({ where: { id: first.id }, data: { title: '基礎編', titleEn: 'Basics' } })
    const week = 7 * 86400_000
    const later = (n: number) => ({
      startsAt: new Date(first.startsAt.getTime() + n * week),
      endsAt: new Date(first.endsAt.getTime() + n * week),
    })
    const second = await db.session.create({
      data: { seminarId: seminar.id, number: 2, title: '応用編', titleEn: 'Applications', ...later(1) },
    })
    const third = await db.session.create({
      data: { seminarId: seminar.id, number: 3, title: '実践編', titleEn: 'Practice', ...later(2) },
    })
    const english = (name: string, mode: 'IN_PERSON' | 'ONLINE' = 'IN_PERSON') =>
      participant({ name, furigana: 'てすと', organizationName: 'Example Trading Ltd.', language: 'en', mode })
    const mails: Rendered[] = []

    const group = await registerGroup(db, {
      seminarId: seminar.id,
      contact: { name: 'Grace Hopper', furigana: 'ほっぱー', email: 'grace@example.com' },
      members: [
        { name: 'Alan Turing', furigana: 'ちゅーりんぐ', email: 'alan@example.com' },
        { name: 'Ada Lovelace', furigana: 'らぶれす', email: '' },
      ],
      organizationName: 'Example Computing Ltd.',
      inCity: false,
      mode: 'IN_PERSON',
      language: 'en',
    })
    const inPersonInput = english('Jane Smith')
    const inPerson = await register(db, { seminarId: seminar.id, ...inPersonInput })
    const online = await register(db, { seminarId: seminar.id, ...english('John Doe', 'ONLINE') })
    const waiting = await register(db, { seminarId: seminar.id, ...english('Mary Major') })
    expect([inPerson.status, online.status, waiting.status]).toEqual(['CONFIRMED', 'CONFIRMED', 'WAITLISTED'])
    mails.push(...(await deliver()))

    // The form sent again with Jane's address.
    await registerFromPublicForm(db, { seminarId: seminar.id, ...english('J. Smith'), email: inPersonInput.email })
    const changeForm = (mode: 'IN_PERSON' | 'ONLINE') => ({
      name: 'Someone',
      furigana: 'てすと',
      organizationName: 'Example Holdings Ltd.',
      corporateNumber: undefined,
      industry: 'E' as const,
      inCity: true,
      language: 'en' as const,
      mode,
      sessionIds: [],
      acceptWaitlist: false,
    })
    await changeOwnRegistration(db, online.manageToken, { ...changeForm('ONLINE'), name: 'John Doe' })
    await changeOwnRegistration(db, waiting.manageToken, { ...changeForm('IN_PERSON'), name: 'Mary Major' })
    await reissueLink(db, { registrationId: online.id, seminarId: seminar.id, userId })
    mails.push(...(await deliver()))

    // Jane cancels and Mary moves up; the organizer cancels Alan.
    await cancelRegistration(db, inPerson.id, { by: 'PARTICIPANT' })
    await cancelRegistration(db, group.registrations[1].id, { by: 'ORGANIZER', userId })
    await sendOrganizerMessage(db, {
      seminarId: seminar.id,
      audience: 'ALL',
      subject: 'What to bring',
      body: 'Please bring a pen.\nThe room opens at 13:30.',
      userId,
    })
    await updateSession(
      db,
      seminar.id,
      second.id,
      {
        ...later(1.5),
        title: '応用編',
        titleEn: 'Applications',
        venueName: 'City Hall, Room 501',
      },
      null,
    )
    mails.push(...(await deliver()))

    const reminderAt = reminderTime(first.startsAt, 1)
    expect(await queueReminders(db, reminderAt, 1)).toBeGreaterThan(0)
    mails.push(...(await deliver(reminderAt)))
    await checkIn(db, { sessionId: first.id, registrationId: online.id, source: 'SEARCH', userId })
    const thankAt = thankYouTime(third.endsAt)
    expect(await queueThankYous(db, thankAt)).toBe(1)
    mails.push(...(await deliver(thankAt)))
    // The certificates after the series, to whoever came, when the seminar mails them (docs/decisions/0051).
    await db.seminar.update({ where: { id: seminar.id }, data: { certificatesByMail: true } })
    expect(await queueCertificateMails(db, thankAt)).toBe(1)
    mails.push(...(await deliver(thankAt)))

    // The survey after the last session, to whoever came, and its one reminder (docs/decisions/0047-surveys.md).
    await db.question.create({
      data: {
        seminarId: seminar.id,
        form: 'SURVEY',
        position: 1,
        kind: 'SATISFACTION',
        label: '満足度',
        required: true,
      },
    })
    await db.survey.create({ data: { seminarId: seminar.id, enabled: true, anonymous: true, reminderAfterDays: 2 } })
    const surveyAt = new Date(third.endsAt.getTime() + 3600_000)
    expect(await queueSurveyInvitations(db, surveyAt)).toBe(1)
    mails.push(...(await deliver(surveyAt)))
    const surveyReminderAt = new Date(surveyAt.getTime() + 2 * 24 * 3600_000)
    expect(await queueSurveyReminders(db, surveyReminderAt)).toBe(1)
    mails.push(...(await deliver(surveyReminderAt)))

    // A lottery seminar (docs/decisions/0049-lottery.md): the applications, a win to confirm, a
    // reserve place, a group not selected (two people never fit one seat), and a seat released.
    const lottery = await createSeminar(db, {
      title: '抽選セミナー',
      titleEn: 'Lottery seminar',
      venueNameEn: 'Industry Promotion Center',
      capacityInPerson: 1,
    })
    await makeLottery(db, lottery.id, { confirmHours: 24 })
    await register(db, { seminarId: lottery.id, ...english('Ann Lee') })
    await register(db, { seminarId: lottery.id, ...english('Bob Ray') })
    await registerGroup(db, {
      seminarId: lottery.id,
      contact: { name: 'Carol King', furigana: 'きんぐ', email: 'carol@example.com' },
      members: [{ name: 'Dan Brown', furigana: 'ぶらうん', email: 'dan@example.com' }],
      organizationName: 'Example Music Ltd.',
      inCity: false,
      mode: 'IN_PERSON',
      language: 'en',
    })
    const applied = await deliver()
    expect(applied.map((m) => m.kind)).toEqual(Array(4).fill('LOTTERY_APPLIED'))
    expect(applied[0].subject).toBe('Lottery application received: Lottery seminar')
    expect(applied[0].text).toContain('The lottery is drawn on ')
    expect(applied[0].text).toContain('(Japan time) and we will email you the result')
    mails.push(...applied)
    await drawLottery(db, lottery.id, { userId })
    const results = await deliver()
    mails.push(...results)
    const won = results.find((m) => m.kind === 'LOTTERY_WON')!
    expect(won.subject).toBe('You won a seat in the lottery: Lottery seminar')
    expect(won.text).toContain('Please confirm your place: by ')
    expect(won.text).toContain('Confirm my place:\nhttp')
    expect(won.calendar.length).toBeGreaterThan(0)
    const lost = results.filter((m) => m.kind === 'LOTTERY_LOST')
    expect(lost.map((m) => m.subject).sort()).toEqual([
      'Lottery result, reserve list: Lottery seminar',
      'Lottery result: Lottery seminar',
      'Lottery result: Lottery seminar',
    ])
    expect(lost.find((m) => m.subject.includes('reserve'))!.text).toContain('on the reserve list, number 1')
    expect(lost.find((m) => !m.subject.includes('reserve'))!.text).toContain('you were not selected in the lottery')
    const winner = await db.registration.findFirstOrThrow({ where: { seminarId: lottery.id, status: 'CONFIRMED' } })
    const lapsedAt = new Date(winner.confirmBy!.getTime() + 1000)
    expect(await lapseUnconfirmedWins(db, lapsedAt)).toBe(1)
    const lapsed = await deliver(lapsedAt)
    expect(lapsed.find((m) => m.kind === 'CANCELLED')!.text).toContain(
      'it was not confirmed by the deadline, so your seat was released',
    )
    mails.push(...lapsed)

    // The organizer's preview of the English message is what English readers receive.
    const preview = await previewOrganizerMessage(db, {
      seminarId: seminar.id,
      audience: 'ALL',
      subject: 'What to bring',
      body: 'Please bring a pen.',
    })
    const en = preview.previews.find((p) => p.lang === 'en')!
    expect(en.text).toContain('Industry Promotion Center, Seminar Room 2F')
    expect(fullWidthIn(`${en.subject}\n${en.text}`)).toEqual([])
    expect(JAPANESE.test(en.text)).toBe(false)
    expect(await cancelSeminar(db, seminar.id, userId, 'The speaker is ill.')).toBe(true)
    mails.push(...(await deliver(thankAt)))

    // Every participant message kind went out, in English.
    const participantKinds = Object.values(MessageKind).filter(
      (k) => k !== 'STAFF_INVITATION' && k !== 'PASSWORD_RESET',
    )
    expect(new Set(mails.map((m) => m.kind))).toEqual(new Set(participantKinds))
    for (const mail of mails) {
      expect({ kind: mail.kind, fullWidth: fullWidthIn(appWording(mail)) }).toEqual({ kind: mail.kind, fullWidth: [] })
      // With every English text filled in, nothing Japanese is left at all.
      expect(JAPANESE.test(appWording(mail)), `${mail.kind}: ${appWording(mail).match(JAPANESE)?.[0]}`).toBe(false)
    }
    const confirmation = mails.find((m) => m.kind === 'CONFIRMED' && m.text.includes('Dear John Doe'))!
    expect(confirmation.text).toContain('https://meet.example.com/j/123456')
    expect(confirmation.text).toContain('Date and venue (session 3)')
    expect(mails.find((m) => m.kind === 'CONFIRMED' && m.text.includes('Dear Jane'))!.text).toContain(
      'Industry Promotion Center, Seminar Room 2F',
    )
    expect(mails.find((m) => m.kind === 'CONFIRMED' && m.text.includes('Dear Grace'))!.text).toContain('Slip of Ada')
  })

  it('keeps the Japanese texts of a seminar without English ones as they are, and its own wording half-width', async () => {
    const japanese = {
      title: '「AI活用」入門セミナー（基礎編）',
      venueName: '産業振興センター 2階、セミナールーム',
      venueAddress: '中央区1-2-3（本館）',
      sessionTitle: '第1部：基礎',
      organizerSubject: '持ち物のご案内！',
      organizerBody: '筆記用具をお持ちください。質問は？',
    }
    const seminar = await createSeminar(db, {
      title: japanese.title,
      description: 'AIの基礎を学びます。',
      mode: 'HYBRID',
      venueName: japanese.venueName,
      venueAddress: japanese.venueAddress,
      onlineUrl: 'https://meet.example.com/j/654321',
      capacityOnline: 10,
    })
    const first = await db.session.findFirstOrThrow({ where: { seminarId: seminar.id } })
    await db.session.update({ where: { id: first.id }, data: { title: japanese.sessionTitle } })
    await db.session.create({
      data: {
        seminarId: seminar.id,
        number: 2,
        startsAt: new Date(first.startsAt.getTime() + 86400_000),
        endsAt: new Date(first.endsAt.getTime() + 86400_000),
      },
    })
    await register(db, { seminarId: seminar.id, ...participant({ name: 'Jane Smith', language: 'en' }) })
    await register(db, { seminarId: seminar.id, ...participant({ name: 'John Doe', language: 'en', mode: 'ONLINE' }) })
    await sendOrganizerMessage(db, {
      seminarId: seminar.id,
      audience: 'ALL',
      subject: japanese.organizerSubject,
      body: japanese.organizerBody,
      userId,
    })
    const mails = await deliver()
    expect(mails.map((m) => m.kind).sort()).toEqual(['CONFIRMED', 'CONFIRMED', 'ORGANIZER', 'ORGANIZER'])
    const jane = mails.find((m) => m.kind === 'CONFIRMED' && m.text.includes('Dear Jane Smith'))!
    // The organizer's Japanese is shown as written, full-width punctuation and all.
    expect(jane.subject).toBe(`Registration confirmed: ${japanese.title}`)
    expect(jane.text).toContain(japanese.venueName)
    expect(jane.calendar.join('\n')).toContain(japanese.sessionTitle)
    expect(fullWidthIn(appWording(jane))).not.toEqual([])
    const message = mails.find((m) => m.kind === 'ORGANIZER')!
    expect(message.subject).toBe(`${japanese.organizerSubject} (${japanese.title})`)
    expect(message.text).toContain(japanese.organizerBody)
    // What the app wrote around it is half-width.
    for (const mail of mails) {
      expect({ kind: mail.kind, fullWidth: fullWidthIn(appWording(mail, Object.values(japanese))) }).toEqual({
        kind: mail.kind,
        fullWidth: [],
      })
    }
  })

  it('writes the English parts of account messages (invitation, password reset) half-width', async () => {
    await inviteUser(
      db,
      { email: 'new.colleague@city.example.jp', name: 'New Colleague', role: 'STAFF', programIds: [] },
      userId,
    )
    await requestPasswordReset(db, 'english-admin@city.example.jp')
    const mails = await deliver()
    expect(mails.map((m) => m.kind).sort()).toEqual(['PASSWORD_RESET', 'STAFF_INVITATION'])
    for (const mail of mails) {
      // Console users have no language: these are Japanese with an English part; that part is checked.
      const englishSubject = mail.subject.split(' / ')[1]
      expect(englishSubject).toMatch(/^[A-Z]/)
      const englishLines = [mail.text, mail.html.replace(/<[^>]+>/g, '\n')]
        .flatMap((body) => body.split('\n'))
        .filter((line) => /[A-Za-z]{3}/.test(line) && !JAPANESE.test(line))
      expect(englishLines.some((line) => line.includes('(Japan time)'))).toBe(true)
      expect({ kind: mail.kind, fullWidth: fullWidthIn([englishSubject, ...englishLines].join('\n')) }).toEqual({
        kind: mail.kind,
        fullWidth: [],
      })
    }
  })
})
