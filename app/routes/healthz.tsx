import { mailHealth } from '~/modules/mail/health.server'
import { db } from '~/utils/db.server'

/**
 * 200 when the app can read its database, 503 otherwise (for load balancers and monitors). Mail
 * trouble keeps the 200 (the app still serves, messages wait in the outbox) but says "degraded",
 * with the outbox's figures under `mail` (docs/decisions/0026-mail-delivery-reliability.md).
 */
export async function loader() {
  try {
    // A real table, so a database without its schema is not "healthy".
    await db().seminar.findFirst({ select: { id: true } })
  } catch {
    return Response.json(
      { status: 'unavailable', reason: 'database' },
      { status: 503, headers: { 'Cache-Control': 'no-store' } },
    )
  }
  const mail = await mailHealth(db()).catch(() => null)
  return Response.json(
    { status: mail?.state === 'degraded' ? 'degraded' : 'ok', mail },
    { headers: { 'Cache-Control': 'no-store' } },
  )
}
