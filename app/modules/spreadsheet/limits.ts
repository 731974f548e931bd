/**
 * How large a spreadsheet to import may be (docs/decisions/0034-spreadsheet-imports.md). A year
 * of one office is some 700 person-sessions; a registrant list from a form service a few hundred
 * rows. Shared by the reader and the messages that name the limits.
 */
export const SHEET_MAX_BYTES = 5 * 1024 * 1024
export const SHEET_MAX_ROWS = 5_000
export const SHEET_MAX_COLUMNS = 100
/** An XLSX is a zip: what its parts may add up to once unpacked (a zip bomb is refused unread). */
export const SHEET_MAX_UNPACKED_BYTES = 50 * 1024 * 1024
/** A cell's text is cut here: every field an import keeps is shorter (the rest is a comment). */
export const SHEET_MAX_CELL_CHARS = 1_000
/** All the cells' text together: repeated shared strings cannot make a small XLSX huge in memory. */
export const SHEET_MAX_TEXT_CHARS = 10_000_000
