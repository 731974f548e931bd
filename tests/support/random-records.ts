import { markAttendance, checkIn, undoCheckIn } from '~/modules/attendance/checkin.server'
import { setRegistrationRole } from '~/modules/attendance/roles.server'
import { registerWalkIn } from '~/modules/attendance/walk-in.server'
import { register } from '~/modules/registration/registrations.server'
import type { Db } from '~/utils/db.server'
import { participant } from './factories'

/** Deterministic pseudo-random numbers (mulberry32), so a failure can be replayed. */
export function random(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed)
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

/** What the property tests of the figures change at random, and what they made so far. */
export type RandomRecords = {
  db: Db
  next: () => number
  userId: string
  emails: string[]
  organizations: (string | null)[]
  registrations: { id: string; code: string; seminarIndex: number }[]
}

/**
 * One random change to the records of a seminar, as people make them: a registration (always,
 * while the seminar has none), a QR check-in, an undo, a paper-sheet marking, a walk-in (online
 * minutes on either side of the minimum), or a change of role (speakers and staff never count).
 * `roll` in [0, 1) chooses which.
 */
export async function randomRecordChange(
  w: RandomRecords,
  at: { seminarId: string; seminarIndex: number; sessionId: string; step: number },
  roll: number,
) {
  const pick = <T>(items: readonly T[]) => items[Math.floor(w.next() * items.length)]
  const mine = w.registrations.filter((r) => r.seminarIndex === at.seminarIndex)
  const { db, userId } = w
  if (roll < 0.3 || mine.length === 0) {
    const r = await register(db, {
      seminarId: at.seminarId,
      ...participant({
        email: pick(w.emails),
        organizationName: pick(w.organizations),
        mode: w.next() < 0.5 ? 'IN_PERSON' : 'ONLINE',
      }),
    }).catch(() => null) // the same email twice: refused, as on the form
    if (r) w.registrations.push({ id: r.id, code: r.code, seminarIndex: at.seminarIndex })
  } else if (roll < 0.6) {
    await checkIn(db, { sessionId: at.sessionId, code: pick(mine).code, source: 'QR', userId })
  } else if (roll < 0.7) {
    await undoCheckIn(db, { sessionId: at.sessionId, registrationId: pick(mine).id, userId })
  } else if (roll < 0.8) {
    await markAttendance(db, {
      sessionId: at.sessionId,
      attendedRegistrationIds: mine.filter(() => w.next() < 0.5).map((r) => r.id),
      userId,
    })
  } else if (roll < 0.9) {
    await registerWalkIn(db, {
      sessionId: at.sessionId,
      name: `当日${at.step}`,
      email: w.next() < 0.5 ? pick(w.emails) : null,
      organizationName: pick(w.organizations),
      mode: w.next() < 0.5 ? 'IN_PERSON' : 'ONLINE',
      onlineMinutes: Math.floor(w.next() * 90),
      overrideCapacity: true,
      userId,
    })
  } else {
    await setRegistrationRole(db, {
      registrationId: pick(mine).id,
      role: pick(['PARTICIPANT', 'PARTICIPANT', 'SPEAKER', 'STAFF'] as const),
      userId,
    })
  }
}
