import type { LoaderFunctionArgs } from '@remix-run/node'
import { attendanceRecordFileNames, attendanceRecordsCsv } from '~/modules/exports/attendance-records.server'
import { downloadResponse, requestedFiscalYear } from '~/modules/exports/download.server'
import { db } from '~/utils/db.server'
import { getLang, requireStaff } from '~/utils/request.server'

/** Every counted attendance record of a fiscal year as CSV, streamed (`?fy=2026`; default the current fiscal year). */
export async function loader({ request }: LoaderFunctionArgs) {
  await requireStaff(request)
  const fiscalYear = requestedFiscalYear(request)
  const lang = getLang(request)
  const body = attendanceRecordsCsv(db(), fiscalYear, lang)
  return downloadResponse(body, 'csv', attendanceRecordFileNames(fiscalYear, lang, 'csv'))
}
