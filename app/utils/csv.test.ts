import { describe, expect, it } from 'vitest'
import { toCsv } from './csv'

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
