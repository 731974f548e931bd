/**
 * Each row of a sheet as checked, normalized values (`ImportRecord`), or errors that name the
 * line, the column and what was expected. Pure: the import module decides what a record becomes.
 * A row with any error gives no record (it is reported instead); values that can be normalized
 * are (full-width digits and letters, half-width katakana, ○/×, 令和 dates), not refused.
 */
import { isValidCorporateNumber, normalizeCorporateNumber, normalizePhone } from '../registration/identity'
import { KANA } from '../registration/form-schema'
import { personTextProblem } from '../privacy/person-text'
import { columnLabel } from './columns'
import type { ColumnMapping, ImportField, ImportRecord, RowError, Sheet, SheetRow } from './types'
import {
  readDate,
  readEmail,
  readIndustry,
  readInCity,
  readMark,
  readMode,
  readSessionNumber,
  readTime,
  readTimeRange,
} from './values'

export type { ImportRecord, RowError } from './types'

/** Longest text kept per field, as in the registration form. */
const MAX_LENGTH: Partial<Record<ImportField, number>> = {
  name: 100,
  furigana: 100,
  organizationName: 200,
  seminarTitle: 200,
  phone: 30,
}

export function toRecords(sheet: Sheet, mapping: ColumnMapping): { records: ImportRecord[]; errors: RowError[] } {
  const records: ImportRecord[] = []
  const errors: RowError[] = []
  for (const row of sheet.rows) {
    const result = toRecord(sheet.headers, mapping, row)
    if ('errors' in result) errors.push(...result.errors)
    else records.push(result.record)
  }
  return { records, errors }
}

function toRecord(
  headers: string[],
  mapping: ColumnMapping,
  row: SheetRow,
): { record: ImportRecord } | { errors: RowError[] } {
  const errors: (RowError & { index: number })[] = []
  const columnOf = (field: ImportField) => mapping.indexOf(field)
  const cell = (field: ImportField) => {
    const index = columnOf(field)
    return index < 0 ? '' : (row.cells[index] ?? '').trim()
  }
  const fail = (field: ImportField, message: string, params?: RowError['params'], index = columnOf(field)) => {
    const error = { line: row.line, column: columnLabel(headers, index), field, message }
    errors.push({ ...error, ...(params ? { params } : {}), index })
  }
  /** A value read by `read`, or null; an unreadable one is reported as `message`. */
  function value<T>(field: ImportField, read: (v: string) => T | null | undefined, message: string): T | null {
    const raw = cell(field)
    const max = MAX_LENGTH[field]
    if (max !== undefined && raw.length > max) {
      fail(field, 'sheet.error.tooLong', { max })
      return null
    }
    if (raw !== '' && personTextProblem(raw) === 'controlChars') {
      fail(field, 'sheet.error.controlChars')
      return null
    }
    const read_ = read(raw)
    if (read_ === undefined) fail(field, message, { value: raw.slice(0, 40) })
    return read_ ?? null
  }
  const text = (field: ImportField) =>
    value(field, (v) => (v === '' ? null : personTextProblem(v) === 'noLinks' ? undefined : v), 'sheet.error.noLinks')

  const name = text('name')
  if (name === null && !errors.some((e) => e.field === 'name')) fail('name', 'sheet.error.required')
  const furigana = value(
    'furigana',
    (v) => (v === '' ? null : KANA.test(v.normalize('NFKC')) ? v.normalize('NFKC') : undefined),
    'sheet.error.kana',
  )
  const corporateNumber = value(
    'corporateNumber',
    (v) => (v === '' ? null : normalizeCorporateNumber(v) === null ? undefined : normalizeCorporateNumber(v)),
    'sheet.error.corporateNumberFormat',
  )
  if (corporateNumber !== null && !isValidCorporateNumber(corporateNumber))
    fail('corporateNumber', 'sheet.error.corporateNumberCheckDigit')
  const phone = value(
    'phone',
    (v) => (v === '' ? null : normalizePhone(v).replace('+', '').length >= 6 ? v : undefined),
    'sheet.error.phone',
  )
  const date = value('sessionDate', readDate, 'sheet.error.date')
  const start = value('sessionStart', readTimeRange, 'sheet.error.time')
  const end = value('sessionEnd', readTime, 'sheet.error.time')

  const sessions: ImportRecord['event']['sessions'] = []
  mapping.forEach((field, index) => {
    if (field !== 'session') return
    const attended = readMark(row.cells[index] ?? '')
    if (attended === undefined)
      fail('session', 'sheet.error.mark', { value: (row.cells[index] ?? '').slice(0, 40) }, index)
    sessions.push({ header: columnLabel(headers, index), attended: attended ?? null })
  })

  const record: ImportRecord = {
    line: row.line,
    person: {
      name: name ?? '',
      furigana: furigana ?? '',
      email: value('email', readEmail, 'sheet.error.email'),
      organizationName: text('organizationName'),
      corporateNumber: corporateNumber !== null && isValidCorporateNumber(corporateNumber) ? corporateNumber : null,
      industry: value('industry', readIndustry, 'sheet.error.industry'),
      inCity: value('inCity', readInCity, 'sheet.error.inCity'),
      phone,
      mode: value('mode', readMode, 'sheet.error.mode'),
    },
    event: {
      attended: value('attended', readMark, 'sheet.error.mark'),
      seminarTitle: text('seminarTitle'),
      sessionDate: date?.date ?? null,
      // A start column may hold the range (10:00〜12:00); a date cell may carry the start time.
      sessionStart: start?.start ?? date?.time ?? null,
      sessionEnd: end ?? start?.end ?? null,
      sessionNumber: value('sessionNumber', readSessionNumber, 'sheet.error.sessionNumber'),
      sessions,
    },
  }
  if (record.event.sessionStart && record.event.sessionEnd && record.event.sessionEnd <= record.event.sessionStart) {
    fail(columnOf('sessionEnd') >= 0 ? 'sessionEnd' : 'sessionStart', 'sheet.error.endBeforeStart')
  }
  // Left to right, as a person reads the row.
  const ordered = errors.sort((a, b) => a.index - b.index).map(({ index: _, ...error }) => error)
  return ordered.length ? { errors: ordered } : { record }
}
