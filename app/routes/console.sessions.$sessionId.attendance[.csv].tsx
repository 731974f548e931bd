import { requireAccess } from '~/modules/accounts/access.server'
import type { LoaderFunctionArgs } from '@remix-run/node'
import { sessionAttendanceExport } from '~/modules/attendance/lists.server'
import { db } from '~/utils/db.server'
import { getLang } from '~/utils/request.server'
import { csvResponse } from '~/utils/csv'
import { requireParam } from '~/utils/route.server'

/** One session's attendance as CSV for Excel. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const sessionId = requireParam(params, 'sessionId')
  const user = await requireAccess(request, 'personal-data.export', { sessionId })
  const { names, body } = await sessionAttendanceExport(db(), { sessionId, userId: user.id, lang: getLang(request) })
  return csvResponse(names, body)
}
