import { requireAccess } from '~/modules/accounts/access.server'
import type { LoaderFunctionArgs } from '@remix-run/node'
import { downloadResponse, requestedFiscalYear } from '~/modules/exports/download.server'
import { multiYearTable, tableCsv } from '~/modules/indicators/evaluation-export.server'
import { db } from '~/utils/db.server'
import { getLang } from '~/utils/request.server'

export async function loader({ request }: LoaderFunctionArgs) {
  await requireAccess(request, 'totals.export')
  const fiscalYear = requestedFiscalYear(request)
  const table = await multiYearTable(db(), fiscalYear, getLang(request))
  return downloadResponse(tableCsv(table), 'csv', {
    fileName: `年度別推移_FY${fiscalYear}.csv`,
    asciiName: `multi-year-FY${fiscalYear}.csv`,
  })
}
