import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createSeminar, makeLottery, participant } from '../../../tests/support/factories'
import { drawLottery } from '../lottery/draw.server'
import { createTestDb } from '../../../tests/support/test-db'
import type { Db } from '~/utils/db.server'
import { isAppError } from '~/utils/errors'
import { createConsoleUser } from '../accounts/console-users.server'
import { cancelRegistration, register } from '../registration/registrations.server'
import {
  checkIn,
  codeSource,
  doorSearch,
  isSessionToday,
  HELPER_SEARCH_LIMIT,
  markAttendance,
  normalizeCode,
  searchPeople,
  sessionCounts,
  undoCheckIn,
} from './checkin.server'
import { echoCode } from './code-echo'
import { WalkInSchema } from './forms'
import { registerWalkIn } from './walk-in.server'
import { attendanceSheet } from './lists.server'
import { saveIndicator, loadIndicators, liveActual } from '../indicators/indicators.server'
import { fiscalYearOf } from '~/utils/time'
import { getOwnRegistration } from '../registration/manage.server'
import { slipQrDataUrl } from '../registration/slip.server'
import { deletePersonalData } from '../privacy/retention.server'

let db: Db
let drop: () => Promise<void>
let staffId: string
let otherStaffId: string
beforeAll(async () => {
  ;({ db, drop } = await createTestDb())
  staffId = (
    await createConsoleUser(db, { email: 'door@city.example.jp', name: '受付 一号', password: 'door staff password' })
  ).id
  otherStaffId = (
    await createConsoleUser(db, { email: 'door2@city.example.jp', name: '受付 二号', password: 'door staff password' })
  ).id
})
afterAll(async () => drop())

async function seminarWithSessions(sessions: number, overrides = {}) {
  const seminar = await createSeminar(db, { capacityInPerson: 30, ...overrides })
  for (let n = 2; n <= sessions; n++) {
    await db.session.create({
      data: {
        seminarId: seminar.id,
        number: n,
        startsAt: new Date(Date.now() + (7 + n) * 86400_000),
        endsAt: new Date(Date.now() + (7 + n) * 86400_000 + 7200_000),
      },
    })
  }
  const list = await db.session.findMany({ where: { seminarId: seminar.id }, orderBy: { number: 'asc' } })
  return { seminar, sessions: list }
}

describe('check-in at the door', () => {
  it('reads the QR slip’s 128-bit token (which names nobody) as well as the typed code', async () => {
    const { sessions } = await seminarWithSessions(2)
    const r = await register(db, { seminarId: sessions[0].seminarId, ...participant({ name: '読取 花子' }) })
    const row = await db.registration.findUniqueOrThrow({ where: { id: r.id } })
    expect(row.checkinToken).toMatch(/^[0-9A-F]{32}$/)
    expect(row.checkinToken).not.toContain(r.code)
    // The participant's own page shows exactly that token as the QR image.
    const own = await getOwnRegistration(db, r.manageToken)
    expect(own?.qr).toBe(await slipQrDataUrl(row.checkinToken!))
    expect(own).not.toHaveProperty('checkinToken')
    // Scanners may deliver it in lower case.
    const scanned = await checkIn(db, {
      sessionId: sessions[0].id,
      code: row.checkinToken!.toLowerCase(),
      source: 'QR',
      userId: staffId,
    })
    expect(scanned.outcome).toBe('CHECKED_IN')
    const typed = await checkIn(db, { sessionId: sessions[1].id, code: r.code, source: 'QR', userId: staffId })
    expect(typed.outcome).toBe('CHECKED_IN')
  })

  it('after a deletion request the old QR slip, the typed code and a pick check nobody in', async () => {
    const { sessions } = await seminarWithSessions(1)
    const r = await register(db, { seminarId: sessions[0].seminarId, ...participant({ name: '削除 依頼子' }) })
    const before = await db.registration.findUniqueOrThrow({ where: { id: r.id } })
    await deletePersonalData(db, { registrationId: r.id, userId: staffId })
    const after = await db.registration.findUniqueOrThrow({ where: { id: r.id } })
    // The check-in secrets are gone from the row, not only refused.
    expect(after.checkinToken).toBeNull()
    expect(after.code).not.toBe(before.code)
    const door = { sessionId: sessions[0].id, source: 'QR' as const, userId: staffId }
    for (const code of [before.checkinToken!, before.checkinToken!.toLowerCase(), before.code, after.code])
      expect(await checkIn(db, { ...door, code })).toEqual({ outcome: 'NOT_FOUND', code: echoCode(code) })
    const picked = await checkIn(db, { ...door, registrationId: r.id, source: 'SEARCH' })
    expect(picked.outcome).toBe('NOT_FOUND')
    expect(await searchPeople(db, sessions[0].id, sessions[0].seminarId, '削除済み')).toEqual([])
    expect(await db.attendance.count({ where: { registrationId: r.id } })).toBe(0)
  })

  it('gives a check-in helper a short, capped search without codes, and organizers the full one', async () => {
    const { seminar, sessions } = await seminarWithSessions(1, { capacityInPerson: 40 })
    const regs: Awaited<ReturnType<typeof register>>[] = []
    for (let i = 0; i < HELPER_SEARCH_LIMIT + 5; i++)
      regs.push(await register(db, { seminarId: seminar.id, ...participant({ furigana: `すずき いちろう${i}` }) }))
    const base = { sessionId: sessions[0].id, seminarId: seminar.id, userId: staffId }
    expect(await doorSearch(db, { ...base, query: 'す', helper: true })).toEqual({ state: 'TOO_SHORT' })
    expect(await doorSearch(db, { ...base, query: ' ｽ ', helper: true })).toEqual({ state: 'TOO_SHORT' })
    const helper = await doorSearch(db, { ...base, query: 'スズ', helper: true })
    if (helper.state !== 'FOUND') throw new Error(helper.state)
    expect(helper.people).toHaveLength(HELPER_SEARCH_LIMIT)
    expect(helper.more).toBe(true)
    expect(helper.people.every((p) => p.code === '')).toBe(true)
    const byCode = await doorSearch(db, { ...base, query: regs[0].code, helper: true })
    expect(byCode).toMatchObject({ state: 'FOUND', people: [] })
    const organizer = await doorSearch(db, { ...base, query: 'す', helper: false })
    if (organizer.state !== 'FOUND') throw new Error(organizer.state)
    expect(organizer.people).toHaveLength(HELPER_SEARCH_LIMIT + 5)
    expect(organizer.people[0].code).toMatch(/^[0-9A-Z]{8}$/)
  })

  it('counts the same code checked in by 20 simultaneous requests once', async () => {
    const { seminar, sessions } = await seminarWithSessions(1)
    const r = await register(db, { seminarId: seminar.id, ...participant() })
    const outcomes = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        checkIn(db, { sessionId: sessions[0].id, code: r.code, source: 'QR', userId: i % 2 ? staffId : otherStaffId }),
      ),
    )
    expect(outcomes.filter((o) => o.outcome === 'CHECKED_IN')).toHaveLength(1)
    expect(outcomes.filter((o) => o.outcome === 'ALREADY')).toHaveLength(19)
    expect(await db.attendance.count({ where: { sessionId: sessions[0].id } })).toBe(1)
    expect(
      await db.auditEvent.count({ where: { action: 'attendance.checkin', entityId: `${sessions[0].id}:${r.id}` } }),
    ).toBe(1)
  })

  it('says when and by whom a code was already checked in', async () => {
    const { seminar, sessions } = await seminarWithSessions(1)
    const r = await register(db, { seminarId: seminar.id, ...participant() })
    const at = new Date('2026-12-01T04:58:00Z')
    await checkIn(db, { sessionId: sessions[0].id, code: r.code, source: 'QR', userId: staffId }, at)
    const again = await checkIn(db, {
      sessionId: sessions[0].id,
      code: r.code.toLowerCase(),
      source: 'QR',
      userId: otherStaffId,
    })
    expect(again).toMatchObject({ outcome: 'ALREADY', at, by: '受付 一号' })
  })

  it('refuses a lottery applicant before the draw and one not selected after it, each with its own outcome', async () => {
    const { seminar, sessions } = await seminarWithSessions(1, { capacityInPerson: 1, waitlistEnabled: false })
    await makeLottery(db, seminar.id)
    const first = await register(db, { seminarId: seminar.id, ...participant() })
    const second = await register(db, { seminarId: seminar.id, ...participant() })
    expect([first.status, second.status]).toEqual(['APPLIED', 'APPLIED'])
    const sessionId = sessions[0].id
    const applied = await checkIn(db, { sessionId, code: first.code, source: 'MANUAL', userId: staffId })
    expect(applied).toMatchObject({ outcome: 'APPLIED', person: { id: first.id } })
    // Picked from a search too.
    expect(
      (await checkIn(db, { sessionId, registrationId: second.id, source: 'SEARCH', userId: staffId })).outcome,
    ).toBe('APPLIED')

    await drawLottery(db, seminar.id, { userId: staffId })
    const drawn = await db.registration.findMany({
      where: { seminarId: seminar.id },
      select: { id: true, status: true },
    })
    const loser = drawn.find((r) => r.status === 'NOT_SELECTED')!
    const winner = drawn.find((r) => r.status === 'CONFIRMED')!
    const lost = await checkIn(db, { sessionId, registrationId: loser.id, source: 'SEARCH', userId: staffId })
    expect(lost).toMatchObject({ outcome: 'NOT_SELECTED', person: { id: loser.id } })
    expect(await db.attendance.count({ where: { sessionId } })).toBe(0)
    // The winner holds a seat and is let in.
    expect(
      (await checkIn(db, { sessionId, registrationId: winner.id, source: 'SEARCH', userId: staffId })).outcome,
    ).toBe('CHECKED_IN')
  })

  it('explains cancelled, waiting, unknown and other-seminar codes, and records nothing', async () => {
    const { seminar, sessions } = await seminarWithSessions(1, { capacityInPerson: 1 })
    const seated = await register(db, { seminarId: seminar.id, ...participant() })
    const waiting = await register(db, { seminarId: seminar.id, ...participant() })
    const gone = await register(db, { seminarId: seminar.id, ...participant() })
    await cancelRegistration(db, gone.id, { by: 'PARTICIPANT' })
    const elsewhere = await createSeminar(db, { title: '別のセミナー' })
    const stranger = await register(db, { seminarId: elsewhere.id, ...participant() })
    const sessionId = sessions[0].id
    expect((await checkIn(db, { sessionId, code: waiting.code, source: 'QR', userId: staffId })).outcome).toBe(
      'WAITLISTED',
    )
    // Nor with the token a QR slip carries (a waiting person's pages show none, but an old mail might).
    const { checkinToken } = await db.registration.findUniqueOrThrow({ where: { id: waiting.id } })
    expect((await checkIn(db, { sessionId, code: checkinToken!, source: 'QR', userId: staffId })).outcome).toBe(
      'WAITLISTED',
    )
    expect((await checkIn(db, { sessionId, code: gone.code, source: 'QR', userId: staffId })).outcome).toBe('CANCELLED')
    expect(await checkIn(db, { sessionId, code: 'ZZZZZZZZ', source: 'QR', userId: staffId })).toEqual({
      outcome: 'NOT_FOUND',
      code: { text: 'ZZZZZZZZ', length: 8, cut: false },
    })
    // Another seminar's slip says which seminar it is for, and nothing about its holder.
    const other = await checkIn(db, { sessionId, code: stranger.code, source: 'QR', userId: staffId })
    expect(other).toMatchObject({ outcome: 'OTHER_SEMINAR', seminarTitle: '別のセミナー' })
    expect(JSON.stringify(other)).not.toContain(stranger.code)
    // A check-in helper learns nothing about another seminar: the same answer as a code that does not exist.
    expect(await checkIn(db, { sessionId, code: stranger.code, source: 'QR', userId: staffId, helper: true })).toEqual({
      outcome: 'NOT_FOUND',
      code: { text: stranger.code, length: 8, cut: false },
    })
    // Picking someone of another seminar (a forged form) finds nobody.
    expect(
      await checkIn(db, { sessionId, registrationId: stranger.id, source: 'SEARCH', userId: staffId }),
    ).toMatchObject({ outcome: 'NOT_FOUND' })
    expect(await db.attendance.count({ where: { sessionId } })).toBe(0)
    expect(
      (await checkIn(db, { sessionId, registrationId: seated.id, source: 'SEARCH', userId: staffId })).outcome,
    ).toBe('CHECKED_IN')
  })

  it('reads codes the way people type them', () => {
    expect(normalizeCode(' k7qx-3m9p ')).toBe('K7QX3M9P')
    expect(normalizeCode('ＡＢ0O１IL')).toBe('AB00111')
  })

  it('records a code typed by hand as typed, and a QR slip (camera or scanner) as a QR read', async () => {
    const { seminar, sessions } = await seminarWithSessions(1)
    const typed = await register(db, { seminarId: seminar.id, ...participant() })
    const scanned = await register(db, { seminarId: seminar.id, ...participant() })
    const { checkinToken } = await db.registration.findUniqueOrThrow({ where: { id: scanned.id } })
    // The slip's 32-hex-digit token is only ever in its QR code: in the code field, a scanner typed it.
    expect(codeSource(checkinToken!, 'field')).toBe('QR')
    expect(codeSource(checkinToken!.toLowerCase(), 'field')).toBe('QR')
    expect(codeSource(typed.code, 'camera')).toBe('QR')
    expect(codeSource(typed.code, 'field')).toBe('MANUAL')
    expect(codeSource(` ${typed.code.toLowerCase().slice(0, 4)}-${typed.code.slice(4)} `, 'field')).toBe('MANUAL')
    const door = { sessionId: sessions[0].id, userId: staffId }
    await checkIn(db, { ...door, code: typed.code, source: codeSource(typed.code, 'field') })
    await checkIn(db, { ...door, code: checkinToken!, source: codeSource(checkinToken!, 'field') })
    const rows = await db.attendance.findMany({
      where: { sessionId: sessions[0].id },
      select: { registrationId: true, source: true },
    })
    expect(new Map(rows.map((r) => [r.registrationId, r.source]))).toEqual(
      new Map([
        [typed.id, 'MANUAL'],
        [scanned.id, 'QR'],
      ]),
    )
  })

  it('shows a long code that was not found only by its start and length', async () => {
    expect(echoCode(' K7QX3M9Z ')).toEqual({ text: 'K7QX3M9Z', length: 8, cut: false })
    expect(echoCode('ABCDEFGHIJKL')).toEqual({ text: 'ABCDEFGHIJKL', length: 12, cut: false })
    expect(echoCode('ABCDEFGHIJKLM')).toEqual({ text: 'ABCD', length: 13, cut: true })
    // Characters, not UTF-16 units: an emoji is one.
    expect(echoCode('😀😀😀😀😀😀😀😀😀😀😀😀😀')).toEqual({ text: '😀😀😀😀', length: 13, cut: true })
    const { seminar, sessions } = await seminarWithSessions(1)
    const elsewhere = await createSeminar(db, { title: '別会場のセミナー' })
    const stranger = await register(db, { seminarId: elsewhere.id, ...participant() })
    const { checkinToken } = await db.registration.findUniqueOrThrow({ where: { id: stranger.id } })
    const door = { sessionId: sessions[0].id, source: 'MANUAL' as const, userId: staffId }
    const pasted = 'https://example.jp/a-very-long-address-pasted-into-the-code-field'
    const answer = await checkIn(db, { ...door, code: pasted })
    expect(answer).toEqual({ outcome: 'NOT_FOUND', code: { text: 'http', length: pasted.length, cut: true } })
    expect(JSON.stringify(answer)).not.toContain('example.jp')
    // A helper scanning another seminar's slip: "not found", and not that slip's token either.
    const helper = await checkIn(db, { ...door, code: checkinToken!, helper: true })
    expect(helper).toEqual({ outcome: 'NOT_FOUND', code: { text: checkinToken!.slice(0, 4), length: 32, cut: true } })
    expect(JSON.stringify(helper)).not.toContain(checkinToken!.slice(4))
    expect(seminar.id).not.toBe(elsewhere.id)
  })

  it('asks before checking someone in to a session that is not today in Japan, and checks in once confirmed', async () => {
    const { seminar, sessions } = await seminarWithSessions(1)
    const session = await db.session.update({
      where: { id: sessions[0].id },
      // 8 December 2026, 10:00–12:00 in Japan.
      data: { startsAt: new Date('2026-12-08T01:00:00Z'), endsAt: new Date('2026-12-08T03:00:00Z') },
    })
    const r = await register(db, { seminarId: seminar.id, ...participant({ name: '前日 来子' }) })
    const door = { sessionId: session.id, code: r.code, source: 'MANUAL' as const, userId: staffId }
    // 23:30 on 7 December in Japan (14:30 UTC): the day before.
    const dayBefore = new Date('2026-12-07T14:30:00Z')
    const asked = await checkIn(db, { ...door, notToday: 'ask' }, dayBefore)
    expect(asked).toMatchObject({
      outcome: 'NOT_TODAY',
      person: { id: r.id, name: '前日 来子' },
      source: 'MANUAL',
      sessionStartsAt: session.startsAt,
      today: dayBefore,
    })
    expect(await db.attendance.count({ where: { sessionId: session.id } })).toBe(0)
    // Confirmed: the person is picked by id, found the way they were found first.
    const confirmed = await checkIn(
      db,
      { ...door, code: undefined, registrationId: r.id, notToday: 'proceed' },
      dayBefore,
    )
    expect(confirmed.outcome).toBe('CHECKED_IN')
    expect(await db.attendance.findFirst({ where: { sessionId: session.id }, select: { source: true } })).toEqual({
      source: 'MANUAL',
    })
    // Someone already checked in is told so, not asked.
    expect((await checkIn(db, { ...door, notToday: 'ask' }, dayBefore)).outcome).toBe('ALREADY')

    // 00:30 on 8 December in Japan is still 7 December in UTC: the session's day, nothing asked.
    const other = await register(db, { seminarId: seminar.id, ...participant() })
    const sameDay = new Date('2026-12-07T15:30:00Z')
    expect((await checkIn(db, { ...door, code: other.code, notToday: 'ask' }, sameDay)).outcome).toBe('CHECKED_IN')
  })

  it('takes every Japan date from a session’s start to its end as its day', () => {
    // 22:00 on 8 December to 01:00 on 9 December in Japan.
    const late = { startsAt: new Date('2026-12-08T13:00:00Z'), endsAt: new Date('2026-12-08T16:00:00Z') }
    expect(isSessionToday(late, new Date('2026-12-07T14:59:59Z'))).toBe(false)
    expect(isSessionToday(late, new Date('2026-12-07T15:00:00Z'))).toBe(true)
    expect(isSessionToday(late, new Date('2026-12-09T14:59:59Z'))).toBe(true)
    expect(isSessionToday(late, new Date('2026-12-09T15:00:00Z'))).toBe(false)
  })

  it('undoes a check-in and records both', async () => {
    const { seminar, sessions } = await seminarWithSessions(1)
    const r = await register(db, { seminarId: seminar.id, ...participant() })
    await checkIn(db, { sessionId: sessions[0].id, code: r.code, source: 'QR', userId: staffId })
    expect(await undoCheckIn(db, { sessionId: sessions[0].id, registrationId: r.id, userId: staffId })).toBe(true)
    expect(await undoCheckIn(db, { sessionId: sessions[0].id, registrationId: r.id, userId: staffId })).toBe(false)
    expect(await db.attendance.count({ where: { sessionId: sessions[0].id } })).toBe(0)
    const trail = await db.auditEvent.findMany({
      where: { entityId: `${sessions[0].id}:${r.id}` },
      orderBy: { at: 'asc' },
    })
    expect(trail.map((e) => [e.action, e.actorId])).toEqual([
      ['attendance.checkin', staffId],
      ['attendance.undo', staffId],
    ])
  })

  it('keeps attendance per session in a series', async () => {
    const { seminar, sessions } = await seminarWithSessions(3)
    const r = await register(db, { seminarId: seminar.id, ...participant() })
    await checkIn(db, { sessionId: sessions[0].id, code: r.code, source: 'QR', userId: staffId })
    await checkIn(db, { sessionId: sessions[2].id, code: r.code, source: 'QR', userId: staffId })
    const attended = await db.attendance.findMany({ where: { registrationId: r.id }, select: { sessionId: true } })
    expect(attended.map((a) => a.sessionId).sort()).toEqual([sessions[0].id, sessions[2].id].sort())
    expect(await sessionCounts(db, sessions[1].id, seminar.id)).toEqual({ checkedIn: 0, expected: 1 })
    expect(await sessionCounts(db, sessions[2].id, seminar.id)).toEqual({ checkedIn: 1, expected: 1 })
  })

  it('finds people by name, furigana in either kana, organization or code', async () => {
    const { seminar, sessions } = await seminarWithSessions(1)
    const r = await register(db, {
      seminarId: seminar.id,
      ...participant({ name: '北野 さくら', furigana: 'きたの さくら', organizationName: '株式会社ミライ技研' }),
    })
    const find = async (q: string) => (await searchPeople(db, sessions[0].id, seminar.id, q)).map((p) => p.id)
    expect(await find('北野')).toEqual([r.id])
    expect(await find('キタノ')).toEqual([r.id])
    expect(await find('ミライ')).toEqual([r.id])
    expect(await find(r.code.toLowerCase())).toEqual([r.id])
    expect(await find('存在しない')).toEqual([])
  })
})

describe('walk-ins', () => {
  it('registers a walk-in as attended and takes a seat', async () => {
    const { seminar, sessions } = await seminarWithSessions(1, { capacityInPerson: 2 })
    const { registrationId } = await registerWalkIn(db, {
      sessionId: sessions[0].id,
      name: '当日 太郎',
      organizationName: '当日商店',
      mode: 'IN_PERSON',
      overrideCapacity: false,
      userId: staffId,
    })
    expect(await db.registration.findUniqueOrThrow({ where: { id: registrationId } })).toMatchObject({
      source: 'WALK_IN',
      status: 'CONFIRMED',
      overCapacity: false,
    })
    expect(await db.attendance.findFirstOrThrow({ where: { registrationId } })).toMatchObject({
      source: 'WALK_IN',
      mode: 'IN_PERSON',
    })
    expect((await db.seminar.findUniqueOrThrow({ where: { id: seminar.id } })).seatsTakenInPerson).toBe(1)
  })

  it('carries the corporate number and location, so the walk-in’s company is the registered one (社数)', async () => {
    const { seminar, sessions } = await seminarWithSessions(1)
    const registered = await register(db, {
      seminarId: seminar.id,
      ...participant({ organizationName: '株式会社ミナト製作所', corporateNumber: '7000012050002' }),
    })
    const form = WalkInSchema.parse({
      name: '当日 次郎',
      organizationName: 'ミナト製作所 第二工場',
      corporateNumber: '７０００-０１２０５-０００２',
      inCity: 'no',
      mode: 'IN_PERSON',
    })
    expect(form.corporateNumber).toBe('7000012050002')
    const { registrationId } = await registerWalkIn(db, { sessionId: sessions[0].id, ...form, userId: staffId })
    const walkIn = await db.registration.findUniqueOrThrow({ where: { id: registrationId } })
    expect(walkIn).toMatchObject({ corporateNumber: '7000012050002', inCity: false })
    const first = await db.registration.findUniqueOrThrow({ where: { id: registered.id } })
    expect(walkIn.organizationId).toBe(first.organizationId)
    // A wrong check digit is refused with its reason, like on the registration form.
    const wrong = WalkInSchema.safeParse({ name: '当日 三郎', corporateNumber: '8000012050002', mode: 'IN_PERSON' })
    expect(wrong.error?.flatten().fieldErrors.corporateNumber).toEqual(['corporateNumberCheckDigit'])
  })

  it('needs an explicit, recorded override to go over the capacity', async () => {
    const { seminar, sessions } = await seminarWithSessions(1, { capacityInPerson: 1 })
    await register(db, { seminarId: seminar.id, ...participant() })
    const walkIn = { sessionId: sessions[0].id, name: '満席 花子', mode: 'IN_PERSON' as const, userId: staffId }
    const refused = await registerWalkIn(db, { ...walkIn, overrideCapacity: false }).catch((e: unknown) => e)
    expect(isAppError(refused, 'WALK_IN_OVER_CAPACITY')).toBe(true)
    expect(await db.registration.count({ where: { seminarId: seminar.id } })).toBe(1)
    const { registrationId } = await registerWalkIn(db, { ...walkIn, overrideCapacity: true })
    expect((await db.registration.findUniqueOrThrow({ where: { id: registrationId } })).overCapacity).toBe(true)
    expect((await db.seminar.findUniqueOrThrow({ where: { id: seminar.id } })).seatsTakenInPerson).toBe(2)
    const audit = await db.auditEvent.findFirstOrThrow({
      where: { action: 'attendance.walk-in', entityId: `${sessions[0].id}:${registrationId}` },
    })
    expect(JSON.parse(audit.detail)).toMatchObject({ overCapacity: true })
  })

  it('checks in someone already registered instead of registering them twice', async () => {
    const { seminar, sessions } = await seminarWithSessions(1)
    const r = await register(db, { seminarId: seminar.id, ...participant({ email: 'already@example.jp' }) })
    const result = await registerWalkIn(db, {
      sessionId: sessions[0].id,
      name: '既に 登録',
      email: 'Already@Example.jp',
      mode: 'IN_PERSON',
      overrideCapacity: false,
      userId: staffId,
    })
    expect(result).toEqual({ registrationId: r.id, existing: true })
    expect(await db.registration.count({ where: { seminarId: seminar.id } })).toBe(1)
  })
})

describe('post-hoc marking', () => {
  it('records the ticked people and removes the unticked', async () => {
    const { seminar, sessions } = await seminarWithSessions(1)
    const [a, b, c] = await Promise.all([1, 2, 3].map(() => register(db, { seminarId: seminar.id, ...participant() })))
    await checkIn(db, { sessionId: sessions[0].id, code: c.code, source: 'QR', userId: staffId })
    expect(
      await markAttendance(db, { sessionId: sessions[0].id, attendedRegistrationIds: [a.id, b.id], userId: staffId }),
    ).toEqual({
      added: 2,
      removed: 1,
      changedMeanwhile: [],
    })
    const rows = await db.attendance.findMany({
      where: { sessionId: sessions[0].id },
      select: { registrationId: true, source: true },
    })
    expect(rows.map((r) => r.registrationId).sort()).toEqual([a.id, b.id].sort())
    expect(rows.every((r) => r.source === 'POST_HOC')).toBe(true)
    expect(
      await markAttendance(db, { sessionId: sessions[0].id, attendedRegistrationIds: [a.id, b.id], userId: staffId }),
    ).toEqual({
      added: 0,
      removed: 0,
      changedMeanwhile: [],
    })
    expect(
      await db.auditEvent.count({
        where: { action: { in: ['attendance.mark', 'attendance.unmark'] }, actorId: staffId },
      }),
    ).toBeGreaterThanOrEqual(3)
  })

  it('applies only what the person changed on a sheet opened earlier and leaves records changed meanwhile as they are', async () => {
    const { seminar, sessions } = await seminarWithSessions(1)
    const sessionId = sessions[0].id
    const times = await saveIndicator(db, {
      code: `SHEET-${seminar.id}`,
      name: '事後入力の延べ人数',
      nameEn: null,
      kind: 'ACTIVITY',
      unit: '人',
      rule: 'PERSON_TIMES',
      categoryIds: [],
      seminarIds: [],
      modeScope: 'ALL',
      cumulative: false,
      baseYear: null,
      baseline: null,
      note: '',
      programIds: [seminar.programId],
    })
    const personTimes = async () =>
      (
        await liveActual(
          db,
          (await loadIndicators(db)).find((i) => i.id === times)!,
          fiscalYearOf(sessions[0].startsAt),
        )
      ).value
    const before = (await personTimes())! // other tests' seminars share the program
    const [door, undone, ticked, unticked, untouched] = await Promise.all(
      [1, 2, 3, 4, 5].map(() => register(db, { seminarId: seminar.id, ...participant() })),
    )
    await checkIn(db, { sessionId, registrationId: undone.id, source: 'SEARCH', userId: staffId })
    await checkIn(db, { sessionId, registrationId: unticked.id, source: 'SEARCH', userId: staffId })
    await checkIn(db, { sessionId, registrationId: untouched.id, source: 'SEARCH', userId: staffId })

    // The sheet is opened: what it shows is what the form carries back.
    const sheet = await attendanceSheet(db, seminar.id, sessionId)
    const shown = sheet.map((r) => ({ registrationId: r.id, attendanceId: r.attendance?.id ?? null }))
    const shownTicked = sheet.filter((r) => r.attendance).map((r) => r.id)
    expect(shownTicked.sort()).toEqual([undone.id, unticked.id, untouched.id].sort())

    // Meanwhile at the door: one person checks in, one check-in is undone, a walk-in arrives.
    await checkIn(db, { sessionId, registrationId: door.id, source: 'QR', userId: otherStaffId })
    await undoCheckIn(db, { sessionId, registrationId: undone.id, userId: otherStaffId })
    const walkIn = await registerWalkIn(db, {
      sessionId,
      name: '当日 来場',
      mode: 'IN_PERSON',
      overrideCapacity: false,
      userId: otherStaffId,
    })
    expect(await personTimes()).toBe(before + 4)

    // Submitted as the person left it: `door` and `undone` as shown, `ticked` ticked, `unticked` unticked.
    const result = await markAttendance(db, {
      sessionId,
      attendedRegistrationIds: [undone.id, ticked.id, untouched.id],
      userId: staffId,
      shown,
    })
    expect(result.added).toBe(1)
    expect(result.removed).toBe(1)
    expect([...result.changedMeanwhile].sort((x, y) => x.registrationId.localeCompare(y.registrationId))).toEqual(
      [
        { registrationId: door.id, attendedNow: true },
        { registrationId: undone.id, attendedNow: false },
        { registrationId: walkIn.registrationId, attendedNow: true },
      ].sort((x, y) => x.registrationId.localeCompare(y.registrationId)),
    )
    const rows = await db.attendance.findMany({ where: { sessionId }, select: { registrationId: true, source: true } })
    expect(new Map(rows.map((r) => [r.registrationId, r.source]))).toEqual(
      new Map([
        [door.id, 'QR'], // checked in at the door after the sheet was opened: stays
        [ticked.id, 'POST_HOC'],
        [untouched.id, 'SEARCH'],
        [walkIn.registrationId, 'WALK_IN'],
      ]),
    )
    // `undone` stays undone although the sheet still had them ticked; the tally follows every change
    // (one added on the sheet, one removed on it).
    expect(await personTimes()).toBe(before + 4)
  })
})
