import { requireAccess } from '~/modules/accounts/access.server'
import type { LoaderFunctionArgs } from '@remix-run/node'
import { downloadFileResponse, requestedFiscalYear } from '~/modules/exports/download.server'
import { participationFile } from '~/modules/exports/participation-export.server'
import { db } from '~/utils/db.server'
import { getLang } from '~/utils/request.server'

/** The participation figures of a fiscal year as CSV (`?fy=2026`; default the current fiscal year). */
export async function loader({ request }: LoaderFunctionArgs) {
  await requireAccess(request, 'totals.export')
  const fiscalYear = requestedFiscalYear(request)
  const file = await participationFile(db(), fiscalYear, getLang(request), 'csv')
  return downloadFileResponse(file)
}
