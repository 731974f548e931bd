import type { Db } from '~/utils/db.server'
import { pruneIdempotencyKeys } from '../api/tokens.server'
import { pruneRateLimits } from '../security/rate-limit.server'
import type { BackgroundJob } from './loop.server'

export const RATE_LIMIT_PRUNING_INTERVAL_MS = 60 * 60_000

/**
 * Deletes the rate-limit windows that started more than a day ago (the longest window is an
 * hour), one statement, every hour (docs/decisions/0011-security.md); and the API's
 * Idempotency-Key answers older than a day (docs/decisions/0055-api.md).
 */
export function rateLimitPruningJob(db: Db): BackgroundJob {
  return {
    name: 'rateLimitPruning',
    intervalMs: RATE_LIMIT_PRUNING_INTERVAL_MS,
    batchSize: Infinity,
    async run(now) {
      return {
        counts: { deleted: await pruneRateLimits(db, now), idempotencyKeys: await pruneIdempotencyKeys(db, now) },
      }
    },
  }
}
