import { z } from 'zod'
import { AppError } from '~/utils/errors'
import { fiscalYearOf } from '~/utils/time'
import { currentTime } from '~/utils/clock.server'

export type ExportFormat = 'csv' | 'xlsx'

/** A file to download: its bytes, its format and its names (see `downloadResponse`). */
export type Download = {
  body: ReadableStream<Uint8Array>
  format: ExportFormat
  names: { fileName: string; asciiName: string }
}

const CONTENT_TYPES: Record<ExportFormat, string> = {
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
}

/** A fiscal year in a download's query: four digits. */
const FiscalYearQuery = z
  .string()
  .regex(/^\d{4}$/)
  .transform(Number)

/**
 * The fiscal year asked for with `?fy=2026`, else the current one. A malformed value is refused
 * (BAD_FISCAL_YEAR, 400): a download must not silently be of another year.
 */
export function requestedFiscalYear(request: Request, now = currentTime()): number {
  const value = new URL(request.url).searchParams.get('fy')
  if (value === null || value === '') return fiscalYearOf(now)
  const asked = FiscalYearQuery.safeParse(value)
  if (!asked.success) throw new AppError('BAD_FISCAL_YEAR')
  return asked.data
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

/** The answer of a download a module prepared. */
export function downloadFileResponse(file: Download): Response {
  return downloadResponse(file.body, file.format, file.names)
}
