import type { Db } from '~/utils/db.server'

/*
 * What a certificate rests on: which sessions of the series a registration attended (counted as
 * everywhere else: an online record from a meeting report only at the seminar's minimum minutes),
 * and whether the series' completion rule is met.
 *
 * PROVISIONAL until the completion module (issue 21 part A, app/modules/completion) is merged:
 * `completed` is then its completionOf(db, registrationId).completed; here it is "attended every
 * session".
 */

export type SeriesAttendance = {
  sessions: {
    sessionId: string
    number: number
    startsAt: Date
    attended: boolean
    mode: 'IN_PERSON' | 'ONLINE' | null
    onlineMinutes: number | null
  }[]
  attendedCount: number
  completed: boolean
}

export async function seriesAttendance(db: Db, registrationId: string): Promise<SeriesAttendance | null> {
  const registration = await db.registration.findUnique({
    where: { id: registrationId },
    select: {
      seminar: {
        select: {
          minOnlineMinutes: true,
          sessions: { orderBy: { number: 'asc' }, select: { id: true, number: true, startsAt: true } },
        },
      },
      attendances: { select: { sessionId: true, mode: true, source: true, onlineMinutes: true } },
    },
  })
  if (!registration) return null
  const min = registration.seminar.minOnlineMinutes
  const counted = new Map(
    registration.attendances
      .filter((a) => a.source !== 'IMPORT' || a.mode !== 'ONLINE' || (a.onlineMinutes ?? 0) >= min)
      .map((a) => [a.sessionId, a]),
  )
  const sessions = registration.seminar.sessions.map((s) => {
    const a = counted.get(s.id)
    return {
      sessionId: s.id,
      number: s.number,
      startsAt: s.startsAt,
      attended: Boolean(a),
      mode: a?.mode ?? null,
      onlineMinutes: a?.onlineMinutes ?? null,
    }
  })
  const attendedCount = sessions.filter((s) => s.attended).length
  return { sessions, attendedCount, completed: sessions.length > 0 && attendedCount === sessions.length }
}
