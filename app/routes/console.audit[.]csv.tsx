import { requireAccess } from '~/modules/accounts/access.server'
import type { LoaderFunctionArgs } from '@remix-run/node'
import { auditCsvFile } from '~/modules/audit/audit.server'
import { downloadFileResponse } from '~/modules/exports/download.server'
import { db } from '~/utils/db.server'
import { getLang } from '~/utils/request.server'

/** Admins: the audit trail as CSV (all matching events, oldest first); the export is itself recorded. */
export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireAccess(request, 'audit.read')
  const file = await auditCsvFile(db(), user.id, new URL(request.url).searchParams, getLang(request))
  return downloadFileResponse(file)
}
