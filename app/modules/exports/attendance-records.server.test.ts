import { ensureCategory } from '~/modules/categories/categories.server'
import crypto from 'node:crypto'
import ExcelJS from 'exceljs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestDb } from '../../../tests/support/test-db'
import type { Db } from '~/utils/db.server'
import { newManageToken, newRegistrationCode } from '../registration/registrations.server'
import {
  attendanceRecordRows,
  attendanceRecords,
  attendanceRecordsCsv,
  attendanceRecordsXlsx,
} from './attendance-records.server'

/** Node's Buffer, as exceljs's own declarations name it. */
type XlsxBuffer = Parameters<ExcelJS.Xlsx['load']>[0]

let db: Db
let drop: () => Promise<void>
const jst = (s: string) => new Date(`${s}+09:00`)

/** Session ids in the order the export must follow (by date), and how many rows each yields. */
let expected: { sessionId: string; counted: number }[]
const TOTAL = 5000

async function registrations(
  seminarId: string,
  n: number,
  prefix: string,
  role: 'PARTICIPANT' | 'SPEAKER' = 'PARTICIPANT',
) {
  const people = Array.from({ length: n }, (_, i) => ({
    id: crypto.randomUUID(),
    emailNormalized: `${prefix}-${i}@example.jp`,
    name: `記録 ${prefix}${i}`,
    furigana: 'きろく',
  }))
  await db.person.createMany({ data: people })
  const rows = people.map((p, i) => ({
    id: crypto.randomUUID(),
    seminarId,
    personId: p.id,
    name: p.name,
    furigana: p.furigana,
    email: p.emailNormalized,
    emailNormalized: p.emailNormalized,
    activeEmailKey: p.emailNormalized,
    organizationName: i % 3 === 0 ? null : `株式会社${prefix}${i % 50}`,
    industry: i % 2 === 0 ? 'E' : null,
    inCity: i % 4 === 0 ? false : i % 4 === 1 ? null : true, // null: 所在地 unknown
    mode: 'IN_PERSON' as const,
    status: 'CONFIRMED' as const,
    manageToken: newManageToken(),
    code: newRegistrationCode(),
    role,
  }))
  await db.registration.createMany({ data: rows })
  return rows.map((r) => r.id)
}

beforeAll(async () => {
  ;({ db, drop } = await createTestDb())
  const program = await db.program.create({ data: { code: 'REC', name: '記録事業' } })
  const seminar = await db.seminar.create({
    data: {
      programId: program.id,
      title: '大規模ウェビナー',
      categoryId: await ensureCategory(db, 'セミナー'),
      status: 'PUBLISHED',
      mode: 'HYBRID',
      minOnlineMinutes: 30,
      registrationOpensAt: jst('2025-01-01T00:00:00'),
      registrationClosesAt: jst('2026-03-31T00:00:00'),
    },
  })
  // Created out of date order: the export orders sessions by date.
  const dates = ['2025-11-05T14:00:00', '2025-05-20T14:00:00', '2026-03-31T23:30:00', '2026-04-01T00:00:00']
  const sessions = []
  for (const [i, at] of dates.entries())
    sessions.push(
      await db.session.create({
        data: {
          seminarId: seminar.id,
          number: i + 1,
          startsAt: jst(at),
          endsAt: new Date(jst(at).getTime() + 3600_000),
        },
      }),
    )
  const people = await registrations(seminar.id, 2000, 'p')
  const [speaker] = await registrations(seminar.id, 1, 's', 'SPEAKER')
  const write = (sessionId: string, ids: string[], extra: { mode?: 'ONLINE'; onlineMinutes?: number | null } = {}) =>
    db.attendance.createMany({
      data: ids.map((registrationId) => ({
        sessionId,
        registrationId,
        mode: extra.mode ?? ('IN_PERSON' as const),
        source: extra.mode ? ('IMPORT' as const) : ('QR' as const),
        onlineMinutes: extra.onlineMinutes ?? null,
      })),
    })
  // 20 May: 2,000 in person + the speaker (not counted).
  await write(sessions[1].id, [...people, speaker])
  // 5 Nov: 1,500 in person, 300 online long enough, 100 online with unknown minutes, 100 too short.
  await write(sessions[0].id, people.slice(0, 1500))
  await write(sessions[0].id, people.slice(1500, 1800), { mode: 'ONLINE', onlineMinutes: 30 })
  await write(sessions[0].id, people.slice(1800, 1900), { mode: 'ONLINE', onlineMinutes: null })
  await write(sessions[0].id, people.slice(1900, 2000), { mode: 'ONLINE', onlineMinutes: 29 })
  // 31 March, 23:30 Japan time: still FY2025. 1 April 00:00: FY2026.
  await write(sessions[2].id, people.slice(0, 1100))
  await write(sessions[3].id, people.slice(0, 10))
  expected = [
    { sessionId: sessions[1].id, counted: 2000 },
    { sessionId: sessions[0].id, counted: 1900 },
    { sessionId: sessions[2].id, counted: 1100 },
  ]
}, 60_000)
afterAll(async () => drop())

describe('attendance-record export', () => {
  it('streams every counted record of the year, session by session in date order, by registration within a session', async () => {
    const seen: { attendanceId: string; sessionNumber: number }[] = []
    for await (const r of attendanceRecords(db, 2025)) seen.push(r)
    expect(seen).toHaveLength(TOTAL)
    const expectedIds: string[] = []
    for (const e of expected) {
      const ids = await db.attendance.findMany({
        where: { sessionId: e.sessionId, registration: { role: 'PARTICIPANT' } },
        orderBy: { registrationId: 'asc' },
        select: { id: true, mode: true, onlineMinutes: true },
      })
      const counted = ids.filter((a) => !(a.mode === 'ONLINE' && a.onlineMinutes !== null && a.onlineMinutes < 30))
      expect(counted).toHaveLength(e.counted)
      expectedIds.push(...counted.map((a) => a.id))
    }
    expect(seen.map((r) => r.attendanceId)).toEqual(expectedIds)
    expect(seen.map((r) => r.sessionNumber).filter((n, i, all) => n !== all[i - 1])).toEqual([2, 1, 3])
  })

  it('gives the same records whatever the batch size', async () => {
    const ids = async (batch: number) => {
      const out: string[] = []
      for await (const r of attendanceRecords(db, 2025, batch)) out.push(r.attendanceId)
      return out
    }
    expect(await ids(333)).toEqual(await ids(2000))
    expect(await ids(1100)).toHaveLength(TOTAL)
  })

  it('finds the registration of an attendance even when it belongs to another seminar', async () => {
    const other = await db.seminar.create({
      data: {
        programId: (await db.program.findFirstOrThrow()).id,
        title: '別セミナー',
        categoryId: await ensureCategory(db, 'セミナー'),
        mode: 'IN_PERSON',
        registrationOpensAt: jst('2025-01-01T00:00:00'),
        registrationClosesAt: jst('2026-03-31T00:00:00'),
      },
    })
    const [stray] = await registrations(other.id, 1, 'x')
    const session = await db.session.findFirstOrThrow({ where: { startsAt: jst('2026-04-01T00:00:00') } })
    await db.attendance.create({
      data: { sessionId: session.id, registrationId: stray, mode: 'IN_PERSON', source: 'QR' },
    })
    const names: string[] = []
    for await (const r of attendanceRecords(db, 2026, 4)) names.push(r.name)
    expect(names).toHaveLength(11)
    expect(names).toContain('記録 x0')
  })

  it('writes readable rows in the staff member’s language', async () => {
    const first = (await attendanceRecordRows(db, 2025, 'ja')[Symbol.asyncIterator]().next()).value!
    expect(first.slice(0, 5)).toEqual(['令和7年度', '記録事業', '大規模ウェビナー', 2, '2025-05-20'])
    expect(first.slice(9, 12)).toEqual(['来場', 'QR読取', null])
    const rows: (string | number | null)[][] = []
    for await (const r of attendanceRecordRows(db, 2025, 'en')) rows.push(r)
    expect(rows[0][0]).toBe('FY2025')
    expect(rows).toContainEqual(expect.arrayContaining(['Online', 'Report import', 30]))
    expect(rows.find((r) => r[5] === '記録 p0')?.slice(6, 9)).toEqual([null, 'E Manufacturing', 'Outside the city'])
    // Unknown location is exported as unknown, never as in the city.
    expect(rows.find((r) => r[5] === '記録 p1')?.[8]).toBe('Unknown')
    expect(rows.find((r) => r[5] === '記録 p2')?.[8]).toBe('In the city')
    const ja: (string | number | null)[][] = []
    for await (const r of attendanceRecordRows(db, 2025, 'ja')) ja.push(r)
    expect(ja.find((r) => r[5] === '記録 p1')?.[8]).toBe('不明')
    expect(rows.some((r) => r[11] === 29)).toBe(false)
  })

  it('streams the records as CSV and as XLSX', async () => {
    const csv = Buffer.from(await new Response(attendanceRecordsCsv(db, 2025, 'ja')).arrayBuffer()).toString('utf8')
    const lines = csv.split('\r\n')
    expect(lines[0]).toBe('\uFEFF年度,事業,セミナー,回,日付,氏名,所属,業種,市内/市外,参加形態,記録方法,視聴時間（分）')
    expect(lines).toHaveLength(TOTAL + 2) // header, rows, and the empty string after the last CRLF
    expect(lines[TOTAL + 1]).toBe('')

    const workbook = new ExcelJS.Workbook()
    const buffer = Buffer.from(await new Response(attendanceRecordsXlsx(db, 2025, 'ja')).arrayBuffer())
    await workbook.xlsx.load(buffer as unknown as XlsxBuffer)
    const sheet = workbook.getWorksheet('出席記録')!
    expect(sheet.rowCount).toBe(TOTAL + 1)
    expect(sheet.getRow(1).getCell(12).value).toBe('視聴時間（分）')
    expect(sheet.getRow(2).getCell(4).value).toBe(2)
  })
})
