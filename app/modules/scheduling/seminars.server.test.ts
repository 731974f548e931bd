import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import crypto from 'node:crypto'
import { createSeminar, participant } from '../../../tests/support/factories'
import { createTestDb } from '../../../tests/support/test-db'
import type { Db } from '~/utils/db.server'
import { isAppError } from '~/utils/errors'
import { newManageToken, newRegistrationCode, register } from '../registration/registrations.server'
import {
  addSession,
  deleteSession,
  registrantLists,
  setPublished,
  updateSeminar,
  updateSession,
} from './seminars.server'
import { SeminarSchema } from './forms'

let db: Db
let drop: () => Promise<void>
beforeAll(async () => {
  ;({ db, drop } = await createTestDb())
})
afterAll(async () => drop())

const at = (iso: string) => new Date(iso)

describe('scheduling in the console', () => {
  it('numbers sessions by date however they are added, moved or deleted', async () => {
    const seminar = await createSeminar(db, { status: 'DRAFT' })
    await db.session.deleteMany({ where: { seminarId: seminar.id } })
    await addSession(
      db,
      seminar.id,
      {
        startsAt: at('2027-01-20T05:00:00Z'),
        endsAt: at('2027-01-20T07:00:00Z'),
        title: null,
        venueName: null,
      },
      null,
    )
    await addSession(
      db,
      seminar.id,
      {
        startsAt: at('2027-01-06T05:00:00Z'),
        endsAt: at('2027-01-06T07:00:00Z'),
        title: null,
        venueName: null,
      },
      null,
    )
    await addSession(
      db,
      seminar.id,
      {
        startsAt: at('2027-01-13T05:00:00Z'),
        endsAt: at('2027-01-13T07:00:00Z'),
        title: null,
        venueName: null,
      },
      null,
    )
    const numbered = async () =>
      (await db.session.findMany({ where: { seminarId: seminar.id }, orderBy: { number: 'asc' } })).map((s) =>
        s.startsAt.toISOString().slice(0, 10),
      )
    expect(await numbered()).toEqual(['2027-01-06', '2027-01-13', '2027-01-20'])
    const first = await db.session.findFirstOrThrow({ where: { seminarId: seminar.id, number: 1 } })
    await updateSession(
      db,
      seminar.id,
      first.id,
      {
        startsAt: at('2027-01-27T05:00:00Z'),
        endsAt: at('2027-01-27T07:00:00Z'),
        title: '最終回',
        venueName: null,
      },
      null,
    )
    expect(await numbered()).toEqual(['2027-01-13', '2027-01-20', '2027-01-27'])
    const middle = await db.session.findFirstOrThrow({ where: { seminarId: seminar.id, number: 2 } })
    expect(await deleteSession(db, seminar.id, middle.id, null)).toBe(true)
    expect(await numbered()).toEqual(['2027-01-13', '2027-01-27'])
  })

  it('keeps a session that has attendance records', async () => {
    const seminar = await createSeminar(db)
    const session = await db.session.findFirstOrThrow({ where: { seminarId: seminar.id } })
    const r = await register(db, { seminarId: seminar.id, ...participant() })
    await db.attendance.create({
      data: { sessionId: session.id, registrationId: r.id, mode: 'IN_PERSON', source: 'POST_HOC' },
    })
    expect(await deleteSession(db, seminar.id, session.id, null)).toBe(false)
    expect(await db.session.count({ where: { id: session.id } })).toBe(1)
  })

  it('publishes only a seminar with a session', async () => {
    const seminar = await createSeminar(db, { status: 'DRAFT' })
    await db.session.deleteMany({ where: { seminarId: seminar.id } })
    const error = await setPublished(db, seminar.id, true).catch((e: unknown) => e)
    expect(isAppError(error, 'SESSION_REQUIRED')).toBe(true)
    await addSession(
      db,
      seminar.id,
      {
        startsAt: at('2027-02-01T05:00:00Z'),
        endsAt: at('2027-02-01T07:00:00Z'),
        title: null,
        venueName: null,
      },
      null,
    )
    await setPublished(db, seminar.id, true)
    expect((await db.seminar.findUniqueOrThrow({ where: { id: seminar.id } })).status).toBe('PUBLISHED')
  })

  it('seats waiting people at once when the capacity is raised', async () => {
    const seminar = await createSeminar(db, { capacityInPerson: 1 })
    await register(db, { seminarId: seminar.id, ...participant() })
    const w1 = await register(db, { seminarId: seminar.id, ...participant() })
    const w2 = await register(db, { seminarId: seminar.id, ...participant() })
    const form = SeminarSchema.parse({
      programId: seminar.programId,
      title: seminar.title,
      categoryId: seminar.categoryId ?? '',
      mode: 'IN_PERSON',
      venueName: '会場',
      capacityInPerson: '2',
      waitlistEnabled: 'on',
      registrationOpensAt: '2026-01-01T10:00',
      registrationClosesAt: '2030-01-01T10:00',
    })
    expect(await updateSeminar(db, seminar.id, form)).toEqual([w1.id])
    expect((await db.registration.findUniqueOrThrow({ where: { id: w2.id } })).waitlistPosition).toBe(1)
  })

  it('validates the seminar form with field keys', () => {
    const result = SeminarSchema.safeParse({
      programId: 'p',
      title: '',
      categoryId: '',
      mode: 'HYBRID',
      capacityInPerson: '-1',
      onlineUrl: 'zoom',
      registrationOpensAt: '2026-12-01T10:00',
      registrationClosesAt: '2026-11-01T10:00',
    })
    expect(result.success).toBe(false)
    const issues = Object.fromEntries(result.error!.issues.map((i) => [i.path.join('.'), i.message]))
    expect(issues).toMatchObject({
      title: 'required',
      categoryId: 'invalidChoice',
      capacityInPerson: 'notANumber',
      onlineUrl: 'invalidUrl',
      registrationClosesAt: 'closeBeforeOpen',
      venueName: 'required',
    })
  })
})

describe('registrantLists', () => {
  it('pages confirmed, waiting and cancelled registrations on parameters of their own, in the page order', async () => {
    const seminar = await createSeminar(db, { capacityInPerson: 100 })
    const start = Date.parse('2026-11-01T00:00:00Z')
    const statusOf = (i: number) => (i < 60 ? 'CONFIRMED' : i < 64 ? 'WAITLISTED' : 'CANCELLED')
    const people = Array.from({ length: 66 }, (_, i) => ({
      id: crypto.randomUUID(),
      emailNormalized: `registrants-${i}-${crypto.randomUUID().slice(0, 8)}@example.jp`,
      name: `登録 ${i}`,
      furigana: 'とうろく',
    }))
    await db.person.createMany({ data: people })
    await db.registration.createMany({
      data: people.map((p, i) => ({
        seminarId: seminar.id,
        personId: p.id,
        name: p.name,
        furigana: p.furigana,
        email: p.emailNormalized,
        emailNormalized: p.emailNormalized,
        activeEmailKey: statusOf(i) === 'CANCELLED' ? null : p.emailNormalized,
        mode: 'IN_PERSON' as const,
        status: statusOf(i),
        // The waiting list in the reverse order of registration.
        waitlistPosition: statusOf(i) === 'WAITLISTED' ? 64 - i : null,
        manageToken: newManageToken(),
        code: newRegistrationCode(),
        // Registered in the reverse order of their numbers, one a minute.
        createdAt: new Date(start - i * 60_000),
      })),
    })
    const names = (rows: { name: string }[]) => rows.map((r) => r.name)
    const numbers = (from: number, to: number) =>
      Array.from({ length: Math.abs(to - from) + 1 }, (_, k) => `登録 ${from > to ? from - k : from + k}`)

    const first = await registrantLists(db, seminar.id, new URLSearchParams())
    expect(first.confirmed.paging).toMatchObject({ page: 1, pageCount: 2, total: 60, param: 'page' })
    expect(names(first.confirmed.rows)).toEqual(numbers(59, 10))
    expect(first.waiting.paging).toMatchObject({ page: 1, pageCount: 1, total: 4, param: 'waiting' })
    expect(names(first.waiting.rows)).toEqual(numbers(63, 60))
    expect(first.waiting.rows.map((r) => r.waitlistPosition)).toEqual([1, 2, 3, 4])
    expect(first.cancelled.paging).toMatchObject({ total: 2, param: 'cancelled' })
    expect(names(first.cancelled.rows)).toEqual(numbers(65, 64))
    expect(first.confirmed.rows[0]).toMatchObject({ status: 'CONFIRMED', mode: 'IN_PERSON', furigana: 'とうろく' })

    // The second page of the confirmed: the other lists stay on theirs.
    const second = await registrantLists(db, seminar.id, new URLSearchParams('page=2&waiting=5'))
    expect(second.confirmed.paging).toMatchObject({ page: 2, first: 51, last: 60 })
    expect(names(second.confirmed.rows)).toEqual(numbers(9, 0))
    expect(second.waiting.paging.page).toBe(1)
    expect(names(second.waiting.rows)).toEqual(numbers(63, 60))

    const none = await registrantLists(db, (await createSeminar(db)).id, new URLSearchParams())
    expect([none.confirmed, none.waiting, none.cancelled].map((l) => [l.rows, l.paging.total])).toEqual([
      [[], 0],
      [[], 0],
      [[], 0],
    ])
  })
})
