import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createSeminar, participant } from '../../../tests/support/factories'
import { createTestDb } from '../../../tests/support/test-db'
import type { Db } from '~/utils/db.server'
import { isAppError } from '~/utils/errors'
import { register } from '../registration/registrations.server'
import { addSession, deleteSession, setPublished, updateSeminar, updateSession } from './seminars.server'
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
