/**
 * The shapes of a spreadsheet on its way in (docs/decisions/0034-spreadsheet-imports.md): the
 * file as rows of text (read.server.ts), which column holds what (columns.ts), and each row as
 * checked, normalized values or errors naming line and column (records.ts).
 */

/** One row as a person sees it: `line` is the row number in Excel or the line in a text editor. */
export type SheetRow = { line: number; cells: string[] }

export type Sheet = {
  fileName: string
  format: 'csv' | 'xlsx'
  /** Hex SHA-256 of the file's bytes: the same file imported twice is recognized. */
  sha256: string
  /** The header row's cells (trimmed, as in the file). */
  headers: string[]
  /** The rows under the header, blank ones left out. */
  rows: SheetRow[]
}

export const PERSON_FIELDS = [
  'name',
  'furigana',
  'email',
  'organizationName',
  'corporateNumber',
  'industry',
  'inCity',
  'phone',
  'mode',
] as const

export const EVENT_FIELDS = [
  'attended',
  'seminarTitle',
  'sessionDate',
  'sessionStart',
  'sessionEnd',
  'sessionNumber',
] as const

/** `session`: a column per session holding ○/× (may repeat); every other field at most once. */
export type ImportField = (typeof PERSON_FIELDS)[number] | (typeof EVENT_FIELDS)[number] | 'session'

export const IMPORT_FIELDS: readonly ImportField[] = [...PERSON_FIELDS, ...EVENT_FIELDS, 'session']

/** Index = column index in Sheet.headers; null = the column is not imported. */
export type ColumnMapping = (ImportField | null)[]

export type RowError = {
  line: number
  /** The column's header as in the file, or its letter (A, B, …) when the header is empty. */
  column: string
  field: ImportField
  /** An i18n key (`sheet.error.*`). */
  message: string
  params?: Record<string, string | number>
}

export type PersonCells = {
  name: string
  furigana: string
  email: string | null
  organizationName: string | null
  corporateNumber: string | null
  /** A JSIC division code (app/modules/registration/jsic.ts). */
  industry: string | null
  inCity: boolean | null
  phone: string | null
  mode: 'IN_PERSON' | 'ONLINE' | null
}

export type EventCells = {
  attended: boolean | null
  seminarTitle: string | null
  /** YYYY-MM-DD, a Japan date. */
  sessionDate: string | null
  /** HH:MM, Japan time. */
  sessionStart: string | null
  sessionEnd: string | null
  sessionNumber: number | null
  /** The `session` columns, in file order: the header names the session. */
  sessions: { header: string; attended: boolean | null }[]
}

export type ImportRecord = { line: number; person: PersonCells; event: EventCells }
