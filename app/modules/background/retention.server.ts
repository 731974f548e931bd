import type { Db } from '~/utils/db.server'
import { anonymizeExpired } from '../privacy/retention.server'
import type { BackgroundJob } from './loop.server'

export const RETENTION_INTERVAL_MS = 10 * 60_000
/** Registrations anonymized per run at most (two transactions of RETENTION_BATCH_SIZE). */
export const RETENTION_PER_RUN = 1000

/**
 * Removes the personal data past its retention period (docs/decisions/0012-retention.md) every ten
 * minutes — or a share every tick while there is a backlog (the first run after an upgrade, say),
 * so a backlog is worked off gradually without crowding out the app's requests.
 */
export function retentionJob(db: Db): BackgroundJob {
  return {
    name: 'retention',
    intervalMs: RETENTION_INTERVAL_MS,
    batchSize: RETENTION_PER_RUN,
    async run(now) {
      const done = await anonymizeExpired(db, now, { maxRegistrations: RETENTION_PER_RUN })
      return { counts: done, more: done.registrations >= RETENTION_PER_RUN }
    },
  }
}
