import fs from 'node:fs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createSeminar, participant } from '../../../tests/support/factories'
import { createTestDb } from '../../../tests/support/test-db'
import type { Db } from '~/utils/db.server'
import { isAppError, type AppError } from '~/utils/errors'
import { createConsoleUser } from '../accounts/console-users.server'
import { register } from '../registration/registrations.server'
import { checkIn } from './checkin.server'
import { applyImport, createImport, previewImport, reportDateMismatch } from './import.server'
import { tokyoDate } from '~/utils/time'
import { MAX_REPORT_COLUMNS, MAX_REPORT_ROWS } from './report-limits'

let db: Db
let drop: () => Promise<void>
let userId: string
beforeAll(async () => {
  ;({ db, drop } = await createTestDb())
  userId = (
    await createConsoleUser(db, {
      email: 'import@city.example.jp',
      name: '取込 担当',
      password: 'import staff password',
    })
  ).id
})
afterAll(async () => drop())

const fixture = (name: string) => new Uint8Array(fs.readFileSync(`tests/fixtures/meeting-reports/${name}`))

/** An online seminar whose registrants are the people in the fixtures. */
async function onlineSeminar(minOnlineMinutes: number) {
  const seminar = await createSeminar(db, {
    mode: 'ONLINE',
    capacityInPerson: null,
    capacityOnline: 100,
    minOnlineMinutes,
  })
  const session = await db.session.findFirstOrThrow({ where: { seminarId: seminar.id } })
  const person = (name: string, email: string) =>
    register(db, { seminarId: seminar.id, ...participant({ name, email, mode: 'ONLINE' }) })
  const people = {
    hanako: await person('Hanako Sato', 'hanako.sato@example.jp'),
    ichiro: await person('Ichiro Suzuki', 'ichiro.suzuki@example.com'),
    jiro: await person('Jiro Tanaka', 'jiro.tanaka@example.com'),
    mika: await person('Mika Ito', 'mika.ito@example.jp'),
  }
  return { seminar, session, people }
}

const summary = (people: { name: string; minutes: number }[]) => people.map((p) => [p.name, Math.round(p.minutes)])

describe('importing a Zoom participant report', () => {
  it('previews matched, below-minimum, unmatched and bad rows, and saves nothing yet', async () => {
    const { session, people } = await onlineSeminar(60)
    const importId = await createImport(db, {
      sessionId: session.id,
      fileName: 'zoom.csv',
      bytes: fixture('zoom-en-meeting.csv'),
      userId,
    })
    const preview = await previewImport(db, importId, session.id)
    expect(preview.format).toBe('zoom')
    // Several join/leave rows of one person add up (46 + 70 + 2 minutes).
    expect(preview.matched.map((m) => [m.registrationId, Math.round(m.minutes), m.by])).toEqual([
      [people.hanako.id, 118, 'email'],
      [people.ichiro.id, 116, 'email'],
    ])
    expect(summary(preview.belowMinimum)).toEqual([['Jiro "JT" Tanaka', 30]])
    expect(summary(preview.unmatched)).toEqual([['Kobe Industry Promotion Office', 128]])
    expect(preview.errors.map((e) => [e.line, e.reason])).toEqual([
      [11, 'BAD_DURATION'],
      [12, 'MISSING_NAME'],
    ])
    expect(await db.attendance.count({ where: { sessionId: session.id } })).toBe(0)
  })

  it('counts attended at or above the minimum minutes, and importing the same file twice changes nothing', async () => {
    const { session, people } = await onlineSeminar(30)
    const first = await createImport(db, {
      sessionId: session.id,
      fileName: 'zoom.csv',
      bytes: fixture('zoom-en-meeting.csv'),
      userId,
    })
    expect(await applyImport(db, { importId: first, sessionId: session.id, addUnmatchedKeys: [], userId })).toEqual({
      attended: 3,
      added: 0,
    })
    const recorded = async () =>
      (
        await db.attendance.findMany({
          where: { sessionId: session.id },
          select: { registrationId: true, mode: true, source: true, onlineMinutes: true, importId: true },
          orderBy: { onlineMinutes: 'desc' },
        })
      ).map((a) => ({ ...a, importId: a.importId !== null }))
    const afterFirst = await recorded()
    expect(afterFirst).toEqual([
      { registrationId: people.hanako.id, mode: 'ONLINE', source: 'IMPORT', onlineMinutes: 118, importId: true },
      { registrationId: people.ichiro.id, mode: 'ONLINE', source: 'IMPORT', onlineMinutes: 116, importId: true },
      { registrationId: people.jiro.id, mode: 'ONLINE', source: 'IMPORT', onlineMinutes: 30, importId: true },
    ])
    const auditsBefore = await db.auditEvent.count({ where: { action: { startsWith: 'attendance.import' } } })

    const second = await createImport(db, {
      sessionId: session.id,
      fileName: 'zoom.csv',
      bytes: fixture('zoom-en-meeting.csv'),
      userId,
    })
    const preview = await previewImport(db, second, session.id)
    expect(preview.previouslyAppliedAt).toBeInstanceOf(Date)
    expect(preview.matched.every((m) => m.alreadyRecorded)).toBe(true)
    await applyImport(db, { importId: second, sessionId: session.id, addUnmatchedKeys: [], userId })
    expect(await recorded()).toEqual(afterFirst)
    expect(await db.attendance.count({ where: { sessionId: session.id } })).toBe(3)
    expect(await db.auditEvent.count({ where: { action: { startsWith: 'attendance.import' } } })).toBe(auditsBefore)
  })

  it('leaves attendance recorded at the door as it is', async () => {
    const { session, people } = await onlineSeminar(30)
    await checkIn(db, { sessionId: session.id, code: people.hanako.code, source: 'QR', userId })
    const importId = await createImport(db, {
      sessionId: session.id,
      fileName: 'zoom.csv',
      bytes: fixture('zoom-en-meeting.csv'),
      userId,
    })
    await applyImport(db, { importId, sessionId: session.id, addUnmatchedKeys: [], userId })
    const hanako = await db.attendance.findFirstOrThrow({
      where: { sessionId: session.id, registrationId: people.hanako.id },
    })
    expect(hanako).toMatchObject({ source: 'QR', mode: 'IN_PERSON', onlineMinutes: null })
  })
})

describe('a report of another day', () => {
  it('is warned about in the preview with both dates (Japan time), and can still be saved', async () => {
    const { session, people } = await onlineSeminar(30)
    // The fixture's meeting: 20 November 2026, from 13:55 in Japan; the session is a week from now.
    const importId = await createImport(db, {
      sessionId: session.id,
      fileName: 'zoom.csv',
      bytes: fixture('zoom-en-meeting.csv'),
      userId,
    })
    const preview = await previewImport(db, importId, session.id)
    expect(preview.dateMismatch?.sessionStartsAt).toEqual(session.startsAt)
    expect(preview.dateMismatch?.reportDates.map((d) => tokyoDate(d))).toEqual(['2026-11-20'])
    const { attended } = await applyImport(db, { importId, sessionId: session.id, addUnmatchedKeys: [], userId })
    expect(attended).toBe(3)
    expect(await db.attendance.count({ where: { sessionId: session.id, registrationId: people.hanako.id } })).toBe(1)

    // The same report for the session of that day: nothing to warn about.
    await db.session.update({
      where: { id: session.id },
      data: { startsAt: new Date('2026-11-20T05:00:00Z'), endsAt: new Date('2026-11-20T07:00:00Z') },
    })
    expect((await previewImport(db, importId, session.id)).dateMismatch).toBeNull()
  })

  it('compares Japan dates, lists each date once, and says nothing when the report has no times', () => {
    // 10:00–12:00 on 20 November 2026 in Japan.
    const session = { startsAt: new Date('2026-11-20T01:00:00Z'), endsAt: new Date('2026-11-20T03:00:00Z') }
    const row = (joined: string | null, left: string | null = null) => ({
      joinedAt: joined ? new Date(joined) : null,
      leftAt: left ? new Date(left) : null,
    })
    // 00:30 on 20 November in Japan is still 19 November in UTC: the session's day.
    expect(reportDateMismatch([row('2026-11-19T15:30:00Z'), row(null, '2026-11-20T02:00:00Z')], session)).toBeNull()
    // 00:30 on 21 November in Japan is 20 November in UTC: another day.
    const late = reportDateMismatch(
      [row('2026-11-20T15:40:00Z'), row('2026-11-20T15:30:00Z'), row('2026-11-20T01:00:00Z')],
      session,
    )
    expect(late).toEqual({
      sessionStartsAt: session.startsAt,
      reportDates: [new Date('2026-11-20T01:00:00Z'), new Date('2026-11-20T15:30:00Z')],
    })
    expect(reportDateMismatch([row(null), row(null)], session)).toBeNull()
    // A session past midnight: both of its dates are its own.
    const overnight = { startsAt: new Date('2026-11-20T13:00:00Z'), endsAt: new Date('2026-11-20T16:00:00Z') }
    expect(reportDateMismatch([row('2026-11-20T13:00:00Z'), row('2026-11-20T15:30:00Z')], overnight)).toBeNull()
  })
})

describe('one registration matched by several report identities', () => {
  // Hanako joined from her PC (with email) and her phone (another name order, no email), the two
  // overlapping ten minutes; Ichiro from two devices one after the other; Jiro long enough on his
  // own, then again from a phone.
  const report = [
    'Name (Original Name),User Email,Join Time,Leave Time,Duration (Minutes),Guest',
    'Hanako Sato,hanako.sato@example.jp,11/20/2026 02:00:00 PM,11/20/2026 02:40:00 PM,40,No',
    "Sato Hanako (Hanako's iPhone),,11/20/2026 02:30:00 PM,11/20/2026 03:00:00 PM,30,Yes",
    'Ichiro Suzuki,ichiro.suzuki@example.com,11/20/2026 02:00:00 PM,11/20/2026 02:30:00 PM,30,No',
    'Suzuki Ichiro,,11/20/2026 02:31:00 PM,11/20/2026 03:01:00 PM,30,Yes',
    'Jiro Tanaka,jiro.tanaka@example.com,11/20/2026 02:00:00 PM,11/20/2026 03:10:00 PM,70,No',
    'Tanaka Jiro,,11/20/2026 03:20:00 PM,11/20/2026 03:40:00 PM,20,Yes',
    '',
  ].join('\r\n')
  const bytes = new TextEncoder().encode(`\uFEFF${report}`)

  it('counts them once, with their minutes together (overlaps once), against the minimum together, and says so', async () => {
    const { session, people } = await onlineSeminar(60)
    const importId = await createImport(db, { sessionId: session.id, fileName: 'zoom.csv', bytes, userId })
    const preview = await previewImport(db, importId, session.id)
    expect(preview.belowMinimum).toEqual([])
    expect(preview.unmatched).toEqual([])
    expect(
      preview.matched.map((m) => [
        m.registrationId,
        Math.round(m.minutes),
        m.by,
        m.lines,
        m.identities.map((i) => [i.name, Math.round(i.minutes)]),
      ]),
    ).toEqual([
      // 40 + 30 minutes, of which 14:30–14:40 on both devices: 60.
      [
        people.hanako.id,
        60,
        'email',
        [2, 3],
        [
          ['Hanako Sato', 40],
          ['Sato Hanako', 30],
        ],
      ],
      [
        people.ichiro.id,
        60,
        'email',
        [4, 5],
        [
          ['Ichiro Suzuki', 30],
          ['Suzuki Ichiro', 30],
        ],
      ],
      [
        people.jiro.id,
        90,
        'email',
        [6, 7],
        [
          ['Jiro Tanaka', 70],
          ['Tanaka Jiro', 20],
        ],
      ],
    ])

    expect(await applyImport(db, { importId, sessionId: session.id, addUnmatchedKeys: [], userId })).toEqual({
      attended: 3,
      added: 0,
    })
    const recorded = await db.attendance.findMany({
      where: { sessionId: session.id },
      select: { registrationId: true, onlineMinutes: true },
    })
    expect(new Map(recorded.map((a) => [a.registrationId, a.onlineMinutes]))).toEqual(
      new Map([
        [people.hanako.id, 60],
        [people.ichiro.id, 60],
        [people.jiro.id, 90],
      ]),
    )
    const audits = await db.auditEvent.findMany({
      where: { action: { startsWith: 'attendance.import' }, entityId: { startsWith: `${session.id}:` } },
      select: { action: true },
    })
    expect(audits.map((a) => a.action)).toEqual(['attendance.import', 'attendance.import', 'attendance.import'])
  })
})

describe('importing a Teams attendance report', () => {
  it('matches by email, then by normalized name, and adds chosen unmatched people as online walk-ins once', async () => {
    const { seminar, session, people } = await onlineSeminar(30)
    const bytes = fixture('teams-en.csv')
    const importId = await createImport(db, { sessionId: session.id, fileName: 'teams.csv', bytes, userId })
    const preview = await previewImport(db, importId, session.id)
    expect(preview.format).toBe('teams')
    expect(preview.matched.map((m) => [m.registrationId, m.by])).toEqual([
      [people.hanako.id, 'email'],
      [people.ichiro.id, 'name'],
      [people.jiro.id, 'name'],
    ])
    // Mika Ito joined twice under two spellings: 45 s + 10 m 15 s, below the minimum.
    expect(summary(preview.belowMinimum)).toEqual([['Mika Ito (Unverified)', 11]])
    const host = preview.unmatched.find((u) => u.email === 'seminar-host@example.jp')!
    expect(host).toMatchObject({ name: 'Kobe Industry Promotion Office', attended: true })

    expect(await applyImport(db, { importId, sessionId: session.id, addUnmatchedKeys: [host.key], userId })).toEqual({
      attended: 4,
      added: 1,
    })
    const walkIn = await db.registration.findFirstOrThrow({ where: { seminarId: seminar.id, source: 'IMPORT' } })
    // Nothing in a report says where someone is from: unknown, not 市内.
    expect(walkIn).toMatchObject({
      name: 'Kobe Industry Promotion Office',
      mode: 'ONLINE',
      status: 'CONFIRMED',
      inCity: null,
    })

    // The same file again: the walk-in is now matched, nothing is added or changed.
    const again = await createImport(db, { sessionId: session.id, fileName: 'teams.csv', bytes, userId })
    const second = await previewImport(db, again, session.id)
    expect(second.unmatched).toEqual([])
    expect(await applyImport(db, { importId: again, sessionId: session.id, addUnmatchedKeys: [], userId })).toEqual({
      attended: 4,
      added: 0,
    })
    expect(await db.registration.count({ where: { seminarId: seminar.id } })).toBe(5)
    expect(await db.attendance.count({ where: { sessionId: session.id } })).toBe(4)
  })

  it('refuses a file that is not a meeting report', async () => {
    const { session } = await onlineSeminar(30)
    const error = await createImport(db, {
      sessionId: session.id,
      fileName: 'x.csv',
      bytes: fixture('unknown.csv'),
      userId,
    }).catch((e: unknown) => e)
    expect(isAppError(error, 'UNKNOWN_REPORT_FORMAT')).toBe(true)
    expect(await db.attendanceImport.count({ where: { sessionId: session.id } })).toBe(0)
  })

  it('refuses a report over the row or column limit and stores nothing (docs/decisions/0019)', async () => {
    const { session } = await onlineSeminar(30)
    const header = 'Name (Original Name),User Email,Join Time,Leave Time,Duration (Minutes)\r\n'
    const rows = Array.from({ length: MAX_REPORT_ROWS + 1 }, (_, i) => `P ${i},p${i}@example.jp,,,30`).join('\r\n')
    const tooLong = await createImport(db, {
      sessionId: session.id,
      fileName: 'long.csv',
      bytes: new TextEncoder().encode(header + rows),
      userId,
    }).catch((e: unknown) => e)
    expect(isAppError(tooLong, 'REPORT_TOO_MANY_ROWS')).toBe(true)
    expect((tooLong as AppError).status).toBe(413)
    const tooWide = await createImport(db, {
      sessionId: session.id,
      fileName: 'wide.csv',
      bytes: new TextEncoder().encode(header + 'Hanako,h@example.jp,,,30' + ',x'.repeat(MAX_REPORT_COLUMNS)),
      userId,
    }).catch((e: unknown) => e)
    expect(isAppError(tooWide, 'REPORT_TOO_MANY_COLUMNS')).toBe(true)
    expect(await db.attendanceImport.count({ where: { sessionId: session.id } })).toBe(0)
  })
})

describe('nameKeys', () => {
  it('matches names written in either order, with or without a comma or a platform suffix', async () => {
    const { nameKeys } = await import('./import.server')
    expect(nameKeys('Tanaka, Jiro (Guest)')).toContain(nameKeys('Jiro Tanaka')[0])
    expect(nameKeys('佐藤　花子')).toEqual(expect.arrayContaining(nameKeys('花子 佐藤')))
    expect(nameKeys('Ｍｉｋａ　ＩＴＯ (Guest)')[0]).toBe(nameKeys('mika ito')[0])
  })
})

describe('people added from a report carry an organization', () => {
  it('registers the chosen unknown attendee with the organization typed in the preview, and refuses a link there before writing anything', async () => {
    const { session } = await onlineSeminar(60)
    const importId = await createImport(db, {
      sessionId: session.id,
      fileName: 'zoom.csv',
      bytes: fixture('zoom-en-meeting.csv'),
      userId,
    })
    const [unknown] = (await previewImport(db, importId, session.id)).unmatched
    const apply = (organization: string) =>
      applyImport(db, {
        importId,
        sessionId: session.id,
        addUnmatchedKeys: [unknown.key],
        userId,
        organizations: { [unknown.key]: organization },
      })
    const refused = await apply('株式会社ミナト https://example.com').catch((e: unknown) => e)
    expect(isAppError(refused, 'IMPORT_ORGANIZATION_INVALID')).toBe(true)
    expect(await db.attendance.count({ where: { sessionId: session.id } })).toBe(0)

    await apply('  神戸産業振興財団  ')
    const added = await db.registration.findFirstOrThrow({
      where: { seminarId: session.seminarId, source: 'IMPORT' },
      include: { organization: true },
    })
    expect(added).toMatchObject({ name: unknown.name, organizationName: '神戸産業振興財団' })
    expect(added.organization?.name).toBe('神戸産業振興財団')
  })
})
