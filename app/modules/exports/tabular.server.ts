import { PassThrough, type Writable } from 'node:stream'
import type ExcelJS from 'exceljs'
import { csvCell } from '~/utils/csv'

/*
 * Streaming writers for exports. Rows come from an AsyncIterable and leave as a web
 * ReadableStream: nothing holds more than a small batch of rows, so memory does not grow with the
 * row count, and a client that reads slowly slows the reading of the database down (backpressure).
 */

export type Cell = string | number | null
export type Row = Cell[]

export type SheetColumn = { header: string; width: number; numFmt?: string }
export type Sheet = { name: string; columns: SheetColumn[]; rows: AsyncIterable<Row> }

/** Roughly how much CSV text is gathered before it is handed on as one chunk. */
const CSV_CHUNK_CHARS = 64 * 1024

function csvLine(row: readonly Cell[]): string {
  return row.map(csvCell).join(',') + '\r\n'
}

/**
 * CSV for Excel (UTF-8 with BOM, CRLF, `csvCell` quoting and formula guard). An empty row is an
 * empty line, so further blocks can follow the first table after a blank line.
 */
export function csvStream(header: string[], rows: AsyncIterable<Row>): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder()
  let iterator: AsyncIterator<Row> | undefined
  return new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(encoder.encode('\uFEFF' + csvLine(header)))
    },
    async pull(controller) {
      // A turn of the event loop per chunk: rows from a synchronous driver (SQLite) resolve as
      // microtasks only, and would otherwise keep other requests (and timers) waiting to the end.
      await new Promise((resolve) => setImmediate(resolve))
      iterator ??= rows[Symbol.asyncIterator]()
      let text = ''
      while (text.length < CSV_CHUNK_CHARS) {
        const next = await iterator.next()
        if (next.done) {
          if (text) controller.enqueue(encoder.encode(text))
          controller.close()
          return
        }
        text += csvLine(next.value)
      }
      controller.enqueue(encoder.encode(text))
    },
    async cancel() {
      await iterator?.return?.()
    },
  })
}

/** Uncompressed sheet XML allowed to wait for the zip compressor before rows stop being read. */
const XLSX_BACKLOG_BYTES = 1024 * 1024
/** How often (in rows) the backlog is looked at. */
const XLSX_CHECK_EVERY = 256

/** A writable stream of Node's or of the `readable-stream` package archiver uses (no `writableLength` there). */
type Sink = Writable & { _writableState?: { length?: number } }

function buffered(sink: Sink): number {
  return sink.writableLength ?? sink._writableState?.length ?? 0
}

/**
 * Where exceljs's streaming writer sends a sheet's XML: archiver wraps the sheet's stream in a
 * PassThrough that buffers everything written to it (exceljs ignores `write()`'s answer). Its
 * buffered length is how far the compressor, or the reader of the file, is behind. These are
 * exceljs 4.4 internals: when they change, this returns undefined and writing goes on unthrottled
 * (the tests notice).
 */
function sheetSink(worksheet: ExcelJS.Worksheet): Sink | undefined {
  const pipes = (worksheet as unknown as { stream?: { pipes?: unknown[] } }).stream?.pipes
  const sink = (Array.isArray(pipes) ? pipes[0] : undefined) as Sink | undefined
  return sink && typeof sink.on === 'function' && typeof buffered(sink) === 'number' && sink._writableState
    ? sink
    : undefined
}

/** Resolves once the sink's buffer has drained, or the sink or the output is gone. */
function drained(sink: Sink, out: Writable): Promise<void> {
  if (buffered(sink) <= XLSX_BACKLOG_BYTES || sink.destroyed || out.destroyed) return Promise.resolve()
  return new Promise<void>((resolve, reject) => {
    const done = () => {
      cleanup()
      resolve()
    }
    const fail = (error: Error) => {
      cleanup()
      reject(error)
    }
    const cleanup = () => {
      sink.off('drain', done)
      sink.off('close', done)
      sink.off('error', fail)
      out.off('close', done)
    }
    sink.on('drain', done)
    sink.on('close', done)
    sink.on('error', fail)
    out.on('close', done)
  })
}

/**
 * An XLSX workbook written with exceljs's streaming WorkbookWriter: one sheet after the other,
 * every row committed as it is written, inline strings (no shared-string table growing with the
 * rows), the header row bold and frozen, numbers as numeric cells with the column's `numFmt`.
 */
export function xlsxStream(sheets: Sheet[]): ReadableStream<Uint8Array> {
  const out = new PassThrough()
  let cancelled = false

  async function produce() {
    // Loaded on the first workbook, not at start: exceljs is the largest module the server loads
    // (about 0.6 s of CPU), and most processes never write one.
    const { default: excel } = await import('exceljs')
    const workbook = new excel.stream.xlsx.WorkbookWriter({
      stream: out,
      useStyles: true,
      useSharedStrings: false,
    })
    for (const sheet of sheets) {
      if (cancelled) break
      // A sheet is added only once the previous one is committed: the zip takes entries in turn,
      // and rows of a sheet added early would wait in memory until the earlier ones are done.
      const worksheet = workbook.addWorksheet(sheet.name, { views: [{ state: 'frozen', ySplit: 1 }] })
      // One style object per column, shared by its cells: exceljs recognizes a style object it has
      // seen (a WeakMap) instead of serializing and looking up a fresh copy for every cell.
      const styles: Partial<ExcelJS.Style>[] = sheet.columns.map((c) => (c.numFmt ? { numFmt: c.numFmt } : {}))
      worksheet.columns = sheet.columns.map((c, i) => ({ width: c.width, style: styles[i] }))
      const header = worksheet.addRow(sheet.columns.map((c) => c.header))
      header.font = { bold: true }
      header.commit()
      const sink = sheetSink(worksheet)
      let count = 0
      for await (const row of sheet.rows) {
        if (cancelled) break
        const written = worksheet.addRow(row)
        for (let i = 0; i < row.length; i++) if (row[i] !== null) written.getCell(i + 1).style = styles[i] ?? {}
        written.commit()
        if (++count % XLSX_CHECK_EVERY === 0 && sink) await drained(sink, out)
      }
      worksheet.commit()
    }
    if (cancelled) return
    await workbook.commit()
  }

  return new ReadableStream<Uint8Array>(
    {
      start(controller) {
        out.on('data', (chunk: Buffer) => {
          controller.enqueue(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength))
          if ((controller.desiredSize ?? 1) <= 0) out.pause()
        })
        out.once('end', () => controller.close())
        out.once('error', (error) => controller.error(error))
        produce().catch((error: unknown) => out.destroy(error instanceof Error ? error : new Error(String(error))))
      },
      pull() {
        if (out.isPaused()) out.resume()
      },
      cancel() {
        cancelled = true
        out.destroy()
      },
    },
    { highWaterMark: 8 },
  )
}
