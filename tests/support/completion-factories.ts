import type { Db } from '~/utils/db.server'
import { register } from '~/modules/registration/registrations.server'
import { createSeminar, participant } from './factories'

/*
 * A series (several sessions) with its completion rule, and registrations that attended some of
 * its sessions, written as the door, a paper list or an online report leave them
 * (docs/decisions/0050-completion-rules.md).
 */

const DAY = 86_400_000

export type Series = Awaited<ReturnType<typeof series>>

/**
 * A hybrid series of `count` sessions, the first a week after `now` (as createSeminar makes it),
 * the next ones `weeks` apart (default 7 weeks after the first, then weekly).
 */
export async function series(
  db: Db,
  now: Date,
  count: number,
  options: {
    minSessions?: number | null
    required?: number[]
    title?: string
    minOnlineMinutes?: number
    programId?: string
    /** Days between two sessions (default 7). */
    every?: number
  } = {},
) {
  const seminar = await createSeminar(
    db,
    {
      title: options.title ?? 'AI人材育成プログラム',
      mode: 'HYBRID',
      capacityOnline: 50,
      completionMinSessions: options.minSessions ?? null,
      minOnlineMinutes: options.minOnlineMinutes ?? 30,
      ...(options.programId ? { programId: options.programId } : {}),
    },
    now,
  )
  const first = new Date(now.getTime() + 7 * DAY)
  for (let n = 2; n <= count; n++) {
    const startsAt = new Date(first.getTime() + (n - 1) * (options.every ?? 7) * DAY)
    await db.session.create({
      data: { seminarId: seminar.id, number: n, startsAt, endsAt: new Date(startsAt.getTime() + 7_200_000) },
    })
  }
  for (const n of options.required ?? [])
    await db.session.updateMany({ where: { seminarId: seminar.id, number: n }, data: { requiredForCompletion: true } })
  const sessions = await db.session.findMany({ where: { seminarId: seminar.id }, orderBy: { number: 'asc' } })
  return { seminar, sessions }
}

/** A session attended: its number (in person), or online with its minutes (null: ticked on paper). */
export type Attended = number | { n: number; online: number | null }

/** A registration of the series that attended the given sessions. */
export async function attendee(
  db: Db,
  now: Date,
  s: Series,
  attended: Attended[],
  overrides: Record<string, unknown> = {},
) {
  const r = await register(db, { seminarId: s.seminar.id, ...participant(overrides) }, now)
  for (const a of attended) {
    const n = typeof a === 'number' ? a : a.n
    const online = typeof a === 'number' ? null : a
    await db.attendance.create({
      data: {
        sessionId: s.sessions[n - 1].id,
        registrationId: r.id,
        mode: online ? 'ONLINE' : 'IN_PERSON',
        source: online && online.online !== null ? 'IMPORT' : 'POST_HOC',
        onlineMinutes: online?.online ?? null,
      },
    })
  }
  return r
}
