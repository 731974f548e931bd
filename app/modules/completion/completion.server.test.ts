import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  attendee as makeAttendee,
  series as makeSeries,
  type Attended,
  type Series,
} from '../../../tests/support/completion-factories'
import { createTestDb } from '../../../tests/support/test-db'
import type { Db } from '~/utils/db.server'
import { completersOf, completionOf, seminarCompletions } from './completion.server'
import { createConsoleUser, type ConsoleIdentity } from '../accounts/console-users.server'
import { SeminarSchema } from '../scheduling/forms'
import {
  deleteSessionBy,
  editSeminarForm,
  sessionDeletion,
  updateSeminarBy,
} from '../scheduling/seminar-editing.server'
import { seminarConsolePage } from '../scheduling/seminar-page.server'
import { roster, rosterTable } from '../registration/roster.server'

let db: Db
let drop: () => Promise<void>
let user: ConsoleIdentity
beforeAll(async () => {
  ;({ db, drop } = await createTestDb())
  user = await createConsoleUser(db, {
    email: 'completion@city.example.jp',
    name: '修了 担当',
    password: 'a long password 1',
    role: 'ADMIN',
  })
})
afterAll(async () => drop())

const DAY = 86_400_000
const now = new Date('2026-06-01T00:00:00Z')

const series = (count: number, options: Parameters<typeof makeSeries>[3] = {}) => makeSeries(db, now, count, options)
const attendee = (s: Series, attended: Attended[], overrides: Record<string, unknown> = {}) =>
  makeAttendee(db, now, s, attended, overrides)

describe('completionOf', () => {
  it('gives the rule, every session with its attendance, the count and the result', async () => {
    const s = await series(5, { minSessions: 4, required: [5] })
    const r = await attendee(s, [1, 2, { n: 3, online: 45 }, { n: 5, online: null }])
    const c = await completionOf(db, r.id)
    expect(c.rule).toEqual({ minSessions: 4, requiredNumbers: [5], sessionCount: 5, needed: 4 })
    expect(c.sessions.map((x) => [x.number, x.attended, x.mode, x.onlineMinutes, x.required])).toEqual([
      [1, true, 'IN_PERSON', null, false],
      [2, true, 'IN_PERSON', null, false],
      [3, true, 'ONLINE', 45, false],
      [4, false, null, null, false],
      // An online registrant ticked on a paper list counts whatever the minimum (no minutes).
      [5, true, 'ONLINE', null, true],
    ])
    expect(c.sessions[0].startsAt).toEqual(s.sessions[0].startsAt)
    expect(c.sessions[0].sessionId).toBe(s.sessions[0].id)
    expect(c.attendedCount).toBe(4)
    expect(c.completed).toBe(true)
  })

  it('counts online attendance only at or above the seminar minimum', async () => {
    const s = await series(2, { minOnlineMinutes: 40 })
    const under = await attendee(s, [1, { n: 2, online: 39 }])
    const at = await attendee(s, [1, { n: 2, online: 40 }])
    expect((await completionOf(db, under.id)).completed).toBe(false)
    expect((await completionOf(db, under.id)).sessions[1]).toMatchObject({ attended: false, onlineMinutes: 39 })
    expect((await completionOf(db, at.id)).completed).toBe(true)
    // Lowering the minimum completes the first one at once: nothing is stored.
    await db.seminar.update({ where: { id: s.seminar.id }, data: { minOnlineMinutes: 30 } })
    expect((await completionOf(db, under.id)).completed).toBe(true)
  })

  it('follows the attendance: a record removed takes the completion away', async () => {
    const s = await series(3)
    const r = await attendee(s, [1, 2, 3])
    expect((await completionOf(db, r.id)).completed).toBe(true)
    await db.attendance.deleteMany({ where: { registrationId: r.id, sessionId: s.sessions[1].id } })
    const c = await completionOf(db, r.id)
    expect([c.attendedCount, c.completed]).toEqual([2, false])
  })

  it('never completes a speaker or staff', async () => {
    const s = await series(2)
    const r = await attendee(s, [1, 2])
    await db.registration.update({ where: { id: r.id }, data: { role: 'SPEAKER' } })
    expect((await completionOf(db, r.id)).completed).toBe(false)
  })

  it('refuses a registration that is not there', async () => {
    await expect(completionOf(db, 'nope')).rejects.toMatchObject({ code: 'REGISTRATION_NOT_FOUND' })
  })
})

describe('seminarCompletions', () => {
  it('gives every registration of a seminar, in a fixed number of queries', async () => {
    const s = await series(3, { minSessions: 2 })
    const a = await attendee(s, [1, 2])
    const b = await attendee(s, [3])
    const c = await attendee(s, [])
    const queries: string[] = []
    const counting = db.$extends({
      query: {
        $allOperations: async ({ model, operation, args, query }) => {
          queries.push(`${model}.${operation}`)
          return query(args)
        },
      },
    }) as unknown as Db
    const all = await seminarCompletions(counting, s.seminar.id)
    expect(queries).toHaveLength(3)
    expect([...all.entries()].map(([id, x]) => [id, x.attendedCount, x.completed]).sort()).toEqual(
      [
        [a.id, 2, true],
        [b.id, 1, false],
        [c.id, 0, false],
      ].sort(),
    )
    const some = await seminarCompletions(db, s.seminar.id, [b.id])
    expect([...some.keys()]).toEqual([b.id])
  })
})

describe('completersOf', () => {
  it('counts each person once per seminar, in the fiscal year of the last session, by mode', async () => {
    const s = await series(3, { title: '修了者数セミナー' })
    await attendee(s, [1, 2, 3])
    await attendee(s, [1, { n: 2, online: 60 }, { n: 3, online: 60 }])
    await attendee(s, [1, 2])
    const last = s.sessions[2].startsAt
    const range = { start: new Date(last.getTime() - DAY), end: new Date(last.getTime() + DAY) }
    const [found] = await completersOf(db, { id: s.seminar.id }, range)
    expect(found).toMatchObject({ seminarId: s.seminar.id, title: '修了者数セミナー', sessionCount: 3 })
    expect(found.lastSessionStartsAt).toEqual(last)
    expect(found.completers).toHaveLength(2)
    // In person only: the mixed one did not attend every session in person.
    const [inPerson] = await completersOf(db, { id: s.seminar.id }, range, 'IN_PERSON')
    expect(inPerson.completers).toHaveLength(1)
    // Not in a range that holds only its first session.
    const first = s.sessions[0].startsAt
    expect(
      await completersOf(db, { id: s.seminar.id }, { start: first, end: new Date(first.getTime() + DAY) }),
    ).toEqual([])
  })
})

describe('setting the rule', () => {
  /** The seminar's form as saved, with the completion rule typed in. */
  async function formWith(seminarId: string, completionMinSessions: string) {
    const page = await editSeminarForm(db, user, seminarId)
    return SeminarSchema.parse({ ...page.defaults, completionMinSessions })
  }

  it('saves N up to the number of sessions, and refuses more, saving nothing', async () => {
    const s = await series(5)
    await updateSeminarBy(db, user, s.seminar.id, await formWith(s.seminar.id, '４'))
    expect((await db.seminar.findUniqueOrThrow({ where: { id: s.seminar.id } })).completionMinSessions).toBe(4)
    expect((await editSeminarForm(db, user, s.seminar.id)).defaults.completionMinSessions).toBe('4')
    await expect(updateSeminarBy(db, user, s.seminar.id, await formWith(s.seminar.id, '6'))).rejects.toMatchObject({
      code: 'COMPLETION_RULE_TOO_LARGE',
    })
    expect((await db.seminar.findUniqueOrThrow({ where: { id: s.seminar.id } })).completionMinSessions).toBe(4)
    // Empty is every session again.
    await updateSeminarBy(db, user, s.seminar.id, await formWith(s.seminar.id, ''))
    expect((await db.seminar.findUniqueOrThrow({ where: { id: s.seminar.id } })).completionMinSessions).toBeNull()
  })

  it('refuses 0 or a fraction in the form itself', async () => {
    const s = await series(2)
    const page = await editSeminarForm(db, user, s.seminar.id)
    for (const v of ['0', '1.5', 'abc'])
      expect(SeminarSchema.safeParse({ ...page.defaults, completionMinSessions: v }).success).toBe(false)
  })

  it('refuses to delete a session that would leave fewer sessions than the rule needs', async () => {
    const s = await series(3, { minSessions: 3 })
    const question = await sessionDeletion(db, s.sessions[2].id)
    expect(question.completionBlocked).toBe(3)
    await expect(deleteSessionBy(db, user, s.seminar.id, s.sessions[2].id)).rejects.toMatchObject({
      code: 'COMPLETION_RULE_TOO_LARGE',
    })
    expect(await db.session.count({ where: { seminarId: s.seminar.id } })).toBe(3)
    // With the rule lowered, the session goes.
    await db.seminar.update({ where: { id: s.seminar.id }, data: { completionMinSessions: 2 } })
    expect((await sessionDeletion(db, s.sessions[2].id)).completionBlocked).toBeNull()
    expect(await deleteSessionBy(db, user, s.seminar.id, s.sessions[2].id)).toBe(true)
  })
})

describe('the registrant list and the roster', () => {
  it('show 修了 / 未修了 with x/N for a series, nothing for a single session', async () => {
    const s = await series(4, { minSessions: 3 })
    const done = await attendee(s, [1, 2, { n: 4, online: 50 }], { name: '修了 花子', furigana: 'あ' })
    const short = await attendee(s, [1, { n: 2, online: 10 }], { name: '途中 次郎', furigana: 'い' })
    const page = await seminarConsolePage(db, s.seminar.id, user)
    expect(page.completion).toEqual({
      [done.id]: { attended: 3, needed: 3, completed: true },
      [short.id]: { attended: 1, needed: 3, completed: false },
    })
    const table = rosterTable(await roster(db, s.seminar.id, ['CONFIRMED']), 'ja')
    const column = table.header.indexOf('修了（出席回数/必要回数）')
    expect(column).toBeGreaterThan(0)
    expect(table.rows.map((r) => [r[1], r[column]])).toEqual([
      ['修了 花子', '修了 3/3'],
      ['途中 次郎', '未修了 1/3'],
    ])
    expect(rosterTable(await roster(db, s.seminar.id, ['CONFIRMED']), 'en').header).toContain(
      'Completion (attended/needed)',
    )

    const single = await series(1)
    await attendee(single, [1])
    expect((await seminarConsolePage(db, single.seminar.id, user)).completion).toBeNull()
    expect(rosterTable(await roster(db, single.seminar.id, ['CONFIRMED']), 'ja').header).not.toContain(
      '修了（出席回数/必要回数）',
    )
  })
})
