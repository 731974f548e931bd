/**
 * True when a spreadsheet could read the text as a formula: it starts with = + - @ (or a tab or CR)
 * once NFKC-normalized, so full-width 「＝HYPERLINK(…)」, 「＋」, 「－」, 「＠」 count too (Excel
 * and LibreOffice read those as their ASCII forms on import).
 */
export function startsLikeFormula(text: string): boolean {
  return /^[=+\-@\t\r]/.test(text.normalize('NFKC'))
}

/**
 * CSV that Excel opens correctly: UTF-8 with a byte-order mark, CRLF line ends, every field that
 * needs it quoted. Cells that start like a formula are prefixed with ' so a spreadsheet never runs
 * them (CSV injection).
 */
export function csvCell(value: string | number | boolean | null | undefined): string {
  if (value === null || value === undefined) return ''
  let s = String(value)
  if (typeof value === 'string' && startsLikeFormula(s)) s = `'${s}`
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s
}

export function toCsv(header: string[], rows: (string | number | boolean | null | undefined)[][]): string {
  return '\uFEFF' + [header, ...rows].map((r) => r.map(csvCell).join(',')).join('\r\n') + '\r\n'
}

/**
 * A CSV download named by its caller: `fileName` (may be Japanese) in `filename*`, `asciiName` for
 * clients that only read `filename` — each download its own name, never one shared fallback.
 */
export function csvResponse(names: { fileName: string; asciiName: string }, body: string): Response {
  return new Response(body, {
    headers: {
      'Content-Type': 'text/csv; charset=utf-8',
      'Content-Disposition': `attachment; filename="${names.asciiName}"; filename*=UTF-8''${encodeURIComponent(names.fileName)}`,
      'Cache-Control': 'private, no-store',
    },
  })
}
