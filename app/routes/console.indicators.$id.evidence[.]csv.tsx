import { requireAccess } from '~/modules/accounts/access.server'
import { roleMay } from '~/modules/accounts/permissions'
import type { LoaderFunctionArgs } from '@remix-run/node'
import { downloadFileResponse, requestedFiscalYear } from '~/modules/exports/download.server'
import { evidenceFile } from '~/modules/indicators/evidence-export.server'
import { db } from '~/utils/db.server'
import { getLang } from '~/utils/request.server'
import { requireParam } from '~/utils/route.server'

/**
 * The evidence of an actual as CSV (`?fy=2026`): the distinct persons / organizations behind a
 * unique count with the total, or the sessions counted with their person-times.
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireAccess(request, 'indicators.manage')
  const file = await evidenceFile(db(), {
    indicatorId: requireParam(params, 'id'),
    fiscalYear: requestedFiscalYear(request),
    userId: user.id,
    withNames: roleMay(user.role, 'personal-data.export'),
    lang: getLang(request),
  })
  return downloadFileResponse(file)
}
