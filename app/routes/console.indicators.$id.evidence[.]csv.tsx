import { requireAccess } from '~/modules/accounts/access.server'
import { roleMay } from '~/modules/accounts/permissions'
import type { LoaderFunctionArgs } from '@remix-run/node'
import { recordExport } from '~/modules/audit/audit.server'
import { downloadResponse, requestedFiscalYear } from '~/modules/exports/download.server'
import { evidenceCsv, evidenceFileNames } from '~/modules/indicators/evidence-export.server'
import { evidence } from '~/modules/indicators/evidence.server'
import { closedFigure, closedFigureNotes } from '~/modules/indicators/year-close.server'
import { db } from '~/utils/db.server'
import { getLang } from '~/utils/request.server'

/**
 * The evidence of an actual as CSV (`?fy=2026`): the distinct persons / organizations behind a
 * unique count with the total, or the sessions counted with their person-times.
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireAccess(request, 'indicators.manage')
  const fiscalYear = requestedFiscalYear(request)
  const result = await evidence(db(), params.id ?? '', fiscalYear)
  if (!result) throw new Response('Not found', { status: 404 })
  const withNames = roleMay(user.role, 'personal-data.export')
  await recordExport(db(), user.id, 'indicator-evidence', { indicatorId: result.indicator.id, fiscalYear, withNames })
  const lang = getLang(request)
  const notes = closedFigureNotes(await closedFigure(db(), result.indicator.id, fiscalYear), lang)
  return downloadResponse(
    evidenceCsv(result, lang, withNames, notes),
    'csv',
    evidenceFileNames(result, fiscalYear, lang),
  )
}
