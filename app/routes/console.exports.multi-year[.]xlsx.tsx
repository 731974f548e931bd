import { requireAccess } from '~/modules/accounts/access.server'
import type { LoaderFunctionArgs } from '@remix-run/node'
import { downloadFileResponse, requestedFiscalYear } from '~/modules/exports/download.server'
import { multiYearFile } from '~/modules/indicators/evaluation-export.server'
import { db } from '~/utils/db.server'
import { getLang } from '~/utils/request.server'

/** The multi-year table (年度別推移) up to a fiscal year as an Excel workbook (`?fy=2026`; default the current fiscal year). */
export async function loader({ request }: LoaderFunctionArgs) {
  await requireAccess(request, 'totals.export')
  const fiscalYear = requestedFiscalYear(request)
  const file = await multiYearFile(db(), fiscalYear, getLang(request), 'xlsx')
  return downloadFileResponse(file)
}
