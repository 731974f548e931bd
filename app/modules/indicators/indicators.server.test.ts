import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { participant } from '../../../tests/support/factories'
import { createTestDb } from '../../../tests/support/test-db'
import type { Db } from '~/utils/db.server'
import type { CountingRule } from '~/generated/prisma/client'
import { createConsoleUser } from '../accounts/console-users.server'
import { checkIn, markAttendance, undoCheckIn } from '../attendance/checkin.server'
import { setRegistrationRole } from '../attendance/roles.server'
import { registerWalkIn } from '../attendance/walk-in.server'
import { cancelRegistration, register } from '../registration/registrations.server'
import { ensureCategory, mergeCategory, renameCategory } from '../categories/categories.server'
import { updateSeminar, updateSession } from '../scheduling/seminars.server'
import { fiscalMonths, fiscalYearOf } from '~/utils/time'
import {
  liveActual,
  loadIndicators,
  monthlyActuals,
  reportedFigure,
  saveIndicator,
  setManualFigure,
  yearStatus,
} from './indicators.server'
import { acceptDifferences, closeFiscalYear, reopenFiscalYear } from './year-close.server'
import { evidence } from './evidence.server'
import { random, randomRecordChange, type RandomRecords } from '../../../tests/support/random-records'

let db: Db
let drop: () => Promise<void>
let userId: string
beforeAll(async () => {
  ;({ db, drop } = await createTestDb())
  userId = (
    await createConsoleUser(db, { email: 'eval@city.example.jp', name: '評価 担当', password: 'evaluation password' })
  ).id
})
afterAll(async () => drop())

const jst = (iso: string) => new Date(`${iso}+09:00`)
let seq = 0

async function program(name: string) {
  seq++
  return db.program.create({ data: { code: `P${seq}`, name } })
}

/** A published seminar (registration open now) with sessions at the given Japan times. */
async function seminar(
  programId: string,
  starts: string[],
  extra: { category?: string; mode?: 'IN_PERSON' | 'ONLINE' | 'HYBRID'; minOnlineMinutes?: number } = {},
) {
  const now = Date.now()
  const s = await db.seminar.create({
    data: {
      programId,
      title: `セミナー${++seq}`,
      categoryId: await ensureCategory(db, extra.category ?? 'セミナー'),
      status: 'PUBLISHED',
      mode: extra.mode ?? 'HYBRID',
      venueName: '会場',
      capacityInPerson: 100,
      capacityOnline: 100,
      minOnlineMinutes: extra.minOnlineMinutes ?? 30,
      registrationOpensAt: new Date(now - 86400_000),
      registrationClosesAt: new Date(now + 86400_000),
    },
  })
  const sessions = []
  for (const [i, at] of starts.entries()) {
    sessions.push(
      await db.session.create({
        data: { seminarId: s.id, number: i + 1, startsAt: jst(at), endsAt: new Date(jst(at).getTime() + 7200_000) },
      }),
    )
  }
  return { seminar: s, sessions }
}

async function indicator(
  rule: CountingRule,
  programIds: string[],
  extra: Partial<Parameters<typeof saveIndicator>[1]> = {},
) {
  const id = await saveIndicator(db, {
    code: `I${++seq}`,
    name: `指標${seq}`,
    nameEn: null,
    kind: 'ACTIVITY',
    unit: '人',
    rule,
    categoryIds: [],
    seminarIds: [],
    modeScope: 'ALL',
    cumulative: false,
    baseYear: null,
    baseline: null,
    note: '',
    programIds,
    ...extra,
  })
  return (await loadIndicators(db)).find((i) => i.id === id)!
}

const actual = async (id: string, fy: number) =>
  (await liveActual(db, (await loadIndicators(db)).find((i) => i.id === id)!, fy)).value

describe('counting rules', () => {
  it('counts person-times, unique persons and unique organizations with repeats, no-shows, walk-ins, online minimums, speakers and staff', async () => {
    const p = await program('AI人材育成事業')
    const { seminar: s1, sessions } = await seminar(p.id, ['2026-06-10T14:00', '2026-06-17T14:00'])
    const { seminar: s2, sessions: other } = await seminar(p.id, ['2026-07-01T14:00'])
    const pt = await indicator('PERSON_TIMES', [p.id])
    const up = await indicator('UNIQUE_PERSONS', [p.id])
    const uo = await indicator('UNIQUE_ORGANIZATIONS', [p.id], { unit: '社' })
    const online = await indicator('PERSON_TIMES', [p.id], { modeScope: 'ONLINE' })

    const taro = await register(db, {
      seminarId: s1.id,
      ...participant({ email: 'taro@example.jp', organizationName: '株式会社A' }),
    })
    const hana = await register(db, {
      seminarId: s1.id,
      ...participant({ email: 'hana@example.jp', organizationName: '株式会社A' }),
    })
    const noShow = await register(db, {
      seminarId: s1.id,
      ...participant({ email: 'absent@example.jp', organizationName: '株式会社B' }),
    })
    const gone = await register(db, {
      seminarId: s1.id,
      ...participant({ email: 'gone@example.jp', organizationName: '株式会社C' }),
    })
    await cancelRegistration(db, gone.id, { by: 'PARTICIPANT' })
    const speaker = await register(db, {
      seminarId: s1.id,
      ...participant({ email: 'speaker@example.jp', organizationName: '講師事務所' }),
    })
    await setRegistrationRole(db, { registrationId: speaker.id, role: 'SPEAKER', userId })
    const taroAgain = await register(db, {
      seminarId: s2.id,
      ...participant({ email: 'taro@example.jp', organizationName: '(株)A' }),
    })

    // Taro: both sessions of s1 and s2 (3 times, 1 person); Hana: session 1; the speaker attends.
    for (const session of sessions) await checkIn(db, { sessionId: session.id, code: taro.code, source: 'QR', userId })
    await checkIn(db, { sessionId: sessions[0].id, code: hana.code, source: 'QR', userId })
    await checkIn(db, { sessionId: sessions[0].id, code: speaker.code, source: 'QR', userId })
    await checkIn(db, { sessionId: other[0].id, code: taroAgain.code, source: 'QR', userId })
    // A walk-in from a new company; online attendees above and below the minimum.
    await registerWalkIn(db, {
      sessionId: sessions[1].id,
      name: '当日 参加',
      organizationName: '株式会社D',
      mode: 'IN_PERSON',
      overrideCapacity: false,
      userId,
    })
    await registerWalkIn(db, {
      sessionId: other[0].id,
      name: 'Long Online',
      email: 'long@example.com',
      mode: 'ONLINE',
      onlineMinutes: 45,
      overrideCapacity: false,
      userId,
      source: 'IMPORT',
    })
    await registerWalkIn(db, {
      sessionId: other[0].id,
      name: 'Short Online',
      email: 'short@example.com',
      mode: 'ONLINE',
      onlineMinutes: 10,
      overrideCapacity: false,
      userId,
      source: 'IMPORT',
    })
    const staff = await registerWalkIn(db, {
      sessionId: other[0].id,
      name: '事務局 職員',
      mode: 'IN_PERSON',
      overrideCapacity: false,
      userId,
    })
    await setRegistrationRole(db, { registrationId: staff.registrationId, role: 'STAFF', userId })

    expect(noShow.status).toBe('CONFIRMED')
    // taro ×3, hana, walk-in, long online = 6 person-times; persons taro, hana, walk-in, long = 4.
    expect(await actual(pt.id, 2026)).toBe(6)
    expect(await actual(up.id, 2026)).toBe(4)
    // 株式会社A (taro, hana, (株)A), 株式会社D: 2 companies.
    expect(await actual(uo.id, 2026)).toBe(2)
    expect(await actual(online.id, 2026)).toBe(1)

    // Corrections move the figures at once: undo Hana, and the speaker becomes a participant.
    await undoCheckIn(db, { sessionId: sessions[0].id, registrationId: hana.id, userId })
    expect([await actual(pt.id, 2026), await actual(up.id, 2026), await actual(uo.id, 2026)]).toEqual([5, 3, 2])
    await setRegistrationRole(db, { registrationId: speaker.id, role: 'PARTICIPANT', userId })
    expect([await actual(pt.id, 2026), await actual(up.id, 2026), await actual(uo.id, 2026)]).toEqual([6, 4, 3])
  })

  it('counts sessions held and registrations', async () => {
    const p = await program('創業支援事業')
    const { seminar: s } = await seminar(p.id, ['2025-05-01T14:00', '2025-05-08T14:00', '2099-05-15T14:00'])
    const held = await indicator('SESSIONS_HELD', [p.id], { unit: '回' })
    const regs = await indicator('REGISTRATIONS', [p.id], { unit: '件' })
    await register(db, { seminarId: s.id, ...participant() })
    const cancelled = await register(db, { seminarId: s.id, ...participant() })
    await cancelRegistration(db, cancelled.id, { by: 'PARTICIPANT' })
    expect(await actual(held.id, 2025)).toBe(2)
    // 申込数 counts every registration made, cancelled ones included.
    expect(await actual(regs.id, 2025)).toBe(2)
  })

  it('counts an indicator listed under two programs once, and splits a series at 31 March', async () => {
    const a = await program('IoT推進事業')
    const b = await program('DX推進事業')
    const { seminar: s, sessions } = await seminar(a.id, ['2027-03-31T18:00', '2027-04-01T10:00'])
    const both = await indicator('UNIQUE_PERSONS', [a.id, b.id])
    const times = await indicator('PERSON_TIMES', [a.id, b.id])
    const r = await register(db, { seminarId: s.id, ...participant() })
    await markAttendance(db, { sessionId: sessions[0].id, attendedRegistrationIds: [r.id], userId })
    await markAttendance(db, { sessionId: sessions[1].id, attendedRegistrationIds: [r.id], userId })
    expect(fiscalYearOf(sessions[0].startsAt)).toBe(2026)
    expect([await actual(times.id, 2026), await actual(times.id, 2027)]).toEqual([1, 1])
    expect([await actual(both.id, 2026), await actual(both.id, 2027)]).toEqual([1, 1])
    // Moving the first session past 31 March moves its attendance to the next year.
    await updateSession(
      db,
      s.id,
      sessions[0].id,
      {
        startsAt: jst('2027-04-02T18:00'),
        endsAt: jst('2027-04-02T20:00'),
        title: null,
        venueName: null,
      },
      null,
    )
    // Nothing in scope is left in FY2026: it has no data, a blank (null), not 0.
    expect([await actual(times.id, 2026), await actual(times.id, 2027)]).toEqual([null, 2])
    expect(await actual(both.id, 2027)).toBe(1)
  })

  it('counts a cumulative indicator from its base year, each person once', async () => {
    const p = await program('人材育成事業')
    const { seminar: s1, sessions: y1 } = await seminar(p.id, ['2024-10-01T14:00'])
    const { seminar: s2, sessions: y2 } = await seminar(p.id, ['2025-10-01T14:00'])
    const total = await indicator('UNIQUE_PERSONS', [p.id], { cumulative: true, baseYear: 2024 })
    const a = await register(db, { seminarId: s1.id, ...participant({ email: 'cum-a@example.jp' }) })
    const a2 = await register(db, { seminarId: s2.id, ...participant({ email: 'cum-a@example.jp' }) })
    const b = await register(db, { seminarId: s2.id, ...participant({ email: 'cum-b@example.jp' }) })
    await markAttendance(db, { sessionId: y1[0].id, attendedRegistrationIds: [a.id], userId })
    await markAttendance(db, { sessionId: y2[0].id, attendedRegistrationIds: [a2.id, b.id], userId })
    expect([await actual(total.id, 2024), await actual(total.id, 2025)]).toEqual([1, 2])
  })

  it('adds up manual figures by month, or takes the whole-year figure, with their state', async () => {
    const p = await program('相談事業')
    const manual = await indicator('MANUAL', [p.id], { unit: '件' })
    const row = (await loadIndicators(db)).find((i) => i.id === manual.id)!
    expect(await liveActual(db, row, 2026)).toEqual({ value: null, state: 'COUNTING', manual: false, recorded: null })
    await setManualFigure(db, {
      indicatorId: manual.id,
      fiscalYear: 2026,
      month: 4,
      value: 12,
      state: 'FINAL',
      note: '',
      userId,
    })
    await setManualFigure(db, {
      indicatorId: manual.id,
      fiscalYear: 2026,
      month: 5,
      value: 8,
      state: 'ESTIMATE',
      note: '見込',
      userId,
    })
    expect(await liveActual(db, row, 2026)).toEqual({ value: 20, state: 'ESTIMATE', manual: true, recorded: null })
    await setManualFigure(db, {
      indicatorId: manual.id,
      fiscalYear: 2026,
      month: 0,
      value: 25,
      state: 'FINAL',
      note: '確定',
      userId,
    })
    expect((await liveActual(db, row, 2026)).value).toBe(25)
  })
})

describe('pacing', () => {
  it('adds up each month of the fiscal year, counting a person in the month they first came', async () => {
    const p = await program('進捗確認事業')
    const { seminar: s, sessions } = await seminar(p.id, ['2029-04-10T14:00', '2029-06-10T14:00', '2030-02-10T14:00'])
    const pt = await indicator('PERSON_TIMES', [p.id])
    const up = await indicator('UNIQUE_PERSONS', [p.id])
    const [a, b] = await Promise.all([1, 2].map(() => register(db, { seminarId: s.id, ...participant() })))
    await markAttendance(db, { sessionId: sessions[0].id, attendedRegistrationIds: [a.id], userId })
    await markAttendance(db, { sessionId: sessions[1].id, attendedRegistrationIds: [a.id, b.id], userId })
    await markAttendance(db, { sessionId: sessions[2].id, attendedRegistrationIds: [b.id], userId })
    const rows = await loadIndicators(db)
    //                                  Apr May Jun Jul Aug Sep Oct Nov Dec Jan Feb Mar
    expect(await monthlyActuals(db, rows.find((r) => r.id === pt.id)!, 2029)).toEqual([
      1, 1, 3, 3, 3, 3, 3, 3, 3, 3, 4, 4,
    ])
    expect(await monthlyActuals(db, rows.find((r) => r.id === up.id)!, 2029)).toEqual([
      1, 1, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2,
    ])
    // A later change is seen at once (figures computed before are not reused).
    await markAttendance(db, { sessionId: sessions[0].id, attendedRegistrationIds: [a.id, b.id], userId })
    expect(await monthlyActuals(db, rows.find((r) => r.id === up.id)!, 2029)).toEqual([
      2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2,
    ])
    expect(await monthlyActuals(db, rows.find((r) => r.id === pt.id)!, 2029)).toEqual([
      2, 2, 4, 4, 4, 4, 4, 4, 4, 4, 5, 5,
    ])
  })
})

describe('year-end close', () => {
  it('freezes a closed year, shows later changes as pending, accepts them as adjustments, and reopens', async () => {
    const p = await program('締め確認事業')
    const { seminar: s, sessions } = await seminar(p.id, ['2023-06-01T14:00'])
    const pt = await indicator('PERSON_TIMES', [p.id])
    const [a, b] = await Promise.all([1, 2].map(() => register(db, { seminarId: s.id, ...participant() })))
    await markAttendance(db, { sessionId: sessions[0].id, attendedRegistrationIds: [a.id], userId })
    await closeFiscalYear(db, 2023, userId)
    const row = async () => (await loadIndicators(db)).find((i) => i.id === pt.id)!
    expect(await reportedFigure(db, await row(), 2023, await yearStatus(db, 2023))).toMatchObject({
      actual: 1,
      live: 1,
      pending: 0,
    })

    // A late correction: the closed figure does not move; the difference waits.
    await markAttendance(db, { sessionId: sessions[0].id, attendedRegistrationIds: [a.id, b.id], userId })
    expect(await reportedFigure(db, await row(), 2023, await yearStatus(db, 2023))).toMatchObject({
      actual: 1,
      live: 2,
      pending: 1,
    })
    expect(
      (await acceptDifferences(db, { fiscalYear: 2023, reason: '紙の名簿の転記漏れ', userId })).detail.indicators,
    ).toEqual([{ indicatorId: pt.id, code: pt.code, name: pt.name, delta: 1 }])
    expect(await reportedFigure(db, await row(), 2023, await yearStatus(db, 2023))).toMatchObject({
      actual: 2,
      pending: 0,
    })
    const adjustment = await db.indicatorAdjustment.findFirstOrThrow({ where: { indicatorId: pt.id } })
    expect(adjustment).toMatchObject({ delta: 1, reason: '紙の名簿の転記漏れ', acceptedById: userId })

    await reopenFiscalYear(db, 2023, userId, '再集計のため')
    expect((await yearStatus(db, 2023)).closed).toBe(false)
    await markAttendance(db, { sessionId: sessions[0].id, attendedRegistrationIds: [a.id], userId })
    expect(await reportedFigure(db, await row(), 2023, await yearStatus(db, 2023))).toMatchObject({
      actual: 1,
      pending: 0,
    })
    expect(await db.auditEvent.count({ where: { entityType: 'FiscalYear', entityId: '2023' } })).toBe(3)
  })
})

/**
 * An independent recount from the raw records, written without the tallies; with `throughMonth`
 * (0 = April … 11 = March) only the sessions of the fiscal year up to the end of that month. A
 * cumulative indicator counts from its base year.
 */
async function recount(indicatorId: string, fy: number, throughMonth = 11) {
  const ind = (await loadIndicators(db)).find((i) => i.id === indicatorId)!
  const fromYear = ind.cumulative && ind.baseYear !== null && ind.baseYear <= fy ? ind.baseYear : fy
  const categories = (await db.indicatorCategory.findMany({ where: { indicatorId } })).map((c) => c.categoryId)
  const chosen = (await db.indicatorSeminar.findMany({ where: { indicatorId } })).map((s) => s.seminarId)
  const programs = ind.programs.map((p) => p.programId)
  const rows = await db.attendance.findMany({
    include: { session: { include: { seminar: true } }, registration: true },
  })
  const counted = rows.filter(
    (a) =>
      programs.includes(a.session.seminar.programId) &&
      (categories.length === 0 || categories.includes(a.session.seminar.categoryId ?? '')) &&
      (chosen.length === 0 || chosen.includes(a.session.seminar.id)) &&
      (ind.modeScope === 'ALL' || ind.modeScope === a.mode) &&
      a.registration.role === 'PARTICIPANT' &&
      !(a.mode === 'ONLINE' && a.onlineMinutes !== null && a.onlineMinutes < a.session.seminar.minOnlineMinutes) &&
      fiscalYearOf(a.session.startsAt) >= fromYear &&
      fiscalYearOf(a.session.startsAt) <= fy &&
      a.session.startsAt < fiscalMonths(fy)[throughMonth].end,
  )
  if (ind.rule === 'PERSON_TIMES') return counted.length
  if (ind.rule === 'UNIQUE_PERSONS') return new Set(counted.map((a) => a.registration.personId)).size
  return new Set(counted.map((a) => a.registration.organizationId).filter(Boolean)).size
}

describe('actuals always equal a full recount', () => {
  it('after 400 random registrations, check-ins, undos, markings, walk-ins, role changes, session moves and changes of category and seminar scope', async () => {
    const next = random(20261120)
    const pick = <T>(items: T[]) => items[Math.floor(next() * items.length)]
    const a = await program('乱数A')
    const b = await program('乱数B')
    const seminars = [
      await seminar(a.id, ['2028-03-20T14:00', '2028-04-10T14:00'], { category: '講座' }),
      await seminar(a.id, ['2028-05-01T14:00'], { minOnlineMinutes: 45 }),
      await seminar(b.id, ['2028-06-01T14:00', '2028-06-08T14:00']),
      await seminar(b.id, ['2028-02-01T14:00', '2028-07-01T14:00'], { category: '研修' }),
    ]
    const course = await ensureCategory(db, '講座')
    const seminarType = await ensureCategory(db, 'セミナー')
    let training = await ensureCategory(db, '研修')
    const exchange = await ensureCategory(db, '交流会')
    const scopes: { rule: CountingRule; programIds: string[]; extra?: Partial<Parameters<typeof saveIndicator>[1]> }[] =
      [
        { rule: 'PERSON_TIMES', programIds: [a.id] },
        { rule: 'UNIQUE_PERSONS', programIds: [a.id, b.id] },
        { rule: 'UNIQUE_ORGANIZATIONS', programIds: [a.id, b.id] },
        { rule: 'PERSON_TIMES', programIds: [a.id, b.id], extra: { modeScope: 'ONLINE' } },
        { rule: 'UNIQUE_PERSONS', programIds: [a.id], extra: { categoryIds: [course] } },
        { rule: 'UNIQUE_PERSONS', programIds: [a.id, b.id], extra: { cumulative: true, baseYear: 2027 } },
        { rule: 'UNIQUE_ORGANIZATIONS', programIds: [a.id, b.id], extra: { cumulative: true, baseYear: 2027 } },
        { rule: 'PERSON_TIMES', programIds: [b.id], extra: { cumulative: true, baseYear: 2027 } },
        // Category and seminar scope (docs/decisions/0016-categories.md).
        { rule: 'PERSON_TIMES', programIds: [a.id, b.id], extra: { categoryIds: [seminarType, exchange] } },
        { rule: 'PERSON_TIMES', programIds: [a.id, b.id], extra: { seminarIds: [seminars[0].seminar.id] } },
        {
          rule: 'UNIQUE_PERSONS',
          programIds: [a.id, b.id],
          extra: { categoryIds: [training], seminarIds: [seminars[2].seminar.id, seminars[3].seminar.id] },
        },
        {
          rule: 'UNIQUE_ORGANIZATIONS',
          programIds: [a.id],
          extra: { seminarIds: [seminars[1].seminar.id], cumulative: true, baseYear: 2027 },
        },
      ]
    const inputs: Parameters<typeof saveIndicator>[1][] = []
    const indicators: Awaited<ReturnType<typeof indicator>>[] = []
    for (const scope of scopes) {
      const row = await indicator(scope.rule, scope.programIds, scope.extra)
      indicators.push(row)
      inputs.push({
        code: row.code,
        name: row.name,
        nameEn: null,
        kind: 'ACTIVITY',
        unit: '人',
        rule: row.rule,
        categoryIds: row.categories.map((c) => c.categoryId),
        seminarIds: row.seminars.map((s) => s.seminarId),
        modeScope: row.modeScope,
        cumulative: row.cumulative,
        baseYear: row.baseYear,
        baseline: null,
        note: '',
        programIds: row.programs.map((p) => p.programId),
      })
    }
    const categories = () => [course, seminarType, training, exchange]
    /** The seminar edit page saving a new category, all else as it was. */
    const setCategory = async (seminarId: string, categoryId: string) => {
      const s = await db.seminar.findUniqueOrThrow({ where: { id: seminarId } })
      await updateSeminar(db, seminarId, {
        programId: s.programId,
        title: s.title,
        titleEn: s.titleEn,
        description: s.description,
        categoryId,
        mode: s.mode,
        venueName: s.venueName,
        venueAddress: s.venueAddress,
        onlineUrl: s.onlineUrl,
        capacityInPerson: s.capacityInPerson,
        capacityOnline: s.capacityOnline,
        waitlistEnabled: s.waitlistEnabled,
        sessionChoice: s.sessionChoice,
        registrationOpensAt: s.registrationOpensAt,
        registrationClosesAt: s.registrationClosesAt,
        minOnlineMinutes: s.minOnlineMinutes,
        materialsUrl: s.materialsUrl,
      })
    }
    const emails = Array.from({ length: 12 }, (_, i) => `rnd${i}@example.jp`)
    const orgs = ['株式会社甲', '(株)甲', '乙商事', null, '丙工業']
    const world: RandomRecords = { db, next, userId, emails, organizations: orgs, registrations: [] }
    let scopeChanges = 0
    /** Right after a change of scope, before a later session move recounts everything anyway. */
    const checkAll = async (what: string) => {
      // A year with nothing in scope is blank (null) where the recount says 0.
      for (const [k, ind] of indicators.entries())
        for (const fy of [2027, 2028])
          expect((await actual(ind.id, fy)) ?? 0, `#${k} FY${fy} after ${what}`).toBe(await recount(ind.id, fy))
    }
    for (let step = 0; step < 400; step++) {
      if (step === 300) {
        // 研修 merged into 交流会: its seminars and the scope naming it move over, and it disappears.
        await mergeCategory(db, training, exchange, userId)
        training = exchange
        scopeChanges++
        await checkAll('the merge')
      }
      const roll = next()
      const si = Math.floor(next() * seminars.length)
      const { seminar: s, sessions } = seminars[si]
      const session = pick(sessions)
      if (roll < 0.04) {
        // A change of scope: a seminar's category, an indicator's seminars, or a category's name.
        const what = next()
        if (what < 0.5) await setCategory(s.id, pick(categories()))
        else if (what < 0.85) {
          const k = 8 + Math.floor(next() * 4)
          inputs[k] = { ...inputs[k], seminarIds: seminars.filter(() => next() < 0.5).map((x) => x.seminar.id) }
          await saveIndicator(db, inputs[k], indicators[k].id)
        } else await renameCategory(db, pick(categories()), { name: `種類${step}`, nameEn: null }, userId)
        scopeChanges++
        await checkAll(`the change of scope at step ${step}`)
      } else if (roll < 0.95) {
        await randomRecordChange(
          world,
          { seminarId: s.id, seminarIndex: si, sessionId: session.id, step },
          (roll - 0.04) / 0.91,
        )
      } else {
        // Move a session by a few days, sometimes across 31 March.
        const moved = new Date(session.startsAt.getTime() + (next() < 0.5 ? -1 : 1) * 9 * 86400_000)
        await updateSession(
          db,
          s.id,
          session.id,
          {
            startsAt: moved,
            endsAt: new Date(moved.getTime() + 7200_000),
            title: null,
            venueName: null,
          },
          null,
        )
        seminars[si].sessions = await db.session.findMany({ where: { seminarId: s.id }, orderBy: { number: 'asc' } })
      }
    }
    expect(await db.attendance.count()).toBeGreaterThan(40)
    expect(scopeChanges).toBeGreaterThan(10)
    expect(await db.category.count({ where: { name: '研修' } })).toBe(0)
    for (const ind of indicators) {
      for (const fy of [2027, 2028]) {
        const label = `${ind.rule} ${ind.modeScope} ${ind.cumulative ? '累計' : ''} #${indicators.indexOf(ind)} FY${fy}`
        // A year with nothing in scope is blank (null) where the recount says 0.
        expect((await actual(ind.id, fy)) ?? 0, label).toBe(await recount(ind.id, fy))
        // The evidence page lists the same seminars the tallies count (seminarScope agrees with inScope).
        if (ind.rule === 'PERSON_TIMES' && !ind.cumulative) {
          const shown = (await evidence(db, ind.id, fy))!.sessions.reduce((sum, s) => sum + s.personTimes, 0)
          expect(shown, `${label} evidence`).toBe(await recount(ind.id, fy))
        }
        // Month by month too (the dashboard's pacing): members count from the month they first came.
        if (ind.cumulative) continue
        const full = (await loadIndicators(db)).find((i) => i.id === ind.id)!
        const monthly = await monthlyActuals(db, full, fy)
        const expected = await Promise.all(Array.from({ length: 12 }, (_, m) => recount(ind.id, fy, m)))
        expect(monthly, `${label} by month`).toEqual(expected)
      }
    }
  }, 240_000)
})
