import { describe, expect, it } from 'vitest'
import { csvCell, toCsv } from './csv'

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
