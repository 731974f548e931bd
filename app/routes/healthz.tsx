import { databaseProblem } from '~/utils/database-health.server'

/**
 * 200 when the app can read its database (and write it again after a failure), 503 otherwise with
 * the reason, e.g. { status: 'unavailable', reason: 'database', detail: 'disk full' }. Answers
 * within seconds whatever the database does (for load balancers and monitors).
 */
export async function loader() {
  const problem = await databaseProblem()
  if (!problem) return Response.json({ status: 'ok' }, { headers: { 'Cache-Control': 'no-store' } })
  return Response.json({ status: 'unavailable', ...problem }, { status: 503, headers: { 'Cache-Control': 'no-store' } })
}
