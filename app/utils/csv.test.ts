import { describe, expect, it } from 'vitest'
import { csvCell, csvResponse, toCsv } from './csv'

describe('toCsv', () => {
  it('writes UTF-8 with BOM and CRLF, quoting what needs it and defusing formulas', () => {
    const csv = toCsv(
      ['氏名', '所属'],
      [
        ['山田 花子', '株式会社"ミライ", 札幌'],
        ['=HYPERLINK("x")', null],
        [3, true],
      ],
    )
    expect(csv).toBe('\uFEFF氏名,所属\r\n山田 花子,"株式会社""ミライ"", 札幌"\r\n"\'=HYPERLINK(""x"")",\r\n3,true\r\n')
  })
})

describe('csvCell', () => {
  it('defuses full-width formula starts too (NFKC before the check)', () => {
    expect(csvCell('＝HYPERLINK("http://evil.example","x")')).toBe('"\'＝HYPERLINK(""http://evil.example"",""x"")"')
    expect(csvCell('＋81')).toBe("'＋81")
    expect(csvCell('－1+1')).toBe("'－1+1")
    expect(csvCell('＠SUM(1)')).toBe("'＠SUM(1)")
    expect(csvCell('﹦1+1')).toBe("'﹦1+1")
    expect(csvCell('山田＝花子')).toBe('山田＝花子')
  })
})

describe('csvResponse', () => {
  it('names each download itself: its ASCII fallback is the one given, not a shared attendance.csv', () => {
    const res = csvResponse(
      { fileName: 'AIセミナー_第2回_出欠.csv', asciiName: 'attendance-seminar-s1-session-2.csv' },
      'x',
    )
    expect(res.headers.get('Content-Disposition')).toBe(
      `attachment; filename="attendance-seminar-s1-session-2.csv"; filename*=UTF-8''${encodeURIComponent('AIセミナー_第2回_出欠.csv')}`,
    )
    expect(res.headers.get('Content-Type')).toBe('text/csv; charset=utf-8')
    expect(res.headers.get('Cache-Control')).toBe('private, no-store')
  })
})
