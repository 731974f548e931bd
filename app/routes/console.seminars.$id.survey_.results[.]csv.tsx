import type { LoaderFunctionArgs } from '@remix-run/node'
import { requireAccess } from '~/modules/accounts/access.server'
import { downloadFileResponse } from '~/modules/exports/download.server'
import { surveyAnswersFile } from '~/modules/surveys/results-export.server'
import { db } from '~/utils/db.server'
import { getLang } from '~/utils/request.server'
import { requireParam } from '~/utils/route.server'

/** Every answer of the seminar's survey as CSV for Excel (no identity when anonymous); the download is recorded. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const seminarId = requireParam(params, 'id')
  const user = await requireAccess(request, 'personal-data.export', { seminarId })
  return downloadFileResponse(
    await surveyAnswersFile(db(), { seminarId, userId: user.id, lang: getLang(request), format: 'csv' }),
  )
}
