import crypto from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createSeminar, participant } from '../../../tests/support/factories'
import { createTestDb } from '../../../tests/support/test-db'
import type { Db } from '~/utils/db.server'
import { createConsoleUser } from '../accounts/console-users.server'
import { OnBehalfSchema, type OnBehalfForm } from './on-behalf-schema'
import { cancelOnBehalf, registerOnBehalf, registrationOfSeminar, registrationSlip } from './on-behalf.server'
import { cancelRegistration, register } from './registrations.server'

let db: Db
let drop: () => Promise<void>
let userId: string
beforeAll(async () => {
  ;({ db, drop } = await createTestDb())
  userId = (
    await createConsoleUser(db, { email: 'behalf@city.example.jp', name: '代理', password: 'a long password 1' })
  ).id
})
afterAll(async () => drop())

describe('cancelling on a participant’s behalf', () => {
  it('cancels the seminar’s registration, once', async () => {
    const seminar = await createSeminar(db)
    const r = await register(db, { seminarId: seminar.id, ...participant() })
    expect(await cancelOnBehalf(db, { seminarId: seminar.id, registrationId: r.id, userId })).toBe(0)
    const after = await db.registration.findUniqueOrThrow({ where: { id: r.id } })
    expect(after).toMatchObject({ status: 'CANCELLED', cancelledBy: 'ORGANIZER' })
    // Sent twice (a double click): nothing more happens.
    expect(await cancelOnBehalf(db, { seminarId: seminar.id, registrationId: r.id, userId })).toBe(0)
  })

  it('does not find a registration of another seminar, which stays as it was', async () => {
    const a = await createSeminar(db)
    const b = await createSeminar(db)
    const r = await register(db, { seminarId: a.id, ...participant() })
    await expect(registrationOfSeminar(db, b.id, r.id)).rejects.toMatchObject({ code: 'REGISTRATION_NOT_FOUND' })
    await expect(cancelOnBehalf(db, { seminarId: b.id, registrationId: r.id, userId })).rejects.toMatchObject({
      code: 'REGISTRATION_NOT_FOUND',
    })
    expect((await db.registration.findUniqueOrThrow({ where: { id: r.id } })).status).toBe('CONFIRMED')
  })
})

const DAY = 86400_000

/** A form as staff fill it in (parsed by the route's schema, as the action does). */
function onBehalf(fields: Record<string, string>): OnBehalfForm {
  const parsed = OnBehalfSchema.safeParse({
    name: '田中 一郎',
    furigana: 'たなか いちろう',
    industry: 'E',
    inCity: 'yes',
    mode: 'IN_PERSON',
    submissionKey: crypto.randomUUID(),
    ...fields,
  })
  if (!parsed.success) throw new Error(JSON.stringify(parsed.error.flatten().fieldErrors))
  return parsed.data
}

describe('registering on someone’s behalf (phone, fax, counter, paper)', () => {
  it('takes a seat outside the public window, records who entered it and no consent, and mails only when asked', async () => {
    const now = new Date()
    // The public window closed yesterday: the form refuses, staff do not.
    const seminar = await createSeminar(db, {
      registrationOpensAt: new Date(now.getTime() - 10 * DAY),
      registrationClosesAt: new Date(now.getTime() - DAY),
    })
    await expect(register(db, { seminarId: seminar.id, ...participant() }, now)).rejects.toMatchObject({
      code: 'REGISTRATION_CLOSED',
    })
    const mailed = await registerOnBehalf(
      db,
      { seminarId: seminar.id, form: onBehalf({ email: 'ichiro@example.jp', sendMail: 'on' }), userId },
      now,
    )
    const printed = await registerOnBehalf(
      db,
      {
        seminarId: seminar.id,
        form: onBehalf({ name: '鈴木 花', furigana: 'すずき はな', email: 'hana@example.jp' }),
        userId,
      },
      now,
    )
    expect(mailed.status).toBe('CONFIRMED')
    expect(await db.registration.findUniqueOrThrow({ where: { id: mailed.id } })).toMatchObject({
      source: 'CONSOLE',
      enteredById: userId,
      consentedAt: null,
      privacyVersion: null,
    })
    const kinds = async (registrationId: string) =>
      (await db.outboxMessage.findMany({ where: { registrationId } })).map((m) => m.kind)
    expect(await kinds(mailed.id)).toEqual(['CONFIRMED'])
    expect(await kinds(printed.id)).toEqual([])
    const audit = await db.auditEvent.findFirstOrThrow({
      where: { action: 'registration.on-behalf', entityId: mailed.id },
    })
    expect(audit.actorId).toBe(userId)
    expect(JSON.parse(audit.detail)).toMatchObject({ seminarId: seminar.id, status: 'CONFIRMED', mailed: true })
  })

  it('registers someone without email, known by name, furigana and organization or phone, and refuses them twice', async () => {
    const seminar = await createSeminar(db)
    const byPhone = await registerOnBehalf(db, {
      seminarId: seminar.id,
      form: onBehalf({ phone: '03-1234-5678', sendMail: 'on' }),
      userId,
    })
    const stored = await db.registration.findUniqueOrThrow({ where: { id: byPhone.id } })
    expect(stored).toMatchObject({ email: '', phone: '03-1234-5678', status: 'CONFIRMED' })
    // No address: nothing is queued although mail was ticked.
    expect(await db.outboxMessage.count({ where: { registrationId: byPhone.id } })).toBe(0)
    // The same person typed another way (katakana, full-width digits) is the same person.
    await expect(
      registerOnBehalf(db, {
        seminarId: seminar.id,
        form: onBehalf({ name: '田中一郎', furigana: 'タナカ イチロウ', phone: '０３（１２３４）５６７８' }),
        userId,
      }),
    ).rejects.toMatchObject({ code: 'ALREADY_REGISTERED_HERE' })
    // A namesake of another company is someone else.
    const namesake = await registerOnBehalf(db, {
      seminarId: seminar.id,
      form: onBehalf({ organizationName: '株式会社乙' }),
      userId,
    })
    expect(namesake.status).toBe('CONFIRMED')
    // And the email of a web registration is the same person as on the form.
    await register(db, { seminarId: seminar.id, ...participant({ email: 'web@example.jp' }) })
    await expect(
      registerOnBehalf(db, { seminarId: seminar.id, form: onBehalf({ email: 'WEB@example.jp' }), userId }),
    ).rejects.toMatchObject({ code: 'ALREADY_REGISTERED_HERE' })
    // Across seminars the person without email is counted once (実人数).
    const other = await createSeminar(db)
    const again = await registerOnBehalf(db, {
      seminarId: other.id,
      form: onBehalf({ phone: '03 1234 5678' }),
      userId,
    })
    const person = async (id: string) => (await db.registration.findUniqueOrThrow({ where: { id } })).personId
    expect(await person(again.id)).toBe(await person(byPhone.id))
    expect(await person(namesake.id)).not.toBe(await person(byPhone.id))
  })

  it('needs an organization or a phone when there is no email', () => {
    const result = OnBehalfSchema.safeParse({
      name: '田中 一郎',
      industry: 'E',
      inCity: 'no',
      mode: 'IN_PERSON',
      submissionKey: crypto.randomUUID(),
    })
    expect(result.success).toBe(false)
    expect(result.error?.flatten().fieldErrors.phone).toEqual(['contactRequired'])
    expect(OnBehalfSchema.safeParse({ ...onBehalf({ phone: '03-1234-5678' }), phone: 'call me' }).success).toBe(false)
    expect(OnBehalfSchema.safeParse({ ...onBehalf({ phone: '03-1234-5678' }), phone: '------' }).success).toBe(false)
    // As a Japanese keyboard types it: full-width digits and a minus sign or a long vowel mark.
    expect(onBehalf({ phone: '０３−１２３４ー５６７８' }).phone).toBe('03-1234-5678')
  })

  it('puts them on the waiting list when full, moves them up without mail when they have no email, and refuses when there is no list', async () => {
    const seminar = await createSeminar(db, { capacityInPerson: 1 })
    const first = await register(db, { seminarId: seminar.id, ...participant() })
    const waiting = await registerOnBehalf(db, {
      seminarId: seminar.id,
      form: onBehalf({ phone: '090-0000-0001' }),
      userId,
    })
    expect(waiting).toMatchObject({ status: 'WAITLISTED', waitlistPosition: 1 })
    const slip = await registrationSlip(db, seminar.id, waiting.id)
    // A waiting person's slip carries no QR code: it would not let them in.
    expect(slip).toMatchObject({ status: 'WAITLISTED', waitlistPosition: 1, qr: null })
    expect(slip).not.toHaveProperty('checkinToken')
    await cancelRegistration(db, first.id, { by: 'PARTICIPANT' })
    const moved = await db.registration.findUniqueOrThrow({ where: { id: waiting.id } })
    expect(moved.status).toBe('CONFIRMED')
    expect(await db.outboxMessage.count({ where: { registrationId: waiting.id } })).toBe(0)
    expect((await registrationSlip(db, seminar.id, waiting.id)).qr).toMatch(/^data:image\/png;base64,/)

    const noList = await createSeminar(db, { capacityInPerson: 1, waitlistEnabled: false })
    await register(db, { seminarId: noList.id, ...participant() })
    await expect(
      registerOnBehalf(db, { seminarId: noList.id, form: onBehalf({ phone: '090-0000-0002' }), userId }),
    ).rejects.toMatchObject({ code: 'SEMINAR_FULL' })
  })

  it('refuses a cancelled seminar, and a form sent twice registers once', async () => {
    const cancelled = await createSeminar(db, { status: 'CANCELLED' })
    await expect(
      registerOnBehalf(db, { seminarId: cancelled.id, form: onBehalf({ phone: '090-0000-0003' }), userId }),
    ).rejects.toMatchObject({ code: 'REGISTRATION_CLOSED' })
    const seminar = await createSeminar(db)
    const form = onBehalf({ email: 'twice@example.jp' })
    const a = await registerOnBehalf(db, { seminarId: seminar.id, form, userId })
    const b = await registerOnBehalf(db, { seminarId: seminar.id, form, userId })
    expect(b.id).toBe(a.id)
    expect(await db.registration.count({ where: { seminarId: seminar.id } })).toBe(1)
    expect(await db.auditEvent.count({ where: { action: 'registration.on-behalf', entityId: a.id } })).toBe(1)
  })
})
