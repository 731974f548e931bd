import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestDb } from '../../../tests/support/test-db'
import type { Db } from '~/utils/db.server'
import { isValidCorporateNumber } from '~/modules/registration/identity'
import { JSIC_CODES } from '~/modules/registration/jsic'
import { seedDemoIfEmpty } from './seed.server'
import { liveActual, loadIndicators } from '~/modules/indicators/indicators.server'
import { fiscalYearOf } from '~/utils/time'
import { verify, type DrawRecord } from '~/modules/lottery/method'

type State = 'draft' | 'past' | 'notOpen' | 'closed' | 'full' | 'fullWaitlist' | 'fewLeft' | 'open'

type SeminarWithSessions = Awaited<ReturnType<typeof loadSeminars>>[number]

function loadSeminars(db: Db) {
  return db.seminar.findMany({ include: { sessions: { orderBy: { number: 'asc' } } } })
}

/** The state a public seminar list would show at `now`. */
function stateAt(s: SeminarWithSessions, now: Date): State {
  if (s.status === 'DRAFT') return 'draft'
  if (s.sessions.every((x) => x.endsAt < now)) return 'past'
  if (now < s.registrationOpensAt) return 'notOpen'
  if (now > s.registrationClosesAt) return 'closed'
  // Seats left in each mode the seminar offers (Infinity without a limit).
  const left = [
    ...(s.mode === 'ONLINE'
      ? []
      : [s.capacityInPerson === null ? Infinity : s.capacityInPerson - s.seatsTakenInPerson]),
    ...(s.mode === 'IN_PERSON' ? [] : [s.capacityOnline === null ? Infinity : s.capacityOnline - s.seatsTakenOnline]),
  ]
  if (left.every((n) => n <= 0)) return s.waitlistEnabled ? 'fullWaitlist' : 'full'
  if (left.some((n) => n > 0 && n <= 3)) return 'fewLeft'
  return 'open'
}

/** JST hour and minute of an instant. */
function jstTime(d: Date): string {
  return new Date(d.getTime() + 9 * 3600_000).toISOString().slice(11, 16)
}

// A Sunday, 23:50 in Japan: the edge of a JST day and of a week.
const SUNDAY_NIGHT = new Date('2026-03-01T14:50:00Z')

describe.each([
  ['a fixed Sunday night', SUNDAY_NIGHT],
  ['the current time', undefined],
])('seedDemoIfEmpty at %s', (_label, fixedNow) => {
  let db: Db
  let drop: () => Promise<void>
  let now: Date
  let seeded: boolean
  beforeAll(async () => {
    ;({ db, drop } = await createTestDb())
    now = fixedNow ?? new Date()
    seeded = await seedDemoIfEmpty(db, fixedNow)
  })
  afterAll(async () => drop())

  it('has a lottery taking applications and one drawn, whose record checks out', async () => {
    const lotteries = await db.lottery.findMany({ include: { seminar: { include: { registrations: true } } } })
    const open = lotteries.find((l) => l.drawnAt === null)!
    const drawn = lotteries.find((l) => l.drawnAt !== null)!
    expect(open.drawAt > now).toBe(true)
    expect(open.seminar.registrations.length).toBeGreaterThan(open.seminar.capacityInPerson!)
    expect(open.seminar.registrations.every((r) => r.status === 'APPLIED')).toBe(true)
    const statuses = drawn.seminar.registrations.map((r) => r.status)
    expect(statuses.filter((x) => x === 'CONFIRMED')).toHaveLength(drawn.seminar.capacityInPerson!)
    expect(statuses.filter((x) => x === 'WAITLISTED').length).toBeGreaterThan(0)
    expect(verify(JSON.parse(drawn.record!) as DrawRecord)).toEqual([])
  })

  it('seeds programs, published seminars with sessions, and registrations', async () => {
    expect(seeded).toBe(true)
    const programs = await db.program.findMany({ include: { _count: { select: { seminars: true } } } })
    expect(programs.length).toBeGreaterThanOrEqual(4)
    for (const p of programs) {
      expect(p.code).toMatch(/^[A-Z]+$/)
      expect(p.nameEn).toBeTruthy()
      expect(p.description).toBeTruthy()
      expect(p._count.seminars).toBeGreaterThan(0)
    }

    const seminars = await loadSeminars(db)
    expect(seminars.length).toBeGreaterThanOrEqual(10)
    expect(seminars.filter((s) => s.status === 'DRAFT')).toHaveLength(1)
    for (const s of seminars) {
      expect(s.titleEn).toBeTruthy()
      expect(s.sessions.length).toBeGreaterThan(0)
      expect(s.registrationOpensAt < s.registrationClosesAt).toBe(true)
      expect(s.registrationClosesAt <= s.sessions[0].startsAt).toBe(true)
      for (const x of s.sessions) {
        expect(x.startsAt < x.endsAt).toBe(true)
        expect(jstTime(x.startsAt) >= '09:00' && jstTime(x.endsAt) <= '21:00').toBe(true)
      }
      if (s.mode !== 'IN_PERSON') expect(s.onlineUrl).toMatch(/^https:\/\/example\.zoom\.us\//)
      if (s.mode !== 'ONLINE') expect(s.venueName).toBeTruthy()
      if (s.status === 'PUBLISHED') expect(s.publishedAt).toBeInstanceOf(Date)
    }
    expect(seminars.some((s) => s.mode === 'HYBRID' && s.capacityInPerson && s.capacityOnline)).toBe(true)
    expect(seminars.some((s) => s.mode === 'ONLINE' && s.capacityOnline === null)).toBe(true)
    const series = seminars.find((s) => s.sessions.length === 4)!
    expect(series.sessions.map((x) => x.title?.slice(0, 3))).toEqual(['第1回', '第2回', '第3回', '第4回'])
    const gaps = series.sessions.slice(1).map((x, i) => x.startsAt.getTime() - series.sessions[i].startsAt.getTime())
    expect(gaps).toEqual([7, 7, 7].map((d) => d * 24 * 3600_000))

    expect(await db.registration.count()).toBeGreaterThan(100)
    expect(await db.registration.count({ where: { status: 'CANCELLED' } })).toBeGreaterThan(0)
  })

  it('shows every state in the public list, with past seminars in the last two months', async () => {
    const seminars = await loadSeminars(db)
    const states = seminars.map((s) => stateAt(s, now))
    for (const state of ['draft', 'past', 'notOpen', 'closed', 'full', 'fullWaitlist', 'fewLeft', 'open'] as const) {
      expect(states).toContain(state)
    }
    expect(states.filter((s) => s === 'open').length).toBeGreaterThanOrEqual(3)
    const past = seminars.filter((s, i) => states[i] === 'past')
    expect(past.length).toBeGreaterThanOrEqual(2)
    for (const s of past) {
      expect(s.sessions[0].startsAt.getTime()).toBeGreaterThan(now.getTime() - 61 * 24 * 3600_000)
      expect(await db.registration.count({ where: { seminarId: s.id, status: 'CONFIRMED' } })).toBeGreaterThan(0)
    }
  })

  it('keeps seat counters equal to confirmed registrations and within capacity', async () => {
    for (const s of await db.seminar.findMany()) {
      const confirmed = async (mode: 'IN_PERSON' | 'ONLINE') =>
        db.registration.count({ where: { seminarId: s.id, mode, status: 'CONFIRMED' } })
      expect(s.seatsTakenInPerson).toBe(await confirmed('IN_PERSON'))
      expect(s.seatsTakenOnline).toBe(await confirmed('ONLINE'))
      if (s.capacityInPerson !== null) expect(s.seatsTakenInPerson).toBeLessThanOrEqual(s.capacityInPerson)
      if (s.capacityOnline !== null) expect(s.seatsTakenOnline).toBeLessThanOrEqual(s.capacityOnline)
      if (s.mode === 'IN_PERSON') expect(s.seatsTakenOnline).toBe(0)
      if (s.mode === 'ONLINE') expect(s.seatsTakenInPerson).toBe(0)
    }
  })

  it('has a waiting list numbered 1..n on a full seminar', async () => {
    const waiting = await db.registration.findMany({
      where: { status: 'WAITLISTED' },
      orderBy: [{ seminarId: 'asc' }, { mode: 'asc' }, { waitlistPosition: 'asc' }],
      select: { seminarId: true, mode: true, waitlistPosition: true },
    })
    expect(waiting.length).toBeGreaterThanOrEqual(2)
    const queues = new Map<string, number[]>()
    for (const w of waiting) {
      const key = `${w.seminarId}/${w.mode}`
      queues.set(key, [...(queues.get(key) ?? []), w.waitlistPosition!])
    }
    for (const [key, positions] of queues) {
      expect(positions).toEqual(positions.map((_, i) => i + 1))
      const seminar = await db.seminar.findUniqueOrThrow({ where: { id: key.split('/')[0] } })
      expect(seminar.waitlistEnabled).toBe(true)
      const mode = key.split('/')[1]
      expect(mode === 'IN_PERSON' ? seminar.seatsTakenInPerson : seminar.seatsTakenOnline).toBe(
        mode === 'IN_PERSON' ? seminar.capacityInPerson : seminar.capacityOnline,
      )
    }
    expect(await db.registration.count({ where: { promotedAt: { not: null }, status: 'CONFIRMED' } })).toBeGreaterThan(
      0,
    )
  })

  it('uses plausible participants: example emails, valid corporate numbers, repeat people and companies', async () => {
    const regs = await db.registration.findMany()
    for (const r of regs) {
      expect(r.email).toMatch(/@example\.(jp|com)$/i)
      expect(JSIC_CODES).toContain(r.industry)
      if (r.language === 'ja') expect(r.furigana).toMatch(/^[\p{Script=Hiragana}ー\s]+$/u)
      if (r.corporateNumber) expect(isValidCorporateNumber(r.corporateNumber)).toBe(true)
    }
    expect(regs.some((r) => r.corporateNumber)).toBe(true)
    expect(regs.some((r) => !r.organizationName)).toBe(true)
    expect(new Set(regs.map((r) => r.inCity))).toEqual(new Set([true, false]))
    expect(regs.filter((r) => r.language === 'en').length).toBeGreaterThanOrEqual(2)
    expect(regs.every((r) => r.source === 'WEB')).toBe(true)

    const persons = await db.person.count()
    expect(persons).toBeLessThan(regs.length / 2)
    const orgs = await db.organization.findMany({ include: { _count: { select: { registrations: true } } } })
    expect(orgs.filter((o) => o._count.registrations >= 5).length).toBeGreaterThanOrEqual(3)
    for (const o of orgs) if (o.corporateNumber) expect(o.identityKey).toBe(`cn:${o.corporateNumber}`)
  })

  it('asks the people who came to past seminars a survey, and the satisfaction indicator counts their answers', async () => {
    const surveys = await db.survey.findMany({
      include: { invitations: true, responses: { include: { answers: true } } },
    })
    expect(surveys.length).toBeGreaterThan(0)
    for (const survey of surveys) {
      // Invited: only people who came; answered: four in five, each once.
      const came = await db.attendance.findMany({
        where: { registrationId: { in: survey.invitations.map((i) => i.registrationId) } },
        select: { registrationId: true },
      })
      expect(new Set(came.map((c) => c.registrationId)).size).toBe(survey.invitations.length)
      expect(survey.responses.length).toBe(survey.invitations.filter((i) => i.answered).length)
    }
    // The figure is the share of responses with 満足 or やや満足, over every response of the year.
    const indicator = (await loadIndicators(db)).find((i) => i.code === 'SAT-07')!
    const fy = fiscalYearOf(now)
    const satisfaction = await db.surveyAnswer.findMany({
      where: { question: { kind: 'SATISFACTION' } },
      select: {
        value: true,
        response: {
          select: {
            survey: {
              select: {
                seminar: {
                  select: { sessions: { select: { startsAt: true }, orderBy: { startsAt: 'asc' }, take: 1 } },
                },
              },
            },
          },
        },
      },
    })
    const ofYear = satisfaction.filter((a) => fiscalYearOf(a.response.survey.seminar.sessions[0].startsAt) === fy)
    const actual = await liveActual(db, indicator, fy, now)
    if (ofYear.length === 0) expect(actual.value).toBeNull()
    else {
      const top = ofYear.filter((a) => Number(a.value) >= 4).length
      expect(actual.value).toBe(Math.round((top / ofYear.length) * 1000) / 10)
    }
  })

  it('does nothing the second time', async () => {
    const counts = async () =>
      Promise.all([
        db.program.count(),
        db.seminar.count(),
        db.session.count(),
        db.registration.count(),
        db.person.count(),
      ])
    const before = await counts()
    expect(await seedDemoIfEmpty(db, fixedNow)).toBe(false)
    expect(await counts()).toEqual(before)
  })
})

describe('seedDemoIfEmpty on a database with programs', () => {
  it('returns false and adds nothing', async () => {
    const { db, drop } = await createTestDb()
    try {
      await db.program.create({ data: { code: 'OWN', name: '既存事業' } })
      expect(await seedDemoIfEmpty(db)).toBe(false)
      expect(await db.program.count()).toBe(1)
      expect(await db.seminar.count()).toBe(0)
    } finally {
      await drop()
    }
  })
})
