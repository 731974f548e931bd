import ExcelJS from 'exceljs'
import iconv from 'iconv-lite'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { indicatorInput } from '../../../tests/support/factories'
import { createTestDb } from '../../../tests/support/test-db'
import type { Db } from '~/utils/db.server'
import { isAppError } from '~/utils/errors'
import { createConsoleUser } from '../accounts/console-users.server'
import { ensureCategory } from '../categories/categories.server'
import { participationCsv } from '../exports/participation-export.server'
import { participationTotals } from '../exports/participation-totals.server'
import { liveActual, loadIndicators, saveIndicator } from '../indicators/indicators.server'
import { closeFiscalYear } from '../indicators/year-close.server'
import {
  applySpreadsheetImport,
  importPage,
  undoSpreadsheetImport,
  uploadSpreadsheet,
  type ImportTarget,
} from './import.server'

/*
 * Past years brought in from the files offices keep: an Excel book with a column per session (○/×)
 * and a CSV saved by Japanese Excel (CP932) with one row per person and session. The figures
 * typed there must come out of the indicators and the participation export exactly.
 */

let db: Db
let drop: () => Promise<void>
let userId: string
let programId: string
let categoryId: string
beforeAll(async () => {
  ;({ db, drop } = await createTestDb())
  userId = (await createConsoleUser(db, { email: 'past@city.example.jp', name: '過去', password: 'a long password 1' }))
    .id
  programId = (await db.program.create({ data: { code: 'PAST', name: '創業支援事業' } })).id
  categoryId = await ensureCategory(db, 'セミナー')
})
afterAll(async () => drop())

async function xlsxFile(rows: (string | Date)[][], name: string): Promise<File> {
  const book = new ExcelJS.Workbook()
  const sheet = book.addWorksheet('令和5年度')
  for (const row of rows) sheet.addRow(row)
  return new File([await book.xlsx.writeBuffer()], name)
}

/** A CSV as Japanese Excel saves 「CSV (コンマ区切り)」: CP932, CRLF, no BOM. */
function cp932File(text: string, name: string): File {
  return new File([new Uint8Array(iconv.encode(text.replace(/\n/g, '\r\n'), 'cp932'))], name)
}

async function codeOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise
  } catch (error) {
    if (isAppError(error)) return error.code
    throw error
  }
  throw new Error('not refused')
}

async function uploadAndApply(target: ImportTarget, file: File) {
  const importId = await uploadSpreadsheet(db, { target, file, categoryId, userId })
  const page = await importPage(db, target, importId)
  expect(page.plan.mappingProblems).toEqual([])
  expect(page.plan.rows.filter((r) => r.kind === 'error')).toEqual([])
  await applySpreadsheetImport(db, { target, importId, userId, sendMail: false, digest: page.digest })
  return { importId, page }
}

async function text(stream: ReadableStream<Uint8Array>): Promise<string> {
  return new Response(stream).text()
}

describe('past seminars from a spreadsheet', () => {
  const target = () => ({ kind: 'PAST', programId }) as ImportTarget

  it('creates seminars and sessions from an XLSX and a CP932 CSV; indicators and exports show the typed figures', async () => {
    await saveIndicator(
      db,
      indicatorInput({ code: 'PT-PAST', name: '延べ参加者数', rule: 'PERSON_TIMES', programIds: [programId] }),
    )
    await saveIndicator(
      db,
      indicatorInput({ code: 'UP-PAST', name: '実参加者数', rule: 'UNIQUE_PERSONS', programIds: [programId] }),
    )
    await saveIndicator(
      db,
      indicatorInput({
        code: 'UO-PAST',
        name: '参加企業数',
        rule: 'UNIQUE_ORGANIZATIONS',
        programIds: [programId],
        unit: '社',
      }),
    )

    // A column per session, ○/×, the session's date in its header.
    const book = await xlsxFile(
      [
        [
          'セミナー名',
          '氏名',
          'ふりがな',
          'メールアドレス',
          '会社名',
          '業種',
          '所在地',
          '第1回 2023/6/1',
          '第2回 2023/7/1',
        ],
        ['DX入門', '山田 太郎', 'やまだ たろう', 'yamada@example.jp', '株式会社山田', 'E', '市内', '○', '○'],
        ['DX入門', '佐藤 花子', 'さとう はなこ', '', '佐藤商店', 'I', '市外', '○', '×'],
        ['DX入門', '鈴木 一郎', 'すずき いちろう', 'suzuki@example.jp', '株式会社山田', 'E', '市内', '×', '○'],
      ],
      '令和5年度DX入門.xlsx',
    )
    const first = await uploadAndApply(target(), book)
    expect(first.page.plan.counts).toMatchObject({
      newSeminars: 1,
      newSessions: 2,
      newRegistrations: 3,
      newAttendances: 4,
    })

    // One row per person and session, as Excel saves a CSV here.
    const csv = cp932File(
      [
        '開催日,セミナー名,氏名,ふりがな,メールアドレス,会社名,出欠',
        '2023/9/5,経営セミナー,山田 太郎,やまだ たろう,yamada@example.jp,株式会社山田,○',
        '2023/9/5,経営セミナー,髙橋 次郎,たかはし じろう,,髙橋工業,○',
        '2023/9/5,経営セミナー,伊藤 三郎,いとう さぶろう,ito@example.jp,,×',
        '令和5年10月5日,経営セミナー,山田 太郎,やまだ たろう,yamada@example.jp,株式会社山田,○',
      ].join('\n'),
      '経営セミナー.csv',
    )
    const second = await uploadAndApply(target(), csv)
    expect(second.page.plan.rows.map((r) => r.kind)).toEqual(['known', 'new', 'new', 'same-person'])
    expect(second.page.plan.counts).toMatchObject({
      newSeminars: 1,
      newSessions: 2,
      newRegistrations: 3,
      newAttendances: 3,
    })

    const seminars = await db.seminar.findMany({
      where: { programId },
      include: { sessions: { orderBy: { number: 'asc' } } },
      orderBy: { title: 'asc' },
    })
    expect(seminars.map((s) => [s.title, s.categoryId, s.sessions.map((x) => x.number)])).toEqual([
      ['DX入門', categoryId, [1, 2]],
      ['経営セミナー', categoryId, [1, 2]],
    ])
    // Recorded in the security log like any seminar created.
    expect(
      await db.securityEvent.count({ where: { type: 'seminar.create', targetId: { in: seminars.map((s) => s.id) } } }),
    ).toBe(2)
    // No reminder or thank-you will ever go out for a seminar held before.
    expect(seminars.every((s) => s.thankYouQueuedAt !== null)).toBe(true)
    expect(seminars.flatMap((s) => s.sessions).every((x) => x.reminderQueuedAt !== null)).toBe(true)

    // FY2023 (令和5年度): person-times 4 + 3, people 山田 (both files, one person) 佐藤 鈴木 髙橋,
    // companies 株式会社山田 佐藤商店 髙橋工業.
    const indicators = await loadIndicators(db)
    const figure = async (code: string) => (await liveActual(db, indicators.find((i) => i.code === code)!, 2023)).value
    expect(await figure('PT-PAST')).toBe(7)
    expect(await figure('UP-PAST')).toBe(4)
    expect(await figure('UO-PAST')).toBe(3)

    const totals = await participationTotals(db, 2023)
    const program = totals.programs.find((p) => p.programId === programId)!
    expect(program).toMatchObject({
      sessionsHeld: 4,
      registrations: 6,
      personTimes: 7,
      uniquePersons: 4,
      uniqueOrganizations: 3,
    })
    const dx = program.seminars.find((s) => s.title === 'DX入門')!
    expect(dx).toMatchObject({
      sessionsHeld: 2,
      registrations: 3,
      inPerson: 4,
      personTimes: 4,
      uniquePersons: 3,
      uniqueOrganizations: 2,
    })
    expect(dx.byLocation).toEqual(
      expect.arrayContaining([
        { key: 'in', personTimes: 3, uniquePersons: 2 },
        { key: 'out', personTimes: 1, uniquePersons: 1 },
      ]),
    )
    const exported = await text(await participationCsv(db, 2023, 'ja'))
    const dxLine = exported.split(/\r?\n/).find((l) => l.includes('DX入門'))!
    expect(dxLine).toContain('2,3,0,4,0,4,3,2')

    // The same file again adds nothing; undoing the CSV's import takes its seminar away again.
    const again = await uploadSpreadsheet(db, { target: target(), file: csv, categoryId, userId })
    expect((await importPage(db, target(), again)).sameFileApplied).not.toBeNull()
    await undoSpreadsheetImport(db, { target: target(), importId: second.importId, userId })
    expect(await db.seminar.count({ where: { programId } })).toBe(1)
    expect(await figure('PT-PAST')).toBe(4)
    expect(await db.securityEvent.count({ where: { type: 'seminar.delete' } })).toBe(1)
    expect(await db.person.count({ where: { name: '髙橋 次郎' } })).toBe(0)
    expect(await db.person.count({ where: { name: '山田 太郎' } })).toBe(1)
  })

  it('applies once when the apply button is sent twice at the same moment', async () => {
    const file = cp932File(
      ['開催日,セミナー名,氏名,メールアドレス,出欠', '2024/5/10,同時講座,同時 一,dual@example.jp,○'].join('\n'),
      'dual.csv',
    )
    const importId = await uploadSpreadsheet(db, { target: target(), file, categoryId, userId })
    const page = await importPage(db, target(), importId)
    const input = { target: target(), importId, userId, sendMail: false, digest: page.digest }
    const results = await Promise.allSettled([applySpreadsheetImport(db, input), applySpreadsheetImport(db, input)])
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1)
    const refused = results.find((r) => r.status === 'rejected') as PromiseRejectedResult
    expect(isAppError(refused.reason) && refused.reason.status).toBe(409)
    expect(await db.seminar.count({ where: { title: '同時講座' } })).toBe(1)
    expect(await db.person.count({ where: { name: '同時 一' } })).toBe(1)
  })

  it('refuses an import touching a closed fiscal year, with the year shown on the preview', async () => {
    await closeFiscalYear(db, 2021, userId)
    const file = cp932File(
      ['開催日,セミナー名,氏名,会社名,出欠', '2021/8/1,閉じた年の講座,古田 一,古田商会,○'].join('\n'),
      '2021.csv',
    )
    const importId = await uploadSpreadsheet(db, { target: target(), file, categoryId, userId })
    const page = await importPage(db, target(), importId)
    expect(page.closedYears).toEqual([2021])
    expect(
      await codeOf(
        applySpreadsheetImport(db, { target: target(), importId, userId, sendMail: false, digest: page.digest }),
      ),
    ).toBe('IMPORT_YEAR_CLOSED')
    expect(await db.seminar.count({ where: { title: '閉じた年の講座' } })).toBe(0)
    expect(await db.person.count({ where: { name: '古田 一' } })).toBe(0)
  })

  it('names the column and line of a row without a date, and asks for a title column', async () => {
    const file = cp932File(['開催日,セミナー名,氏名,会社名', ',講座,名無 一,会社'].join('\n'), 'nodate.csv')
    const importId = await uploadSpreadsheet(db, { target: target(), file, categoryId, userId })
    const page = await importPage(db, target(), importId)
    expect(page.plan.rows[0].errors).toEqual([
      expect.objectContaining({ line: 2, column: '開催日', field: 'sessionDate', message: 'imports.row.dateMissing' }),
    ])
    const noTitle = cp932File(['開催日,氏名,会社名', '2024/5/1,名無 一,会社'].join('\n'), 'notitle.csv')
    const id2 = await uploadSpreadsheet(db, { target: target(), file: noTitle, categoryId, userId })
    expect((await importPage(db, target(), id2)).plan.mappingProblems).toEqual([
      { message: 'imports.mapping.titleRequired' },
    ])
  })
})
