import crypto from 'node:crypto'
import ICAL from 'ical.js'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { createTestDb } from '../../../tests/support/test-db'
import type { Db } from '~/utils/db.server'
import { env } from '~/utils/env.server'
import type { Prisma } from '~/generated/prisma/client'
import { feedCalendar, registrationCalendar, registrationCalendarByToken, seminarCalendar } from './ics.server'
import { ensureCategory } from '~/modules/categories/categories.server'

/*
 * Every calendar is read back with ical.js, a parser independent of ical-generator, so the
 * tests check what a calendar app would read rather than the library's own view of it.
 */

const ONLINE_URL = 'https://meet.example.jp/j/8812345678?pwd=secret'
// 14:00–16:00 and 10:00–12:00 Japan time.
const FIRST = { startsAt: new Date('2026-06-10T05:00:00Z'), endsAt: new Date('2026-06-10T07:00:00Z') }
const SECOND = { startsAt: new Date('2026-06-17T01:00:00Z'), endsAt: new Date('2026-06-17T03:00:00Z') }
const FEED_NOW = new Date('2026-07-01T00:00:00Z')

let db: Db
let drop: () => Promise<void>
let programA: { id: string }
let programB: { id: string }

beforeAll(async () => {
  ;({ db, drop } = await createTestDb())
  programA = await db.program.create({ data: { code: 'CAL-A', name: 'ものづくり支援事業', nameEn: 'Manufacturing' } })
  programB = await db.program.create({ data: { code: 'CAL-B', name: '創業支援事業' } })
})
afterAll(async () => drop())
afterEach(() => ICAL.TimezoneService.reset())

type SessionInput = { startsAt: Date; endsAt: Date; venueName?: string; title?: string; titleEn?: string }

async function createSeminar(sessions: SessionInput[], data: Partial<Prisma.SeminarUncheckedCreateInput> = {}) {
  return db.seminar.create({
    data: {
      programId: programA.id,
      title: 'AI活用セミナー',
      titleEn: 'Using AI at work',
      categoryId: await ensureCategory(db, 'セミナー'),
      status: 'PUBLISHED',
      mode: 'HYBRID',
      venueName: '産業振興センター 2階 セミナールーム',
      venueAddress: '東京都千代田区丸の内1-1-1',
      onlineUrl: ONLINE_URL,
      registrationOpensAt: new Date('2026-05-01T00:00:00Z'),
      registrationClosesAt: new Date('2026-06-09T00:00:00Z'),
      publishedAt: new Date('2026-05-01T00:00:00Z'),
      ...data,
      sessions: { create: sessions.map((s, i) => ({ number: i + 1, ...s })) },
    },
    include: { sessions: { orderBy: { number: 'asc' } } },
  })
}

let counter = 0
async function createRegistration(
  seminarId: string,
  data: Partial<Pick<Prisma.RegistrationUncheckedCreateInput, 'mode' | 'status' | 'language'>> = {},
) {
  counter++
  const email = `calendar${counter}@example.jp`
  const person = await db.person.create({ data: { emailNormalized: email, name: `暦 太郎${counter}` } })
  return db.registration.create({
    data: {
      seminarId,
      personId: person.id,
      name: `暦 太郎${counter}`,
      furigana: 'こよみ たろう',
      email,
      emailNormalized: email,
      inCity: true,
      mode: 'IN_PERSON',
      status: 'CONFIRMED',
      activeEmailKey: data.status === 'CANCELLED' ? null : email,
      manageToken: crypto.randomBytes(32).toString('base64url'),
      code: `CAL${String(counter).padStart(5, '0')}`,
      ...data,
    },
  })
}

function parse(ics: string | null) {
  expect(ics).not.toBeNull()
  const calendar = new ICAL.Component(ICAL.parse(ics!))
  const events = calendar.getAllSubcomponents('vevent').map((v) => new ICAL.Event(v))
  return { calendar, events, vevents: calendar.getAllSubcomponents('vevent') }
}

/** The text with folded lines joined again, to search for whole values. */
function unfold(ics: string | null): string {
  return (ics ?? '').replace(/\r\n[ \t]/g, '')
}

const prop = (component: ICAL.Component, name: string) => String(component.getFirstPropertyValue(name))

function expectCalendarHeader(calendar: ICAL.Component, method: string) {
  expect(prop(calendar, 'version')).toBe('2.0')
  expect(prop(calendar, 'prodid')).toMatch(/Jisseki/)
  expect(prop(calendar, 'method')).toBe(method)
}

describe('personal calendar (registrationCalendar)', () => {
  it('has one event per session, in UTC without a VTIMEZONE, and the manage link', async () => {
    const seminar = await createSeminar([FIRST, { ...SECOND, venueName: '商工会館 3階', title: '実践編' }])
    const registration = await createRegistration(seminar.id)
    const ics = await registrationCalendar(db, registration.id)
    const { calendar, events, vevents } = parse(ics)
    const text = unfold(ics)

    expectCalendarHeader(calendar, 'PUBLISH')
    expect(events).toHaveLength(2)
    expect(events.map((e) => e.uid)).toEqual(
      seminar.sessions.map((s) => `registration-${registration.id}-session-${s.id}@jisseki`),
    )
    expect(events.map((e) => e.summary)).toEqual(['AI活用セミナー（第1回）', 'AI活用セミナー（第2回）'])
    expect(vevents.map((v) => prop(v, 'status'))).toEqual(['CONFIRMED', 'CONFIRMED'])

    // 14:00–16:00 and 10:00 Japan time, in UTC, whatever the time zone of the process.
    expect(text).toContain('DTSTART:20260610T050000Z\r\n')
    expect(text).toContain('DTEND:20260610T070000Z\r\n')
    expect(text).toContain('DTSTART:20260617T010000Z\r\n')
    for (const v of vevents) {
      expect(v.getFirstProperty('dtstart')!.getParameter('tzid')).toBeFalsy()
      expect(v.getFirstProperty('dtend')!.getParameter('tzid')).toBeFalsy()
    }
    expect([events[0].startDate.hour, events[0].endDate.hour]).toEqual([5, 7])
    expect([events[0].startDate.zone.tzid, events[0].endDate.zone.tzid]).toEqual(['UTC', 'UTC'])

    // DTSTAMP is in UTC, as RFC 5545 requires.
    expect(text.match(/^DTSTAMP:.*$/gm)).toHaveLength(2)
    for (const line of text.match(/^DTSTAMP:.*$/gm)!) expect(line).toMatch(/^DTSTAMP:\d{8}T\d{6}Z$/)

    expect(calendar.getAllSubcomponents('vtimezone')).toHaveLength(0)

    // The seminar's venue with its address; a session held elsewhere without it.
    expect(events[0].location).toBe('産業振興センター 2階 セミナールーム\n東京都千代田区丸の内1-1-1')
    expect(events[1].location).toBe('商工会館 3階')

    const manageUrl = new URL(`/r/${registration.manageToken}`, env().APP_URL).href
    for (const e of events) expect(e.description).toContain(manageUrl)
    expect(events[1].description).toContain('実践編')
  })

  it('gives the exact instants to a reader that knows no time zone', async () => {
    const seminar = await createSeminar([FIRST, SECOND])
    const registration = await createRegistration(seminar.id)
    const ics = await registrationCalendar(db, registration.id)
    ICAL.TimezoneService.reset()
    expect(ICAL.TimezoneService.has('Asia/Tokyo')).toBe(false)
    const { events } = parse(ics)
    expect(events.map((e) => e.startDate.toJSDate().toISOString())).toEqual([
      FIRST.startsAt.toISOString(),
      SECOND.startsAt.toISOString(),
    ])
    expect(events.map((e) => e.endDate.toJSDate().toISOString())).toEqual([
      FIRST.endsAt.toISOString(),
      SECOND.endsAt.toISOString(),
    ])
  })

  it('writes the same UTC times whatever time zone the server runs in', async () => {
    const seminar = await createSeminar([FIRST])
    const registration = await createRegistration(seminar.id)
    const saved = process.env.TZ
    try {
      for (const tz of ['UTC', 'America/Los_Angeles', 'Asia/Tokyo']) {
        process.env.TZ = tz
        const text = unfold(await registrationCalendar(db, registration.id))
        expect(text).toContain('DTSTART:20260610T050000Z\r\n')
        expect(text).toContain('DTEND:20260610T070000Z\r\n')
      }
    } finally {
      if (saved === undefined) delete process.env.TZ
      else process.env.TZ = saved
    }
  })

  it('names a single-session seminar without a number, in English for an English registration', async () => {
    const seminar = await createSeminar([FIRST])
    const ja = parse(await registrationCalendar(db, (await createRegistration(seminar.id)).id))
    expect(ja.events[0].summary).toBe('AI活用セミナー')
    const en = parse(await registrationCalendar(db, (await createRegistration(seminar.id, { language: 'en' })).id))
    expect(en.events[0].summary).toBe('Using AI at work')

    const series = await createSeminar([FIRST, SECOND])
    const enSeries = await registrationCalendar(db, (await createRegistration(series.id, { language: 'en' })).id)
    expect(parse(enSeries).events.map((e) => e.summary)).toEqual([
      'Using AI at work (session 1)',
      'Using AI at work (session 2)',
    ])
  })

  it('writes the English venue and session title in English, the Japanese ones when there are none', async () => {
    const seminar = await createSeminar(
      [
        { ...FIRST, title: '基礎編', titleEn: 'Basics' },
        { ...SECOND, title: '応用編' },
      ],
      {
        venueNameEn: 'Industry Promotion Center, Room 2F',
      },
    )
    const en = parse(await registrationCalendar(db, (await createRegistration(seminar.id, { language: 'en' })).id))
    for (const e of en.events)
      expect(e.location.startsWith('Industry Promotion Center, Room 2F'), e.location).toBe(true)
    expect(en.events.map((e) => e.description.split('\n')[0])).toEqual(['Basics', '応用編'])
    const ja = parse(await seminarCalendar(db, seminar.id, { lang: 'ja' }))
    for (const e of ja.events)
      expect(e.location.startsWith('産業振興センター 2階 セミナールーム'), e.location).toBe(true)
    expect(ja.events.map((e) => e.description.split('\n')[0])).toEqual(['基礎編', '応用編'])
  })

  it('keeps UIDs across generations and raises SEQUENCE with the seminar', async () => {
    const seminar = await createSeminar([FIRST, SECOND])
    const registration = await createRegistration(seminar.id)
    const first = parse(await registrationCalendar(db, registration.id)).events
    const again = parse(await registrationCalendar(db, registration.id)).events
    expect(again.map((e) => e.uid)).toEqual(first.map((e) => e.uid))
    expect(first.map((e) => e.sequence)).toEqual([0, 0])

    await db.seminar.update({ where: { id: seminar.id }, data: { calendarSequence: { increment: 2 } } })
    const updated = parse(await registrationCalendar(db, registration.id)).events
    expect(updated.map((e) => e.uid)).toEqual(first.map((e) => e.uid))
    expect(updated.map((e) => e.sequence)).toEqual([2, 2])

    // Public and personal entries of the same sessions never share a UID.
    const publicUids = parse(await seminarCalendar(db, seminar.id)).events.map((e) => e.uid)
    expect(publicUids).toEqual(seminar.sessions.map((s) => `session-${s.id}@jisseki`))
    for (const uid of publicUids) expect(first.map((e) => e.uid)).not.toContain(uid)
    expect(parse(await seminarCalendar(db, seminar.id)).events.map((e) => e.sequence)).toEqual([2, 2])
  })

  it('gives the joining link to a confirmed online participant only', async () => {
    const seminar = await createSeminar([FIRST, SECOND])
    const online = await createRegistration(seminar.id, { mode: 'ONLINE' })
    const onlineIcs = await registrationCalendar(db, online.id)
    const { events, vevents } = parse(onlineIcs)
    for (const [i, e] of events.entries()) {
      expect(prop(vevents[i], 'url')).toBe(ONLINE_URL)
      expect(e.description).toContain(ONLINE_URL)
      expect(e.location).toBe('オンライン')
    }
    const enOnline = await createRegistration(seminar.id, { mode: 'ONLINE', language: 'en' })
    expect(parse(await registrationCalendar(db, enOnline.id)).events[0].location).toBe('Online')

    const inPerson = await createRegistration(seminar.id, { mode: 'IN_PERSON' })
    const inPersonIcs = await registrationCalendar(db, inPerson.id)
    expect(unfold(inPersonIcs)).not.toContain(ONLINE_URL)
    expect(parse(inPersonIcs).vevents.map((v) => v.getFirstPropertyValue('url'))).toEqual([null, null])

    // A waiting online participant holds no seat yet: a tentative entry without the link.
    const waiting = await createRegistration(seminar.id, { mode: 'ONLINE', status: 'WAITLISTED' })
    const waitingIcs = await registrationCalendar(db, waiting.id)
    expect(unfold(waitingIcs)).not.toContain(ONLINE_URL)
    expect(parse(waitingIcs).vevents.map((v) => prop(v, 'status'))).toEqual(['TENTATIVE', 'TENTATIVE'])
    // A lottery application waits for its draw: tentative too, without the link; one not selected: cancelled.
    const applied = await createRegistration(seminar.id, { mode: 'ONLINE', status: 'APPLIED' })
    const appliedIcs = await registrationCalendar(db, applied.id)
    expect(unfold(appliedIcs)).not.toContain(ONLINE_URL)
    expect(parse(appliedIcs).vevents.map((v) => prop(v, 'status'))).toEqual(['TENTATIVE', 'TENTATIVE'])
    const notSelected = await createRegistration(seminar.id, { mode: 'ONLINE', status: 'NOT_SELECTED' })
    const notSelectedIcs = parse(await registrationCalendar(db, notSelected.id))
    expectCalendarHeader(notSelectedIcs.calendar, 'CANCEL')
    expect(notSelectedIcs.vevents.map((v) => prop(v, 'status'))).toEqual(['CANCELLED', 'CANCELLED'])
  })

  it('cancels every entry when the registration is cancelled', async () => {
    const seminar = await createSeminar([FIRST, SECOND])
    const registration = await createRegistration(seminar.id, { mode: 'ONLINE', status: 'CANCELLED' })
    const ics = await registrationCalendar(db, registration.id)
    const { calendar, vevents, events } = parse(ics)
    expectCalendarHeader(calendar, 'CANCEL')
    expect(vevents.map((v) => prop(v, 'status'))).toEqual(['CANCELLED', 'CANCELLED'])
    expect(events.map((e) => e.uid)).toEqual(
      seminar.sessions.map((s) => `registration-${registration.id}-session-${s.id}@jisseki`),
    )
    expect(unfold(ics)).not.toContain(ONLINE_URL)
  })

  it('cancels every entry when the seminar is cancelled, or when asked to', async () => {
    const seminar = await createSeminar([FIRST, SECOND])
    const registration = await createRegistration(seminar.id)

    const asked = parse(await registrationCalendar(db, registration.id, { method: 'CANCEL' }))
    expectCalendarHeader(asked.calendar, 'CANCEL')
    expect(asked.vevents.map((v) => prop(v, 'status'))).toEqual(['CANCELLED', 'CANCELLED'])

    const request = parse(await registrationCalendar(db, registration.id, { method: 'REQUEST' }))
    expectCalendarHeader(request.calendar, 'REQUEST')

    await db.seminar.update({ where: { id: seminar.id }, data: { status: 'CANCELLED' } })
    const cancelled = parse(await registrationCalendar(db, registration.id, { method: 'PUBLISH' }))
    expectCalendarHeader(cancelled.calendar, 'CANCEL')
    expect(cancelled.vevents.map((v) => prop(v, 'status'))).toEqual(['CANCELLED', 'CANCELLED'])
  })

  it('answers null for an unknown registration or manage token', async () => {
    expect(await registrationCalendar(db, 'no-such-registration')).toBeNull()
    expect(await registrationCalendarByToken(db, 'short')).toBeNull()
    expect(await registrationCalendarByToken(db, crypto.randomBytes(32).toString('base64url'))).toBeNull()
    const seminar = await createSeminar([FIRST])
    const registration = await createRegistration(seminar.id)
    const byToken = parse(await registrationCalendarByToken(db, registration.manageToken))
    expect(byToken.events[0].uid).toBe(`registration-${registration.id}-session-${seminar.sessions[0].id}@jisseki`)
  })
})

describe('public seminar calendar (seminarCalendar)', () => {
  it('lists a published seminar without the joining link', async () => {
    const seminar = await createSeminar([FIRST, SECOND])
    const ics = await seminarCalendar(db, seminar.id)
    const { calendar, events, vevents } = parse(ics)
    expectCalendarHeader(calendar, 'PUBLISH')
    expect(events).toHaveLength(2)
    expect(events.map((e) => e.uid)).toEqual(seminar.sessions.map((s) => `session-${s.id}@jisseki`))
    expect(vevents.map((v) => prop(v, 'status'))).toEqual(['CONFIRMED', 'CONFIRMED'])
    expect(unfold(ics)).toContain('DTSTART:20260610T050000Z\r\n')
    expect(unfold(ics)).not.toContain(ONLINE_URL)
    expect(events[0].description).toContain(new URL(`/seminars/${seminar.id}`, env().APP_URL).href)
    expect(events[0].description).not.toContain('/r/')
  })

  it('shows an online seminar as online, still without the link', async () => {
    const seminar = await createSeminar([FIRST], { mode: 'ONLINE', venueName: null, venueAddress: null })
    const ics = await seminarCalendar(db, seminar.id)
    expect(parse(ics).events[0].location).toBe('オンライン')
    expect(unfold(ics)).not.toContain(ONLINE_URL)
    expect(parse(await seminarCalendar(db, seminar.id, { lang: 'en' })).events[0].summary).toBe('Using AI at work')
  })

  it('marks a cancelled seminar cancelled and has nothing for a draft', async () => {
    const cancelled = await createSeminar([FIRST, SECOND], { status: 'CANCELLED' })
    const { vevents } = parse(await seminarCalendar(db, cancelled.id))
    expect(vevents.map((v) => prop(v, 'status'))).toEqual(['CANCELLED', 'CANCELLED'])

    const draft = await createSeminar([FIRST], { status: 'DRAFT', publishedAt: null })
    expect(await seminarCalendar(db, draft.id)).toBeNull()
    expect(await seminarCalendar(db, 'no-such-seminar')).toBeNull()
  })
})

describe('subscribable feeds (feedCalendar)', () => {
  it('lists the public seminars of every program, cancelled ones marked, drafts and old sessions left out', async () => {
    const a = await createSeminar([FIRST])
    const b = await createSeminar([SECOND], { programId: programB.id, title: '創業セミナー' })
    const cancelled = await createSeminar([FIRST], { status: 'CANCELLED' })
    const draft = await createSeminar([FIRST], { status: 'DRAFT', publishedAt: null })
    const old = { startsAt: new Date('2025-05-01T05:00:00Z'), endsAt: new Date('2025-05-01T07:00:00Z') }
    const longSeries = await createSeminar([old, FIRST])

    const ics = await feedCalendar(db, { now: FEED_NOW })
    const { calendar, vevents } = parse(ics)
    expectCalendarHeader(calendar, 'PUBLISH')
    expect(prop(calendar, 'x-wr-calname')).toBe('Jisseki セミナー')
    expect(prop(calendar, 'refresh-interval')).toBe('PT1H')
    expect(prop(calendar, 'x-published-ttl')).toBe('PT1H')
    expect(unfold(ics)).not.toContain(ONLINE_URL)

    const byUid = new Map(vevents.map((v) => [prop(v, 'uid'), v]))
    const uid = (s: { id: string }) => `session-${s.id}@jisseki`
    expect(byUid.has(uid(a.sessions[0]))).toBe(true)
    expect(byUid.has(uid(b.sessions[0]))).toBe(true)
    expect(prop(byUid.get(uid(cancelled.sessions[0]))!, 'status')).toBe('CANCELLED')
    expect(prop(byUid.get(uid(a.sessions[0]))!, 'status')).toBe('CONFIRMED')
    expect(byUid.has(uid(draft.sessions[0]))).toBe(false)
    // More than a year before "now": left out, but the series is still numbered as a whole.
    expect(byUid.has(uid(longSeries.sessions[0]))).toBe(false)
    expect(prop(byUid.get(uid(longSeries.sessions[1]))!, 'summary')).toBe('AI活用セミナー（第2回）')
    for (const v of vevents) expect(prop(v, 'uid')).toMatch(/^session-[^@]+@jisseki$/)
  })

  it("lists only one program's seminars, and nothing for an unknown program", async () => {
    const a = await createSeminar([FIRST])
    const b = await createSeminar([SECOND], { programId: programB.id, title: '創業セミナー' })
    const ics = await feedCalendar(db, { programCode: 'CAL-B', now: FEED_NOW })
    const { calendar, vevents } = parse(ics)
    expect(prop(calendar, 'x-wr-calname')).toBe('創業支援事業（Jisseki セミナー）')
    const uids = vevents.map((v) => prop(v, 'uid'))
    expect(uids).toContain(`session-${b.sessions[0].id}@jisseki`)
    expect(uids).not.toContain(`session-${a.sessions[0].id}@jisseki`)
    const programBSessions = await db.session.findMany({
      where: { seminar: { programId: programB.id, status: { in: ['PUBLISHED', 'CANCELLED'] } } },
      select: { id: true },
    })
    expect(uids.sort()).toEqual(programBSessions.map((s) => `session-${s.id}@jisseki`).sort())
    expect(unfold(ics)).not.toContain(ONLINE_URL)

    const en = parse(await feedCalendar(db, { programCode: 'CAL-A', lang: 'en', now: FEED_NOW }))
    expect(prop(en.calendar, 'x-wr-calname')).toBe('Manufacturing (Jisseki Seminars)')

    expect(await feedCalendar(db, { programCode: 'NO-SUCH-PROGRAM' })).toBeNull()
  })
})
