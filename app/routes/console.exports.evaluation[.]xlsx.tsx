import { requireAccess } from '~/modules/accounts/access.server'
import type { LoaderFunctionArgs } from '@remix-run/node'
import { downloadResponse, requestedFiscalYear } from '~/modules/exports/download.server'
import { evaluationTable, tableXlsx } from '~/modules/indicators/evaluation-export.server'
import { db } from '~/utils/db.server'
import { getLang } from '~/utils/request.server'

export async function loader({ request }: LoaderFunctionArgs) {
  await requireAccess(request, 'totals.export')
  const fiscalYear = requestedFiscalYear(request)
  const table = await evaluationTable(db(), fiscalYear, getLang(request))
  return downloadResponse(tableXlsx(table), 'xlsx', {
    fileName: `事業評価調書_FY${fiscalYear}.xlsx`,
    asciiName: `evaluation-sheet-FY${fiscalYear}.xlsx`,
  })
}
