import ExcelJS from 'exceljs'
import { beforeAll, describe, expect, it } from 'vitest'
import { databaseForRoutes, signedInAs } from '../../../tests/support/routes'
import type { Db } from '~/utils/db.server'
import { loader as attendanceCsv } from '~/routes/console.exports.attendance[.]csv'
import { loader as attendanceXlsx } from '~/routes/console.exports.attendance[.]xlsx'
import { loader as participationCsv } from '~/routes/console.exports.participation[.]csv'
import { loader as participationXlsx } from '~/routes/console.exports.participation[.]xlsx'
import { ensureCategory } from '~/modules/categories/categories.server'

/** Node's Buffer, as exceljs's own declarations name it. */
type XlsxBuffer = Parameters<ExcelJS.Xlsx['load']>[0]

const database = databaseForRoutes()
let db: Db
let cookie: string

beforeAll(async () => {
  db = database.db
  ;({ cookie } = await signedInAs(db, 'export@city.example.jp', 'STAFF'))
  const program = await db.program.create({ data: { code: 'R', name: 'ルート事業' } })
  const seminar = await db.seminar.create({
    data: {
      programId: program.id,
      title: '出力確認セミナー',
      categoryId: await ensureCategory(db, 'セミナー'),
      status: 'PUBLISHED',
      mode: 'IN_PERSON',
      registrationOpensAt: new Date('2025-04-01T00:00:00+09:00'),
      registrationClosesAt: new Date('2025-06-01T00:00:00+09:00'),
    },
  })
  const session = await db.session.create({
    data: {
      seminarId: seminar.id,
      number: 1,
      startsAt: new Date('2025-06-10T14:00:00+09:00'),
      endsAt: new Date('2025-06-10T16:00:00+09:00'),
    },
  })
  const person = await db.person.create({ data: { emailNormalized: 'r@example.jp', name: '出力 花子' } })
  const registration = await db.registration.create({
    data: {
      seminarId: seminar.id,
      personId: person.id,
      name: '出力 花子',
      furigana: 'しゅつりょく はなこ',
      email: 'r@example.jp',
      emailNormalized: 'r@example.jp',
      inCity: true,
      mode: 'IN_PERSON',
      status: 'CONFIRMED',
      manageToken: 'route-test-token',
      code: 'ROUTE001',
    },
  })
  await db.attendance.create({
    data: { sessionId: session.id, registrationId: registration.id, mode: 'IN_PERSON', source: 'QR' },
  })
})

const call = (loader: typeof attendanceCsv, path: string, extraCookie = '') =>
  loader({
    request: new Request(`http://localhost${path}`, { headers: { Cookie: `${cookie}${extraCookie}` } }),
    params: {},
    context: {},
  })

describe('export routes', () => {
  it('send signed-out people to the login page', async () => {
    const thrown = await attendanceCsv({
      request: new Request('http://localhost/console/exports/attendance.csv?fy=2025'),
      params: {},
      context: {},
    }).catch((e: unknown) => e)
    expect(thrown).toBeInstanceOf(Response)
    expect((thrown as Response).status).toBe(302)
    expect((thrown as Response).headers.get('Location')).toBe(
      `/console/login?redirectTo=${encodeURIComponent('/console/exports/attendance.csv?fy=2025')}`,
    )
  })

  it('download the participation figures as CSV and XLSX, named after the fiscal year', async () => {
    const csv = await call(participationCsv, '/console/exports/participation.csv?fy=2025')
    expect(csv.headers.get('Content-Type')).toBe('text/csv; charset=utf-8')
    expect(csv.headers.get('Cache-Control')).toBe('private, no-store')
    expect(csv.headers.get('Content-Disposition')).toBe(
      `attachment; filename="participation-2025.csv"; filename*=UTF-8''${encodeURIComponent('参加実績_令和7年度.csv')}`,
    )
    expect((await csv.text()).split('\r\n')[1]).toBe('ルート事業,出力確認セミナー,セミナー,1,1,0,1,0,1,1,0')

    const xlsx = await call(participationXlsx, '/console/exports/participation.xlsx?fy=2025', '; lang=en')
    expect(xlsx.headers.get('Content-Type')).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
    expect(xlsx.headers.get('Content-Disposition')).toBe(
      `attachment; filename="participation-2025.xlsx"; filename*=UTF-8''participation_FY2025.xlsx`,
    )
    const workbook = new ExcelJS.Workbook()
    await workbook.xlsx.load(Buffer.from(await xlsx.arrayBuffer()) as unknown as XlsxBuffer)
    expect(workbook.worksheets.map((w) => w.name)).toEqual(['Participation', 'By industry', 'By location'])
  })

  it('download the attendance records as CSV and XLSX', async () => {
    const csv = await call(attendanceCsv, '/console/exports/attendance.csv?fy=2025')
    expect(csv.headers.get('Content-Disposition')).toContain(
      `filename*=UTF-8''${encodeURIComponent('出席記録_令和7年度.csv')}`,
    )
    const lines = (await csv.text()).split('\r\n')
    expect(lines.slice(1)).toEqual([
      '令和7年度,ルート事業,出力確認セミナー,1,2025-06-10,出力 花子,,,市内,来場,QR読取,',
      '',
    ])

    const xlsx = await call(attendanceXlsx, '/console/exports/attendance.xlsx?fy=2025')
    const workbook = new ExcelJS.Workbook()
    await workbook.xlsx.load(Buffer.from(await xlsx.arrayBuffer()) as unknown as XlsxBuffer)
    expect(workbook.getWorksheet('出席記録')!.getRow(2).getCell(6).value).toBe('出力 花子')
  })

  it('refuse a malformed fiscal year', async () => {
    const thrown = await call(attendanceXlsx, '/console/exports/attendance.xlsx?fy=abc').catch((e: unknown) => e)
    expect((thrown as Response).status).toBe(400)
  })
})
