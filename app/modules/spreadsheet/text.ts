/**
 * Text tables as Japanese offices save them, shared by the meeting-report reader and spreadsheet
 * imports. Pure: no database, no I/O.
 *
 * - Encoding from the BOM (UTF-8, UTF-16LE, UTF-16BE). Without a BOM: UTF-16 when every other byte
 *   is NUL, else UTF-8 when the bytes are valid UTF-8, else Shift_JIS — the WHATWG decoder is
 *   Windows-31J (CP932), which is what Japanese Excel writes for 「CSV (コンマ区切り)」, including
 *   its extra characters (①, ㈱, 髙).
 * - Records follow RFC 4180 (quotes, doubled quotes, newlines inside quotes); a record's `line` is
 *   the physical line where it starts; cells are trimmed.
 */
/** BOM-aware decoding; the BOM is not part of the result. */
export function decodeText(bytes: Uint8Array): string {
  const b = bytes
  if (b.length >= 3 && b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf) return decode('utf-8', b.subarray(3))
  if (b.length >= 2 && b[0] === 0xff && b[1] === 0xfe) return decode('utf-16le', b.subarray(2))
  if (b.length >= 2 && b[0] === 0xfe && b[1] === 0xff) return decode('utf-16be', b.subarray(2))
  const utf16 = sniffUtf16(b)
  if (utf16) return decode(utf16, b)
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(b)
  } catch {
    try {
      return new TextDecoder('shift_jis').decode(b)
    } catch {
      return decode('utf-8', b) // a runtime without Shift_JIS: keep what can be read
    }
  }
}

function decode(encoding: string, bytes: Uint8Array): string {
  return new TextDecoder(encoding, { ignoreBOM: true }).decode(bytes)
}

/** UTF-16 without BOM: mostly-ASCII text has a NUL in every other byte. */
function sniffUtf16(b: Uint8Array): 'utf-16le' | 'utf-16be' | null {
  const pairs = Math.min(Math.floor(b.length / 2), 256)
  if (pairs < 2) return null
  let evenZero = 0
  let oddZero = 0
  for (let i = 0; i < pairs; i++) {
    if (b[2 * i] === 0) evenZero++
    if (b[2 * i + 1] === 0) oddZero++
  }
  if (oddZero >= pairs * 0.4 && evenZero <= pairs * 0.05) return 'utf-16le'
  if (evenZero >= pairs * 0.4 && oddZero <= pairs * 0.05) return 'utf-16be'
  return null
}

// ---------------------------------------------------------------- records (RFC 4180)

export type Delimiter = ',' | '\t'
export type RawRecord = { cells: string[]; line: number; text: string; blank: boolean }

export class RecordReader {
  private pos = 0
  private line = 1

  /** `tooManyColumns` is thrown as soon as a line has more than `maxColumns` cells. */
  constructor(
    private readonly src: string,
    private readonly maxColumns: number,
    private readonly tooManyColumns: () => Error,
  ) {}

  get done(): boolean {
    return this.pos >= this.src.length
  }

  /** Tab when the physical line (quotes respected) has a tab, else comma. */
  sniff(): Delimiter {
    let quoted = false
    for (let i = this.pos; i < this.src.length; i++) {
      const ch = this.src[i]
      if (ch === '"') quoted = !quoted
      else if (!quoted && (ch === '\n' || ch === '\r')) break
      else if (!quoted && ch === '\t') return '\t'
    }
    return ','
  }

  next(delimiter: Delimiter): RawRecord {
    const { src } = this
    const start = this.pos
    const line = this.line
    const cells: string[] = []
    let field = ''
    let started = false // something (a character or an opening quote) is in the current field
    let quoted = false
    let end = src.length
    while (this.pos < src.length) {
      const ch = src[this.pos]
      if (quoted) {
        if (ch === '"') {
          if (src[this.pos + 1] === '"') {
            field += '"'
            this.pos += 2
          } else {
            quoted = false
            this.pos++
          }
        } else if (ch === '\r' || ch === '\n') {
          this.pos += ch === '\r' && src[this.pos + 1] === '\n' ? 2 : 1
          this.line++
          field += '\n'
        } else {
          field += ch
          this.pos++
        }
      } else if (ch === '"' && !started) {
        quoted = true
        started = true
        this.pos++
      } else if (ch === delimiter) {
        if (cells.length + 1 >= this.maxColumns) throw this.tooManyColumns()
        cells.push(field)
        field = ''
        started = false
        this.pos++
      } else if (ch === '\r' || ch === '\n') {
        end = this.pos
        this.pos += ch === '\r' && src[this.pos + 1] === '\n' ? 2 : 1
        this.line++
        break
      } else {
        field += ch
        started = true
        this.pos++
      }
    }
    cells.push(field)
    const trimmed = cells.map((c) => c.trim())
    return { cells: trimmed, line, text: src.slice(start, end), blank: trimmed.every((c) => c === '') }
  }
}
