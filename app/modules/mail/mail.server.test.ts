import ICAL from 'ical.js'
import type { ParsedMail } from 'mailparser'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { createSeminar, makeLottery, participant } from '../../../tests/support/factories'
import { drawLottery, lapseUnconfirmedWins } from '../lottery/draw.server'
import { formatDateTime } from '~/utils/time'
import { startTestSmtp, type TestSmtp } from '../../../tests/support/smtp'
import { createTestDb } from '../../../tests/support/test-db'
import type { Db } from '~/utils/db.server'
import { createConsoleUser } from '../accounts/console-users.server'
import { checkIn } from '../attendance/checkin.server'
import { cancelRegistration, register } from '../registration/registrations.server'
import { changeOwnRegistration } from '../registration/change.server'
import { registerFromPublicForm } from '../registration/public-registration.server'
import { cancelSeminar, updateSession } from '../scheduling/seminars.server'
import { previewOrganizerMessage, sendOrganizerMessage, sendOrganizerTest, seminarMessages } from './organizer.server'
import { reminderTime, queueReminders, queueThankYous, thankYouTime } from './scheduler.server'
import { smtpTransport, type MailTransport } from './transport.server'
import { claimDueMessages, deliver, deliverDueMessages, LEASE_MS, retryMessage } from './worker.server'

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
      email: 'mail-admin@city.example.jp',
      name: '送信 管理',
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
  // Each test looks at its own messages only.
  await db.outboxMessage.deleteMany()
  smtp.received.length = 0
})

const later = (ms: number) => new Date(Date.now() + ms)

function calendarOf(mail: ParsedMail) {
  const ics = mail.attachments.find((a) => a.contentType.startsWith('text/calendar'))
  if (!ics) return null
  const component = new ICAL.Component(ICAL.parse(ics.content.toString('utf8')))
  return { component, events: component.getAllSubcomponents('vevent').map((e) => new ICAL.Event(e)) }
}

describe('messages', () => {
  it('confirms a registration in Japanese with the code, the QR slip, the manage link and a calendar entry', async () => {
    const seminar = await createSeminar(db, { title: '製造業DXセミナー' })
    const r = await register(db, { seminarId: seminar.id, ...participant({ name: '山田 太郎' }) })
    const row = await db.outboxMessage.findFirstOrThrow({ where: { registrationId: r.id } })
    expect(row.kind).toBe('CONFIRMED')
    expect(await deliverDueMessages(db, transport)).toEqual({ SENT: 1, RETRY: 0, FAILED: 0 })
    const [mail] = await smtp.waitFor(1)
    expect(mail.messageId).toBe(row.messageId)
    expect(mail.subject).toBe('【お申込み完了】製造業DXセミナー')
    expect(mail.to && !Array.isArray(mail.to) ? mail.to.value[0].address : null).toBe(
      (await db.registration.findUniqueOrThrow({ where: { id: r.id } })).email,
    )
    expect(mail.text).toContain('山田 太郎 様')
    expect(mail.text).toContain(r.code)
    expect(mail.text).toContain(`/r/${r.manageToken}`)
    expect(mail.text).toContain('産業振興センター')
    const qr = mail.attachments.find((a) => a.contentType === 'image/png')
    expect(qr?.cid).toBeTruthy()
    expect(mail.html).toContain(`cid:${qr!.cid}`)
    const calendar = calendarOf(mail)!
    expect(calendar.component.getFirstPropertyValue('method')).toBe('PUBLISH')
    expect(calendar.events).toHaveLength(1)
    expect(calendar.events[0].summary).toContain('製造業DXセミナー')
    expect(row.status).toBe('PENDING')
    expect((await db.outboxMessage.findUniqueOrThrow({ where: { id: row.id } })).status).toBe('SENT')
  })

  it('sends a form sent again with a registered email its existing link and slip, to that address only', async () => {
    const seminar = await createSeminar(db, { title: '重複申込みセミナー' })
    const first = participant({ name: '本人 花子' })
    await registerFromPublicForm(db, { seminarId: seminar.id, ...first })
    const r = await db.registration.findFirstOrThrow({ where: { seminarId: seminar.id } })
    // Someone else sends the form with her address and another name.
    await registerFromPublicForm(db, {
      seminarId: seminar.id,
      ...participant({ name: '他人 次郎', email: first.email.toUpperCase() }),
    })
    expect(await db.registration.count({ where: { seminarId: seminar.id } })).toBe(1)
    const after = await db.registration.findUniqueOrThrow({ where: { id: r.id } })
    expect([after.name, after.manageToken, after.code]).toEqual(['本人 花子', r.manageToken, r.code])
    expect(await deliverDueMessages(db, transport)).toEqual({ SENT: 2, RETRY: 0, FAILED: 0 })
    const mails = await smtp.waitFor(2)
    const again = mails.find((m) => m.subject === '【お申込み済みのご案内】重複申込みセミナー')!
    expect(again.to && !Array.isArray(again.to) ? again.to.value[0].address : null).toBe(r.email)
    expect(again.text).toContain('本人 花子 様')
    expect(again.text).toContain('既にお申込みいただいている')
    expect(again.text).toContain(`/r/${r.manageToken}`)
    expect(again.text).toContain(r.code)
    expect(again.text).not.toContain('他人 次郎')
  })

  it('writes to English-speaking participants in English', async () => {
    const seminar = await createSeminar(db, { title: 'AIセミナー', titleEn: 'AI seminar' })
    await register(db, { seminarId: seminar.id, ...participant({ name: 'Jane Smith', language: 'en' }) })
    await deliverDueMessages(db, transport)
    const [mail] = await smtp.waitFor(1)
    expect(mail.subject).toBe('Registration confirmed: AI seminar')
    expect(mail.text).toContain('Dear Jane Smith,')
    expect(mail.headers.get('content-language')).toBe('en')
  })

  it('tells the waiting list its position, the promoted person their seat, and the canceller the cancellation', async () => {
    const seminar = await createSeminar(db, { capacityInPerson: 1 })
    const first = await register(db, { seminarId: seminar.id, ...participant() })
    const second = await register(db, { seminarId: seminar.id, ...participant() })
    expect(second.status).toBe('WAITLISTED')
    const waiting = await db.outboxMessage.findFirstOrThrow({ where: { registrationId: second.id } })
    expect(waiting).toMatchObject({ kind: 'WAITLISTED', waitlistPosition: 1 })
    await cancelRegistration(db, first.id, { by: 'PARTICIPANT' })
    const kinds = await db.outboxMessage.findMany({ orderBy: { createdAt: 'asc' }, select: { kind: true } })
    expect(kinds.map((k) => k.kind).sort()).toEqual(['CANCELLED', 'CONFIRMED', 'PROMOTED', 'WAITLISTED'])
    await deliverDueMessages(db, transport)
    const mails = await smtp.waitFor(4)
    const bySubject = (prefix: string) => mails.find((m) => m.subject?.startsWith(prefix))!
    expect(bySubject('【キャンセル待ち受付】').text).toMatch(/キャンセル待ち順位\s+1/)
    expect(calendarOf(bySubject('【キャンセル待ち受付】'))).toBeNull()
    expect(calendarOf(bySubject('【参加確定】'))!.component.getFirstPropertyValue('method')).toBe('PUBLISH')
    expect(bySubject('【参加確定】').text).toContain(second.code)
    // No slip while waiting (the door would refuse it); the move-up mail brings it.
    const slipOf = (m: (typeof mails)[number]) => m.attachments.find((a) => a.contentType === 'image/png')
    expect(slipOf(bySubject('【キャンセル待ち受付】'))).toBeUndefined()
    expect(bySubject('【キャンセル待ち受付】').text).not.toContain('受付票')
    expect(slipOf(bySubject('【参加確定】'))?.cid).toBeTruthy()
    const cancelled = calendarOf(bySubject('【キャンセル受付】'))!
    expect(cancelled.component.getFirstPropertyValue('method')).toBe('CANCEL')
    expect(cancelled.events[0].component.getFirstPropertyValue('status')).toBe('CANCELLED')
  })

  it('sends a participant’s change: the updated slip and calendar, or the waiting position and a calendar cancellation; the sessions they chose', async () => {
    const seminar = await createSeminar(db, {
      title: '変更通知セミナー',
      mode: 'HYBRID',
      capacityOnline: 1,
      sessionChoice: true,
    })
    const second = await db.session.create({
      data: {
        seminarId: seminar.id,
        number: 2,
        startsAt: later(9 * 86400_000),
        endsAt: later(9 * 86400_000 + 3600_000),
      },
    })
    const first = await db.session.findFirstOrThrow({ where: { seminarId: seminar.id, number: 1 } })
    await register(db, { seminarId: seminar.id, ...participant({ mode: 'ONLINE' }), sessionIds: [first.id] })
    const mover = await register(db, { seminarId: seminar.id, ...participant(), sessionIds: [first.id] })
    const stayer = await register(db, { seminarId: seminar.id, ...participant(), sessionIds: [first.id] })
    await db.outboxMessage.deleteMany()
    const formOf = async (id: string) => {
      const r = await db.registration.findUniqueOrThrow({ where: { id } })
      return {
        name: r.name,
        furigana: r.furigana,
        organizationName: r.organizationName ?? undefined,
        corporateNumber: undefined,
        industry: 'E' as const,
        inCity: true,
        language: 'ja' as const,
        mode: r.mode,
        sessionIds: [first.id],
        acceptWaitlist: false,
      }
    }
    await changeOwnRegistration(db, mover.manageToken, {
      ...(await formOf(mover.id)),
      mode: 'ONLINE',
      acceptWaitlist: true,
    })
    await changeOwnRegistration(db, stayer.manageToken, {
      ...(await formOf(stayer.id)),
      sessionIds: [second.id],
    })
    expect(await deliverDueMessages(db, transport)).toEqual({ SENT: 2, RETRY: 0, FAILED: 0 })
    const mails = await smtp.waitFor(2)
    expect(mails.map((m) => m.subject)).toEqual([
      '【お申込み内容の変更】変更通知セミナー',
      '【お申込み内容の変更】変更通知セミナー',
    ])
    const to = (m: ParsedMail) => (m.to && !Array.isArray(m.to) ? m.to.value[0].address : null)
    const moverRow = await db.registration.findUniqueOrThrow({ where: { id: mover.id } })
    const waitingMail = mails.find((m) => to(m) === moverRow.email)!
    expect(waitingMail.text).toContain('現在キャンセル待ちです')
    expect(waitingMail.text).toMatch(/キャンセル待ち順位\s+1/)
    expect(waitingMail.text).toMatch(/参加方法\s+オンライン/)
    expect(waitingMail.text).toContain(`/r/${mover.manageToken}/change`)
    expect(waitingMail.attachments.some((a) => a.contentType === 'image/png')).toBe(false)
    expect(calendarOf(waitingMail)!.component.getFirstPropertyValue('method')).toBe('CANCEL')

    const seatMail = mails.find((m) => m !== waitingMail)!
    expect(seatMail.text).toContain('お申込み内容の変更を受け付けました')
    expect(seatMail.text).toContain(stayer.code)
    expect(seatMail.text).toMatch(/参加方法\s+会場/)
    // Only the session now chosen is listed.
    expect(seatMail.text).not.toContain('第1回')
    expect(seatMail.text).toContain('第2回')
    expect(seatMail.attachments.some((a) => a.contentType === 'image/png')).toBe(true)
    const seatCalendar = calendarOf(seatMail)!
    expect(seatCalendar.component.getFirstPropertyValue('method')).toBe('PUBLISH')
    // The session no longer chosen is cancelled in their calendar, as a newer version of the entries.
    expect(
      seatCalendar.events.map((e) => [
        Math.floor(e.startDate.toJSDate().getTime() / 1000),
        e.component.getFirstPropertyValue('status'),
      ]),
    ).toEqual([
      [Math.floor(first.startsAt.getTime() / 1000), 'CANCELLED'],
      [Math.floor(second.startsAt.getTime() / 1000), 'CONFIRMED'],
    ])
    expect(seatCalendar.events.map((e) => e.sequence)).toEqual([1, 1])
  })

  it('queues nothing when the registration is refused (the message belongs to the change)', async () => {
    const seminar = await createSeminar(db)
    const input = participant()
    await register(db, { seminarId: seminar.id, ...input })
    await expect(register(db, { seminarId: seminar.id, ...input, submissionKey: null })).rejects.toThrow()
    expect(await db.outboxMessage.count({ where: { seminarId: seminar.id } })).toBe(1)
  })

  it('sends a changed date as an update of the same calendar entries with a higher SEQUENCE', async () => {
    const seminar = await createSeminar(db)
    const r = await register(db, { seminarId: seminar.id, ...participant() })
    await deliverDueMessages(db, transport)
    const session = await db.session.findFirstOrThrow({ where: { seminarId: seminar.id } })
    const startsAt = new Date(session.startsAt.getTime() + 86400_000)
    await updateSession(
      db,
      seminar.id,
      session.id,
      {
        startsAt,
        endsAt: new Date(startsAt.getTime() + 7200_000),
        title: null,
        venueName: '市役所 本庁舎 5階',
      },
      null,
    )
    const changed = await db.outboxMessage.findFirstOrThrow({ where: { registrationId: r.id, kind: 'CHANGED' } })
    expect(changed.status).toBe('PENDING')
    await deliverDueMessages(db, transport)
    const [confirmation, update] = await smtp.waitFor(2)
    expect(update.subject).toMatch(/^【日時・会場の変更】/)
    expect(update.text).toContain('市役所 本庁舎 5階')
    const before = calendarOf(confirmation)!.events[0]
    const after = calendarOf(update)!.events[0]
    expect(after.uid).toBe(before.uid)
    expect(after.sequence).toBeGreaterThan(before.sequence)
    // Calendar times have whole seconds.
    expect(after.startDate.toJSDate().getTime()).toBe(Math.floor(startsAt.getTime() / 1000) * 1000)
  })

  it('cancels the calendar entries of everyone registered when the seminar is cancelled', async () => {
    const seminar = await createSeminar(db, { capacityInPerson: 1 })
    await register(db, { seminarId: seminar.id, ...participant() })
    await register(db, { seminarId: seminar.id, ...participant() })
    await deliverDueMessages(db, transport)
    smtp.received.length = 0
    expect(await cancelSeminar(db, seminar.id, userId, '講師急病のため')).toBe(true)
    expect(await cancelSeminar(db, seminar.id, userId, 'again')).toBe(false)
    await deliverDueMessages(db, transport)
    const mails = await smtp.waitFor(2)
    expect(mails).toHaveLength(2)
    for (const mail of mails) {
      expect(mail.subject).toMatch(/^【開催中止】/)
      const calendar = calendarOf(mail)!
      expect(calendar.component.getFirstPropertyValue('method')).toBe('CANCEL')
    }
    const audit = await db.auditEvent.findFirstOrThrow({ where: { action: 'seminar.cancel', entityId: seminar.id } })
    expect(JSON.parse(audit.detail)).toMatchObject({ reason: '講師急病のため', notified: 2 })
  })

  it('sends the organizer’s message to the chosen group only', async () => {
    const seminar = await createSeminar(db, { capacityInPerson: 1 })
    await register(db, { seminarId: seminar.id, ...participant() })
    const waiting = await register(db, { seminarId: seminar.id, ...participant() })
    await db.outboxMessage.deleteMany()
    const count = await sendOrganizerMessage(db, {
      seminarId: seminar.id,
      audience: 'WAITING',
      subject: '会場の追加について',
      body: '追加の会場を用意しました。',
      userId,
    })
    expect(count).toBe(1)
    await deliverDueMessages(db, transport)
    const [mail] = await smtp.waitFor(1)
    expect(mail.subject).toBe(`会場の追加について（${seminar.title}）`)
    expect(mail.text).toContain('追加の会場を用意しました。')
    expect(mail.text).toContain(`/r/${waiting.manageToken}`)
  })

  it('previews the organizer’s message as it will be received, in each language, and counts the recipients', async () => {
    const seminar = await createSeminar(db, { title: '確認つきのお知らせ', titleEn: 'Notice with a check' })
    await register(db, { seminarId: seminar.id, ...participant() })
    await register(db, { seminarId: seminar.id, ...participant({ language: 'en' }) })
    const draft = {
      seminarId: seminar.id,
      audience: 'ALL' as const,
      subject: '持ち物',
      body: '筆記用具をお持ちください。',
    }
    const preview = await previewOrganizerMessage(db, draft)
    expect(preview).toMatchObject({ count: 2, english: 1 })
    expect(preview.previews.map((p) => p.lang)).toEqual(['ja', 'en'])
    const [ja, en] = preview.previews
    expect(ja.subject).toBe('持ち物（確認つきのお知らせ）')
    expect(ja.text).toContain('筆記用具をお持ちください。')
    expect(ja.text).toContain('（参加者のお名前） 様')
    expect(ja.text).toContain('受け取る方ごとの、お申込みの確認・変更・キャンセル用リンク')
    expect(en.subject).toBe('持ち物 (Notice with a check)')
    // A preview queues nothing.
    expect(await db.outboxMessage.count({ where: { seminarId: seminar.id, kind: 'ORGANIZER' } })).toBe(0)
  })

  it('sends the test of a message to the staff member who asked, and to no registrant', async () => {
    const seminar = await createSeminar(db, { title: 'テスト送信のセミナー' })
    await register(db, { seminarId: seminar.id, ...participant() })
    await db.outboxMessage.deleteMany()
    const draft = { seminarId: seminar.id, audience: 'ALL' as const, subject: '会場変更', body: '3階に変わりました。' }
    await sendOrganizerTest(db, { ...draft, userId })
    expect(await deliverDueMessages(db, transport)).toEqual({ SENT: 1, RETRY: 0, FAILED: 0 })
    const [mail] = await smtp.waitFor(1)
    expect(mail.to && !Array.isArray(mail.to) ? mail.to.text : '').toContain('mail-admin@city.example.jp')
    expect(mail.subject).toBe('【テスト送信】会場変更（テスト送信のセミナー）')
    expect(mail.text).toContain('送信 管理 様')
    expect(mail.text).toContain('3階に変わりました。')
    // Not one of the seminar's messages to its participants.
    expect(await seminarMessages(db, seminar.id)).toMatchObject({ pending: 0, sent: 0 })
  })

  it('sends nothing when the audience is no longer as many people as the confirmation showed', async () => {
    const seminar = await createSeminar(db)
    await register(db, { seminarId: seminar.id, ...participant() })
    await db.outboxMessage.deleteMany()
    const input = { seminarId: seminar.id, audience: 'ALL' as const, subject: 's', body: 'b', userId }
    await register(db, { seminarId: seminar.id, ...participant() })
    await db.outboxMessage.deleteMany()
    expect(await sendOrganizerMessage(db, { ...input, expected: 1 })).toBeNull()
    expect(await db.outboxMessage.count({ where: { seminarId: seminar.id } })).toBe(0)
    expect(await sendOrganizerMessage(db, { ...input, expected: 2 })).toBe(2)
  })
})

describe('lottery messages (docs/decisions/0049-lottery.md)', () => {
  const slipOf = (m: ParsedMail) => m.attachments.find((a) => a.contentType === 'image/png')
  const to = (m: ParsedMail) => (m.to && !Array.isArray(m.to) ? m.to.value[0].address : null)

  it('receives an application with the draw time in Japan time and the link; no slip, no calendar', async () => {
    const seminar = await createSeminar(db, { title: '抽選セミナー' })
    const drawAt = new Date(Date.now() + 2 * 86400_000)
    await makeLottery(db, seminar.id, { drawAt })
    const r = await register(db, { seminarId: seminar.id, ...participant({ name: '抽選 一郎' }) })
    expect(r.status).toBe('APPLIED')
    await deliverDueMessages(db, transport)
    const [mail] = await smtp.waitFor(1)
    expect(mail.subject).toBe('【抽選お申込み受付】抽選セミナー')
    expect(mail.text).toContain('抽選 一郎 様')
    expect(mail.text).toContain(`抽選は ${formatDateTime(drawAt, 'ja')}（日本時間）に行い`)
    expect(mail.text).toContain(`■ 抽選日時\n  ${formatDateTime(drawAt, 'ja')}`)
    expect(mail.text).toContain(`/r/${r.manageToken}`)
    expect(mail.text).toContain(`/r/${r.manageToken}/change`)
    expect(slipOf(mail)).toBeUndefined()
    expect(calendarOf(mail)).toBeNull()
  })

  it('tells the winner with the slip, the calendar and the deadline to confirm, and the loser their reserve place', async () => {
    const seminar = await createSeminar(db, { title: '当選セミナー', capacityInPerson: 1 })
    await makeLottery(db, seminar.id, { confirmHours: 48 })
    const a = await register(db, { seminarId: seminar.id, ...participant() })
    const b = await register(db, { seminarId: seminar.id, ...participant() })
    const drawnAt = new Date()
    await drawLottery(db, seminar.id, { userId }, drawnAt)
    await db.outboxMessage.deleteMany({ where: { kind: 'LOTTERY_APPLIED' } })
    const rows = await db.registration.findMany({ where: { id: { in: [a.id, b.id] } } })
    const winner = rows.find((r) => r.status === 'CONFIRMED')!
    const reserve = rows.find((r) => r.status === 'WAITLISTED')!
    expect(winner.confirmBy).toEqual(new Date(drawnAt.getTime() + 48 * 3600_000))
    await deliverDueMessages(db, transport)
    const mails = await smtp.waitFor(2)
    const won = mails.find((m) => to(m) === winner.email)!
    expect(won.subject).toBe('【抽選結果・当選】当選セミナー')
    expect(won.text).toContain('抽選の結果、当選しました')
    expect(won.text).toContain(winner.code)
    expect(won.text).toContain(`■ 抽選番号\n  ${winner.lotteryNumber}`)
    expect(won.text).toContain(`${formatDateTime(winner.confirmBy!, 'ja')}（日本時間）までに`)
    expect(won.text).toContain(`参加を確定する:\n${'http'}`)
    expect(slipOf(won)?.cid).toBeTruthy()
    expect(calendarOf(won)!.component.getFirstPropertyValue('method')).toBe('PUBLISH')
    const lost = mails.find((m) => to(m) === reserve.email)!
    expect(lost.subject).toBe('【抽選結果・補欠】当選セミナー')
    expect(lost.text).toContain('補欠（1番目）')
    expect(lost.text).toMatch(/補欠順位\s+1/)
    expect(lost.text).toContain(`/r/${reserve.manageToken}`)
    expect(slipOf(lost)).toBeUndefined()
    expect(calendarOf(lost)).toBeNull()

    // Not confirmed by the deadline: the seat is released (mailed, calendar cancelled) and passes on.
    smtp.received.length = 0
    await db.outboxMessage.deleteMany()
    const lapsedAt = new Date(winner.confirmBy!.getTime() + 1000)
    expect(await lapseUnconfirmedWins(db, lapsedAt)).toBe(1)
    await deliverDueMessages(db, transport, lapsedAt)
    const after = await smtp.waitFor(2)
    const released = after.find((m) => to(m) === winner.email)!
    expect(released.subject).toBe('【キャンセル受付】当選セミナー')
    expect(released.text).toContain('期限までに参加の確定がなかったため、お席を取り消し')
    expect(calendarOf(released)!.component.getFirstPropertyValue('method')).toBe('CANCEL')
    expect(after.find((m) => to(m) === reserve.email)!.subject).toBe(
      '【参加確定】当選セミナー（キャンセル待ちから繰り上げ）',
    )
  })

  it('a win with nothing to confirm asks nothing; one not selected hears so, with no slip and no reserve place', async () => {
    const seminar = await createSeminar(db, { title: '落選セミナー', capacityInPerson: 1, waitlistEnabled: false })
    await makeLottery(db, seminar.id)
    const a = await register(db, { seminarId: seminar.id, ...participant() })
    const b = await register(db, { seminarId: seminar.id, ...participant() })
    await drawLottery(db, seminar.id, { userId })
    await db.outboxMessage.deleteMany({ where: { kind: 'LOTTERY_APPLIED' } })
    const rows = await db.registration.findMany({ where: { id: { in: [a.id, b.id] } } })
    const winner = rows.find((r) => r.status === 'CONFIRMED')!
    const loser = rows.find((r) => r.status === 'NOT_SELECTED')!
    await deliverDueMessages(db, transport)
    const mails = await smtp.waitFor(2)
    const won = mails.find((m) => to(m) === winner.email)!
    expect(won.text).not.toContain('参加を確定する')
    expect(slipOf(won)).toBeTruthy()
    const lost = mails.find((m) => to(m) === loser.email)!
    expect(lost.subject).toBe('【抽選結果】落選セミナー')
    expect(lost.text).toContain('まことに残念ながら落選')
    expect(lost.text).not.toContain('補欠')
    expect(lost.text).not.toContain(loser.code)
    expect(lost.text).not.toContain('/change')
    expect(slipOf(lost)).toBeUndefined()
    expect(calendarOf(lost)).toBeNull()
  })
})

describe('delivery', () => {
  it('keeps everything while the mail server is down and sends each message exactly once when it is back', async () => {
    const seminar = await createSeminar(db)
    for (let i = 0; i < 5; i++) await register(db, { seminarId: seminar.id, ...participant() })
    await smtp.stop()
    expect(await deliverDueMessages(db, transport)).toEqual({ SENT: 0, RETRY: 5, FAILED: 0 })
    const waiting = await db.outboxMessage.findMany({ where: { seminarId: seminar.id } })
    expect(waiting.every((m) => m.status === 'PENDING' && m.attempts === 1 && m.nextAttemptAt > new Date())).toBe(true)
    // Not due yet: nothing is tried again before the backoff.
    expect(await deliverDueMessages(db, transport)).toEqual({ SENT: 0, RETRY: 0, FAILED: 0 })
    await smtp.start()
    expect(await deliverDueMessages(db, transport, later(60_000))).toEqual({ SENT: 5, RETRY: 0, FAILED: 0 })
    expect(await deliverDueMessages(db, transport, later(3600_000))).toEqual({ SENT: 0, RETRY: 0, FAILED: 0 })
    const mails = await smtp.waitFor(5)
    expect(new Set(mails.map((m) => m.messageId))).toEqual(new Set(waiting.map((m) => m.messageId)))
    expect(mails).toHaveLength(5)
  })

  it('sends again, with the same Message-ID, a message whose worker crashed after sending it: nothing is lost', async () => {
    const seminar = await createSeminar(db)
    await register(db, { seminarId: seminar.id, ...participant() })
    const [claimed] = await claimDueMessages(db)
    // The worker sends it, then dies before it can mark it sent.
    const { renderMessage } = await import('./render.server')
    await transport.send((await renderMessage(db, claimed))!)
    // While its lease lasts, nobody else takes it.
    expect(await claimDueMessages(db)).toEqual([])
    expect(await deliverDueMessages(db, transport, later(LEASE_MS + 1000))).toEqual({ SENT: 1, RETRY: 0, FAILED: 0 })
    const mails = await smtp.waitFor(2)
    expect(mails.map((m) => m.messageId)).toEqual([claimed.messageId, claimed.messageId])
    expect((await db.outboxMessage.findUniqueOrThrow({ where: { id: claimed.id } })).status).toBe('SENT')
  })

  it('gives up on an address the server refuses, shows it on the seminar page, and sends it again on request', async () => {
    const seminar = await createSeminar(db)
    const input = participant({ email: 'nobody@example.jp' })
    const r = await register(db, { seminarId: seminar.id, ...input })
    smtp.refuse.add('nobody@example.jp')
    expect(await deliverDueMessages(db, transport)).toEqual({ SENT: 0, RETRY: 0, FAILED: 1 })
    const page = await seminarMessages(db, seminar.id)
    expect(page.failed).toHaveLength(1)
    expect(page.failed[0]).toMatchObject({ kind: 'CONFIRMED', registration: { email: 'nobody@example.jp' } })
    expect(page.failed[0].lastError).toMatch(/550/)
    smtp.refuse.clear()
    expect(await retryMessage(db, page.failed[0].id, seminar.id)).toBe(true)
    expect(await deliverDueMessages(db, transport)).toEqual({ SENT: 1, RETRY: 0, FAILED: 0 })
    expect((await smtp.waitFor(1))[0].text).toContain(r.code)
  })

  it('records nothing, and fails nothing, when the message was removed while it was being sent', async () => {
    const seminar = await createSeminar(db)
    await register(db, { seminarId: seminar.id, ...participant() })
    const [claimed] = await claimDueMessages(db)
    // Removed between the claim and the outcome (its registration anonymized, say).
    const slow: typeof transport = {
      async send(options) {
        await db.outboxMessage.delete({ where: { id: claimed.id } })
        return transport.send(options)
      },
      close: () => undefined,
    }
    expect(await deliver(db, slow, claimed)).toBe('SENT')
    expect(await smtp.waitFor(1)).toHaveLength(1)
    expect(await db.outboxMessage.count({ where: { id: claimed.id } })).toBe(0)
  })

  it('lets only one of several workers claim a message', async () => {
    const seminar = await createSeminar(db)
    for (let i = 0; i < 6; i++) await register(db, { seminarId: seminar.id, ...participant() })
    const claims = await Promise.all(Array.from({ length: 4 }, () => claimDueMessages(db, new Date(), 6)))
    const ids = claims.flat().map((m) => m.id)
    expect(ids).toHaveLength(6)
    expect(new Set(ids).size).toBe(6)
    for (const m of claims.flat()) await deliver(db, transport, m)
    expect(await smtp.waitFor(6)).toHaveLength(6)
  })
})

describe('reminders and thank-yous', () => {
  const jst = (local: string) => new Date(`${local}+09:00`)

  it('go out at the right Japan time', () => {
    expect(reminderTime(jst('2026-06-10T14:00'), 1)).toEqual(jst('2026-06-09T09:00'))
    // Just after midnight in Japan it is still the previous day in UTC: the Japan date counts.
    expect(reminderTime(jst('2026-06-10T00:30'), 1)).toEqual(jst('2026-06-09T09:00'))
    expect(reminderTime(jst('2026-06-15T10:00'), 3)).toEqual(jst('2026-06-12T09:00'))
    expect(thankYouTime(jst('2026-06-10T23:30'))).toEqual(jst('2026-06-11T10:00'))
  })

  it('queues each session’s reminders once, for confirmed participants, at 09:00 Japan time the day before', async () => {
    const start = jst('2031-05-20T14:00')
    const seminar = await createSeminar(db, {}, new Date(start.getTime() - 7 * 86400_000))
    // The factory's session starts a week after `now`: at `start`.
    const session = await db.session.findFirstOrThrow({ where: { seminarId: seminar.id } })
    expect(session.startsAt).toEqual(start)
    const registrations = await Promise.all(
      [0, 1].map(() =>
        register(db, { seminarId: seminar.id, ...participant() }, new Date(start.getTime() - 5 * 86400_000)),
      ),
    )
    await db.outboxMessage.deleteMany()
    expect(await queueReminders(db, jst('2031-05-19T08:59'), 1)).toBe(0)
    expect(await Promise.all([0, 1, 2].map(() => queueReminders(db, jst('2031-05-19T09:00'), 1)))).toContain(2)
    expect(await queueReminders(db, jst('2031-05-19T12:00'), 1)).toBe(0)
    const reminders = await db.outboxMessage.findMany({ where: { kind: 'REMINDER' } })
    expect(reminders.map((m) => m.registrationId).sort()).toEqual(registrations.map((r) => r.id).sort())
    expect(reminders.every((m) => m.sessionId === session.id)).toBe(true)
    await deliverDueMessages(db, transport, jst('2031-05-19T09:00'))
    const [mail] = await smtp.waitFor(2)
    expect(mail.subject).toMatch(/^【開催のご案内】/)
    expect(mail.text).toContain('2031')
  })

  it('reminds those who chose sessions of their sessions only', async () => {
    const start = jst('2032-06-15T14:00')
    const seminar = await createSeminar(db, { sessionChoice: true }, new Date(start.getTime() - 7 * 86400_000))
    const first = await db.session.findFirstOrThrow({ where: { seminarId: seminar.id } })
    const second = await db.session.create({
      data: {
        seminarId: seminar.id,
        number: 2,
        startsAt: new Date(start.getTime() + 7 * 86400_000),
        endsAt: new Date(start.getTime() + 7 * 86400_000 + 3600_000),
      },
    })
    const registeredAt = new Date(start.getTime() - 5 * 86400_000)
    const both = await register(
      db,
      { seminarId: seminar.id, ...participant(), sessionIds: [first.id, second.id] },
      registeredAt,
    )
    const secondOnly = await register(
      db,
      { seminarId: seminar.id, ...participant(), sessionIds: [second.id] },
      registeredAt,
    )
    await db.outboxMessage.deleteMany()
    expect(await queueReminders(db, jst('2032-06-14T09:00'), 1)).toBe(1)
    expect((await db.outboxMessage.findMany({ where: { kind: 'REMINDER' } })).map((m) => m.registrationId)).toEqual([
      both.id,
    ])
    expect(await queueReminders(db, jst('2032-06-21T09:00'), 1)).toBe(2)
    const forSecond = await db.outboxMessage.findMany({ where: { kind: 'REMINDER', sessionId: second.id } })
    expect(forSecond.map((m) => m.registrationId).sort()).toEqual([both.id, secondOnly.id].sort())
  })

  it('thanks those who attended, the day after the last session, with the materials link', async () => {
    const seminar = await createSeminar(db, { materialsUrl: 'https://city.example.jp/materials/dx.pdf' })
    const session = await db.session.findFirstOrThrow({ where: { seminarId: seminar.id } })
    const came = await register(db, { seminarId: seminar.id, ...participant() })
    await register(db, { seminarId: seminar.id, ...participant() })
    await checkIn(db, { sessionId: session.id, code: came.code, source: 'QR', userId })
    await db.outboxMessage.deleteMany()
    const dayAfter = thankYouTime(session.endsAt)
    expect(await queueThankYous(db, new Date(dayAfter.getTime() - 60_000))).toBe(0)
    expect(await queueThankYous(db, dayAfter)).toBe(1)
    expect(await queueThankYous(db, dayAfter)).toBe(0)
    await deliverDueMessages(db, transport, dayAfter)
    const [mail] = await smtp.waitFor(1)
    expect(mail.subject).toMatch(/^【ご参加のお礼】/)
    expect(mail.text).toContain('https://city.example.jp/materials/dx.pdf')
  })

  it('does not thank people who came in through a spreadsheet import: an import sends no mail unasked', async () => {
    const seminar = await createSeminar(db)
    const session = await db.session.findFirstOrThrow({ where: { seminarId: seminar.id } })
    const online = await register(db, { seminarId: seminar.id, ...participant() })
    const imported = await register(db, { seminarId: seminar.id, ...participant() })
    await db.registration.update({ where: { id: imported.id }, data: { source: 'IMPORT', consentedAt: null } })
    for (const r of [online, imported]) await checkIn(db, { sessionId: session.id, code: r.code, source: 'QR', userId })
    await db.outboxMessage.deleteMany()
    expect(await queueThankYous(db, thankYouTime(session.endsAt))).toBe(1)
    const thanked = await db.outboxMessage.findMany({ where: { kind: 'THANK_YOU' } })
    expect(thanked.map((m) => m.registrationId)).toEqual([online.id])
  })
})
