import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createSeminar } from '../../../tests/support/factories'
import { createTestDb } from '../../../tests/support/test-db'
import type { Db } from '~/utils/db.server'
import { createConsoleUser, type ConsoleIdentity } from '../accounts/console-users.server'
import { SeminarSchema, SessionSchema } from './forms'
import { createSeminarBy, deleteSessionBy, updateSeminarBy, updateSessionBy } from './seminar-editing.server'

let db: Db
let drop: () => Promise<void>
let user: ConsoleIdentity
beforeAll(async () => {
  ;({ db, drop } = await createTestDb())
  user = await createConsoleUser(db, { email: 'editor@city.example.jp', name: '編集', password: 'a long password 1' })
})
afterAll(async () => drop())

const form = (programId: string, categoryId: string) =>
  SeminarSchema.parse({
    programId,
    title: '新しいセミナー',
    categoryId,
    mode: 'ONLINE',
    onlineUrl: 'https://meet.example.jp/x',
    registrationOpensAt: '2026-04-01T09:00',
    registrationClosesAt: '2026-04-20T17:00',
  })

describe('the seminar forms', () => {
  it('refuse a category that is not there (a stale form), saving nothing', async () => {
    const existing = await createSeminar(db)
    const before = await db.seminar.count()
    await expect(createSeminarBy(db, user, form(existing.programId, 'merged-away'))).rejects.toMatchObject({
      code: 'CATEGORY_NOT_FOUND',
    })
    await expect(updateSeminarBy(db, user, existing.id, form(existing.programId, 'merged-away'))).rejects.toMatchObject(
      { code: 'CATEGORY_NOT_FOUND' },
    )
    expect(await db.seminar.count()).toBe(before)
    expect((await db.seminar.findUniqueOrThrow({ where: { id: existing.id } })).title).toBe(existing.title)
  })

  it('create a seminar with who made it in the security log', async () => {
    const existing = await createSeminar(db)
    const seminar = await createSeminarBy(db, user, form(existing.programId, existing.categoryId!))
    expect(await db.seminar.findUniqueOrThrow({ where: { id: seminar.id } })).toMatchObject({
      title: '新しいセミナー',
      capacityInPerson: null,
    })
    expect(await db.securityEvent.count({ where: { type: 'seminar.create', actorId: user.id } })).toBe(1)
  })

  it('do not find a session of another seminar (or none): nothing changes', async () => {
    const a = await createSeminar(db)
    const b = await createSeminar(db)
    const sessionOfB = await db.session.findFirstOrThrow({ where: { seminarId: b.id } })
    const input = SessionSchema.parse({ startsAt: '2027-01-10T13:00', endsAt: '2027-01-10T15:00' })
    for (const sessionId of [sessionOfB.id, 'no-such-session']) {
      await expect(updateSessionBy(db, user, a.id, sessionId, input)).rejects.toMatchObject({
        code: 'SESSION_NOT_FOUND',
      })
      await expect(deleteSessionBy(db, user, a.id, sessionId)).rejects.toMatchObject({ code: 'SESSION_NOT_FOUND' })
    }
    expect(await db.session.findUniqueOrThrow({ where: { id: sessionOfB.id } })).toEqual(sessionOfB)
  })
})
