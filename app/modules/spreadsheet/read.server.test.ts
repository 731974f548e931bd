import ExcelJS from 'exceljs'
import iconv from 'iconv-lite'
import { describe, expect, it } from 'vitest'
import { isAppError } from '~/utils/errors'
import { deflateRawSync } from 'node:zlib'
import {
  SHEET_MAX_BYTES,
  SHEET_MAX_CELL_CHARS,
  SHEET_MAX_COLUMNS,
  SHEET_MAX_ROWS,
  SHEET_MAX_TEXT_CHARS,
} from './limits'
import { readSpreadsheet } from './read.server'

const utf8 = (text: string) => new Uint8Array(Buffer.from(text, 'utf8'))
/** A CSV as Japanese Excel saves 「CSV (コンマ区切り)」: CP932, CRLF, no BOM. */
const cp932 = (text: string) => new Uint8Array(iconv.encode(text.replace(/\n/g, '\r\n'), 'cp932'))

async function xlsx(fill: (sheet: ExcelJS.Worksheet, book: ExcelJS.Workbook) => void): Promise<Uint8Array> {
  const book = new ExcelJS.Workbook()
  fill(book.addWorksheet('名簿'), book)
  return new Uint8Array(await book.xlsx.writeBuffer())
}

/** A one-part zip written by hand, declaring `declared` as the part's unpacked size. */
function zipOf(name: string, content: Buffer, declared = content.length): Uint8Array {
  const data = deflateRawSync(content)
  const file = Buffer.from(name)
  const local = Buffer.alloc(30)
  local.writeUInt32LE(0x04034b50, 0)
  local.writeUInt16LE(20, 4)
  local.writeUInt16LE(8, 8) // deflate
  local.writeUInt32LE(data.length, 18)
  local.writeUInt32LE(declared, 22)
  local.writeUInt16LE(file.length, 26)
  const central = Buffer.alloc(46)
  central.writeUInt32LE(0x02014b50, 0)
  central.writeUInt16LE(20, 4)
  central.writeUInt16LE(20, 6)
  central.writeUInt16LE(8, 10)
  central.writeUInt32LE(data.length, 20)
  central.writeUInt32LE(declared, 24)
  central.writeUInt16LE(file.length, 28)
  central.writeUInt32LE(0, 42) // the local header's offset
  const directoryAt = local.length + file.length + data.length
  const end = Buffer.alloc(22)
  end.writeUInt32LE(0x06054b50, 0)
  end.writeUInt16LE(1, 8)
  end.writeUInt16LE(1, 10)
  end.writeUInt32LE(central.length + file.length, 12)
  end.writeUInt32LE(directoryAt, 16)
  return new Uint8Array(Buffer.concat([local, file, data, central, file, end]))
}

async function refusal(bytes: Uint8Array, name = 'list.csv'): Promise<string> {
  try {
    await readSpreadsheet(bytes, name)
  } catch (error) {
    if (isAppError(error)) return error.code
    throw error
  }
  throw new Error('not refused')
}

const ROSTER =
  '氏名,ふりがな,会社名,出欠\n髙橋 ①郎,たかはし いちろう,㈱サンプル工業,○\n\n"山田, 花子","やまだ\nはなこ",,×\n'

describe('readSpreadsheet: CSV', () => {
  it('reads CP932 as Excel writes it, with its extra characters, and keeps the lines a person sees', async () => {
    const sheet = await readSpreadsheet(cp932(ROSTER), '名簿.csv')
    expect(sheet.format).toBe('csv')
    expect(sheet.headers).toEqual(['氏名', 'ふりがな', '会社名', '出欠'])
    expect(sheet.rows).toEqual([
      { line: 2, cells: ['髙橋 ①郎', 'たかはし いちろう', '㈱サンプル工業', '○'] },
      { line: 4, cells: ['山田, 花子', 'やまだ\nはなこ', '', '×'] },
    ])
  })

  it('reads UTF-8 with and without a BOM the same, and tab-separated text', async () => {
    const plain = await readSpreadsheet(utf8(ROSTER), 'a.csv')
    const bom = await readSpreadsheet(utf8('\uFEFF' + ROSTER), 'a.csv')
    expect(bom.headers).toEqual(plain.headers)
    expect(bom.rows).toEqual(plain.rows)
    expect(bom.sha256).not.toBe(plain.sha256)
    const tsv = await readSpreadsheet(utf8('氏名\tメールアドレス\n佐藤 一\tsato@example.jp\n'), 'a.txt')
    expect(tsv.rows[0].cells).toEqual(['佐藤 一', 'sato@example.jp'])
  })

  it('takes the first non-blank row as the header and gives the same file the same hash', async () => {
    const sheet = await readSpreadsheet(utf8('\n,,\n氏名,出欠\n田中,○\n'), 'a.csv')
    expect(sheet.headers).toEqual(['氏名', '出欠'])
    expect(sheet.rows).toEqual([{ line: 4, cells: ['田中', '○'] }])
    expect((await readSpreadsheet(utf8('\n,,\n氏名,出欠\n田中,○\n'), 'b.csv')).sha256).toBe(sheet.sha256)
  })

  it(`reads ${SHEET_MAX_ROWS} rows and refuses one more, and more than ${SHEET_MAX_COLUMNS} columns`, async () => {
    const rows = (n: number) => '氏名\n' + Array.from({ length: n }, (_, i) => `人 ${i}`).join('\n')
    expect((await readSpreadsheet(utf8(rows(SHEET_MAX_ROWS)), 'a.csv')).rows).toHaveLength(SHEET_MAX_ROWS)
    expect(await refusal(utf8(rows(SHEET_MAX_ROWS + 1)))).toBe('SPREADSHEET_TOO_MANY_ROWS')
    const wide = (n: number) => Array.from({ length: n }, (_, i) => `c${i}`).join(',') + '\nx\n'
    expect((await readSpreadsheet(utf8(wide(SHEET_MAX_COLUMNS)), 'a.csv')).headers).toHaveLength(SHEET_MAX_COLUMNS)
    expect(await refusal(utf8(wide(SHEET_MAX_COLUMNS + 1)))).toBe('SPREADSHEET_TOO_MANY_COLUMNS')
  })

  it('refuses a file over the size limit before reading it, an empty one and a binary one', async () => {
    expect(await refusal(new Uint8Array(SHEET_MAX_BYTES + 1).fill(0x41))).toBe('SPREADSHEET_TOO_LARGE')
    expect(await refusal(utf8(''))).toBe('SPREADSHEET_EMPTY')
    expect(await refusal(utf8('氏名,出欠\n\n'))).toBe('SPREADSHEET_EMPTY')
    const xls = new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0, 0])
    expect(await refusal(xls, 'old.xls')).toBe('SPREADSHEET_UNREADABLE')
    expect(await refusal(new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 0, 0x0d]), 'a.png')).toBe(
      'SPREADSHEET_UNREADABLE',
    )
  })
})

describe('readSpreadsheet: XLSX', () => {
  it('reads the first sheet with data: text, numbers, dates, times, rich text, formulas, links', async () => {
    const bytes = await xlsx((sheet, book) => {
      book.addWorksheet('空') // an empty sheet after it is not read
      sheet.addRow([])
      sheet.addRow(['氏名', '法人番号', '開催日', '開始', '備考', '計', 'サイト'])
      sheet.addRow([
        '鈴木 次郎',
        1234567890123,
        new Date(Date.UTC(2025, 5, 12)),
        new Date(Date.UTC(1899, 11, 30, 14, 0)),
        { richText: [{ text: '太字' }, { text: 'と普通' }] },
        { formula: '1+1', result: 2 },
        { text: 'リンク', hyperlink: 'https://example.jp' },
      ])
      sheet.addRow([])
      sheet.addRow(['佐藤 三郎', null, new Date(Date.UTC(2025, 5, 12, 9, 30)), null, null, 0.1 + 0.2])
    })
    const sheet = await readSpreadsheet(bytes, '名簿.xlsx')
    expect(sheet.format).toBe('xlsx')
    expect(sheet.headers).toEqual(['氏名', '法人番号', '開催日', '開始', '備考', '計', 'サイト'])
    expect(sheet.rows).toEqual([
      { line: 3, cells: ['鈴木 次郎', '1234567890123', '2025-06-12', '14:00', '太字と普通', '2', 'リンク'] },
      { line: 5, cells: ['佐藤 三郎', '', '2025-06-12 09:30', '', '', '0.3'] },
    ])
  })

  it(`refuses more than ${SHEET_MAX_COLUMNS} columns and more than ${SHEET_MAX_ROWS} rows`, async () => {
    const wide = await xlsx((sheet) => sheet.addRow(Array.from({ length: SHEET_MAX_COLUMNS + 1 }, (_, i) => `c${i}`)))
    expect(await refusal(wide, 'a.xlsx')).toBe('SPREADSHEET_TOO_MANY_COLUMNS')
    const long = await xlsx((sheet) => {
      sheet.addRow(['氏名'])
      for (let i = 0; i <= SHEET_MAX_ROWS; i++) sheet.addRow([`人 ${i}`])
    })
    expect(await refusal(long, 'a.xlsx')).toBe('SPREADSHEET_TOO_MANY_ROWS')
  })

  it('refuses, unread, a workbook whose parts would unpack past the limit, whatever sizes it declares', async () => {
    // A zip bomb: 60 MB of spaces deflate to some 60 KB, and the directory claims 100 bytes.
    const bomb = zipOf('xl/worksheets/sheet1.xml', Buffer.alloc(60 * 1024 * 1024, 0x20), 100)
    expect(bomb.length).toBeLessThan(SHEET_MAX_BYTES)
    expect(await refusal(bomb, 'bomb.xlsx')).toBe('SPREADSHEET_TOO_LARGE')
    // The same with honest sizes, and a small part that is no workbook: read, found unreadable.
    expect(await refusal(zipOf('a.txt', Buffer.from('hello')), 'odd.xlsx')).toBe('SPREADSHEET_UNREADABLE')
  })

  it(`cuts a cell at ${SHEET_MAX_CELL_CHARS} characters and refuses more than ${SHEET_MAX_TEXT_CHARS.toLocaleString('en-US')} in all`, async () => {
    const long = 'あ'.repeat(SHEET_MAX_CELL_CHARS + 500)
    const cut = await readSpreadsheet(
      await xlsx((sheet) =>
        sheet.addRows([
          ['氏名', '備考'],
          ['田中', long],
        ]),
      ),
      'a.xlsx',
    )
    expect(cut.rows[0].cells[1]).toHaveLength(SHEET_MAX_CELL_CHARS)
    const csv = await readSpreadsheet(utf8(`氏名,備考\n田中,${long}\n`), 'a.csv')
    expect(csv.rows[0].cells[1]).toHaveLength(SHEET_MAX_CELL_CHARS)
    // One long shared string in every cell: a small file that would be huge as text.
    const rows = Math.ceil(SHEET_MAX_TEXT_CHARS / SHEET_MAX_CELL_CHARS / SHEET_MAX_COLUMNS) + 1
    const repeated = await xlsx((sheet) => {
      for (let i = 0; i < rows; i++) sheet.addRow(Array.from({ length: SHEET_MAX_COLUMNS }, () => long))
    })
    expect(await refusal(repeated, 'big.xlsx')).toBe('SPREADSHEET_TOO_LARGE')
  })

  it('refuses a damaged workbook as unreadable', async () => {
    const bytes = await xlsx((sheet) => sheet.addRow(['氏名']))
    expect(await refusal(bytes.slice(0, 200), 'cut.xlsx')).toBe('SPREADSHEET_UNREADABLE')
  })
})
