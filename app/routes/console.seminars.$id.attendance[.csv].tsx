import { requireAccess } from '~/modules/accounts/access.server'
import type { LoaderFunctionArgs } from '@remix-run/node'
import { attendanceCsv } from '~/modules/attendance/lists.server'
import { recordExport } from '~/modules/audit/audit.server'
import { db } from '~/utils/db.server'
import { getLang } from '~/utils/request.server'
import { csvResponse } from '~/utils/csv'

/** Every session's attendance of a seminar as CSV for Excel. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireAccess(request, 'personal-data.export', { seminarId: params.id ?? '' })
  const seminar = await db().seminar.findUnique({ where: { id: params.id ?? '' }, select: { id: true, title: true } })
  if (!seminar) throw new Response('Not found', { status: 404 })
  await recordExport(db(), user.id, 'seminar-attendance', { seminarId: seminar.id })
  const body = await attendanceCsv(db(), { seminarId: seminar.id }, getLang(request))
  return csvResponse(`${seminar.title}_出欠.csv`, body)
}
