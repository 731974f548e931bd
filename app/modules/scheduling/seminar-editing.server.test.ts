import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createSeminar } from '../../../tests/support/factories'
import { createTestDb } from '../../../tests/support/test-db'
import type { Db } from '~/utils/db.server'
import { createConsoleUser, type ConsoleIdentity } from '../accounts/console-users.server'
import { SeminarSchema, SessionSchema } from './forms'
import { describeAuditEvents, auditActionChoices } from '../audit/sentences.server'
import { listAuditEvents } from '../audit/audit.server'
import { translator } from '~/utils/i18n.server'
import {
  addSessionBy,
  createSeminarBy,
  deleteSessionBy,
  updateSeminarBy,
  updateSessionBy,
} from './seminar-editing.server'

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

  it('record each session added, changed or deleted in the audit trail, as sentences by name', async () => {
    const seminar = await createSeminar(db, { title: '事業承継セミナー' })
    await db.session.deleteMany({ where: { seminarId: seminar.id } })
    const now = new Date('2026-12-01T00:00:00Z')
    const at = (day: string) =>
      SessionSchema.parse({ startsAt: `${day}T13:00`, endsAt: `${day}T15:00`, confirmDates: 'on' })
    expect(await addSessionBy(db, user, seminar.id, at('2027-01-20'), now)).toEqual({ saved: true })
    // Added before the first: it becomes 第1回 and the other 第2回.
    expect(await addSessionBy(db, user, seminar.id, at('2027-01-06'), now)).toEqual({ saved: true })
    const [first, second] = await db.session.findMany({ where: { seminarId: seminar.id }, orderBy: { number: 'asc' } })
    await updateSessionBy(db, user, seminar.id, second.id, { ...at('2027-01-21'), title: '応用編' }, now)
    expect(await deleteSessionBy(db, user, seminar.id, second.id)).toBe(true)
    expect(first.number).toBe(1)

    const events = (await listAuditEvents(db, { action: 'session' })).reverse()
    expect(events.map((e) => [e.action, e.entityType, e.actor?.name])).toEqual([
      ['session.create', 'Session', '編集'],
      ['session.create', 'Session', '編集'],
      ['session.update', 'Session', '編集'],
      ['session.delete', 'Session', '編集'],
    ])
    expect(events.map((e) => e.entityId)).toEqual([second.id, first.id, second.id, second.id])
    expect(JSON.parse(events[2].detail)).toMatchObject({
      seminarId: seminar.id,
      number: 2,
      changed: ['startsAt', 'endsAt', 'title'],
    })
    // A session still there by its number now; the deleted one by the number it had then.
    expect(await describeAuditEvents(db, events, 'ja')).toEqual([
      '編集 が 第1回 を追加しました（事業承継セミナー）',
      '編集 が 第1回 を追加しました（事業承継セミナー）',
      '編集 が 第2回 を変更しました（事業承継セミナー）',
      '編集 が 第2回 を削除しました（事業承継セミナー）',
    ])
    expect((await describeAuditEvents(db, events, 'en'))[3]).toBe('編集 deleted session 2 (事業承継セミナー)')
    expect(auditActionChoices(translator('ja'), ['session.delete', 'session.create', 'session.update'])).toEqual([
      { value: 'session.create', label: '日程の追加' },
      { value: 'session.update', label: '日程の変更' },
      { value: 'session.delete', label: '日程の削除' },
    ])
    expect(auditActionChoices(translator('en'), ['session.update']).map((c) => c.label)).toEqual(['Session changed'])
  })
})
