import type { Db } from '~/utils/db.server'
import { pruneSecurityEvents } from '../audit/security-log.server'
import { RETENTION_INTERVAL_MS } from './retention.server'
import type { BackgroundJob } from './loop.server'

/**
 * Deletes the security log's events older than a year (SECURITY_EVENT_RETENTION_DAYS), one
 * statement, as often as the retention job runs (docs/decisions/0023-security-log.md).
 */
export function securityLogPruningJob(db: Db): BackgroundJob {
  return {
    name: 'securityLogPruning',
    intervalMs: RETENTION_INTERVAL_MS,
    batchSize: Infinity,
    async run(now) {
      return { counts: { deleted: await pruneSecurityEvents(db, now) } }
    },
  }
}
