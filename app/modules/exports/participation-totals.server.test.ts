import ExcelJS from 'exceljs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { participant } from '../../../tests/support/factories'
import { createTestDb } from '../../../tests/support/test-db'
import type { Db } from '~/utils/db.server'
import type { Prisma } from '~/generated/prisma/client'
import { createConsoleUser } from '../accounts/console-users.server'
import { checkIn, markAttendance } from '../attendance/checkin.server'
import { registerWalkIn } from '../attendance/walk-in.server'
import { cancelRegistration, register } from '../registration/registrations.server'
import { participationTotals, type Figures, type ParticipationTotals } from './participation-totals.server'
import { participationCsv, participationXlsx } from './participation-export.server'
import { ensureCategory } from '~/modules/categories/categories.server'

/** Node's Buffer, as exceljs's own declarations name it. */
type XlsxBuffer = Parameters<ExcelJS.Xlsx['load']>[0]

let db: Db
let drop: () => Promise<void>
let staffId: string

const jst = (s: string) => new Date(`${s}+09:00`)
const REGISTERED_AT = jst('2025-05-01T10:00:00')
/** After the end of FY2025, before the last session of FY2026. */
const NOW = jst('2026-05-15T12:00:00')

async function seminar(
  programId: string,
  title: string,
  startsAt: string[],
  overrides: Partial<Prisma.SeminarUncheckedCreateInput> = {},
) {
  const s = await db.seminar.create({
    data: {
      programId,
      title,
      categoryId: await ensureCategory(db, 'セミナー'),
      status: 'PUBLISHED',
      mode: 'HYBRID',
      capacityInPerson: 50,
      capacityOnline: 50,
      minOnlineMinutes: 30,
      registrationOpensAt: jst('2025-01-01T00:00:00'),
      registrationClosesAt: jst('2027-12-31T00:00:00'),
      ...overrides,
    },
  })
  const sessions = []
  for (const [i, at] of startsAt.entries()) {
    const start = jst(at)
    sessions.push(
      await db.session.create({
        data: { seminarId: s.id, number: i + 1, startsAt: start, endsAt: new Date(start.getTime() + 7200_000) },
      }),
    )
  }
  return { id: s.id, sessions: sessions.map((x) => x.id) }
}

const signUp = (seminarId: string, person: Record<string, unknown>) =>
  register(db, { seminarId, ...participant(person) }, REGISTERED_AT)
const attend = (sessionId: string, registrationId: string) =>
  checkIn(db, { sessionId, registrationId, source: 'SEARCH', userId: staffId })
const attendOnline = (sessionId: string, registrationId: string, onlineMinutes: number | null) =>
  db.attendance.create({ data: { sessionId, registrationId, mode: 'ONLINE', source: 'IMPORT', onlineMinutes } })

const ALPHA = { organizationName: '株式会社アルファ', industry: 'E' }
const people = {
  alice: { email: 'alice@example.jp', name: '有栖 アリス', ...ALPHA, inCity: true },
  bob: { email: 'bob@example.jp', name: '坊 ボブ', ...ALPHA, inCity: false },
  carol: {
    email: 'carol@example.jp',
    name: 'キャロル',
    organizationName: 'ワイ情報',
    industry: 'G',
    inCity: true,
    mode: 'ONLINE',
  },
  gina: {
    email: 'gina@example.jp',
    name: 'ジーナ',
    organizationName: null,
    industry: null,
    inCity: true,
    mode: 'ONLINE',
  },
  hana: { email: 'hana@example.jp', name: '花', organizationName: 'ゼット工業', industry: null, inCity: false },
}

let ids: { programs: { p1: string; p2: string }; seminars: Record<string, string> }

beforeAll(async () => {
  ;({ db, drop } = await createTestDb())
  staffId = (
    await createConsoleUser(db, { email: 'eval@city.example.jp', name: '評価 担当', password: 'evaluation pw' })
  ).id
  const p1 = await db.program.create({ data: { code: 'P1', name: 'ものづくりDX推進事業' } })
  const p2 = await db.program.create({ data: { code: 'P2', name: '創業支援事業' } })

  // P1 / A: hybrid, two sessions in FY2025.
  const a = await seminar(p1.id, 'IoT入門セミナー', ['2025-06-10T14:00:00', '2025-07-10T14:00:00'])
  const alice = await signUp(a.id, people.alice)
  const bob = await signUp(a.id, people.bob)
  const carol = await signUp(a.id, people.carol)
  const gina = await signUp(a.id, people.gina)
  await signUp(a.id, { email: 'dave@example.jp' }) // registered, never came (no-show)
  const erin = await signUp(a.id, { email: 'erin@example.jp' })
  await cancelRegistration(db, erin.id, { by: 'PARTICIPANT' }, REGISTERED_AT)
  const speaker = await signUp(a.id, { email: 'speaker@example.jp' })
  await db.registration.update({ where: { id: speaker.id }, data: { role: 'SPEAKER' } })
  await attend(a.sessions[0], alice.id)
  await attend(a.sessions[1], alice.id)
  await attend(a.sessions[0], bob.id) // same company as alice: one company
  await attend(a.sessions[0], speaker.id) // not a participant: never counted
  await attendOnline(a.sessions[0], carol.id, 45) // above the minimum: counted
  await attendOnline(a.sessions[1], carol.id, 10) // below the minimum: not counted
  await attendOnline(a.sessions[1], gina.id, null) // minutes unknown: counted

  // P1 / B: in person; alice again (one person of the program), a walk-in, a staff member.
  const b = await seminar(p1.id, '品質管理講座', ['2025-09-01T10:00:00'], { mode: 'IN_PERSON' })
  const aliceB = await signUp(b.id, people.alice)
  const staffMember = await signUp(b.id, { email: 'staff@example.jp' })
  await db.registration.update({ where: { id: staffMember.id }, data: { role: 'STAFF' } })
  await markAttendance(db, {
    sessionId: b.sessions[0],
    attendedRegistrationIds: [aliceB.id, staffMember.id],
    userId: staffId,
  })
  await registerWalkIn(db, {
    sessionId: b.sessions[0],
    name: '当日 太郎',
    organizationName: '当日商店',
    mode: 'IN_PERSON',
    overrideCapacity: false,
    userId: staffId,
  })

  // P2 / C: a series across 31 March: two sessions in FY2025, one in FY2026.
  const c = await seminar(p2.id, '創業塾', ['2026-03-10T18:30:00', '2026-03-24T18:30:00', '2026-04-07T18:30:00'], {
    mode: 'IN_PERSON',
    categoryId: await ensureCategory(db, '講座'),
  })
  const aliceC = await signUp(c.id, people.alice)
  const hana = await signUp(c.id, people.hana)
  for (const s of c.sessions) await attend(s, aliceC.id)
  await attend(c.sessions[0], hana.id)
  await attend(c.sessions[2], hana.id)

  // P2 / D: registered, then the seminar was cancelled: no session held.
  const d = await seminar(p2.id, '中止になった交流会', ['2025-10-01T15:00:00'], { mode: 'IN_PERSON' })
  await signUp(d.id, { email: 'ivan@example.jp', organizationName: '株式会社イオタ' })
  await db.seminar.update({ where: { id: d.id }, data: { status: 'CANCELLED' } })

  // P2 / F: in FY2026, after NOW: registrations but no session held yet.
  const f = await seminar(p2.id, '事業計画セミナー', ['2026-06-01T14:00:00'], { mode: 'IN_PERSON' })
  await signUp(f.id, { email: 'jun@example.jp' })

  // A draft not held yet that nobody registered for is not listed.
  await seminar(p1.id, '準備中のセミナー', ['2026-07-01T10:00:00'], { status: 'DRAFT' })

  ids = { programs: { p1: p1.id, p2: p2.id }, seminars: { a: a.id, b: b.id, c: c.id, d: d.id, f: f.id } }
})
afterAll(async () => drop())

const zero: Figures = {
  sessionsHeld: 0,
  registrations: 0,
  cancellations: 0,
  inPerson: 0,
  online: 0,
  personTimes: 0,
  uniquePersons: 0,
  uniqueOrganizations: 0,
}

describe('participation totals', () => {
  it('counts FY2025 per seminar, per program and in total', async () => {
    const t = await participationTotals(db, 2025, NOW)
    expect(t.fiscalYear).toBe(2025)
    expect(t.programs.map((p) => [p.programName, p.seminars.map((s) => s.title)])).toEqual([
      ['ものづくりDX推進事業', ['IoT入門セミナー', '品質管理講座']],
      ['創業支援事業', ['中止になった交流会', '創業塾']],
    ])
    const [p1, p2] = t.programs
    const [a, b] = p1.seminars
    const [d, c] = p2.seminars
    expect(a).toMatchObject({
      seminarId: ids.seminars.a,
      programId: ids.programs.p1,
      category: 'セミナー',
      sessionsHeld: 2,
      registrations: 6, // alice, bob, carol, gina, dave (no-show), erin (cancelled); not the speaker
      cancellations: 1,
      inPerson: 3,
      online: 2,
      personTimes: 5,
      uniquePersons: 4,
      uniqueOrganizations: 2, // アルファ (alice and bob), ワイ情報; gina has none
      byIndustry: [
        { key: 'E', personTimes: 3, uniquePersons: 2 },
        { key: 'G', personTimes: 1, uniquePersons: 1 },
        { key: '', personTimes: 1, uniquePersons: 1 },
      ],
      byLocation: [
        { key: 'in', personTimes: 4, uniquePersons: 3 },
        { key: 'out', personTimes: 1, uniquePersons: 1 },
      ],
    })
    expect(b).toMatchObject({
      sessionsHeld: 1,
      registrations: 2, // alice and the walk-in; not the staff member
      cancellations: 0,
      inPerson: 2,
      online: 0,
      personTimes: 2,
      uniquePersons: 2,
      uniqueOrganizations: 2,
    })
    expect(p1).toMatchObject({
      programId: ids.programs.p1,
      sessionsHeld: 3,
      registrations: 8,
      cancellations: 1,
      inPerson: 5,
      online: 2,
      personTimes: 7,
      uniquePersons: 5, // alice came to both seminars: once
      uniqueOrganizations: 3,
      byIndustry: [
        { key: 'E', personTimes: 4, uniquePersons: 2 },
        { key: 'G', personTimes: 1, uniquePersons: 1 },
        { key: '', personTimes: 2, uniquePersons: 2 },
      ],
      // The walk-in gave no 所在地: unknown, not 市内 (市内 + 市外 + 不明 = person-times).
      byLocation: [
        { key: 'in', personTimes: 5, uniquePersons: 3 },
        { key: 'out', personTimes: 1, uniquePersons: 1 },
        { key: 'unknown', personTimes: 1, uniquePersons: 1 },
      ],
    })
    expect(d).toMatchObject({ ...zero, registrations: 1 })
    expect(c).toMatchObject({
      sessionsHeld: 2,
      registrations: 2,
      cancellations: 0,
      inPerson: 3,
      online: 0,
      personTimes: 3,
      uniquePersons: 2,
      uniqueOrganizations: 2,
      category: '講座',
    })
    expect(p2).toMatchObject({ sessionsHeld: 2, registrations: 3, personTimes: 3, uniquePersons: 2 })
    expect(t.total).toMatchObject({
      sessionsHeld: 5,
      registrations: 11,
      cancellations: 1,
      inPerson: 8,
      online: 2,
      personTimes: 10,
      uniquePersons: 6, // alice in both programs: once
      uniqueOrganizations: 4,
      byLocation: [
        { key: 'in', personTimes: 7, uniquePersons: 3 },
        { key: 'out', personTimes: 2, uniquePersons: 2 },
        { key: 'unknown', personTimes: 1, uniquePersons: 1 },
      ],
    })
    for (const level of [...t.programs, ...t.programs.flatMap((p) => p.seminars), t.total]) {
      expect(level.byLocation.reduce((n, b) => n + b.personTimes, 0)).toBe(level.personTimes)
    }
  })

  it('splits a series across 31 March and counts only sessions already held', async () => {
    const t = await participationTotals(db, 2026, NOW)
    expect(t.programs).toHaveLength(1)
    const [c, f] = t.programs[0].seminars
    expect(c).toMatchObject({
      title: '創業塾',
      ...zero,
      sessionsHeld: 1,
      inPerson: 2,
      personTimes: 2,
      uniquePersons: 2,
      uniqueOrganizations: 2,
    })
    expect(f).toMatchObject({ title: '事業計画セミナー', ...zero, registrations: 1 })
    const later = await participationTotals(db, 2026, jst('2026-06-02T00:00:00'))
    expect(later.programs[0].seminars[1].sessionsHeld).toBe(1)
  })

  it('gives empty totals for a year without seminars', async () => {
    expect(await participationTotals(db, 2030, NOW)).toEqual({
      fiscalYear: 2030,
      programs: [],
      total: { ...zero, byIndustry: [], byLocation: [] },
    })
  })
})

async function readAll(stream: ReadableStream<Uint8Array>): Promise<Buffer> {
  return Buffer.from(await new Response(stream).arrayBuffer())
}

/** RFC 4180 with CRLF line ends, as Excel writes and reads it. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = []
  let row: string[] = []
  let cell = ''
  let quoted = false
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        cell += '"'
        i++
      } else if (ch === '"') quoted = false
      else cell += ch
    } else if (ch === '"') quoted = true
    else if (ch === ',') {
      row.push(cell)
      cell = ''
    } else if (ch === '\r' && text[i + 1] === '\n') {
      row.push(cell)
      rows.push(row)
      row = []
      cell = ''
      i++
    } else cell += ch
  }
  expect(cell).toBe('') // ends with CRLF
  return rows
}

const FIGURES = [
  'sessionsHeld',
  'registrations',
  'cancellations',
  'inPerson',
  'online',
  'personTimes',
  'uniquePersons',
  'uniqueOrganizations',
] as const

/** The rows the export must contain, built from the totals (numbers as numbers). */
function expectedMain(t: ParticipationTotals): (string | number | null)[][] {
  const rows: (string | number | null)[][] = []
  for (const p of t.programs) {
    for (const s of p.seminars) rows.push([p.programName, s.title, s.category, ...FIGURES.map((k) => s[k])])
    rows.push([p.programName, '小計', null, ...FIGURES.map((k) => p[k])])
  }
  rows.push(['合計', null, null, ...FIGURES.map((k) => t.total[k])])
  return rows
}
const MAIN_HEADER = [
  '事業',
  'セミナー',
  '種類',
  '開催回数',
  '申込数',
  'キャンセル数',
  '来場',
  'オンライン',
  '延べ人数',
  '実人数',
  '社数',
]

function expectedIndustry(t: ParticipationTotals): (string | number)[][] {
  const label = (key: string) => ({ E: 'E 製造業', G: 'G 情報通信業', '': '不明' })[key] ?? `unexpected ${key}`
  return [
    ...t.programs.flatMap((p) =>
      p.byIndustry.map((b) => [p.programName, label(b.key), b.personTimes, b.uniquePersons]),
    ),
    ...t.total.byIndustry.map((b) => ['合計', label(b.key), b.personTimes, b.uniquePersons]),
  ]
}
function expectedLocation(t: ParticipationTotals): (string | number)[][] {
  const label = (key: string) => ({ in: '市内', out: '市外', unknown: '不明' })[key] ?? `unexpected ${key}`
  return [
    ...t.programs.flatMap((p) =>
      p.byLocation.map((b) => [p.programName, label(b.key), b.personTimes, b.uniquePersons]),
    ),
    ...t.total.byLocation.map((b) => ['合計', label(b.key), b.personTimes, b.uniquePersons]),
  ]
}

describe('participation exports', () => {
  it('writes CSV for Excel with the totals cell by cell, breakdowns after blank lines', async () => {
    const totals = await participationTotals(db, 2025, NOW)
    const bytes = await readAll(await participationCsv(db, 2025, 'ja', NOW))
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf])
    const text = bytes.subarray(3).toString('utf8')
    expect(text.replace(/\r\n/g, '')).not.toMatch(/\n/)
    const rows = parseCsv(text)
    const asCsv = (r: (string | number | null)[]) => r.map((c) => (c === null ? '' : String(c)))
    const main = [MAIN_HEADER, ...expectedMain(totals).map(asCsv)]
    const industry = [['事業', '業種', '延べ人数', '実人数'], ...expectedIndustry(totals).map(asCsv)]
    const location = [['事業', '市内/市外', '延べ人数', '実人数'], ...expectedLocation(totals).map(asCsv)]
    expect(rows).toEqual([...main, [''], ...industry, [''], ...location])
    // Spot checks against hand-counted figures.
    expect(rows[main.length - 1]).toEqual(['合計', '', '', '5', '11', '1', '8', '2', '10', '6', '4'])
    expect(rows).toContainEqual(['ものづくりDX推進事業', 'E 製造業', '4', '2'])
    expect(rows).toContainEqual(['ものづくりDX推進事業', '不明', '1', '1'])
    expect(rows).toContainEqual(['合計', '市内', '7', '3'])
  })

  it('writes CSV headers in English for English-speaking staff', async () => {
    const text = (await readAll(await participationCsv(db, 2025, 'en', NOW))).toString('utf8')
    expect(parseCsv(text.slice(1))[0]).toEqual([
      'Program',
      'Seminar',
      'Category',
      'Sessions held',
      'Registrations',
      'Cancellations',
      'In person',
      'Online',
      'Person-times',
      'Unique persons',
      'Companies',
    ])
  })

  it('writes an XLSX workbook with one sheet per table, numbers as numbers', async () => {
    const totals = await participationTotals(db, 2025, NOW)
    const workbook = new ExcelJS.Workbook()
    await workbook.xlsx.load((await readAll(await participationXlsx(db, 2025, 'ja', NOW))) as unknown as XlsxBuffer)
    expect(workbook.worksheets.map((w) => w.name)).toEqual(['参加実績', '業種別', '市内・市外別'])
    const values = (sheet: ExcelJS.Worksheet) => {
      const rows: (string | number | null)[][] = []
      sheet.eachRow({ includeEmpty: true }, (row) => {
        const cells: (string | number | null)[] = []
        for (let c = 1; c <= sheet.columnCount; c++) {
          const v = row.getCell(c).value
          cells.push(v === null || v === undefined ? null : (v as string | number))
        }
        rows.push(cells)
      })
      return rows
    }
    const [main, industry, location] = workbook.worksheets
    expect(values(main)).toEqual([MAIN_HEADER, ...expectedMain(totals)])
    expect(values(industry)).toEqual([['事業', '業種', '延べ人数', '実人数'], ...expectedIndustry(totals)])
    expect(values(location)).toEqual([['事業', '市内/市外', '延べ人数', '実人数'], ...expectedLocation(totals)])
    for (const sheet of workbook.worksheets) {
      expect(sheet.getRow(1).getCell(1).font?.bold).toBe(true)
      expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 })
    }
    const total = main.getRow(main.rowCount)
    expect(total.getCell(9).value).toBe(10)
    expect(total.getCell(9).numFmt).toBe('#,##0')
    expect(main.getColumn(2).width).toBe(40)
  })
})
