/*
 * Dates that are probably typed wrong (docs/decisions/0040-confirm-before-acting.md): a session
 * starting more than a year ago, or lasting more than a day, is asked about ("save anyway"), since
 * entering a past seminar is legitimate; a registration deadline after the last session ends is
 * refused, since nobody could register for anything then.
 */

const DAY_MS = 24 * 3600_000
/** "More than a year ago": 366 days, so the same date last year, even across 29 February, is not. */
const YEAR_MS = 366 * DAY_MS

export const SESSION_DATE_WARNINGS = ['longAgo', 'overADay'] as const
export type SessionDateWarning = (typeof SESSION_DATE_WARNINGS)[number]

/** What is odd about a session's dates, as of `now`: nothing for an ordinary session. */
export function oddSessionDates(session: { startsAt: Date; endsAt: Date }, now: Date): SessionDateWarning[] {
  const warnings: SessionDateWarning[] = []
  if (session.startsAt.getTime() < now.getTime() - YEAR_MS) warnings.push('longAgo')
  if (session.endsAt.getTime() - session.startsAt.getTime() > DAY_MS) warnings.push('overADay')
  return warnings
}

/** True when the deadline falls after the end of the last of these sessions (none: never). */
export function deadlineAfterLastSession(closesAt: Date, sessions: { endsAt: Date }[]): boolean {
  if (sessions.length === 0) return false
  const lastEnd = Math.max(...sessions.map((s) => s.endsAt.getTime()))
  return closesAt.getTime() > lastEnd
}
