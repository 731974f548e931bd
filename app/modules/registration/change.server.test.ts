import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createSeminar, makeLottery, participant } from '../../../tests/support/factories'
import { drawLottery } from '../lottery/draw.server'
import { renderMessage } from '../mail/render.server'
import { createConsoleUser } from '../accounts/console-users.server'
import { createTestDb } from '../../../tests/support/test-db'
import type { Db } from '~/utils/db.server'
import { isAppError } from '~/utils/errors'
import type { ChangeForm } from './change-schema'
import { changeOwnRegistration, changePage } from './change.server'
import { cancelRegistration, register, type RegistrationInput } from './registrations.server'
import { expectedPerSession } from './session-choice.server'

let db: Db
let drop: () => Promise<void>
beforeAll(async () => {
  ;({ db, drop } = await createTestDb())
})
afterAll(async () => drop())

const HOUR = 3600_000
const DAY = 24 * HOUR

async function refusal(promise: Promise<unknown>) {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  )
  return isAppError(error) ? error.code : error
}

async function registered(seminarId: string, overrides: Partial<RegistrationInput> = {}) {
  const outcome = await register(db, { seminarId, ...participant(), ...overrides })
  const row = await db.registration.findUniqueOrThrow({ where: { id: outcome.id } })
  return { ...outcome, token: row.manageToken, row }
}

/** The change form as the page fills it in, with these answers changed. */
function formOf(
  r: { name: string; furigana: string; organizationName: string | null; corporateNumber: string | null },
  row: { industry: string | null; inCity: boolean | null; mode: 'IN_PERSON' | 'ONLINE'; language: string },
  changes: Partial<ChangeForm> = {},
): ChangeForm {
  return {
    name: r.name,
    furigana: r.furigana,
    organizationName: r.organizationName ?? undefined,
    corporateNumber: r.corporateNumber ?? undefined,
    industry: row.industry as ChangeForm['industry'],
    inCity: row.inCity ?? true,
    language: row.language === 'en' ? 'en' : 'ja',
    mode: row.mode,
    sessionIds: [],
    acceptWaitlist: false,
    ...changes,
  }
}
const unchanged = (x: Awaited<ReturnType<typeof registered>>, changes: Partial<ChangeForm> = {}) =>
  formOf(x.row, x.row, changes)

/** The seat invariants of docs/decisions/0004 and 0025, per mode. */
async function expectSeatsAddUp(seminarId: string) {
  const seminar = await db.seminar.findUniqueOrThrow({ where: { id: seminarId } })
  for (const mode of ['IN_PERSON', 'ONLINE'] as const) {
    const [taken, capacity] =
      mode === 'ONLINE'
        ? [seminar.seatsTakenOnline, seminar.capacityOnline]
        : [seminar.seatsTakenInPerson, seminar.capacityInPerson]
    const confirmed = await db.registration.count({ where: { seminarId, mode, status: 'CONFIRMED' } })
    expect(taken, `${mode} counter = confirmed rows`).toBe(confirmed)
    if (capacity !== null) expect(confirmed, `${mode} within capacity`).toBeLessThanOrEqual(capacity)
    const queue = await db.registration.findMany({
      where: { seminarId, mode, status: 'WAITLISTED' },
      orderBy: { waitlistPosition: 'asc' },
      select: { waitlistPosition: true },
    })
    expect(
      queue.map((q) => q.waitlistPosition),
      `${mode} positions 1..n`,
    ).toEqual(queue.map((_, i) => i + 1))
    // Never a free seat while someone waits.
    if (queue.length > 0 && capacity !== null) expect(confirmed, `${mode} full while people wait`).toBe(capacity)
  }
}

const kinds = async (registrationId: string) =>
  (await db.outboxMessage.findMany({ where: { registrationId }, orderBy: { createdAt: 'asc' } })).map((m) => m.kind)

describe('a participant changes their registration', () => {
  it('changes every detail in one go: stored, mailed once, audited without personal values', async () => {
    const seminar = await createSeminar(db)
    const p = await registered(seminar.id)
    const outcome = await changeOwnRegistration(
      db,
      p.token,
      unchanged(p, {
        name: '変更 花子',
        furigana: 'へんこう はなこ',
        organizationName: '合同会社ヘンコウ',
        corporateNumber: '5835678256246',
        industry: 'G',
        inCity: false,
        language: 'en',
      }),
    )
    expect(outcome.changed.sort()).toEqual(
      ['corporateNumber', 'furigana', 'inCity', 'industry', 'language', 'name', 'organizationName'].sort(),
    )
    expect(outcome).toMatchObject({ status: 'CONFIRMED', waitlistPosition: null, promoted: [] })
    const after = await db.registration.findUniqueOrThrow({
      where: { id: p.id },
      include: { organization: true, person: true },
    })
    expect(after).toMatchObject({
      name: '変更 花子',
      furigana: 'へんこう はなこ',
      organizationName: '合同会社ヘンコウ',
      corporateNumber: '5835678256246',
      industry: 'G',
      inCity: false,
      language: 'en',
      email: p.row.email,
      manageToken: p.token,
      code: p.code,
    })
    expect(after.organization?.corporateNumber).toBe('5835678256246')
    expect(after.organizationId).not.toBe(p.row.organizationId)
    expect(after.person).toMatchObject({ name: '変更 花子', furigana: 'へんこう はなこ' })
    expect(await kinds(p.id)).toEqual(['CONFIRMED', 'REGISTRATION_CHANGED'])

    const [event] = await db.auditEvent.findMany({ where: { entityId: p.id, action: 'registration.change' } })
    expect(event.actorId).toBeNull()
    const detail = JSON.parse(event.detail)
    expect(detail.from).toEqual({ corporateNumber: null, industry: 'E', inCity: true, language: 'ja' })
    expect(detail.to).toEqual({ corporateNumber: '5835678256246', industry: 'G', inCity: false, language: 'en' })
    for (const value of ['変更 花子', 'へんこう', 'ヘンコウ', p.row.name, p.row.email, 'サンプル'])
      expect(event.detail).not.toContain(value)

    // Counted under another organization by the office meanwhile: a change of something else keeps it there.
    const other = await db.organization.create({
      data: { identityKey: `test:${p.id}`, name: '統合先', normalizedName: `統合先${p.id}` },
    })
    await db.registration.update({ where: { id: p.id }, data: { organizationId: other.id } })
    await changeOwnRegistration(db, p.token, formOf(after, after, { industry: 'H' }))
    expect((await db.registration.findUniqueOrThrow({ where: { id: p.id } })).organizationId).toBe(other.id)
    await changeOwnRegistration(db, p.token, formOf(after, after, { industry: 'G' }))

    // Sent again as it now is: nothing written, mailed or audited.
    const again = await changeOwnRegistration(db, p.token, formOf(after, after))
    expect(again.changed).toEqual([])
    expect(await kinds(p.id)).toEqual([
      'CONFIRMED',
      'REGISTRATION_CHANGED',
      'REGISTRATION_CHANGED',
      'REGISTRATION_CHANGED',
    ])
    expect(await db.auditEvent.count({ where: { entityId: p.id, action: 'registration.change' } })).toBe(3)
  })

  it('moves a confirmed person to a free seat of the other mode and gives the old seat to the next waiting person', async () => {
    const seminar = await createSeminar(db, { mode: 'HYBRID', capacityInPerson: 1, capacityOnline: 2 })
    const a = await registered(seminar.id)
    const w1 = await registered(seminar.id)
    const w2 = await registered(seminar.id)
    expect([w1.status, w1.waitlistPosition, w2.waitlistPosition]).toEqual(['WAITLISTED', 1, 2])

    const outcome = await changeOwnRegistration(db, a.token, unchanged(a, { mode: 'ONLINE' }))
    expect(outcome).toMatchObject({ changed: ['mode'], status: 'CONFIRMED', promoted: [w1.id] })
    expect(await db.registration.findUniqueOrThrow({ where: { id: a.id } })).toMatchObject({
      mode: 'ONLINE',
      status: 'CONFIRMED',
      waitlistPosition: null,
    })
    expect(await db.registration.findUniqueOrThrow({ where: { id: w1.id } })).toMatchObject({
      mode: 'IN_PERSON',
      status: 'CONFIRMED',
    })
    expect((await db.registration.findUniqueOrThrow({ where: { id: w2.id } })).waitlistPosition).toBe(1)
    expect(await kinds(w1.id)).toEqual(['WAITLISTED', 'PROMOTED'])
    expect(await kinds(a.id)).toEqual(['CONFIRMED', 'REGISTRATION_CHANGED'])
    const s = await db.seminar.findUniqueOrThrow({ where: { id: seminar.id } })
    expect([s.seatsTakenInPerson, s.seatsTakenOnline]).toEqual([1, 1])
    const event = await db.auditEvent.findFirstOrThrow({ where: { entityId: a.id, action: 'registration.change' } })
    expect(JSON.parse(event.detail)).toMatchObject({
      changed: ['mode'],
      from: { mode: 'IN_PERSON' },
      to: { mode: 'ONLINE' },
      promoted: [w1.id],
    })
    await expectSeatsAddUp(seminar.id)
  })

  it('into a full mode: refused without the person’s agreement, else the end of its waiting list', async () => {
    const seminar = await createSeminar(db, { mode: 'HYBRID', capacityInPerson: 2, capacityOnline: 1 })
    const a = await registered(seminar.id)
    const b = await registered(seminar.id)
    await registered(seminar.id, { mode: 'ONLINE' })
    const onlineWaiting = await registered(seminar.id, { mode: 'ONLINE' })
    const page = await changePage(db, a.token)
    expect(page.modes).toEqual([
      { mode: 'IN_PERSON', full: false, closed: false },
      { mode: 'ONLINE', full: true, closed: false },
    ])

    expect(await refusal(changeOwnRegistration(db, a.token, unchanged(a, { mode: 'ONLINE', name: '別名' })))).toBe(
      'WAITLIST_CONSENT_REQUIRED',
    )
    // Nothing changed, not even the name sent with it.
    expect(await db.registration.findUniqueOrThrow({ where: { id: a.id } })).toMatchObject({
      name: a.row.name,
      mode: 'IN_PERSON',
      status: 'CONFIRMED',
    })
    expect(await kinds(a.id)).toEqual(['CONFIRMED'])

    const outcome = await changeOwnRegistration(db, a.token, unchanged(a, { mode: 'ONLINE', acceptWaitlist: true }))
    expect(outcome).toMatchObject({ status: 'WAITLISTED', waitlistPosition: 2, promoted: [] })
    expect((await db.registration.findUniqueOrThrow({ where: { id: onlineWaiting.id } })).waitlistPosition).toBe(1)
    const s = await db.seminar.findUniqueOrThrow({ where: { id: seminar.id } })
    expect([s.seatsTakenInPerson, s.seatsTakenOnline]).toEqual([1, 1])
    const message = await db.outboxMessage.findFirstOrThrow({
      where: { registrationId: a.id, kind: 'REGISTRATION_CHANGED' },
    })
    expect(message.waitlistPosition).toBe(2)
    await expectSeatsAddUp(seminar.id)

    // A newcomer to in person now takes the seat freed (nobody waited for it).
    const c = await registered(seminar.id)
    expect(c.status).toBe('CONFIRMED')
    expect(b.status).toBe('CONFIRMED')
    await expectSeatsAddUp(seminar.id)
  })

  it('refuses a full mode of a seminar without a waiting list', async () => {
    const seminar = await createSeminar(db, {
      mode: 'HYBRID',
      capacityInPerson: 5,
      capacityOnline: 1,
      waitlistEnabled: false,
    })
    const a = await registered(seminar.id)
    await registered(seminar.id, { mode: 'ONLINE' })
    expect((await changePage(db, a.token)).modes[1]).toEqual({ mode: 'ONLINE', full: true, closed: true })
    expect(
      await refusal(changeOwnRegistration(db, a.token, unchanged(a, { mode: 'ONLINE', acceptWaitlist: true }))),
    ).toBe('SEMINAR_FULL')
    expect((await db.registration.findUniqueOrThrow({ where: { id: a.id } })).mode).toBe('IN_PERSON')
    await expectSeatsAddUp(seminar.id)
  })

  it('moves a waiting person to a free seat, or to the end of the other queue, closing the gap behind them', async () => {
    const seminar = await createSeminar(db, { mode: 'HYBRID', capacityInPerson: 1, capacityOnline: 1 })
    await registered(seminar.id)
    const w1 = await registered(seminar.id)
    const w2 = await registered(seminar.id)
    const w3 = await registered(seminar.id)
    // Online has a free seat: the waiting person takes it.
    const toSeat = await changeOwnRegistration(db, w1.token, unchanged(w1, { mode: 'ONLINE' }))
    expect(toSeat).toMatchObject({ status: 'CONFIRMED', waitlistPosition: null, promoted: [] })
    expect((await db.registration.findUniqueOrThrow({ where: { id: w2.id } })).waitlistPosition).toBe(1)
    expect((await db.registration.findUniqueOrThrow({ where: { id: w3.id } })).waitlistPosition).toBe(2)
    // Online is full now: the next one joins its queue (with their agreement).
    expect(await refusal(changeOwnRegistration(db, w2.token, unchanged(w2, { mode: 'ONLINE' })))).toBe(
      'WAITLIST_CONSENT_REQUIRED',
    )
    const toQueue = await changeOwnRegistration(db, w2.token, unchanged(w2, { mode: 'ONLINE', acceptWaitlist: true }))
    expect(toQueue).toMatchObject({ status: 'WAITLISTED', waitlistPosition: 1 })
    expect((await db.registration.findUniqueOrThrow({ where: { id: w3.id } })).waitlistPosition).toBe(1)
    expect(await kinds(w1.id)).toEqual(['WAITLISTED', 'REGISTRATION_CHANGED'])
    await expectSeatsAddUp(seminar.id)
  })

  for (const round of [1, 2, 3]) {
    it(`never exceeds a capacity with many people changing modes at once, both ways (round ${round})`, async () => {
      const seminar = await createSeminar(db, { mode: 'HYBRID', capacityInPerson: 6, capacityOnline: 4 })
      const people: Awaited<ReturnType<typeof registered>>[] = []
      for (let i = 0; i < 10; i++) people.push(await registered(seminar.id, { mode: 'IN_PERSON' }))
      for (let i = 0; i < 8; i++) people.push(await registered(seminar.id, { mode: 'ONLINE' }))
      await expectSeatsAddUp(seminar.id)
      // Everyone at once: half agree to wait, half not; some also change their organization.
      const results = await Promise.allSettled(
        people.map((p, i) =>
          changeOwnRegistration(
            db,
            p.token,
            unchanged(p, {
              mode: p.row.mode === 'ONLINE' ? 'IN_PERSON' : 'ONLINE',
              acceptWaitlist: i % 2 === 0,
              organizationName: i % 3 === 0 ? `同時変更${round}-${i}` : (p.row.organizationName ?? undefined),
            }),
          ),
        ),
      )
      for (const r of results) {
        if (r.status === 'rejected')
          expect(isAppError(r.reason, 'WAITLIST_CONSENT_REQUIRED'), String(r.reason)).toBe(true)
      }
      expect(results.filter((r) => r.status === 'fulfilled').length).toBeGreaterThan(0)
      await expectSeatsAddUp(seminar.id)
      // Every promotion was mailed, once.
      const promoted = results.flatMap((r) => (r.status === 'fulfilled' ? r.value.promoted : []))
      expect(new Set(promoted).size).toBe(promoted.length)
      for (const id of promoted) expect((await kinds(id)).filter((k) => k === 'PROMOTED')).toHaveLength(1)
    }, 60_000)
  }

  it('is refused for a cancelled registration, a cancelled seminar and after the last session', async () => {
    const now = new Date()
    const seminar = await createSeminar(db, { mode: 'HYBRID', capacityOnline: 10 })
    const cancelled = await registered(seminar.id)
    await cancelRegistration(db, cancelled.id, { by: 'PARTICIPANT' })
    expect((await changePage(db, cancelled.token)).refusal).toBe('ALREADY_CANCELLED')
    expect(await refusal(changeOwnRegistration(db, cancelled.token, unchanged(cancelled, { name: '別名' })))).toBe(
      'ALREADY_CANCELLED',
    )

    const a = await registered(seminar.id)
    const afterLast = new Date(now.getTime() + 8 * DAY)
    expect((await changePage(db, a.token, afterLast)).refusal).toBe('CHANGE_CLOSED')
    expect(await refusal(changeOwnRegistration(db, a.token, unchanged(a, { name: '別名' }), afterLast))).toBe(
      'CHANGE_CLOSED',
    )

    // After registration closed (the day before the session): details yes, mode no.
    const afterClose = new Date(now.getTime() + 6.5 * DAY)
    const page = await changePage(db, a.token, afterClose)
    expect([page.refusal, page.modeChangeOpen]).toEqual([null, false])
    expect(
      await refusal(changeOwnRegistration(db, a.token, unchanged(a, { mode: 'ONLINE', name: '別名' }), afterClose)),
    ).toBe('CHANGE_AFTER_CLOSE')
    expect((await changeOwnRegistration(db, a.token, unchanged(a, { name: '遅い 変更' }), afterClose)).changed).toEqual(
      ['name'],
    )

    await db.seminar.update({ where: { id: seminar.id }, data: { status: 'CANCELLED' } })
    expect(await refusal(changeOwnRegistration(db, a.token, unchanged(a, { name: '別名' })))).toBe('CHANGE_CLOSED')
    expect((await db.registration.findUniqueOrThrow({ where: { id: a.id } })).name).toBe('遅い 変更')

    const wrong = 'x'.repeat(43)
    expect(await refusal(changeOwnRegistration(db, wrong, unchanged(a)))).toBe('NOT_FOUND')
    expect(await refusal(changePage(db, wrong))).toBe('NOT_FOUND')
  })

  it('mails nothing to a registration entered on behalf without an email address', async () => {
    const seminar = await createSeminar(db)
    const p = await registered(seminar.id, {
      email: '',
      phone: '03-5555-0199',
      source: 'CONSOLE',
      sendMail: false,
      submissionKey: null,
    })
    const outcome = await changeOwnRegistration(db, p.token, unchanged(p, { industry: 'K' }))
    expect(outcome.changed).toEqual(['industry'])
    expect(await db.outboxMessage.count({ where: { registrationId: p.id } })).toBe(0)
    const after = await db.registration.findUniqueOrThrow({ where: { id: p.id } })
    // The key it was entered with stays: the same person cannot be entered twice by a new name.
    expect(after.activeEmailKey).toBe(p.row.activeEmailKey)
    expect(await db.auditEvent.count({ where: { entityId: p.id, action: 'registration.change' } })).toBe(1)
  })
})

describe('sessions a participant will attend', () => {
  async function series(sessionChoice: boolean) {
    const now = Date.now()
    const seminar = await createSeminar(db, { sessionChoice, capacityInPerson: 10 })
    for (const n of [2, 3]) {
      await db.session.create({
        data: {
          seminarId: seminar.id,
          number: n,
          startsAt: new Date(now + (7 + n) * DAY),
          endsAt: new Date(now + (7 + n) * DAY + 2 * HOUR),
        },
      })
    }
    const sessions = await db.session.findMany({ where: { seminarId: seminar.id }, orderBy: { number: 'asc' } })
    return { seminar, sessions }
  }

  it('are asked on the public form where the seminar lets people choose: at least one, its own', async () => {
    const { seminar, sessions } = await series(true)
    expect(
      await refusal(register(db, { seminarId: seminar.id, ...participant(), source: 'WEB', sessionIds: [] })),
    ).toBe('SESSION_CHOICE_REQUIRED')
    const other = await series(true)
    expect(
      await refusal(
        register(db, { seminarId: seminar.id, ...participant(), source: 'WEB', sessionIds: [other.sessions[0].id] }),
      ),
    ).toBe('SESSION_CHOICE_REQUIRED')
    expect(await db.registration.count({ where: { seminarId: seminar.id } })).toBe(0)
    const p = await registered(seminar.id, { sessionIds: [sessions[2].id, sessions[0].id] })
    const rows = await db.registrationSession.findMany({ where: { registrationId: p.id } })
    expect(rows.map((r) => r.sessionId).sort()).toEqual([sessions[0].id, sessions[2].id].sort())
    // Staff may leave it empty: every session.
    const byStaff = await registered(seminar.id, { source: 'CONSOLE', sessionIds: [] })
    expect(await db.registrationSession.count({ where: { registrationId: byStaff.id } })).toBe(0)
  })

  it('give the office the expected number per session: those who chose it and those who chose nothing', async () => {
    const { seminar, sessions } = await series(true)
    await registered(seminar.id, { sessionIds: [sessions[0].id] })
    await registered(seminar.id, { sessionIds: [sessions[0].id, sessions[1].id] })
    await registered(seminar.id, { source: 'CONSOLE', sessionIds: [] })
    const cancelled = await registered(seminar.id, { sessionIds: [sessions[2].id] })
    await cancelRegistration(db, cancelled.id, { by: 'PARTICIPANT' })
    await db.seminar.update({ where: { id: seminar.id }, data: { capacityInPerson: 3 } })
    await registered(seminar.id, { sessionIds: [sessions[2].id] })
    const expected = await expectedPerSession(db, seminar.id)
    expect(sessions.map((s) => expected.get(s.id))).toEqual([
      { confirmed: 3, waiting: 0 },
      { confirmed: 2, waiting: 0 },
      { confirmed: 1, waiting: 1 },
    ])
  })

  it('are ignored where the seminar does not let people choose: everyone attends all', async () => {
    const { seminar, sessions } = await series(false)
    const p = await registered(seminar.id, { sessionIds: [sessions[1].id] })
    expect(await db.registrationSession.count({ where: { registrationId: p.id } })).toBe(0)
    const page = await changePage(db, p.token)
    expect(page.chosenSessionIds).toEqual(sessions.map((s) => s.id))
    expect((await changeOwnRegistration(db, p.token, unchanged(p, { sessionIds: [sessions[1].id] }))).changed).toEqual(
      [],
    )
  })

  it('are changed on the change page, audited by session number, and closed with registration', async () => {
    const { seminar, sessions } = await series(true)
    const p = await registered(seminar.id, { sessionIds: [sessions[0].id] })
    expect((await changePage(db, p.token)).chosenSessionIds).toEqual([sessions[0].id])
    expect(await refusal(changeOwnRegistration(db, p.token, unchanged(p, { sessionIds: [] })))).toBe(
      'SESSION_CHOICE_REQUIRED',
    )
    const outcome = await changeOwnRegistration(
      db,
      p.token,
      unchanged(p, { sessionIds: [sessions[1].id, sessions[2].id] }),
    )
    expect(outcome.changed).toEqual(['sessions'])
    expect(
      (await db.registrationSession.findMany({ where: { registrationId: p.id } })).map((r) => r.sessionId).sort(),
    ).toEqual([sessions[1].id, sessions[2].id].sort())
    const event = await db.auditEvent.findFirstOrThrow({ where: { entityId: p.id, action: 'registration.change' } })
    expect(JSON.parse(event.detail)).toMatchObject({ from: { sessions: [1] }, to: { sessions: [2, 3] } })
    expect(await kinds(p.id)).toEqual(['CONFIRMED', 'REGISTRATION_CHANGED'])

    // Choosing every session is stored as none: all of them, later ones too.
    await changeOwnRegistration(db, p.token, unchanged(p, { sessionIds: sessions.map((s) => s.id) }))
    expect(await db.registrationSession.count({ where: { registrationId: p.id } })).toBe(0)

    const afterClose = new Date(Date.now() + 6.5 * DAY)
    expect(
      await refusal(changeOwnRegistration(db, p.token, unchanged(p, { sessionIds: [sessions[0].id] }), afterClose)),
    ).toBe('CHANGE_AFTER_CLOSE')
  })
})

describe('how often a link may change a registration', () => {
  it('ten changes an hour (each mails the person); the eleventh is refused with nothing written', async () => {
    const seminar = await createSeminar(db, { capacityInPerson: 10 })
    const p = await registered(seminar.id)
    const hour = new Date(Math.floor(Date.now() / HOUR) * HOUR + 2 * 60_000)
    for (let i = 1; i <= 10; i++) {
      await changeOwnRegistration(db, p.token, unchanged(p, { name: `名前 ${i}` }), new Date(hour.getTime() + i * 1000))
    }
    expect(await refusal(changeOwnRegistration(db, p.token, unchanged(p, { name: '名前 11' }), hour))).toBe(
      'TOO_MANY_CHANGES',
    )
    expect((await db.registration.findUniqueOrThrow({ where: { id: p.id } })).name).toBe('名前 10')
    expect(await db.outboxMessage.count({ where: { registrationId: p.id, kind: 'REGISTRATION_CHANGED' } })).toBe(10)
    await changeOwnRegistration(db, p.token, unchanged(p, { name: '名前 12' }), new Date(hour.getTime() + HOUR))
    expect((await db.registration.findUniqueOrThrow({ where: { id: p.id } })).name).toBe('名前 12')
  })
})

describe('a lottery application changed through its link (docs/decisions/0049-lottery.md)', () => {
  it('changes the mode of an application not drawn yet, taking no seat and asking no waiting-list consent', async () => {
    // The online side is "full" for a newcomer: an application takes no seat, so it moves all the same.
    const seminar = await createSeminar(db, { mode: 'HYBRID', capacityInPerson: 5, capacityOnline: 0 })
    await makeLottery(db, seminar.id)
    const me = await registered(seminar.id)
    expect(me.status).toBe('APPLIED')
    const page = await changePage(db, me.token)
    expect(page.refusal).toBeNull()
    expect(page.modes.find((m) => m.mode === 'ONLINE')).toMatchObject({ full: false, closed: false })
    const outcome = await changeOwnRegistration(db, me.token, unchanged(me, { mode: 'ONLINE' }))
    expect(outcome).toMatchObject({ status: 'APPLIED', waitlistPosition: null, changed: ['mode'], promoted: [] })
    const row = await db.registration.findUniqueOrThrow({ where: { id: me.id } })
    expect(row).toMatchObject({ status: 'APPLIED', mode: 'ONLINE', waitlistPosition: null })
    const after = await db.seminar.findUniqueOrThrow({ where: { id: seminar.id } })
    expect([after.seatsTakenInPerson, after.seatsTakenOnline]).toEqual([0, 0])
    const mail = await db.outboxMessage.findFirstOrThrow({
      where: { registrationId: me.id, kind: 'REGISTRATION_CHANGED' },
    })
    expect(mail.waitlistPosition).toBeNull()
    // Its mail says it still waits for the draw: no slip, no calendar (it never had one).
    const rendered = await renderMessage(db, mail)
    expect(String(rendered!.text)).toContain('現在、抽選待ちです。抽選は ')
    expect(String(rendered!.text)).not.toContain('キャンセル待ち')
    expect(rendered!.attachments).toEqual([])
  })

  it('refuses a mode change of one person of a group waiting for the draw (the group is drawn in one mode)', async () => {
    const seminar = await createSeminar(db, { mode: 'HYBRID', capacityInPerson: 5, capacityOnline: 5 })
    await makeLottery(db, seminar.id)
    const contact = await registered(seminar.id)
    const member = await registered(seminar.id)
    const group = await db.registrationGroup.create({ data: { seminarId: seminar.id } })
    await db.registrationGroupMember.createMany({
      data: [contact, member].map((r, position) => ({ registrationId: r.id, groupId: group.id, position })),
    })
    expect(await refusal(changeOwnRegistration(db, member.token, unchanged(member, { mode: 'ONLINE' })))).toBe(
      'LOTTERY_GROUP_MODE',
    )
    expect((await db.registration.findUniqueOrThrow({ where: { id: member.id } })).mode).toBe('IN_PERSON')
    // Their other details still change.
    await changeOwnRegistration(db, member.token, unchanged(member, { name: '別の 名前' }))
    expect((await db.registration.findUniqueOrThrow({ where: { id: member.id } })).name).toBe('別の 名前')
  })

  it('gives up a win still to be confirmed with its seat: moved to the other mode’s waiting list, nothing is left to confirm', async () => {
    const seminar = await createSeminar(db, { mode: 'HYBRID', capacityInPerson: 1, capacityOnline: 0 })
    await makeLottery(db, seminar.id, { confirmHours: 48 })
    const winner = await registered(seminar.id)
    await drawLottery(db, seminar.id, null)
    expect((await db.registration.findUniqueOrThrow({ where: { id: winner.id } })).confirmBy).not.toBeNull()
    const now = await db.registration.findUniqueOrThrow({ where: { id: winner.id } })
    await changeOwnRegistration(db, winner.token, formOf(now, now, { mode: 'ONLINE', acceptWaitlist: true }))
    expect(await db.registration.findUniqueOrThrow({ where: { id: winner.id } })).toMatchObject({
      status: 'WAITLISTED',
      mode: 'ONLINE',
      confirmBy: null,
    })
  })

  it('refuses any change of an application not selected, on the page and when sent', async () => {
    const seminar = await createSeminar(db, { capacityInPerson: 1, waitlistEnabled: false })
    await makeLottery(db, seminar.id)
    const a = await registered(seminar.id)
    const b = await registered(seminar.id)
    const staff = await createConsoleUser(db, {
      email: 'change-draw@city.example.jp',
      name: '抽選 係',
      password: 'a long password 1',
    })
    await drawLottery(db, seminar.id, { userId: staff.id })
    const rows = await db.registration.findMany({ where: { id: { in: [a.id, b.id] } } })
    const lost = [a, b].find((x) => rows.find((r) => r.id === x.id)!.status === 'NOT_SELECTED')!
    expect((await changePage(db, lost.token)).refusal).toBe('LOTTERY_NOT_SELECTED')
    expect(await refusal(changeOwnRegistration(db, lost.token, unchanged(lost, { name: '別の 名前' })))).toBe(
      'LOTTERY_NOT_SELECTED',
    )
    expect((await db.registration.findUniqueOrThrow({ where: { id: lost.id } })).name).toBe(lost.row.name)
  })
})
