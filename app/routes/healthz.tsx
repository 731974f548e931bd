import { mailHealth } from '~/modules/mail/health.server'
import { databaseProblem, withinHealthLimit } from '~/utils/database-health.server'
import { db } from '~/utils/db.server'

/**
 * 200 when the app can read its database (and write it again after a failure), 503 otherwise with
 * the reason, e.g. { status: 'unavailable', reason: 'database', detail: 'disk full' }. Mail trouble
 * keeps the 200 (the app still serves, messages wait in the outbox) but says "degraded", with the
 * outbox's figures under `mail` (docs/decisions/0024-database-faults.md, 0026-mail-delivery-reliability.md).
 * Each check answers within seconds whatever the database does (for load balancers and monitors).
 */
export async function loader() {
  const headers = { 'Cache-Control': 'no-store' }
  const problem = await databaseProblem()
  if (problem) return Response.json({ status: 'unavailable', ...problem }, { status: 503, headers })
  const found = await withinHealthLimit(mailHealth(db())).catch(() => 'late' as const)
  // Anyone may call /healthz: it says whether mail moves, not how much (the counts tell a
  // seminar's registrations; admins see them in the console).
  const mail =
    found === 'late'
      ? null
      : { state: found.state, reasons: found.reasons, oldestPendingSeconds: found.oldestPendingSeconds }
  return Response.json({ status: mail?.state === 'degraded' ? 'degraded' : 'ok', mail }, { headers })
}
