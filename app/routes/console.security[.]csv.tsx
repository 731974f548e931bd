import { requireAccess } from '~/modules/accounts/access.server'
import type { LoaderFunctionArgs } from '@remix-run/node'
import { recordExport } from '~/modules/audit/audit.server'
import { SECURITY_HEADER, securityFilterFrom, securityRows } from '~/modules/audit/security-log.server'
import { downloadResponse } from '~/modules/exports/download.server'
import { csvStream } from '~/modules/exports/tabular.server'
import { db } from '~/utils/db.server'
import { getLang } from '~/utils/request.server'

/** Admins: the security log as CSV (all matching events, oldest first); the export is itself recorded. */
export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireAccess(request, 'audit.read')
  const params = new URL(request.url).searchParams
  await recordExport(db(), user.id, 'security-log', Object.fromEntries(params))
  const body = csvStream(SECURITY_HEADER[getLang(request)], securityRows(db(), securityFilterFrom(params)))
  const day = new Date().toISOString().slice(0, 10)
  return downloadResponse(body, 'csv', {
    fileName: `セキュリティ記録_${day}.csv`,
    asciiName: `security-log-${day}.csv`,
  })
}
