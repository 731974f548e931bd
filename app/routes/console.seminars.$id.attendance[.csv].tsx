import { requireAccess } from '~/modules/accounts/access.server'
import type { LoaderFunctionArgs } from '@remix-run/node'
import { seminarAttendanceExport } from '~/modules/attendance/lists.server'
import { db } from '~/utils/db.server'
import { getLang } from '~/utils/request.server'
import { csvResponse } from '~/utils/csv'
import { requireParam } from '~/utils/route.server'

/** Every session's attendance of a seminar as CSV for Excel. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const seminarId = requireParam(params, 'id')
  const user = await requireAccess(request, 'personal-data.export', { seminarId })
  const { names, body } = await seminarAttendanceExport(db(), { seminarId, userId: user.id, lang: getLang(request) })
  return csvResponse(names, body)
}
