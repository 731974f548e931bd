import ExcelJS from 'exceljs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { participant } from '../../../tests/support/factories'
import { createTestDb } from '../../../tests/support/test-db'
import type { Db } from '~/utils/db.server'
import { markAttendance } from '../attendance/checkin.server'
import { register } from '../registration/registrations.server'
import { evaluationTable, multiYearTable, tableCsv, tableXlsx } from './evaluation-export.server'
import { dashboard, saveIndicator, setPlan } from './indicators.server'
import { closeFiscalYear } from './year-close.server'
import { ensureCategory } from '~/modules/categories/categories.server'

let db: Db
let drop: () => Promise<void>
beforeAll(async () => {
  ;({ db, drop } = await createTestDb())
})
afterAll(async () => drop())

async function readAll(stream: ReadableStream<Uint8Array>): Promise<Buffer> {
  const chunks: Uint8Array[] = []
  const reader = stream.getReader()
  for (;;) {
    const { done, value } = await reader.read()
    if (done) break
    chunks.push(value)
  }
  return Buffer.concat(chunks)
}

/** RFC 4180 with quotes, enough for reading our own files back. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = []
  let row: string[] = []
  let cell = ''
  let quoted = false
  for (let i = 0; i < text.length; i++) {
    const c = text[i]
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        cell += '"'
        i++
      } else if (c === '"') {
        quoted = false
      } else {
        cell += c
      }
    } else if (c === '"') {
      quoted = true
    } else if (c === ',') {
      row.push(cell)
      cell = ''
    } else if (c === '\n') {
      row.push(cell.replace(/\r$/, ''))
      rows.push(row)
      row = []
      cell = ''
    } else {
      cell += c
    }
  }
  if (cell || row.length) rows.push([...row, cell])
  return rows
}

describe('evaluation-sheet exports', () => {
  it('read back from CSV and XLSX, they show exactly the dashboard figures', async () => {
    const program = await db.program.create({ data: { code: 'EV', name: '評価, テスト事業' } })
    const now = Date.now()
    const seminar = await db.seminar.create({
      data: {
        programId: program.id,
        title: '評価対象セミナー',
        categoryId: await ensureCategory(db, 'セミナー'),
        status: 'PUBLISHED',
        mode: 'IN_PERSON',
        venueName: '会場',
        capacityInPerson: 50,
        registrationOpensAt: new Date(now - 86400_000),
        registrationClosesAt: new Date(now + 86400_000),
        sessions: {
          create: [
            { number: 1, startsAt: new Date('2025-09-01T05:00:00Z'), endsAt: new Date('2025-09-01T07:00:00Z') },
            { number: 2, startsAt: new Date('2026-09-01T05:00:00Z'), endsAt: new Date('2026-09-01T07:00:00Z') },
          ],
        },
      },
      include: { sessions: { orderBy: { number: 'asc' } } },
    })
    const people = await Promise.all([1, 2, 3].map(() => register(db, { seminarId: seminar.id, ...participant() })))
    await markAttendance(db, {
      sessionId: seminar.sessions[0].id,
      attendedRegistrationIds: people.map((p) => p.id),
      userId: null,
    })
    await markAttendance(db, {
      sessionId: seminar.sessions[1].id,
      attendedRegistrationIds: [people[0].id],
      userId: null,
    })
    const id = await saveIndicator(db, {
      code: 'EV-1',
      name: '人材育成プログラムの参加人数',
      nameEn: null,
      kind: 'ACTIVITY',
      unit: '人',
      rule: 'PERSON_TIMES',
      categoryIds: [],
      seminarIds: [],
      modeScope: 'ALL',
      cumulative: false,
      baseYear: null,
      baseline: 1.5,
      note: '',
      programIds: [program.id],
    })
    await setPlan(db, id, 2026, 10)
    await setPlan(db, id, 2027, 12)
    await closeFiscalYear(db, 2025, null)

    const board = await dashboard(db, 2026)
    const row = board.groups[0].rows[0]
    expect([row.plan, row.figure.actual, row.trend.at(-2)?.actual]).toEqual([10, 1, 3])

    // 30 November 2026: FY2026 (令和8年度) is under way, FY2025 is closed, FY2024 is over but not closed.
    const NOW = new Date('2026-11-30T03:00:00Z')
    const table = await evaluationTable(db, 2026, 'ja', NOW)
    const csv = parseCsv((await readAll(tableCsv(table))).toString('utf8').replace(/^\uFEFF/, ''))
    expect(csv[0]).toEqual([
      '事業',
      '指標',
      '種別',
      '単位',
      '前年度実績（令和7年度）',
      '当年度予定（令和8年度）',
      '当年度実績（令和8年度）',
      '達成率（%）',
      '次年度予定（令和9年度）',
      '状態',
      '手入力',
      '備考',
    ])
    // 1 of a plan of 10 is 10.0 %; the year is not closed and not over: 集計中, not 確定.
    expect(csv[1]).toEqual([
      '評価, テスト事業',
      '人材育成プログラムの参加人数',
      '活動指標',
      '人',
      '3',
      '10',
      '1',
      '10',
      '12',
      '集計中',
      '',
      '',
    ])

    const book = new ExcelJS.Workbook()
    const xlsx = await readAll(tableXlsx(table))
    await book.xlsx.load(xlsx.buffer.slice(xlsx.byteOffset, xlsx.byteOffset + xlsx.byteLength) as ArrayBuffer)
    const sheet = book.worksheets[0]
    expect(sheet.getRow(2).values).toEqual([
      undefined,
      '評価, テスト事業',
      '人材育成プログラムの参加人数',
      '活動指標',
      '人',
      3,
      10,
      1,
      10,
      12,
      '集計中',
    ])
    expect(sheet.getColumn(5).numFmt).toBe('#,##0.##')
    expect(sheet.getColumn(8).numFmt).toBe('0.0')

    // FY2024 had nothing in scope: blank cells, not 0; its state is 見込 (over, not closed).
    const multi = await multiYearTable(db, 2026, 'en', 3, NOW)
    expect(multi.columns.map((c) => c.header).slice(4)).toEqual([
      'FY2024 plan',
      'FY2024 actual',
      'FY2024 rate (%)',
      'FY2024 state',
      'FY2025 plan',
      'FY2025 actual',
      'FY2025 rate (%)',
      'FY2025 state',
      'FY2026 plan',
      'FY2026 actual',
      'FY2026 rate (%)',
      'FY2026 state',
      'Note',
    ])
    expect(multi.rows[0].slice(3)).toEqual([
      1.5,
      null,
      null,
      null,
      'Estimate',
      null,
      3,
      null,
      'Final',
      10,
      1,
      10,
      'Counting',
      null,
    ])
    const multiCsv = parseCsv((await readAll(tableCsv(multi))).toString('utf8').replace(/^\uFEFF/, ''))
    expect(multiCsv[1].slice(4, 8)).toEqual(['', '', '', 'Estimate'])
  })
})
