import { createHash } from 'node:crypto'
import ExcelJS from 'exceljs'
import { AppError } from '~/utils/errors'
import { SHEET_MAX_BYTES, SHEET_MAX_COLUMNS, SHEET_MAX_ROWS, SHEET_MAX_UNPACKED_BYTES } from './limits'
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
    rows.push({ line: record.line, cells: record.cells })
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
  const unpacked = zipUnpackedSize(bytes)
  if (unpacked === null) unreadable()
  if (unpacked > SHEET_MAX_UNPACKED_BYTES) throw new AppError('SPREADSHEET_TOO_LARGE')
  const workbook = new ExcelJS.Workbook()
  try {
    await workbook.xlsx.load(bytes.slice().buffer)
  } catch {
    unreadable()
  }
  const sheet = workbook.worksheets.find((ws) => ws.actualRowCount > 0)
  if (!sheet) throw new AppError('SPREADSHEET_EMPTY')
  if (sheet.actualColumnCount > SHEET_MAX_COLUMNS) throw new AppError('SPREADSHEET_TOO_MANY_COLUMNS')
  if (sheet.actualRowCount > SHEET_MAX_ROWS + 1) throw new AppError('SPREADSHEET_TOO_MANY_ROWS')
  const rows: SheetRow[] = []
  sheet.eachRow({ includeEmpty: false }, (row, rowNumber) => {
    const cells: string[] = []
    row.eachCell({ includeEmpty: true }, (cell, column) => {
      if (column > SHEET_MAX_COLUMNS) throw new AppError('SPREADSHEET_TOO_MANY_COLUMNS')
      cells[column - 1] = cellText(cell)
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
 * The sum of the uncompressed sizes the zip's central directory declares, or null when there is no
 * readable directory. Read by hand because ExcelJS unpacks everything before any limit could
 * apply; a declared size is what inflation will produce (the inflater stops at it).
 */
function zipUnpackedSize(bytes: Uint8Array): number | null {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  // End of central directory: 22 bytes plus a comment of up to 65,535 bytes, at the very end.
  for (let at = bytes.length - 22; at >= Math.max(0, bytes.length - 22 - 65_535); at--) {
    if (view.getUint32(at, true) !== 0x06054b50) continue
    const entries = view.getUint16(at + 10, true)
    let entry = view.getUint32(at + 16, true)
    let total = 0
    for (let i = 0; i < entries; i++) {
      if (entry + 46 > bytes.length || view.getUint32(entry, true) !== 0x02014b50) return null
      total += view.getUint32(entry + 24, true)
      entry +=
        46 + view.getUint16(entry + 28, true) + view.getUint16(entry + 30, true) + view.getUint16(entry + 32, true)
    }
    return total
  }
  return null
}
