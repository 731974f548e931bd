import ExcelJS from 'exceljs'
import { describe, expect, it } from 'vitest'
import { csvStream, xlsxStream, type Row } from './tabular.server'

/** Node's Buffer, as exceljs's own declarations name it. */
type XlsxBuffer = Parameters<ExcelJS.Xlsx['load']>[0]

async function text(stream: ReadableStream<Uint8Array>): Promise<string> {
  return new TextDecoder('utf-8', { ignoreBOM: true }).decode(await new Response(stream).arrayBuffer())
}

/** n rows, counting how many were taken and whether the reader let go of them. */
function counted(n: number) {
  const state = { produced: 0, finished: false }
  async function* rows(): AsyncGenerator<Row> {
    try {
      for (let i = 0; i < n; i++) {
        state.produced++
        yield [`行 ${i}`, i, i % 7 === 0 ? null : i / 4]
      }
    } finally {
      state.finished = true
    }
  }
  return { state, rows: rows() }
}

const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

describe('csvStream', () => {
  it('writes a BOM, CRLF line ends, quoted fields, guarded formulas and blank lines', async () => {
    async function* rows(): AsyncGenerator<Row> {
      yield ['a,b', 'say "hi"', 'two\nlines']
      yield ['=SUM(A1:A2)', '+81', -3, null]
      yield []
      yield ['次の表', 1.5]
    }
    expect(await text(csvStream(['名前', '値'], rows()))).toBe(
      '\uFEFF名前,値\r\n' +
        '"a,b","say ""hi""","two\nlines"\r\n' +
        "'=SUM(A1:A2),'+81,-3,\r\n" +
        '\r\n' +
        '次の表,1.5\r\n',
    )
  })

  it('reads rows only as fast as they are consumed, and lets go of them when cancelled', async () => {
    const { state, rows } = counted(1_000_000)
    const reader = csvStream(['a', 'b', 'c'], rows).getReader()
    await reader.read()
    await reader.read()
    await wait(50)
    expect(state.produced).toBeLessThan(20_000)
    await reader.cancel()
    expect(state.finished).toBe(true)
  })
})

describe('xlsxStream', () => {
  it('writes sheets with a bold frozen header, numbers as numbers with their format', async () => {
    const { rows } = counted(3000)
    async function* second(): AsyncGenerator<Row> {
      yield ['x', 1234567]
    }
    const buffer = Buffer.from(
      await new Response(
        xlsxStream([
          {
            name: '一覧',
            columns: [
              { header: '名前', width: 20 },
              { header: '番号', width: 8, numFmt: '0' },
              { header: '値', width: 10, numFmt: '#,##0.00' },
            ],
            rows,
          },
          {
            name: '二枚目',
            columns: [
              { header: 'k', width: 5 },
              { header: 'v', width: 12, numFmt: '#,##0' },
            ],
            rows: second(),
          },
        ]),
      ).arrayBuffer(),
    )
    const workbook = new ExcelJS.Workbook()
    await workbook.xlsx.load(buffer as unknown as XlsxBuffer)
    const [first, other] = workbook.worksheets
    expect([first.name, other.name]).toEqual(['一覧', '二枚目'])
    expect(first.rowCount).toBe(3001)
    expect(first.getRow(1).values).toEqual([undefined, '名前', '番号', '値'])
    expect(first.getRow(1).getCell(2).font?.bold).toBe(true)
    expect(first.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 })
    expect(first.getColumn(1).width).toBe(20)
    const row = first.getRow(3000)
    expect([row.getCell(1).value, row.getCell(2).value, row.getCell(3).value]).toEqual(['行 2998', 2998, 749.5])
    expect(row.getCell(3).numFmt).toBe('#,##0.00')
    expect(first.getRow(2).getCell(3).value).toBeNull() // i = 0: empty cell
    expect(other.getRow(2).getCell(2).value).toBe(1234567)
    expect(other.getRow(2).getCell(2).numFmt).toBe('#,##0')
  })

  it('writes text that looks like a formula (ASCII or full-width) as text, never as a formula', async () => {
    async function* rows(): AsyncGenerator<Row> {
      yield ['=HYPERLINK("http://evil.example","x")', '＝HYPERLINK("http://evil.example","x")', '+81', '@SUM(1)']
    }
    const buffer = Buffer.from(
      await new Response(
        xlsxStream([{ name: 's', columns: [0, 1, 2, 3].map(() => ({ header: 'h', width: 10 })), rows: rows() }]),
      ).arrayBuffer(),
    )
    const workbook = new ExcelJS.Workbook()
    await workbook.xlsx.load(buffer as unknown as XlsxBuffer)
    const row = workbook.worksheets[0].getRow(2)
    for (let i = 1; i <= 4; i++) {
      expect(row.getCell(i).type).toBe(ExcelJS.ValueType.String)
      expect(row.getCell(i).formula).toBeUndefined()
    }
    expect(row.getCell(2).value).toBe('＝HYPERLINK("http://evil.example","x")')
  })

  it('stops reading rows while nobody reads the file, and lets go of them when cancelled', async () => {
    const { state, rows } = counted(2_000_000)
    const stream = xlsxStream([
      {
        name: 's',
        columns: [
          { header: 'a', width: 5 },
          { header: 'b', width: 5 },
          { header: 'c', width: 5 },
        ],
        rows,
      },
    ])
    // Rows are written until the buffers between here and the reader are full, then no more.
    let stalled = -1
    for (let tries = 0; tries < 40 && state.produced !== stalled; tries++) {
      stalled = state.produced
      await wait(250)
    }
    expect(state.produced).toBe(stalled)
    expect(stalled).toBeGreaterThan(0)
    expect(stalled).toBeLessThan(500_000)
    await stream.cancel()
    await wait(50)
    expect(state.finished).toBe(true)
  })
})
