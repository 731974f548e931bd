import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { buildFixtures, FIXTURE_DIR } from '../../../tests/fixtures/meeting-reports/make-fixtures'
import {
  decodeReport,
  normalizePersonName,
  parseMeetingReport,
  presenceMinutes,
  ReportTooLarge,
  totalByPerson,
  UnknownReportFormat,
  type ReportRow,
} from './meeting-report'
import { MAX_REPORT_COLUMNS, MAX_REPORT_ROWS } from './report-limits'

const fixture = (name: string) => new Uint8Array(readFileSync(join(FIXTURE_DIR, name)))
const utf8 = (text: string) => new Uint8Array(Buffer.from(text, 'utf8'))
const utf16le = (text: string) =>
  new Uint8Array(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]))
/** Japan time, as the reports are read. */
const jst = (local: string) => new Date(`${local}+09:00`)
/** line, name, email, minutes: the part of a row the import relies on. */
const brief = (rows: ReportRow[]) => rows.map((r) => [r.line, r.name, r.email, r.minutes])
const totals = (rows: ReportRow[]) =>
  totalByPerson(rows, 'zoom').map((t) => [t.key, t.name, t.email, t.minutes, t.lines])

describe('fixtures', () => {
  it('are exactly what make-fixtures.ts writes', () => {
    for (const [name, bytes] of Object.entries(buildFixtures())) {
      expect(Buffer.compare(Buffer.from(fixture(name)), Buffer.from(bytes)), name).toBe(0)
    }
  })
})

describe('decodeReport', () => {
  it('drops a UTF-8 BOM', () => {
    const text = decodeReport(fixture('zoom-en-meeting.csv'))
    expect(text.startsWith('Meeting ID,Topic,')).toBe(true)
  })
  it('decodes UTF-16LE with BOM (Teams)', () => {
    expect(decodeReport(fixture('teams-en.csv')).split('\r\n').slice(0, 2)).toEqual([
      '1. Summary',
      'Meeting title\tKobe DX Seminar Session 3',
    ])
  })
  it('decodes UTF-16BE with BOM', () => {
    expect(decodeReport(fixture('teams-utf16be.csv'))).toBe(
      'Name\tFirst Join\tLast Leave\tIn-Meeting Duration\tEmail\tParticipant ID (UPN)\tRole\r\n' +
        '佐藤 花子\t11/20/26, 2:00:11 PM\t11/20/26, 2:45:41 PM\t45m 30s\thanako.sato@example.jp\thanako.sato@example.jp\tAttendee\r\n',
    )
  })
  it('decodes plain UTF-8, UTF-16LE without BOM, and Shift_JIS from Japanese Excel', () => {
    expect(decodeReport(utf8('名前,メール\n'))).toBe('名前,メール\n')
    expect(decodeReport(new Uint8Array(Buffer.from('Full Name\tUser Action\tTimestamp', 'utf16le')))).toBe(
      'Full Name\tUser Action\tTimestamp',
    )
    // 名前,メール in Shift_JIS: not valid UTF-8
    expect(decodeReport(new Uint8Array([0x96, 0xbc, 0x91, 0x4f, 0x2c, 0x83, 0x81, 0x81, 0x5b, 0x83, 0x8b]))).toBe(
      '名前,メール',
    )
  })
})

describe('Zoom participant report', () => {
  it('reads the English export with the meeting-data block (UTF-8 BOM, quotes, multi-line topic)', () => {
    const report = parseMeetingReport(fixture('zoom-en-meeting.csv'))
    expect(report.format).toBe('zoom')
    // The topic's quoted newline makes the participant header line 5.
    expect(brief(report.rows)).toEqual([
      [6, 'Kobe Industry Promotion Office', 'seminar-host@example.jp', 128],
      [7, 'Hanako Sato', 'hanako.sato@example.jp', 46],
      [8, 'Suzuki, Ichiro', 'ichiro.suzuki@example.com', 116], // "Suzuki, Ichiro (iPad)": display name
      [9, 'Hanako Sato', 'hanako.sato@example.jp', 70],
      [10, 'Jiro "JT" Tanaka', 'jiro.tanaka@example.com', 30],
      [13, 'Hanako Sato', null, 2], // "Hanako Sato (Guest)" without email
    ])
    expect(report.rows[1].joinedAt).toEqual(jst('2026-11-20T14:00:11'))
    expect(report.rows[1].leftAt).toEqual(jst('2026-11-20T14:45:30'))
    expect(report.rows[0].joinedAt).toEqual(jst('2026-11-20T13:55:02'))
    expect(report.errors).toEqual([
      {
        line: 11,
        reason: 'BAD_DURATION',
        text: 'Mika Ito,mika.ito@example.jp,11/20/2026 02:10:00 PM,11/20/2026 02:40:00 PM,thirty,Yes,Y,No',
      },
      { line: 12, reason: 'MISSING_NAME', text: ',,11/20/2026 02:15:00 PM,11/20/2026 02:20:00 PM,5,Yes,,No' },
    ])
  })

  it('adds up several rows per person, by email, the email-less row joining by name', () => {
    const report = parseMeetingReport(fixture('zoom-en-meeting.csv'))
    expect(totals(report.rows)).toEqual([
      ['email:seminar-host@example.jp', 'Kobe Industry Promotion Office', 'seminar-host@example.jp', 128, [6]],
      ['email:hanako.sato@example.jp', 'Hanako Sato', 'hanako.sato@example.jp', 118, [7, 9, 13]],
      ['email:ichiro.suzuki@example.com', 'Suzuki, Ichiro', 'ichiro.suzuki@example.com', 116, [8]],
      ['email:jiro.tanaka@example.com', 'Jiro "JT" Tanaka', 'jiro.tanaka@example.com', 30, [10]],
    ])
  })

  it('reads the export without the meeting block (plain UTF-8, LF) and ignores blank rows', () => {
    const report = parseMeetingReport(fixture('zoom-en-plain.csv'))
    expect(report.format).toBe('zoom')
    expect(brief(report.rows)).toEqual([
      [2, 'Kenta Mori', 'kenta.mori@example.com', 60],
      [3, 'Yui Kato', null, 30],
      [5, 'YUI KATO', null, 25],
    ])
    expect(report.errors).toEqual([])
    expect(totals(report.rows)).toEqual([
      ['email:kenta.mori@example.com', 'Kenta Mori', 'kenta.mori@example.com', 60, [2]],
      ['name:yuikato', 'Yui Kato', null, 55, [3, 5]],
    ])
  })

  it('reads Japanese headers (名前（元の名前）, ユーザーメール, 参加時刻, 退出時刻, 期間（分）) with meeting data', () => {
    const report = parseMeetingReport(fixture('zoom-ja.csv'))
    expect(report.format).toBe('zoom')
    expect(brief(report.rows)).toEqual([
      [5, '神戸市産業振興センター', 'seminar-host@example.jp', 128],
      [6, '佐藤　花子', 'hanako.sato@example.jp', 46],
      [7, '山田 太郎', null, 88], // 山田 太郎（山田のiPad）
      [8, '佐藤 花子', 'hanako.sato@example.jp', 70], // full-width address
      [9, '山田　太郎', null, 25],
    ])
    expect(report.rows[1].joinedAt).toEqual(jst('2026-11-20T14:00:11'))
    expect(report.errors).toEqual([])
    expect(totals(report.rows)).toEqual([
      ['email:seminar-host@example.jp', '神戸市産業振興センター', 'seminar-host@example.jp', 128, [5]],
      ['email:hanako.sato@example.jp', '佐藤　花子', 'hanako.sato@example.jp', 116, [6, 8]],
      ['name:山田太郎', '山田 太郎', null, 113, [7, 9]],
    ])
  })

  it('reads the Japanese header of a 2020 export (名前 (元の名前), 所要時間（分）) and 12-hour times', () => {
    const report = parseMeetingReport(fixture('zoom-ja-2020.csv'))
    expect(brief(report.rows)).toEqual([
      [2, '鈴木 一郎', 'ichiro.suzuki@example.com', 116],
      [3, '高橋 美咲', null, 60],
    ])
    expect(report.rows[0].joinedAt).toEqual(jst('2026-11-20T14:03:00'))
    expect(report.rows[1].leftAt).toEqual(jst('2026-11-20T15:05:00'))
  })

  it('reads the time formats seen in exports as Japan time; an unreadable time is null, not an error', () => {
    const csv = [
      'Name (Original Name),User Email,Join Time,Leave Time,Duration (Minutes)',
      'A,,2026-11-20 14:00:11,2026/11/20 12:05:00 AM,1',
      'B,,2026年11月20日 午後2:00:11,20/11/2026 14:30:00,1',
      'C,,11/20/26 12:00:00 PM,later,1',
      'D,,,,1',
    ].join('\n')
    const rows = parseMeetingReport(utf8(csv)).rows
    expect(rows.map((r) => [r.joinedAt?.toISOString() ?? null, r.leftAt?.toISOString() ?? null])).toEqual([
      ['2026-11-20T05:00:11.000Z', '2026-11-19T15:05:00.000Z'],
      ['2026-11-20T05:00:11.000Z', '2026-11-20T05:30:00.000Z'],
      ['2026-11-20T03:00:00.000Z', null],
      [null, null],
    ])
    expect(parseMeetingReport(utf8(csv)).errors).toEqual([])
  })

  it('reports a row with fewer cells than the required columns, and trims error text to 200 characters', () => {
    const long = 'X'.repeat(250)
    const csv = [
      'Name (Original Name),User Email,Join Time,Leave Time,Duration (Minutes),Guest',
      'Kenta Mori,kenta.mori@example.com,11/20/2026 02:00:00 PM',
      `${long},,11/20/2026 02:00:00 PM,11/20/2026 02:10:00 PM,ten,No`,
    ].join('\r\n')
    const report = parseMeetingReport(utf8(csv))
    expect(report.rows).toEqual([])
    expect(report.errors).toEqual([
      { line: 2, reason: 'COLUMN_COUNT', text: 'Kenta Mori,kenta.mori@example.com,11/20/2026 02:00:00 PM' },
      {
        line: 3,
        reason: 'BAD_DURATION',
        text: `${long},,11/20/2026 02:00:00 PM,11/20/2026 02:10:00 PM,ten,No`.slice(0, 200),
      },
    ])
    expect(report.errors[1].text).toHaveLength(200)
  })

  it('keeps line numbers right after a quoted newline inside a data row', () => {
    const csv = [
      'Name (Original Name),User Email,Join Time,Leave Time,Duration (Minutes)',
      '"Mika',
      'Ito",,,,10',
      ',,,,5',
      'Kenta Mori,,,,x',
    ].join('\n')
    const report = parseMeetingReport(utf8(csv))
    expect(brief(report.rows)).toEqual([[2, 'Mika\nIto', null, 10]])
    expect(report.errors.map((e) => [e.line, e.reason])).toEqual([
      [4, 'MISSING_NAME'],
      [5, 'BAD_DURATION'],
    ])
  })
})

describe('Teams attendance report (current)', () => {
  it('reads the English report (UTF-16LE, tab) from section 2 only', () => {
    const report = parseMeetingReport(fixture('teams-en.csv'))
    expect(report.format).toBe('teams')
    expect(brief(report.rows)).toEqual([
      [11, 'Kobe Industry Promotion Office', 'seminar-host@example.jp', (2 * 3600 + 7 * 60 + 38) / 60], // from the UPN
      [12, 'Hanako Sato', 'hanako.sato@example.jp', 112.5],
      [13, 'Ichiro Suzuki (External)', null, 115.75],
      [14, 'Tanaka, Jiro (Guest)', null, 30], // a guest #EXT# UPN is not an address
      [15, 'Mika Ito (Unverified)', null, 0.75],
      [16, 'Ｍｉｋａ　ＩＴＯ (Guest)', null, 10.25],
    ])
    expect(report.rows[1].joinedAt).toEqual(jst('2026-11-20T14:00:11'))
    expect(report.rows[1].leftAt).toEqual(jst('2026-11-20T16:00:00'))
    expect(report.errors).toEqual([
      {
        line: 17,
        reason: 'BAD_DURATION',
        text: 'Kenta Mori\t11/20/26, 2:12:00 PM\t11/20/26, 2:42:00 PM\t\tkenta.mori@example.com\t\tAttendee',
      },
    ])
  })

  it('counts a guest whose name differs only by width, spaces and (Guest)/(Unverified) once', () => {
    const report = parseMeetingReport(fixture('teams-en.csv'))
    expect(totals(report.rows).slice(2)).toEqual([
      ['name:ichirosuzuki', 'Ichiro Suzuki (External)', null, 115.75, [13]],
      ['name:tanaka,jiro', 'Tanaka, Jiro (Guest)', null, 30, [14]],
      ['name:mikaito', 'Mika Ito (Unverified)', null, 11, [15, 16]],
    ])
  })

  it('reads the Japanese report (UTF-16LE, tab: 名前 / 初めての参加 / 最終退出 / 会議の長さ)', () => {
    const report = parseMeetingReport(fixture('teams-ja.csv'))
    expect(report.format).toBe('teams')
    expect(brief(report.rows)).toEqual([
      [10, '神戸市産業振興センター', 'seminar-host@example.jp', (2 * 3600 + 7 * 60 + 38) / 60],
      [11, '佐藤 花子', 'hanako.sato@example.jp', 112.5],
      [12, '山田 太郎 (ゲスト)', null, 45.25],
      [13, '鈴木 一郎 (外部)', null, 60],
    ])
    expect(report.rows[2].joinedAt).toEqual(jst('2026-11-20T14:02:00'))
    expect(report.errors.map((e) => [e.line, e.reason])).toEqual([[14, 'BAD_DURATION']])
  })

  it('reads the Japanese report saved as UTF-8 BOM, comma (最初の参加 / 最後の退出 / 会議中の時間)', () => {
    const report = parseMeetingReport(fixture('teams-ja-comma.csv'))
    expect(report.format).toBe('teams')
    expect(brief(report.rows)).toEqual([
      [7, '山田　太郎（ゲスト）', null, 45.25],
      [8, '佐藤 花子', 'hanako.sato@example.jp', 112.5],
    ])
    expect(report.errors).toEqual([{ line: 9, reason: 'COLUMN_COUNT', text: '伊藤 美香,2026/11/20 14:10:00' }])
    expect(normalizePersonName(report.rows[0].name)).toBe('山田太郎')
  })

  it('decodes and reads a UTF-16BE participant table without sections', () => {
    const report = parseMeetingReport(fixture('teams-utf16be.csv'))
    expect(report.format).toBe('teams')
    expect(brief(report.rows)).toEqual([[2, '佐藤 花子', 'hanako.sato@example.jp', 45.5]])
    expect(report.rows[0].leftAt).toEqual(jst('2026-11-20T14:45:41'))
  })
})

describe('Teams attendance list (legacy)', () => {
  it('pairs join and leave events per person, closing an open join at the meeting end', () => {
    const report = parseMeetingReport(fixture('teams-legacy.csv'))
    expect(report.format).toBe('teams-legacy')
    expect(brief(report.rows)).toEqual([
      [8, 'Kobe Industry Promotion Office', null, 120], // Joined before … Left
      [9, 'Hanako Sato', null, 30.5],
      [10, 'Suzuki, Ichiro', null, 115], // never left: closed at Meeting End Time 4:00 PM
      [11, 'Taro Yamada (Guest)', null, 30], // two devices 2:10–2:20 and 2:12–2:40: counted once
      [16, 'Hanako Sato', null, 75],
    ])
    expect(report.rows[2].joinedAt).toEqual(jst('2026-11-20T14:05:00'))
    expect(report.rows[2].leftAt).toEqual(jst('2026-11-20T16:00:00'))
    expect(report.errors).toEqual([{ line: 17, reason: 'BAD_TIME', text: 'Mika Ito\tJoined\tsoon' }])
    expect(totals(report.rows)).toEqual([
      ['name:kobeindustrypromotionoffice', 'Kobe Industry Promotion Office', null, 120, [8]],
      ['name:hanakosato', 'Hanako Sato', null, 105.5, [9, 16]],
      ['name:suzuki,ichiro', 'Suzuki, Ichiro', null, 115, [10]],
      ['name:taroyamada', 'Taro Yamada (Guest)', null, 30, [11]],
    ])
  })

  it('reports events that no meeting start or end can close', () => {
    const report = parseMeetingReport(fixture('teams-legacy-no-summary.csv'))
    expect(brief(report.rows)).toEqual([[2, 'Kenta Mori', null, 30]])
    expect(report.errors).toEqual([
      { line: 4, reason: 'UNPAIRED_EVENT', text: 'Yui Kato\tLeft\t11/20/2026, 2:10:00 PM' },
      { line: 5, reason: 'UNPAIRED_EVENT', text: 'Kenta Mori\tJoined\t11/20/2026, 2:45:00 PM' },
    ])
  })

  it('opens a first Left at the meeting start when the summary has one', () => {
    const text = [
      'Meeting Summary',
      'Meeting Start Time\t11/20/2026, 2:00:00 PM',
      '',
      'Full Name\tUser Action\tTimestamp',
      'Yui Kato\tLeft\t11/20/2026, 2:10:00 PM',
    ].join('\r\n')
    expect(brief(parseMeetingReport(utf16le(text)).rows)).toEqual([[5, 'Yui Kato', null, 10]])
  })
})

describe('unknown files', () => {
  it('throws UnknownReportFormat for a CSV that is neither layout', () => {
    expect(() => parseMeetingReport(fixture('unknown.csv'))).toThrow(UnknownReportFormat)
    expect(() => parseMeetingReport(utf8('Name,Duration\nKenta Mori,3\n'))).toThrow(UnknownReportFormat)
  })
  it('throws for an empty file, a BOM only, and a Zoom meeting block without participants', () => {
    expect(() => parseMeetingReport(new Uint8Array())).toThrow(UnknownReportFormat)
    expect(() => parseMeetingReport(new Uint8Array([0xef, 0xbb, 0xbf]))).toThrow(UnknownReportFormat)
    const meetingOnly =
      'Meeting ID,Topic,Start Time,End Time,User Email,Duration (Minutes),Participants\n' +
      '812 3456 7890,Seminar,11/20/2026 01:55:02 PM,11/20/2026 04:02:40 PM,seminar-host@example.jp,128,7\n'
    expect(() => parseMeetingReport(utf8(meetingOnly))).toThrow(UnknownReportFormat)
  })
})

describe('normalizePersonName', () => {
  it('ignores width, case, every kind of space and platform marks', () => {
    expect(normalizePersonName('Ｍｉｋａ　ＩＴＯ (Guest)')).toBe('mikaito')
    expect(normalizePersonName(' Mika  Ito（ゲスト）')).toBe('mikaito')
    expect(normalizePersonName('山田　太郎 (外部) (未確認)')).toBe('山田太郎')
    expect(normalizePersonName('Ichiro Suzuki (External)')).toBe('ichirosuzuki')
    expect(normalizePersonName('Ichiro Suzuki (Unverified)')).toBe('ichirosuzuki')
  })
  it('keeps other parentheses, and a name that is only a mark', () => {
    expect(normalizePersonName('山田 太郎 (サンプル工業)')).toBe('山田太郎(サンプル工業)')
    expect(normalizePersonName('(Guest)')).toBe('(guest)')
  })
})

describe('totalByPerson', () => {
  const row = (line: number, name: string, email: string | null, minutes: number): ReportRow => ({
    line,
    name,
    email,
    minutes,
    joinedAt: null,
    leftAt: null,
  })

  it('groups an email-less row into the email group of the same name, first-seen order', () => {
    const rows = [
      row(2, 'Sato Hanako (Guest)', null, 10),
      row(3, 'Kenta Mori', null, 5),
      row(4, 'Ｓａｔｏ　Ｈａｎａｋｏ', 'hanako.sato@example.jp', 20),
      row(5, 'Kenta  Mori', null, 7),
    ]
    expect(totals(rows)).toEqual([
      ['email:hanako.sato@example.jp', 'Sato Hanako (Guest)', 'hanako.sato@example.jp', 30, [2, 4]],
      ['name:kentamori', 'Kenta Mori', null, 12, [3, 5]],
    ])
  })

  it('does not guess between two addresses carrying the same name', () => {
    const rows = [
      row(2, 'Kenta Mori', 'kenta.mori@example.com', 10),
      row(3, 'Kenta Mori', 'k.mori@example.jp', 20),
      row(4, 'Kenta Mori', null, 5),
    ]
    expect(totals(rows)).toEqual([
      ['email:kenta.mori@example.com', 'Kenta Mori', 'kenta.mori@example.com', 10, [2]],
      ['email:k.mori@example.jp', 'Kenta Mori', 'k.mori@example.jp', 20, [3]],
      ['name:kentamori', 'Kenta Mori', null, 5, [4]],
    ])
  })
})

describe('presenceMinutes', () => {
  const at = (hhmm: string) => new Date(`2026-11-20T${hhmm}:00+09:00`)
  const row = (line: number, minutes: number, from: string | null, to: string | null): ReportRow => ({
    line,
    name: 'Kenta Mori',
    email: 'kenta.mori@example.com',
    minutes,
    joinedAt: from ? at(from) : null,
    leftAt: to ? at(to) : null,
  })

  it('adds rows that do not overlap exactly as the report gives them', () => {
    expect(presenceMinutes([row(2, 31, '14:00', '14:30'), row(3, 20, '14:40', '15:00')], 'zoom')).toBe(51)
    expect(presenceMinutes([row(2, 30, null, null), row(3, 20, null, null)], 'zoom')).toBe(50)
  })

  it('counts time connected from two devices at once only once (Zoom and legacy Teams)', () => {
    const rows = [row(2, 60, '14:00', '15:00'), row(3, 30, '14:15', '14:45'), row(4, 20, '14:50', '15:10')]
    // Union 14:00–15:10 = 70 minutes.
    expect(presenceMinutes(rows, 'zoom')).toBe(70)
    expect(presenceMinutes(rows, 'teams-legacy')).toBe(70)
    // A row without times adds its minutes.
    expect(presenceMinutes([...rows, row(5, 5, null, null)], 'zoom')).toBe(75)
  })

  it('adds Teams durations, but never beyond the time their first-join-to-last-leave spans cover', () => {
    // Phone and PC both in the meeting 14:00–15:00, each 50 minutes: at most 60.
    expect(presenceMinutes([row(2, 50, '14:00', '15:00'), row(3, 50, '14:00', '15:00')], 'teams')).toBe(60)
    // Spans 14:00–15:00 with 20 minutes in it, and 15:00–16:00 with 30: 50.
    expect(presenceMinutes([row(2, 20, '14:00', '15:00'), row(3, 30, '15:00', '16:00')], 'teams')).toBe(50)
  })

  it('is what totalByPerson gives a person whose rows overlap', () => {
    const rows = [row(2, 60, '14:00', '15:00'), row(3, 30, '14:15', '14:45')]
    expect(totalByPerson(rows, 'zoom').map((t) => [t.key, t.minutes, t.lines])).toEqual([
      ['email:kenta.mori@example.com', 60, [2, 3]],
    ])
  })
})

describe('size limits (docs/decisions/0019-request-limits.md)', () => {
  const header = 'Name (Original Name),User Email,Join Time,Leave Time,Duration (Minutes),Guest\r\n'
  const zoomRows = (count: number) =>
    header + Array.from({ length: count }, (_, i) => `Person ${i},p${i}@example.jp,,,30,No`).join('\r\n')

  it(`reads ${MAX_REPORT_ROWS} rows and refuses one more, in every layout`, () => {
    expect(parseMeetingReport(utf8(zoomRows(MAX_REPORT_ROWS))).rows).toHaveLength(MAX_REPORT_ROWS)
    expect(() => parseMeetingReport(utf8(zoomRows(MAX_REPORT_ROWS + 1)))).toThrow(ReportTooLarge)
    // Rows that are errors count too: they are kept (as errors) just the same.
    const bad = header + Array.from({ length: MAX_REPORT_ROWS + 1 }, () => ',,,,x,').join('\r\n')
    expect(() => parseMeetingReport(utf8(bad))).toThrow(expect.objectContaining({ what: 'rows' }))
    const legacy =
      'Full Name\tUser Action\tTimestamp\r\n' +
      Array.from({ length: MAX_REPORT_ROWS + 1 }, (_, i) => `P ${i}\tJoined\t11/20/2026, 2:00:00 PM`).join('\r\n')
    expect(() => parseMeetingReport(utf16le(legacy))).toThrow(expect.objectContaining({ what: 'rows' }))
  })
  it(`refuses a line of more than ${MAX_REPORT_COLUMNS} columns, header or row`, () => {
    const wide = (n: number) => Array.from({ length: n }, (_, i) => `c${i}`).join(',')
    expect(() => parseMeetingReport(utf8(`${header}Hanako,h@example.jp,,,30,No,${wide(200)}`))).toThrow(
      expect.objectContaining({ what: 'columns' }),
    )
    expect(() => parseMeetingReport(utf8(`${wide(100_000)}\r\n${header}`))).toThrow(ReportTooLarge)
    const atLimit = `${header}Hanako,h@example.jp,,,30,${wide(MAX_REPORT_COLUMNS - 5)}`
    expect(parseMeetingReport(utf8(atLimit)).rows).toHaveLength(1)
  })
})
