import { requireAccess } from '~/modules/accounts/access.server'
import type { LoaderFunctionArgs } from '@remix-run/node'
import { attendanceRecordFileNames, attendanceRecordsXlsx } from '~/modules/exports/attendance-records.server'
import { downloadResponse, requestedFiscalYear } from '~/modules/exports/download.server'
import { recordExport } from '~/modules/audit/audit.server'
import { db } from '~/utils/db.server'
import { getLang } from '~/utils/request.server'

/** Every counted attendance record of a fiscal year as an Excel workbook, streamed (`?fy=2026`; default the current fiscal year). */
export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireAccess(request, 'personal-data.export')
  const fiscalYear = requestedFiscalYear(request)
  await recordExport(db(), user.id, 'attendance-records', { fiscalYear, format: 'xlsx' })
  const lang = getLang(request)
  const body = attendanceRecordsXlsx(db(), fiscalYear, lang)
  return downloadResponse(body, 'xlsx', attendanceRecordFileNames(fiscalYear, lang, 'xlsx'))
}
