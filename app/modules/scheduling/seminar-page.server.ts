import { expectedPerSession } from '../registration/session-choice.server'
import type { Db } from '~/utils/db.server'
import { AppError } from '~/utils/errors'
import { defaultLinkDay, listCheckinHelpers } from '../accounts/checkin-helpers.server'
import { roleMay } from '../accounts/permissions'
import type { ConsoleIdentity } from '../accounts/console-users.server'
import { recordChange } from '../audit/security-log.server'
import { seminarMessages } from '../mail/organizer.server'
import { getSeminarForConsole, registrantLists, setPublished } from './seminars.server'
import { availability } from './availability'
import { currentTime } from '~/utils/clock.server'
import { groupsOfSeminar } from '../registration/group.server'
import { completionSummaries } from '../completion/completion.server'

/**
 * What the console's page of one seminar shows this person: the seminar, its seats, registrations
 * and messages, what their role lets them do there, and (for those who manage it) its check-in
 * helper links. The registrant tables are paged (`params`: `page`, `waiting`, `cancelled`); group
 * and completion notes come for the rows shown.
 */
export async function seminarConsolePage(
  db: Db,
  seminarId: string,
  user: ConsoleIdentity,
  now = currentTime(),
  params = new URLSearchParams(),
) {
  const seminar = await getSeminarForConsole(db, seminarId)
  if (!seminar) throw new AppError('SEMINAR_NOT_FOUND')
  const registrations = await registrantLists(db, seminar.id, params)
  const shownIds = [
    ...registrations.confirmed.rows,
    ...registrations.waiting.rows,
    ...registrations.cancelled.rows,
  ].map((r) => r.id)
  const messages = await seminarMessages(db, seminar.id)
  // Registered together in one form: size and contact person per registration (docs/decisions/0036).
  const shown = new Set(shownIds)
  const groups = Object.fromEntries([...(await groupsOfSeminar(db, seminar.id))].filter(([id]) => shown.has(id)))
  const may = {
    manage: roleMay(user.role, 'seminars.manage'),
    checkin: roleMay(user.role, 'checkin'),
    deletePersonalData: roleMay(user.role, 'personal-data.export'),
  }
  // Where people choose sessions (or chose them before the setting was turned off), per session.
  const chosen =
    seminar.sessionChoice || (await db.registrationSession.count({ where: { session: { seminarId } } })) > 0
  const expected = chosen ? await expectedPerSession(db, seminar.id) : null
  return {
    seminar,
    expectedBySession: expected ? Object.fromEntries(expected) : null,
    seats: availability(seminar, now),
    registrations,
    // 修了 / 未修了 of each registration of a series, from its attendance (docs/decisions/0050).
    completion: await completionSummaries(
      db,
      seminar.id,
      registrations.confirmed.rows.map((r) => r.id),
    ),
    groups,
    messages,
    may,
    helpers: may.manage ? await listCheckinHelpers(db, seminar.id) : [],
    helperDefaultDay: await defaultLinkDay(db, seminar.id, now),
  }
}

export type SeminarConsolePage = Awaited<ReturnType<typeof seminarConsolePage>>

/** Publishes the seminar (or takes it back), recorded in the security log with who did it. */
export async function publishSeminar(db: Db, user: ConsoleIdentity, seminarId: string, publish: boolean) {
  await setPublished(db, seminarId, publish)
  await recordChange(db, publish ? 'seminar.publish' : 'seminar.unpublish', user, 'Seminar', seminarId)
}
