import { db } from '~/utils/db.server'

/** 200 when the app can read its database, 503 otherwise (for load balancers and monitors). */
export async function loader() {
  try {
    // A real table, so a database without its schema is not "healthy".
    await db().seminar.findFirst({ select: { id: true } })
    return Response.json({ status: 'ok' }, { headers: { 'Cache-Control': 'no-store' } })
  } catch {
    return Response.json(
      { status: 'unavailable', reason: 'database' },
      { status: 503, headers: { 'Cache-Control': 'no-store' } },
    )
  }
}
