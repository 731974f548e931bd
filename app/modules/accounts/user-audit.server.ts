import type { Db } from '~/utils/db.server'
import { currentTime } from '~/utils/clock.server'

/**
 * The audit event of a change to a console user (entity type StaffUser), as a statement for the
 * batch transaction that makes the change. `actorId` is null when no one was signed in (a reset
 * asked for on the public page). Never put a password, hash or link token in `detail`.
 */
export function recordUserAudit(
  db: Db,
  actorId: string | null,
  action: string,
  userId: string,
  detail: Record<string, unknown> = {},
  now = currentTime(),
) {
  return db.auditEvent.create({
    data: { actorId, action, entityType: 'StaffUser', entityId: userId, detail: JSON.stringify(detail), at: now },
  })
}
