import { requireAccess } from '~/modules/accounts/access.server'
import type { LoaderFunctionArgs } from '@remix-run/node'
import { getSessionForCheckIn } from '~/modules/attendance/checkin.server'
import { attendanceCsv } from '~/modules/attendance/lists.server'
import { recordExport } from '~/modules/audit/audit.server'
import { db } from '~/utils/db.server'
import { getLang } from '~/utils/request.server'
import { csvResponse } from '~/utils/csv'

/** One session's attendance as CSV for Excel. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireAccess(request, 'personal-data.export', { sessionId: params.sessionId ?? '' })
  const session = await getSessionForCheckIn(db(), params.sessionId ?? '').catch(() => null)
  if (!session) throw new Response('Not found', { status: 404 })
  await recordExport(db(), user.id, 'session-attendance', { sessionId: session.id })
  const body = await attendanceCsv(db(), { seminarId: session.seminar.id, sessionId: session.id }, getLang(request))
  return csvResponse(`${session.seminar.title}_第${session.number}回_出欠.csv`, body)
}
