import { backgroundHealth } from '~/modules/background/loop.server'
import { mailHealth, type MailHealth } from '~/modules/mail/health.server'
import { databaseProblem, withinHealthLimit } from '~/utils/database-health.server'
import { db } from '~/utils/db.server'

/**
 * For load balancers and monitors, within seconds whatever the database does:
 * - 503 when the app cannot use its database, with the reason, e.g. { status: 'unavailable',
 *   reason: 'database', detail: 'disk full' } (docs/decisions/0024-database-faults.md);
 * - 200 "degraded" when it is only slow to answer under a burst (`database: 'busy'`: statements
 *   keep finishing, the instance is serving) or when mail is stuck or failing (messages wait safely
 *   in the outbox; docs/decisions/0026-mail-delivery-reliability.md), or when a background job's
 *   last run failed or it has not run for several intervals: then `jobs` lists every job with
 *   `lastRunSecondsAgo` and `ok` (docs/decisions/0029-background-jobs.md);
 * - 200 "ok" otherwise.
 */
export async function loader() {
  const headers = { 'Cache-Control': 'no-store' }
  const [problem, found] = await Promise.all([
    databaseProblem(),
    withinHealthLimit(mailHealthOnce()).catch(() => 'late' as const),
  ])
  if (problem && problem !== 'busy')
    return Response.json({ status: 'unavailable', ...problem }, { status: 503, headers })
  // Anyone may call /healthz: it says whether mail moves, not how much (the counts tell a
  // seminar's registrations; admins see them in the console).
  const mail =
    found === 'late'
      ? null
      : { state: found.state, reasons: found.reasons, oldestPendingSeconds: found.oldestPendingSeconds }
  // Only when something is wrong, as `database: 'busy'`: the answer of a healthy app stays as it was.
  const background = backgroundHealth()
  const jobsDegraded = background?.state === 'degraded'
  const degraded = problem === 'busy' || mail?.state === 'degraded' || jobsDegraded
  return Response.json(
    {
      status: degraded ? 'degraded' : 'ok',
      ...(problem === 'busy' ? { database: 'busy' } : {}),
      mail,
      ...(jobsDegraded ? { jobs: background.jobs } : {}),
    },
    { headers },
  )
}

/** One mail check at a time, shared by the callers meanwhile (as the database check). */
let mailCheck: Promise<MailHealth> | undefined
function mailHealthOnce(): Promise<MailHealth> {
  mailCheck ??= mailHealth(db()).finally(() => (mailCheck = undefined))
  return mailCheck
}
