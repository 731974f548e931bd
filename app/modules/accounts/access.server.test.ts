import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createSeminar } from '../../../tests/support/factories'
import { createTestDb } from '../../../tests/support/test-db'
import type { Db } from '~/utils/db.server'
import { isAppError } from '~/utils/errors'
import { mayAccess, visibleProgramIds } from './access.server'
import { endOfTokyoDay } from '~/utils/time'
import { createCheckinHelper, helperForLink, helperSessions, revokeCheckinHelper } from './checkin-helpers.server'
import { roleMay, CONSOLE_ROLES } from './permissions'
import { createConsoleUser, startSignIn, userForSignIn, type ConsoleIdentity } from './console-users.server'

let db: Db
let drop: () => Promise<void>
let seminarA: { id: string; programId: string }
let seminarB: { id: string; programId: string }
let sessionA: string
let users: Record<'admin' | 'staff' | 'organizer' | 'helper', ConsoleIdentity>

const today = () => new Date(Date.now() + 9 * 3600_000).toISOString().slice(0, 10)
const inDays = (n: number) => new Date(Date.now() + 9 * 3600_000 + n * 86_400_000).toISOString().slice(0, 10)

beforeAll(async () => {
  ;({ db, drop } = await createTestDb())
  seminarA = await createSeminar(db)
  const other = await db.program.create({ data: { code: 'OTHER', name: '別の事業' } })
  seminarB = await createSeminar(db, { programId: other.id, title: '別のセミナー' })
  sessionA = (await db.session.findFirstOrThrow({ where: { seminarId: seminarA.id } })).id
  const make = (role: 'ADMIN' | 'STAFF' | 'ORGANIZER', email: string) =>
    createConsoleUser(db, { email, name: email, password: 'a long staff password', role })
  const organizer = await make('ORGANIZER', 'organizer@city.example.jp')
  await db.programAssignment.create({ data: { userId: organizer.id, programId: seminarA.programId } })
  const admin = await make('ADMIN', 'admin@city.example.jp')
  const link = await createCheckinHelper(db, {
    seminarId: seminarA.id,
    label: '受付A',
    validUntilDay: inDays(1),
    createdById: admin.id,
  })
  const helper = await db.consoleUser.findUniqueOrThrow({ where: { id: link.userId } })
  users = {
    admin,
    staff: await make('STAFF', 'staff@city.example.jp'),
    organizer,
    helper: { id: helper.id, email: helper.email, name: helper.name, role: helper.role },
  }
})
afterAll(async () => drop())

describe('roles', () => {
  it('grant each permission to the roles docs/decisions/0013 names', () => {
    const table = Object.fromEntries(
      CONSOLE_ROLES.map((role) => [
        role,
        (['users.manage', 'indicators.manage', 'seminars.read', 'seminars.manage', 'checkin'] as const).filter((p) =>
          roleMay(role, p),
        ),
      ]),
    )
    expect(table).toEqual({
      ADMIN: ['users.manage', 'indicators.manage', 'seminars.read', 'seminars.manage', 'checkin'],
      STAFF: ['indicators.manage', 'seminars.read'],
      ORGANIZER: ['seminars.read', 'seminars.manage', 'checkin'],
      CHECKIN: ['checkin'],
    })
  })

  it('limit organizers to their programs and helpers to their seminars', async () => {
    const may = (who: keyof typeof users, permission: Parameters<typeof mayAccess>[2], target?: object) =>
      mayAccess(db, users[who], permission, target as Parameters<typeof mayAccess>[3])
    expect(await may('organizer', 'seminars.manage', { seminarId: seminarA.id })).toBe(true)
    expect(await may('organizer', 'seminars.manage', { seminarId: seminarB.id })).toBe(false)
    expect(await may('organizer', 'checkin', { sessionId: sessionA })).toBe(true)
    expect(await may('organizer', 'seminars.manage', { programId: seminarB.programId })).toBe(false)
    // Nothing that spans every program without saying which.
    expect(await may('organizer', 'personal-data.export')).toBe(false)
    expect(await may('staff', 'personal-data.export')).toBe(true)
    expect(await may('staff', 'seminars.read', { seminarId: seminarB.id })).toBe(true)
    expect(await may('staff', 'seminars.manage', { seminarId: seminarB.id })).toBe(false)
    expect(await may('helper', 'checkin', { sessionId: sessionA })).toBe(true)
    expect(await may('helper', 'checkin', { seminarId: seminarB.id })).toBe(false)
    expect(await may('helper', 'seminars.read', { seminarId: seminarA.id })).toBe(false)
    expect(await may('admin', 'seminars.manage', { seminarId: 'no-such-seminar' })).toBe('not-found')
    expect(await visibleProgramIds(db, users.organizer)).toEqual([seminarA.programId])
    expect(await visibleProgramIds(db, users.staff)).toBeNull()
    expect(await visibleProgramIds(db, users.helper)).toEqual([])
  })
})

describe('check-in helper links', () => {
  it('end on the chosen day in Japan time, no later than 31 days ahead', async () => {
    expect(endOfTokyoDay('2026-12-03')?.toISOString()).toBe('2026-12-03T14:59:59.999Z')
    expect(endOfTokyoDay('2026-02-30')).toBeNull()
    expect(endOfTokyoDay('tomorrow')).toBeNull()
    const create = (validUntilDay: string, label = '受付B') =>
      createCheckinHelper(db, { seminarId: seminarA.id, label, validUntilDay, createdById: users.admin.id }).catch(
        (e: unknown) => e,
      )
    expect(isAppError(await create(inDays(-1)), 'HELPER_VALID_UNTIL')).toBe(true)
    expect(isAppError(await create(inDays(40)), 'HELPER_VALID_UNTIL')).toBe(true)
    expect(isAppError(await create(today(), '  '), 'HELPER_LABEL')).toBe(true)
    expect(await create(today())).toMatchObject({ token: expect.stringMatching(/^[\w-]{43}$/) })
  })

  it('sign a helper in for their seminar until the link expires or is revoked', async () => {
    const link = await createCheckinHelper(db, {
      seminarId: seminarA.id,
      label: '受付C',
      validUntilDay: today(),
      createdById: users.admin.id,
    })
    // Only the token's hash is stored.
    expect(await db.accountToken.count({ where: { id: link.token } })).toBe(0)
    const helper = await helperForLink(db, link.token)
    expect(helper).toMatchObject({ label: '受付C', seminars: [{ id: seminarA.id }] })
    expect((await helperSessions(db, helper!.userId)).map((s) => s.id)).toEqual([sessionA])
    expect(await helperForLink(db, link.token, new Date(link.expiresAt.getTime() + 1))).toBeNull()
    expect(await helperForLink(db, 'not-a-token')).toBeNull()

    const cookie = await startSignIn(db, helper!.userId, 1)
    expect(await userForSignIn(db, cookie)).toMatchObject({ role: 'CHECKIN' })
    // Past the link's day, the session stops working even if it was opened for longer.
    expect(await userForSignIn(db, cookie, new Date(link.expiresAt.getTime() + 1))).toBeNull()

    expect(await revokeCheckinHelper(db, { seminarId: seminarB.id, helperId: helper!.userId, actorId: 'x' })).toBe(
      false,
    )
    expect(
      await revokeCheckinHelper(db, { seminarId: seminarA.id, helperId: helper!.userId, actorId: users.admin.id }),
    ).toBe(true)
    expect(await userForSignIn(db, cookie)).toBeNull()
    expect(await helperForLink(db, link.token)).toBeNull()
    const audit = await db.auditEvent.findMany({ where: { entityId: seminarA.id }, orderBy: { at: 'asc' } })
    expect(audit.map((e) => e.action)).toEqual(
      expect.arrayContaining(['checkin-helper.create', 'checkin-helper.revoke']),
    )
  })

  it('list today’s sessions (Japan date) first on the helper’s phone, then the others in date order', async () => {
    const seminar = await createSeminar(db, { title: '全3回の講座' })
    await db.session.deleteMany({ where: { seminarId: seminar.id } })
    // 1 December, 8 December and 15 December 2026, 13:00 in Japan.
    const at = (day: number) => new Date(Date.UTC(2026, 11, day, 4))
    for (const [number, day] of [
      [1, 1],
      [2, 8],
      [3, 15],
    ])
      await db.session.create({
        data: { seminarId: seminar.id, number, startsAt: at(day), endsAt: new Date(at(day).getTime() + 7200_000) },
      })
    const link = await createCheckinHelper(db, {
      seminarId: seminar.id,
      label: '受付D',
      validUntilDay: inDays(1),
      createdById: users.admin.id,
    })
    const order = async (now: Date) =>
      (await helperSessions(db, link.userId, now)).map((s) => [s.number, s.today] as const)
    // 00:10 on 8 December in Japan (15:10 UTC the day before).
    expect(await order(new Date('2026-12-07T15:10:00Z'))).toEqual([
      [2, true],
      [1, false],
      [3, false],
    ])
    expect(await order(new Date('2026-12-07T14:50:00Z'))).toEqual([
      [1, false],
      [2, false],
      [3, false],
    ])
  })
})
