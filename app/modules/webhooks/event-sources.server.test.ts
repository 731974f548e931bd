import { afterAll, beforeAll, expect, it } from 'vitest'
import { createSeminar, participant } from '../../../tests/support/factories'
import { createTestDb } from '../../../tests/support/test-db'
import type { Db } from '~/utils/db.server'
import { createConsoleUser } from '../accounts/console-users.server'
import { checkIn, markAttendance } from '../attendance/checkin.server'
import { registerWalkIn } from '../attendance/walk-in.server'
import { closeFiscalYear } from '../indicators/year-close.server'
import { register } from '../registration/registrations.server'
import { registerGroup } from '../registration/group.server'
import { cancelSeminar, setPublished, updateSession } from '../scheduling/seminars.server'
import { createWebhookEndpoint } from './endpoints.server'
import { WEBHOOK_EVENTS } from './events'

/**
 * Each change that causes an event queues it (docs/decisions/0056-webhooks.md): one endpoint
 * subscribed to everything, the changes made through their module functions, the events read back.
 */
let db: Db
let drop: () => Promise<void>
let staffId: string
beforeAll(async () => {
  ;({ db, drop } = await createTestDb())
  staffId = (
    await createConsoleUser(db, { email: 'hooks@city.example.jp', name: '事務 一号', password: 'a staff password' })
  ).id
  await createWebhookEndpoint(
    db,
    { url: 'https://hooks.example.com/h', description: null, events: [...WEBHOOK_EVENTS] },
    null,
  )
})
afterAll(async () => drop())

/** The events queued since the last call, as [type, data], in time order (then by type). */
const seen = new Set<string>()
async function newEvents() {
  const rows = await db.webhookDelivery.findMany({ orderBy: [{ createdAt: 'asc' }, { type: 'asc' }] })
  const fresh = rows.filter((r) => !seen.has(r.id))
  for (const r of fresh) seen.add(r.id)
  return fresh.map((r) => [r.type, JSON.parse(r.payload).data])
}

it('publishing, changing and cancelling a seminar; attendance at the door, on the sheet and walk-ins; a group; a year closed', async () => {
  let t = Date.parse('2026-12-01T00:00:00Z')
  const tick = () => new Date((t += 1000))
  const seminar = await createSeminar(db, { status: 'DRAFT', capacityInPerson: 20 }, new Date(t))
  const session = await db.session.findFirstOrThrow({ where: { seminarId: seminar.id } })

  await setPublished(db, seminar.id, true, tick())
  expect(await newEvents()).toEqual([['seminar.published', { seminarId: seminar.id }]])

  await updateSession(
    db,
    seminar.id,
    session.id,
    {
      startsAt: new Date(session.startsAt.getTime() + 3600_000),
      endsAt: new Date(session.endsAt.getTime() + 3600_000),
      venueName: session.venueName,
      title: session.title,
    },
    staffId,
  )
  expect(await newEvents()).toEqual([
    ['seminar.changed', { seminarId: seminar.id, sessionId: session.id, scheduleChanged: true }],
  ])

  const r = await register(db, { seminarId: seminar.id, ...participant() }, tick())
  await checkIn(db, { sessionId: session.id, registrationId: r.id, source: 'MANUAL', userId: staffId }, tick())
  expect(await newEvents()).toEqual([
    [
      'registration.created',
      { registrationId: r.id, seminarId: seminar.id, status: 'CONFIRMED', mode: 'IN_PERSON', source: 'WEB' },
    ],
    [
      'attendance.recorded',
      { registrationId: r.id, sessionId: session.id, seminarId: seminar.id, mode: 'IN_PERSON', source: 'MANUAL' },
    ],
  ])

  const r2 = await register(db, { seminarId: seminar.id, ...participant() }, tick())
  await newEvents()
  await markAttendance(db, { sessionId: session.id, attendedRegistrationIds: [r.id, r2.id], userId: staffId }, tick())
  expect(await newEvents()).toEqual([
    [
      'attendance.recorded',
      { registrationId: r2.id, sessionId: session.id, seminarId: seminar.id, mode: 'IN_PERSON', source: 'POST_HOC' },
    ],
  ])

  const walkIn = await registerWalkIn(
    db,
    { sessionId: session.id, name: '当日 参加', mode: 'IN_PERSON', overrideCapacity: false, userId: staffId },
    tick(),
  )
  expect(await newEvents()).toEqual([
    [
      'attendance.recorded',
      {
        registrationId: walkIn.registrationId,
        sessionId: session.id,
        seminarId: seminar.id,
        mode: 'IN_PERSON',
        source: 'WALK_IN',
      },
    ],
    [
      'registration.created',
      {
        registrationId: walkIn.registrationId,
        seminarId: seminar.id,
        status: 'CONFIRMED',
        mode: 'IN_PERSON',
        source: 'WALK_IN',
      },
    ],
  ])

  const group = await registerGroup(
    db,
    {
      seminarId: seminar.id,
      mode: 'IN_PERSON',
      language: 'ja',
      organizationName: '株式会社グループ',
      corporateNumber: null,
      industry: null,
      inCity: true,
      submissionKey: 'group-1',
      contact: { name: '団体 一郎', furigana: 'だんたい いちろう', email: 'g1@example.jp' },
      members: [{ name: '団体 二郎', furigana: 'だんたい じろう', email: '' }],
    },
    tick(),
  )
  const groupEvents = await newEvents()
  expect(groupEvents.map(([type, data]) => [type, data.registrationId, data.groupId])).toEqual(
    group.registrations.map((g) => ['registration.created', g.id, group.groupId]),
  )

  await cancelSeminar(db, seminar.id, staffId, '講師の都合', tick())
  expect(await newEvents()).toEqual([['seminar.cancelled', { seminarId: seminar.id }]])

  expect(await closeFiscalYear(db, 2020, staffId, tick())).toBe('done')
  expect(await newEvents()).toEqual([['fiscal_year.closed', { fiscalYear: 2020, indicators: 0 }]])
})
