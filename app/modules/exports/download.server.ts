import { fiscalYearOf } from '~/utils/time'

export type ExportFormat = 'csv' | 'xlsx'

const CONTENT_TYPES: Record<ExportFormat, string> = {
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
}

/**
 * The fiscal year asked for with `?fy=2026`, else the current one. A malformed value is a 400
 * (thrown as a Response, as loaders do).
 */
export function requestedFiscalYear(request: Request, now = new Date()): number {
  const value = new URL(request.url).searchParams.get('fy')
  if (value === null || value === '') return fiscalYearOf(now)
  if (!/^\d{4}$/.test(value)) throw new Response('Bad fiscal year / 年度の指定が正しくありません。', { status: 400 })
  return Number(value)
}

/**
 * A download: `fileName` (may be Japanese) in `filename*`, `asciiName` for clients that only
 * read `filename`. Never cached: the figures change as attendance is recorded, and they are
 * personal data.
 */
export function downloadResponse(
  body: ReadableStream<Uint8Array>,
  format: ExportFormat,
  names: { fileName: string; asciiName: string },
): Response {
  return new Response(body, {
    headers: {
      'Content-Type': CONTENT_TYPES[format],
      'Content-Disposition': `attachment; filename="${names.asciiName}"; filename*=UTF-8''${encodeURIComponent(names.fileName)}`,
      'Cache-Control': 'private, no-store',
    },
  })
}
