import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createSeminar, participant } from '../../../tests/support/factories'
import { createTestDb } from '../../../tests/support/test-db'
import type { Db } from '~/utils/db.server'
import { isAppError } from '~/utils/errors'
import { normalizeOrganizationName } from './identity'
import { cancelRegistration, fillFreeSeats, register } from './registrations.server'
import { PRIVACY_VERSION } from '../privacy/notice'

let db: Db
let drop: () => Promise<void>
beforeAll(async () => {
  ;({ db, drop } = await createTestDb())
})
afterAll(async () => drop())

async function expectDomainError(promise: Promise<unknown>, code: string) {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  )
  expect(isAppError(error) ? error.code : error).toBe(code)
}

async function queue(seminarId: string) {
  return db.registration.findMany({
    where: { seminarId, status: 'WAITLISTED' },
    orderBy: { waitlistPosition: 'asc' },
    select: { id: true, waitlistPosition: true },
  })
}

describe('seat allocation', () => {
  it('gives 50 seats to 200 simultaneous registrations and queues 150 in order', async () => {
    const seminar = await createSeminar(db, { capacityInPerson: 50 })
    const outcomes = await Promise.all(
      Array.from({ length: 200 }, () => register(db, { seminarId: seminar.id, ...participant() })),
    )
    const confirmed = outcomes.filter((o) => o.status === 'CONFIRMED')
    const waiting = outcomes.filter((o) => o.status === 'WAITLISTED')
    expect(confirmed).toHaveLength(50)
    expect(waiting).toHaveLength(150)
    expect(waiting.map((w) => w.waitlistPosition).sort((a, b) => a! - b!)).toEqual(
      Array.from({ length: 150 }, (_, i) => i + 1),
    )
    // What each person was told is what is stored.
    const stored = await queue(seminar.id)
    expect(stored.map((r) => r.waitlistPosition)).toEqual(Array.from({ length: 150 }, (_, i) => i + 1))
    const told = new Map(waiting.map((w) => [w.id, w.waitlistPosition]))
    for (const r of stored) expect(told.get(r.id)).toBe(r.waitlistPosition)
    const after = await db.seminar.findUniqueOrThrow({ where: { id: seminar.id } })
    expect(after.seatsTakenInPerson).toBe(50)
    expect(await db.registration.count({ where: { seminarId: seminar.id, status: 'CONFIRMED' } })).toBe(50)
    expect(new Set(outcomes.map((o) => o.code)).size).toBe(200)
  }, 60_000)

  it('promotes the first waiting person when a confirmed one cancels, and closes the gap', async () => {
    const seminar = await createSeminar(db, { capacityInPerson: 2 })
    const [a] = [await register(db, { seminarId: seminar.id, ...participant() })]
    await register(db, { seminarId: seminar.id, ...participant() })
    const w1 = await register(db, { seminarId: seminar.id, ...participant() })
    const w2 = await register(db, { seminarId: seminar.id, ...participant() })
    const w3 = await register(db, { seminarId: seminar.id, ...participant() })
    expect([w1.waitlistPosition, w2.waitlistPosition, w3.waitlistPosition]).toEqual([1, 2, 3])

    const { promoted } = await cancelRegistration(db, a.id, { by: 'PARTICIPANT' })
    expect(promoted).toEqual([w1.id])
    const w1After = await db.registration.findUniqueOrThrow({ where: { id: w1.id } })
    expect(w1After).toMatchObject({ status: 'CONFIRMED', waitlistPosition: null })
    expect(w1After.promotedAt).toBeInstanceOf(Date)
    expect((await queue(seminar.id)).map((r) => [r.id, r.waitlistPosition])).toEqual([
      [w2.id, 1],
      [w3.id, 2],
    ])
    const after = await db.seminar.findUniqueOrThrow({ where: { id: seminar.id } })
    expect(after.seatsTakenInPerson).toBe(2)
  })

  it('renumbers the queue when a waiting person cancels, without promoting anyone', async () => {
    const seminar = await createSeminar(db, { capacityInPerson: 1 })
    await register(db, { seminarId: seminar.id, ...participant() })
    const w1 = await register(db, { seminarId: seminar.id, ...participant() })
    const w2 = await register(db, { seminarId: seminar.id, ...participant() })
    const { promoted } = await cancelRegistration(db, w1.id, { by: 'PARTICIPANT' })
    expect(promoted).toEqual([])
    expect((await queue(seminar.id)).map((r) => [r.id, r.waitlistPosition])).toEqual([[w2.id, 1]])
  })

  it('records an organizer cancellation with who did it', async () => {
    const seminar = await createSeminar(db, { capacityInPerson: 5 })
    const user = await db.consoleUser.create({
      data: { email: `o${Date.now()}@city.example.jp`, name: '担当', passwordHash: 'x' },
    })
    const r = await register(db, { seminarId: seminar.id, ...participant() })
    await cancelRegistration(db, r.id, { by: 'ORGANIZER', userId: user.id })
    expect(await db.registration.findUniqueOrThrow({ where: { id: r.id } })).toMatchObject({
      status: 'CANCELLED',
      cancelledBy: 'ORGANIZER',
      cancelledByUserId: user.id,
      activeEmailKey: null,
    })
    expect(
      await db.auditEvent.count({ where: { entityId: r.id, action: 'registration.cancel', actorId: user.id } }),
    ).toBe(1)
    await expectDomainError(cancelRegistration(db, r.id, { by: 'PARTICIPANT' }), 'ALREADY_CANCELLED')
  })

  it('keeps seats exact when cancellations and registrations race, seating the waiting first', async () => {
    const seminar = await createSeminar(db, { capacityInPerson: 10 })
    const first = []
    for (let i = 0; i < 30; i++) first.push(await register(db, { seminarId: seminar.id, ...participant() }))
    const confirmed = first.filter((o) => o.status === 'CONFIRMED').slice(0, 5)
    const waitingBefore = first.filter((o) => o.status === 'WAITLISTED').map((o) => o.id)
    const newcomers = await Promise.all([
      ...confirmed.map((c) => cancelRegistration(db, c.id, { by: 'PARTICIPANT' }).then(() => null)),
      ...Array.from({ length: 10 }, () => register(db, { seminarId: seminar.id, ...participant() })),
    ])
    const after = await db.seminar.findUniqueOrThrow({ where: { id: seminar.id } })
    const seated = await db.registration.findMany({
      where: { seminarId: seminar.id, status: 'CONFIRMED' },
      select: { id: true },
    })
    expect(seated).toHaveLength(10)
    expect(after.seatsTakenInPerson).toBe(10)
    // The five freed seats went to the first five who were waiting, not to newcomers.
    expect(seated.map((r) => r.id)).toEqual(expect.arrayContaining(waitingBefore.slice(0, 5)))
    for (const n of newcomers) if (n) expect(n.status).toBe('WAITLISTED')
    const positions = (await queue(seminar.id)).map((r) => r.waitlistPosition)
    expect(positions).toEqual(Array.from({ length: 30 + 10 - 5 - 10 }, (_, i) => i + 1))
  })

  it('never lets a newcomer take a freed seat from the first person waiting', async () => {
    for (let round = 0; round < 20; round++) {
      const seminar = await createSeminar(db, { capacityInPerson: 1 })
      const seated = await register(db, { seminarId: seminar.id, ...participant() })
      const waiting = await register(db, { seminarId: seminar.id, ...participant() })
      const [, newcomer] = await Promise.all([
        cancelRegistration(db, seated.id, { by: 'PARTICIPANT' }),
        register(db, { seminarId: seminar.id, ...participant() }),
      ])
      expect((await db.registration.findUniqueOrThrow({ where: { id: waiting.id } })).status).toBe('CONFIRMED')
      // What register() answered is a snapshot (the promotion may close the gap just after):
      // the invariant is the queue once both are done.
      expect(newcomer.status).toBe('WAITLISTED')
      expect(await db.registration.findUniqueOrThrow({ where: { id: newcomer.id } })).toMatchObject({
        status: 'WAITLISTED',
        waitlistPosition: 1,
      })
    }
  })

  it('promotes only into the formats the seminar still offers', async () => {
    const seminar = await createSeminar(db, { mode: 'HYBRID', capacityInPerson: 1, capacityOnline: 1 })
    await register(db, { seminarId: seminar.id, ...participant({ mode: 'IN_PERSON' }) })
    const waitingInPerson = await register(db, { seminarId: seminar.id, ...participant({ mode: 'IN_PERSON' }) })
    await db.seminar.update({ where: { id: seminar.id }, data: { mode: 'ONLINE', capacityInPerson: null } })
    expect(await fillFreeSeats(db, seminar.id)).toEqual([])
    expect((await db.registration.findUniqueOrThrow({ where: { id: waitingInPerson.id } })).status).toBe('WAITLISTED')
  })

  it('refuses when full and the seminar keeps no waiting list', async () => {
    const seminar = await createSeminar(db, { capacityInPerson: 1, waitlistEnabled: false })
    await register(db, { seminarId: seminar.id, ...participant() })
    await expectDomainError(register(db, { seminarId: seminar.id, ...participant() }), 'SEMINAR_FULL')
    expect(await db.registration.count({ where: { seminarId: seminar.id } })).toBe(1)
  })

  it('keeps separate seats and queues per mode in a hybrid seminar', async () => {
    const seminar = await createSeminar(db, { mode: 'HYBRID', capacityInPerson: 1, capacityOnline: 2 })
    const a = await register(db, { seminarId: seminar.id, ...participant({ mode: 'IN_PERSON' }) })
    const b = await register(db, { seminarId: seminar.id, ...participant({ mode: 'IN_PERSON' }) })
    const c = await register(db, { seminarId: seminar.id, ...participant({ mode: 'ONLINE' }) })
    expect([a.status, b.status, b.waitlistPosition, c.status]).toEqual(['CONFIRMED', 'WAITLISTED', 1, 'CONFIRMED'])
  })

  it('has no limit for a mode without capacity', async () => {
    const seminar = await createSeminar(db, { mode: 'ONLINE', capacityInPerson: null, capacityOnline: null })
    const all = await Promise.all(
      Array.from({ length: 20 }, () => register(db, { seminarId: seminar.id, ...participant({ mode: 'ONLINE' }) })),
    )
    expect(all.every((o) => o.status === 'CONFIRMED')).toBe(true)
  })
})

describe('registration rules', () => {
  it('records the consent to the privacy notice given on the public form, and none for staff entries', async () => {
    const seminar = await createSeminar(db)
    const now = new Date()
    const web = await register(db, { seminarId: seminar.id, ...participant() }, now)
    const byStaff = await register(db, { seminarId: seminar.id, ...participant(), source: 'CONSOLE' }, now)
    expect(await db.registration.findUniqueOrThrow({ where: { id: web.id } })).toMatchObject({
      consentedAt: now,
      privacyVersion: PRIVACY_VERSION,
    })
    expect(await db.registration.findUniqueOrThrow({ where: { id: byStaff.id } })).toMatchObject({
      consentedAt: null,
      privacyVersion: null,
    })
  })

  it('refuses a second active registration with the same email, in any spelling', async () => {
    const seminar = await createSeminar(db)
    await register(db, { seminarId: seminar.id, ...participant({ email: 'hanako@example.jp' }) })
    await expectDomainError(
      register(db, { seminarId: seminar.id, ...participant({ email: ' HANAKO@Example.jp' }) }),
      'DUPLICATE_EMAIL',
    )
    expect(await db.registration.count({ where: { seminarId: seminar.id } })).toBe(1)
  })

  it('refuses duplicate emails submitted at the same moment', async () => {
    const seminar = await createSeminar(db)
    const results = await Promise.allSettled(
      Array.from({ length: 5 }, () =>
        register(db, { seminarId: seminar.id, ...participant({ email: 'same@example.jp' }) }),
      ),
    )
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1)
    for (const r of results.filter((r) => r.status === 'rejected')) {
      expect(isAppError((r as PromiseRejectedResult).reason, 'DUPLICATE_EMAIL')).toBe(true)
    }
  })

  it('allows registering again after cancelling', async () => {
    const seminar = await createSeminar(db)
    const first = await register(db, { seminarId: seminar.id, ...participant({ email: 'again@example.jp' }) })
    await cancelRegistration(db, first.id, { by: 'PARTICIPANT' })
    const second = await register(db, { seminarId: seminar.id, ...participant({ email: 'again@example.jp' }) })
    expect(second.status).toBe('CONFIRMED')
  })

  it('creates one registration when the same form is submitted twice, even at once', async () => {
    const seminar = await createSeminar(db)
    const form = participant()
    const [x, y] = await Promise.all([
      register(db, { seminarId: seminar.id, ...form }),
      register(db, { seminarId: seminar.id, ...form }),
    ])
    const again = await register(db, { seminarId: seminar.id, ...form })
    expect(new Set([x.id, y.id, again.id]).size).toBe(1)
    expect(again.created).toBe(false)
    expect(await db.registration.count({ where: { seminarId: seminar.id } })).toBe(1)
  })

  it('treats a form changed after going back as a new registration', async () => {
    const seminar = await createSeminar(db)
    const form = participant({ email: 'typo@example.jp' })
    const first = await register(db, { seminarId: seminar.id, ...form })
    const corrected = await register(db, { seminarId: seminar.id, ...form, email: 'right@example.jp' })
    expect(corrected.id).not.toBe(first.id)
    expect(corrected.created).toBe(true)
    expect(await db.registration.count({ where: { seminarId: seminar.id } })).toBe(2)
  })

  it('refuses outside the registration window', async () => {
    const now = new Date()
    const notYet = await createSeminar(db, { registrationOpensAt: new Date(now.getTime() + 3600_000) })
    await expectDomainError(register(db, { seminarId: notYet.id, ...participant() }), 'REGISTRATION_NOT_OPEN')
    const over = await createSeminar(db, { registrationClosesAt: new Date(now.getTime() - 1000) })
    await expectDomainError(register(db, { seminarId: over.id, ...participant() }), 'REGISTRATION_CLOSED')
    expect(await db.registration.count({ where: { seminarId: { in: [notYet.id, over.id] } } })).toBe(0)
  })

  it('hides drafts and refuses a mode the seminar does not offer', async () => {
    const draft = await createSeminar(db, { status: 'DRAFT' })
    await expectDomainError(register(db, { seminarId: draft.id, ...participant() }), 'SEMINAR_NOT_FOUND')
    const inPerson = await createSeminar(db)
    await expectDomainError(
      register(db, { seminarId: inPerson.id, ...participant({ mode: 'ONLINE' }) }),
      'MODE_NOT_OFFERED',
    )
  })

  it('identifies the same person and organization across seminars', async () => {
    const s1 = await createSeminar(db)
    const s2 = await createSeminar(db)
    const r1 = await register(db, {
      seminarId: s1.id,
      ...participant({ email: 'Ichiro@Example.jp', organizationName: '株式会社北星', corporateNumber: null }),
    })
    const r2 = await register(db, {
      seminarId: s2.id,
      ...participant({ email: 'ichiro@example.jp', organizationName: '(株)北星', corporateNumber: null }),
    })
    const [a, b] = await Promise.all(
      [r1.id, r2.id].map((id) =>
        db.registration.findUniqueOrThrow({ where: { id }, select: { personId: true, organizationId: true } }),
      ),
    )
    expect(a.personId).toBe(b.personId)
    expect(a.organizationId).toBe(b.organizationId)
  })

  it('counts a company once whether or not its corporate number was given', async () => {
    const s1 = await createSeminar(db)
    const s2 = await createSeminar(db)
    const s3 = await createSeminar(db)
    const byName = await register(db, {
      seminarId: s1.id,
      ...participant({ organizationName: '株式会社すずらん工業', corporateNumber: null }),
    })
    const withNumber = await register(db, {
      seminarId: s2.id,
      ...participant({ organizationName: 'すずらん工業', corporateNumber: '7000012050002' }),
    })
    const byNameAgain = await register(db, {
      seminarId: s3.id,
      ...participant({ organizationName: '(株)すずらん工業', corporateNumber: null }),
    })
    const orgs = await Promise.all(
      [byName, withNumber, byNameAgain].map((r) =>
        db.registration.findUniqueOrThrow({ where: { id: r.id }, select: { organizationId: true } }),
      ),
    )
    expect(new Set(orgs.map((o) => o.organizationId)).size).toBe(1)
    expect(await db.organization.findUniqueOrThrow({ where: { id: orgs[0].organizationId! } })).toMatchObject({
      corporateNumber: '7000012050002',
      identityKey: 'cn:7000012050002',
    })
  })
})

/*
 * register() reads the resubmission, the seminar and the active email in one statement
 * (registrationStart); it must still judge them in the order it read them one by one.
 */
describe('what register() reads before writing', () => {
  it('answers a form sent again with its registration, even after the seminar stopped taking more', async () => {
    const seminar = await createSeminar(db, { capacityInPerson: 1, waitlistEnabled: true })
    await register(db, { seminarId: seminar.id, ...participant() })
    const form = participant()
    const waiting = await register(db, { seminarId: seminar.id, ...form })
    expect(waiting).toMatchObject({ status: 'WAITLISTED', waitlistPosition: 1, created: true })
    await db.seminar.update({ where: { id: seminar.id }, data: { registrationClosesAt: new Date(Date.now() - 1000) } })
    const { id, status, waitlistPosition, manageToken, code } = waiting
    expect(await register(db, { seminarId: seminar.id, ...form })).toEqual({
      id,
      status,
      waitlistPosition,
      manageToken,
      code,
      created: false,
    })
  })

  it('registers a form whose key another seminar’s registration holds, without the key', async () => {
    const [a, b] = [await createSeminar(db), await createSeminar(db)]
    const form = participant()
    const first = await register(db, { seminarId: a.id, ...form })
    const other = await register(db, { seminarId: b.id, ...form })
    expect(other.id).not.toBe(first.id)
    expect(other.created).toBe(true)
    const saved = await db.registration.findUniqueOrThrow({ where: { id: other.id } })
    expect(saved.submissionKey).toBeNull()
  })

  it('refuses an unknown seminar, even with the key of an existing registration', async () => {
    const seminar = await createSeminar(db)
    const form = participant()
    await register(db, { seminarId: seminar.id, ...form })
    await expectDomainError(register(db, { seminarId: 'no-such-seminar', ...form }), 'SEMINAR_NOT_FOUND')
    await expectDomainError(
      register(db, { seminarId: 'no-such-seminar', ...participant({ submissionKey: null }) }),
      'SEMINAR_NOT_FOUND',
    )
  })

  it('answers a closed window before a registered email, and a registered email with a new key', async () => {
    const seminar = await createSeminar(db)
    const holder = participant()
    await register(db, { seminarId: seminar.id, ...holder })
    await expectDomainError(
      register(db, { seminarId: seminar.id, ...participant({ email: holder.email.toUpperCase() }) }),
      'DUPLICATE_EMAIL',
    )
    await db.seminar.update({ where: { id: seminar.id }, data: { registrationClosesAt: new Date(Date.now() - 1000) } })
    await expectDomainError(
      register(db, { seminarId: seminar.id, ...participant({ email: holder.email }) }),
      'REGISTRATION_CLOSED',
    )
  })

  it('finds the organization as upsertOrganization does: by number, else the oldest of the name; none when unnamed', async () => {
    const seminars = await Promise.all(Array.from({ length: 4 }, () => createSeminar(db)))
    const orgOf = async (r: { id: string }) =>
      (await db.registration.findUniqueOrThrow({ where: { id: r.id }, select: { organizationId: true } }))
        .organizationId
    const numbered = await register(db, {
      seminarId: seminars[0].id,
      ...participant({ organizationName: 'あおば精機', corporateNumber: '1000012050009' }),
    })
    // Its number finds it under another name.
    const renamed = await register(db, {
      seminarId: seminars[1].id,
      ...participant({ organizationName: 'あおば精機ホールディングス', corporateNumber: '1000012050009' }),
    })
    expect(await orgOf(renamed)).toBe(await orgOf(numbered))
    // Two of one name (one without a number made by another tool later): the oldest is taken.
    const older = await db.organization.create({
      data: {
        identityKey: 'name:つばき商事-old',
        name: 'つばき商事',
        normalizedName: normalizeOrganizationName('つばき商事'),
        createdAt: new Date(Date.now() - 3600_000),
      },
    })
    await db.organization.create({
      data: {
        identityKey: 'name:つばき商事-new',
        name: 'つばき商事',
        normalizedName: normalizeOrganizationName('つばき商事'),
      },
    })
    const byName = await register(db, {
      seminarId: seminars[2].id,
      ...participant({ organizationName: '株式会社つばき商事', corporateNumber: null }),
    })
    expect(await orgOf(byName)).toBe(older.id)
    const unnamed = await register(db, {
      seminarId: seminars[3].id,
      ...participant({ organizationName: ' 株式会社 ', corporateNumber: null }),
    })
    expect(await orgOf(unnamed)).toBeNull()
  })
})
