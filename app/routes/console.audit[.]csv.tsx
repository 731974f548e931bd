import { requireAccess } from '~/modules/accounts/access.server'
import type { LoaderFunctionArgs } from '@remix-run/node'
import { AUDIT_HEADER, auditRows, recordExport } from '~/modules/audit/audit.server'
import { auditFilterFrom } from '~/modules/audit/filter'
import { downloadResponse } from '~/modules/exports/download.server'
import { csvStream } from '~/modules/exports/tabular.server'
import { db } from '~/utils/db.server'
import { getLang } from '~/utils/request.server'

/** Admins: the audit trail as CSV (all matching events, oldest first); the export is itself recorded. */
export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireAccess(request, 'audit.read')
  const params = new URL(request.url).searchParams
  const filter = auditFilterFrom(params)
  await recordExport(db(), user.id, 'audit', Object.fromEntries(params))
  const body = csvStream(AUDIT_HEADER[getLang(request)], auditRows(db(), filter))
  const day = new Date().toISOString().slice(0, 10)
  return downloadResponse(body, 'csv', { fileName: `操作記録_${day}.csv`, asciiName: `audit-${day}.csv` })
}
