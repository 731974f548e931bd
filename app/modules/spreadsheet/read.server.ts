import { createHash } from 'node:crypto'
import { inflateRawSync } from 'node:zlib'
import type ExcelJS from 'exceljs'
import { AppError } from '~/utils/errors'
import {
  SHEET_MAX_BYTES,
  SHEET_MAX_CELL_CHARS,
  SHEET_MAX_COLUMNS,
  SHEET_MAX_ROWS,
  SHEET_MAX_TEXT_CHARS,
  SHEET_MAX_UNPACKED_BYTES,
} from './limits'
import { decodeText, RecordReader } from './text'
import type { Sheet, SheetRow } from './types'

export type { Sheet, SheetRow } from './types'

/**
 * A spreadsheet file as rows of text: CSV (UTF-8 with or without BOM, UTF-16, or Shift_JIS/CP932
 * as Japanese Excel saves it; comma or tab) or XLSX (the first sheet that has data). The first
 * non-blank row is the header; blank rows are left out; every row keeps the line a person sees.
 * Refused whole, with a translated AppError, past the limits of ./limits.ts, when it is the old
 * binary .xls, or when nothing is in it.
 */
export async function readSpreadsheet(bytes: Uint8Array, fileName: string): Promise<Sheet> {
  if (bytes.byteLength > SHEET_MAX_BYTES) throw new AppError('SPREADSHEET_TOO_LARGE')
  const sha256 = createHash('sha256').update(bytes).digest('hex')
  const table = isZip(bytes) ? await readXlsx(bytes) : isOleCompound(bytes) ? unreadable() : readCsv(bytes)
  const headerAt = table.findIndex((row) => !isBlank(row.cells))
  if (headerAt < 0) throw new AppError('SPREADSHEET_EMPTY')
  const headers = table[headerAt].cells
  const rows = table.slice(headerAt + 1).filter((row) => !isBlank(row.cells))
  if (rows.length === 0) throw new AppError('SPREADSHEET_EMPTY')
  return { fileName, format: isZip(bytes) ? 'xlsx' : 'csv', sha256, headers, rows }
}

function isBlank(cells: string[]): boolean {
  return cells.every((cell) => cell === '')
}

function unreadable(): never {
  throw new AppError('SPREADSHEET_UNREADABLE')
}

// ---------------------------------------------------------------- CSV

function readCsv(bytes: Uint8Array): SheetRow[] {
  const text = decodeText(bytes)
  if (text.includes('\u0000')) unreadable() // a binary file, not text
  const reader = new RecordReader(text, SHEET_MAX_COLUMNS, () => new AppError('SPREADSHEET_TOO_MANY_COLUMNS'))
  const delimiter = reader.sniff()
  const rows: SheetRow[] = []
  let filled = 0
  while (!reader.done) {
    const record = reader.next(delimiter)
    if (!record.blank && ++filled > SHEET_MAX_ROWS + 1) throw new AppError('SPREADSHEET_TOO_MANY_ROWS')
    rows.push({ line: record.line, cells: record.cells.map((cell) => cell.slice(0, SHEET_MAX_CELL_CHARS)) })
  }
  return rows
}

// ---------------------------------------------------------------- XLSX

const ZIP_LOCAL = [0x50, 0x4b, 0x03, 0x04]
const OLE = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]

function startsWith(bytes: Uint8Array, magic: number[]): boolean {
  return bytes.length >= magic.length && magic.every((b, i) => bytes[i] === b)
}

function isZip(bytes: Uint8Array): boolean {
  return startsWith(bytes, ZIP_LOCAL)
}

/** The old binary Excel format (.xls) and other OLE files: we ask for XLSX or CSV instead. */
function isOleCompound(bytes: Uint8Array): boolean {
  return startsWith(bytes, OLE)
}

async function readXlsx(bytes: Uint8Array): Promise<SheetRow[]> {
  const parts = unpackedSize(bytes)
  if (parts === 'unreadable') unreadable()
  if (parts === 'tooLarge') throw new AppError('SPREADSHEET_TOO_LARGE')
  // Loaded on the first upload, not at start (exports/tabular.server.ts says why).
  const { default: excel } = await import('exceljs')
  const workbook = new excel.Workbook()
  try {
    await workbook.xlsx.load(bytes.slice().buffer)
  } catch {
    unreadable()
  }
  if (workbook.worksheets.length === 0) unreadable() // a zip, but not a workbook
  const sheet = workbook.worksheets.find((ws) => ws.actualRowCount > 0)
  if (!sheet) throw new AppError('SPREADSHEET_EMPTY')
  if (sheet.actualColumnCount > SHEET_MAX_COLUMNS) throw new AppError('SPREADSHEET_TOO_MANY_COLUMNS')
  if (sheet.actualRowCount > SHEET_MAX_ROWS + 1) throw new AppError('SPREADSHEET_TOO_MANY_ROWS')
  const rows: SheetRow[] = []
  let characters = 0
  sheet.eachRow({ includeEmpty: false }, (row, rowNumber) => {
    const cells: string[] = []
    row.eachCell({ includeEmpty: true }, (cell, column) => {
      if (column > SHEET_MAX_COLUMNS) throw new AppError('SPREADSHEET_TOO_MANY_COLUMNS')
      // No imported field is longer than this; a long comment in another column is cut, not kept.
      const text = cellText(cell).slice(0, SHEET_MAX_CELL_CHARS)
      characters += text.length
      if (characters > SHEET_MAX_TEXT_CHARS) throw new AppError('SPREADSHEET_TOO_LARGE')
      cells[column - 1] = text
    })
    rows.push({ line: rowNumber, cells: Array.from(cells, (cell) => cell ?? '') })
  })
  return rows
}

/**
 * A cell as the text a person sees: rich text joined, a formula's last result, a hyperlink's text,
 * numbers as written (no thousands separators), dates and times as YYYY-MM-DD and HH:MM (Excel
 * stores the wall clock without a zone; ExcelJS gives it as a UTC Date).
 */
export function cellText(cell: ExcelJS.Cell): string {
  return valueText(cell.value).trim()
}

function valueText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return ''
  if (value instanceof Date) return dateText(value)
  if (typeof value === 'string') return value
  if (typeof value === 'number') return Number.isInteger(value) ? String(value) : String(Number(value.toPrecision(15)))
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE'
  if (typeof value === 'object') {
    if ('richText' in value) return value.richText.map((part) => part.text).join('')
    if ('formula' in value || 'sharedFormula' in value)
      return valueText((value as ExcelJS.CellFormulaValue).result as ExcelJS.CellValue)
    if ('text' in value) return valueText((value as ExcelJS.CellHyperlinkValue).text)
    if ('error' in value) return ''
  }
  return String(value)
}

function dateText(date: Date): string {
  const day = date.toISOString().slice(0, 10)
  const time = date.toISOString().slice(11, 16)
  if (date.getUTCFullYear() < 1900) return time // a time-only cell (Excel's day 0 is 1899-12-30)
  return time === '00:00' ? day : `${day} ${time}`
}

/**
 * What the zip's parts add up to once unpacked — really unpacked, each inflated with a cap on what
 * it may produce, before ExcelJS sees the file: ExcelJS (through JSZip) inflates every part whole
 * and compares sizes only afterwards, and a zip may declare any size it likes, so a 5 MB file could
 * otherwise take gigabytes of memory. Read by hand because no maintained library bounds this.
 */
function unpackedSize(bytes: Uint8Array): number | 'tooLarge' | 'unreadable' {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  const u16 = (at: number) => (at + 2 <= bytes.length ? view.getUint16(at, true) : -1)
  const u32 = (at: number) => (at + 4 <= bytes.length ? view.getUint32(at, true) : -1)
  // End of central directory: 22 bytes plus a comment of up to 65,535 bytes, at the very end.
  let end = -1
  for (let at = bytes.length - 22; at >= Math.max(0, bytes.length - 22 - 65_535); at--) {
    if (u32(at) === 0x06054b50) {
      end = at
      break
    }
  }
  if (end < 0) return 'unreadable'
  let entry = u32(end + 16)
  let total = 0
  for (let i = u16(end + 10); i > 0; i--) {
    if (u32(entry) !== 0x02014b50) return 'unreadable'
    const method = u16(entry + 10)
    const compressed = u32(entry + 20)
    const local = u32(entry + 42)
    if (compressed === 0xffffffff || local === 0xffffffff || u32(local) !== 0x04034b50) return 'unreadable' // zip64
    const start = local + 30 + u16(local + 26) + u16(local + 28)
    if (start + compressed > bytes.length) return 'unreadable'
    const data = bytes.subarray(start, start + compressed)
    if (method === 0) total += compressed
    else if (method === 8) {
      try {
        total += inflateRawSync(data, { maxOutputLength: Math.max(1, SHEET_MAX_UNPACKED_BYTES - total) }).length
      } catch (error) {
        return (error as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE' ? 'tooLarge' : 'unreadable'
      }
    } else return 'unreadable'
    if (total > SHEET_MAX_UNPACKED_BYTES) return 'tooLarge'
    entry += 46 + u16(entry + 28) + u16(entry + 30) + u16(entry + 32)
  }
  return total
}
