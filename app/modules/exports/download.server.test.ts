import { describe, expect, it } from 'vitest'
import { isAppError, type AppError } from '~/utils/errors'
import { translator } from '~/utils/i18n.server'
import { downloadResponse, requestedFiscalYear } from './download.server'

describe('export downloads', () => {
  it('reads the fiscal year from ?fy=, else the current one in Japan time', () => {
    const now = new Date('2027-03-31T15:30:00Z') // 1 April 2027, 00:30 in Japan: FY2027
    expect(requestedFiscalYear(new Request('http://x/console/exports/attendance.csv?fy=2025'), now)).toBe(2025)
    expect(requestedFiscalYear(new Request('http://x/console/exports/attendance.csv'), now)).toBe(2027)
    expect(requestedFiscalYear(new Request('http://x/console/exports/attendance.csv?fy='), now)).toBe(2027)
    const refused = (() => {
      try {
        return requestedFiscalYear(new Request('http://x/console/exports/attendance.csv?fy=R7'), now)
      } catch (thrown) {
        return thrown
      }
    })()
    expect(isAppError(refused, 'BAD_FISCAL_YEAR')).toBe(true)
    expect((refused as AppError).status).toBe(400)
    // What the person reads, in their language (the answer of every AppError: request-errors.server.ts).
    expect(translator('ja')((refused as AppError).messageKey)).toBe('年度の指定が正しくありません。')
    expect(translator('en')((refused as AppError).messageKey)).toBe('Bad fiscal year.')
  })

  it('sends an attachment with a Japanese file name that is never cached', async () => {
    const body = new Blob(['x']).stream()
    const res = downloadResponse(body, 'xlsx', {
      fileName: '出席記録_令和7年度.xlsx',
      asciiName: 'attendance-2025.xlsx',
    })
    expect(res.headers.get('Content-Type')).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
    expect(res.headers.get('Content-Disposition')).toBe(
      `attachment; filename="attendance-2025.xlsx"; filename*=UTF-8''${encodeURIComponent('出席記録_令和7年度.xlsx')}`,
    )
    expect(res.headers.get('Cache-Control')).toBe('private, no-store')
    expect(await res.text()).toBe('x')
    expect(
      downloadResponse(new Blob(['']).stream(), 'csv', { fileName: 'a.csv', asciiName: 'a.csv' }).headers.get(
        'Content-Type',
      ),
    ).toBe('text/csv; charset=utf-8')
  })
})
