import { requireAccess } from '~/modules/accounts/access.server'
import type { LoaderFunctionArgs } from '@remix-run/node'
import { downloadFileResponse } from '~/modules/exports/download.server'
import { rosterFile, rosterStatuses } from '~/modules/registration/roster.server'
import { db } from '~/utils/db.server'
import { getLang } from '~/utils/request.server'
import { requireParam } from '~/utils/route.server'

/** The seminar's registrant roster (`?status=` as on the roster page) as CSV for Excel; the download is recorded. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const seminarId = requireParam(params, 'id')
  const user = await requireAccess(request, 'personal-data.export', { seminarId })
  const statuses = rosterStatuses(request.url)
  return downloadFileResponse(
    await rosterFile(db(), { seminarId, statuses, userId: user.id, lang: getLang(request), format: 'csv' }),
  )
}
