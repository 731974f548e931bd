import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createSeminar, participant } from '../../../tests/support/factories'
import { createTestDb } from '../../../tests/support/test-db'
import type { Db } from '~/utils/db.server'
import { createConsoleUser } from '../accounts/console-users.server'
import { register } from '../registration/registrations.server'
import { cancelSeminarForm, sessionDeletion } from '../scheduling/seminar-editing.server'
import { previewOrganizerMessage, sendOrganizerMessage } from './organizer.server'

let db: Db
let drop: () => Promise<void>
let userId: string
beforeAll(async () => {
  ;({ db, drop } = await createTestDb())
  userId = (
    await createConsoleUser(db, { email: 'unmailed@city.example.jp', name: '電話 係', password: 'a long password 1' })
  ).id
})
afterAll(async () => drop())

/** Taken by staff without an email (ADR 0033): nothing can be mailed to them. */
const byPhone = (seminarId: string, fields: Record<string, unknown>) =>
  register(db, {
    seminarId,
    ...participant({ email: '', source: 'CONSOLE', enteredById: userId, sendMail: false, ...fields }),
  })

describe('who a message, a cancellation or a schedule change reaches by email, and who staff must call', () => {
  it('mails those with an email and lists the others of the same audience with their phone', async () => {
    const seminar = await createSeminar(db, { capacityInPerson: 2 })
    const mailedConfirmed = await register(db, { seminarId: seminar.id, ...participant() })
    await byPhone(seminar.id, {
      name: '電話 花子',
      furigana: 'でんわ はなこ',
      organizationName: '山田商店',
      phone: '03-1111-2222',
    })
    // The seminar is full: these two wait (one known by organization only, without a phone).
    await byPhone(seminar.id, {
      name: '窓口 次郎',
      furigana: 'まどぐち じろう',
      organizationName: '窓口商会',
      phone: null,
    })
    const mailedWaiting = await register(db, { seminarId: seminar.id, ...participant() })
    // A cancelled registration without email is nobody's concern any more.
    const gone = await byPhone(seminar.id, { name: '取消 三郎', furigana: 'とりけし', phone: '03-9999-0000' })
    await db.registration.update({ where: { id: gone.id }, data: { status: 'CANCELLED' } })

    const hanako = { name: '電話 花子', organizationName: '山田商店', phone: '03-1111-2222' }
    const jiro = { name: '窓口 次郎', organizationName: '窓口商会', phone: null }
    const draft = { seminarId: seminar.id, subject: '持ち物', body: '筆記用具をお持ちください。' }

    const all = await previewOrganizerMessage(db, { ...draft, audience: 'ALL' })
    expect(all.count).toBe(2)
    expect(all.unmailed).toMatchObject([hanako, jiro])
    const confirmed = await previewOrganizerMessage(db, { ...draft, audience: 'CONFIRMED' })
    expect(confirmed.count).toBe(1)
    expect(confirmed.unmailed).toMatchObject([hanako])
    const waiting = await previewOrganizerMessage(db, { ...draft, audience: 'WAITING' })
    expect(waiting.count).toBe(1)
    expect(waiting.unmailed).toMatchObject([jiro])
    // Nobody attended yet: nobody to mail or to call.
    expect(await previewOrganizerMessage(db, { ...draft, audience: 'ATTENDED' })).toMatchObject({
      count: 0,
      unmailed: [],
    })

    // The count on the send button is the number mailed: those with an email, and only them.
    await db.outboxMessage.deleteMany({ where: { seminarId: seminar.id } })
    expect(await sendOrganizerMessage(db, { ...draft, audience: 'ALL', userId, expected: all.count })).toBe(2)
    const queued = await db.outboxMessage.findMany({
      where: { seminarId: seminar.id },
      select: { registrationId: true },
    })
    expect(queued.map((m) => m.registrationId).sort()).toEqual([mailedConfirmed.id, mailedWaiting.id].sort())

    // The cancellation and the schedule change tell everyone holding a place: the same split.
    expect(await cancelSeminarForm(db, seminar.id)).toMatchObject({ notified: 2, unmailed: [hanako, jiro] })
    const session = await db.session.findFirstOrThrow({ where: { seminarId: seminar.id } })
    expect(await sessionDeletion(db, session.id)).toMatchObject({ notified: 2, unmailed: [hanako, jiro] })
  })
})
