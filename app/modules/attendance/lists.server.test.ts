import crypto from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createSeminar } from '../../../tests/support/factories'
import { createTestDb } from '../../../tests/support/test-db'
import type { Db } from '~/utils/db.server'
import { newManageToken, newRegistrationCode } from '../registration/registrations.server'
import { attendancePage, listAttendance } from './lists.server'

let db: Db
let drop: () => Promise<void>
beforeAll(async () => {
  ;({ db, drop } = await createTestDb())
})
afterAll(async () => drop())

// Furigana in an order the Japanese collation decides (katakana and hiragana, voiced marks).
const KANA = ['あおき', 'カトウ', 'がとう', 'さとう', 'サトウ', 'たなか', 'はやし', 'ばば', 'まつだ', 'わたなべ']

/** Confirmed registrations of a seminar, all at once. */
async function registrations(seminarId: string, n: number) {
  const people = Array.from({ length: n }, (_, i) => ({
    id: crypto.randomUUID(),
    emailNormalized: `list-${seminarId.slice(0, 8)}-${i}@example.jp`,
    name: `出席 ${String.fromCharCode(0x4e00 + ((i * 7) % 50))}`,
    furigana: KANA[(i * 3) % KANA.length],
  }))
  await db.person.createMany({ data: people })
  const rows = people.map((p) => ({
    id: crypto.randomUUID(),
    seminarId,
    personId: p.id,
    name: p.name,
    furigana: p.furigana,
    email: p.emailNormalized,
    emailNormalized: p.emailNormalized,
    activeEmailKey: p.emailNormalized,
    mode: 'IN_PERSON' as const,
    status: 'CONFIRMED' as const,
    manageToken: newManageToken(),
    code: newRegistrationCode(),
  }))
  await db.registration.createMany({ data: rows })
  return rows
}

describe('attendancePage', () => {
  it('pages the attendance list in its order, 50 a page, with the count of each session', async () => {
    const seminar = await createSeminar(db)
    const first = await db.session.findFirstOrThrow({ where: { seminarId: seminar.id } })
    const second = await db.session.create({
      data: {
        seminarId: seminar.id,
        number: 2,
        startsAt: new Date(first.startsAt.getTime() + 7 * 86400_000),
        endsAt: new Date(first.endsAt.getTime() + 7 * 86400_000),
      },
    })
    const people = await registrations(seminar.id, 70)
    await db.attendance.createMany({
      data: [
        ...people
          .slice(0, 40)
          .map((r) => ({ sessionId: first.id, registrationId: r.id, mode: r.mode, source: 'QR' as const })),
        ...people
          .slice(10, 55)
          .map((r) => ({ sessionId: second.id, registrationId: r.id, mode: r.mode, source: 'MANUAL' as const })),
      ],
    })
    const scope = { seminarId: seminar.id }
    const all = await listAttendance(db, scope)
    const key = (r: { sessionNumber: number; registrationId: string }) => `${r.sessionNumber} ${r.registrationId}`

    const one = await attendancePage(db, scope, new URLSearchParams())
    const two = await attendancePage(db, scope, new URLSearchParams('page=2'))
    expect(one.paging).toMatchObject({ page: 1, pageCount: 2, total: 85, first: 1, last: 50 })
    expect(two.paging).toMatchObject({ page: 2, pageCount: 2, total: 85, first: 51, last: 85 })
    expect(one.rows).toHaveLength(50)
    expect(two.rows).toHaveLength(35)
    expect(one.bySession).toEqual({ 1: 40, 2: 45 })
    // The same rows as the whole list, in its order (ties between equal names aside).
    const paged = [...one.rows, ...two.rows]
    expect(paged.map(key).sort()).toEqual(all.map(key).sort())
    expect(paged.map((r) => [r.sessionNumber, r.furigana, r.name])).toEqual(
      all.map((r) => [r.sessionNumber, r.furigana, r.name]),
    )
    expect(paged.find((r) => r.registrationId === people[0].id)).toEqual(
      all.find((r) => r.registrationId === people[0].id),
    )

    // One session: its records only; a page past the end shows the last one.
    const session = await attendancePage(db, { ...scope, sessionId: second.id }, new URLSearchParams('page=9'))
    expect(session.paging).toMatchObject({ page: 1, total: 45 })
    expect(session.bySession).toEqual({ 2: 45 })
    expect(session.rows.every((r) => r.sessionNumber === 2)).toBe(true)
    const whole = await listAttendance(db, { ...scope, sessionId: second.id })
    expect(session.rows.map((r) => [r.furigana, r.name])).toEqual(whole.map((r) => [r.furigana, r.name]))
  })

  it('has nothing to show for a seminar nobody attended', async () => {
    const seminar = await createSeminar(db)
    const page = await attendancePage(db, { seminarId: seminar.id }, new URLSearchParams())
    expect(page).toEqual({
      rows: [],
      bySession: {},
      paging: { page: 1, pageCount: 1, total: 0, pageSize: 50, param: 'page', first: 0, last: 0 },
    })
  })
})
