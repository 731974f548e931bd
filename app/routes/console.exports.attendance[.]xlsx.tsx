import { requireAccess } from '~/modules/accounts/access.server'
import type { LoaderFunctionArgs } from '@remix-run/node'
import { attendanceRecordsFile } from '~/modules/exports/attendance-records.server'
import { downloadFileResponse, requestedFiscalYear } from '~/modules/exports/download.server'
import { db } from '~/utils/db.server'
import { getLang } from '~/utils/request.server'

/** Every counted attendance record of a fiscal year as an Excel workbook, streamed (`?fy=2026`; default the current fiscal year); the download is recorded. */
export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireAccess(request, 'personal-data.export')
  const fiscalYear = requestedFiscalYear(request)
  const file = await attendanceRecordsFile(db(), user.id, fiscalYear, getLang(request), 'xlsx')
  return downloadFileResponse(file)
}
