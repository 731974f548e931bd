import type { Db } from '~/utils/db.server'
import { AppError } from '~/utils/errors'
import { visibleProgramIds } from '../accounts/access.server'
import type { ConsoleIdentity } from '../accounts/console-users.server'
import { deletePersonalData, deletionPreview } from './retention.server'

/*
 * A participant's deletion request (APPI), carried out by staff from a seminar's page: every
 * registration of the same person loses its personal data; attendance and every number stay
 * (docs/decisions/0012-retention.md).
 */

type RequestAt = { seminarId: string; registrationId: string }

/**
 * What the request would remove, as this person may see it. The request covers the person's
 * registrations in every program. An organizer sees only their own programs: when the person
 * registered elsewhere too (`outsideTheirPrograms`), staff or an admin carry it out, so the
 * organizer neither learns about those registrations nor deletes half of what was asked. A
 * registration of another seminar than the page's is not found.
 */
export async function deletionRequest(db: Db, user: ConsoleIdentity, at: RequestAt) {
  const owned = await db.registration.count({ where: { id: at.registrationId, seminarId: at.seminarId } })
  if (!owned) throw new AppError('REGISTRATION_NOT_FOUND')
  const preview = await deletionPreview(db, at.registrationId)
  if (!preview) throw new AppError('REGISTRATION_NOT_FOUND')
  const visible = await visibleProgramIds(db, user)
  const registrations = preview.registrations
    .filter((r) => !visible || visible.includes(r.programId))
    .map(({ programId: _programId, ...r }) => r)
  return { ...preview, registrations, outsideTheirPrograms: registrations.length < preview.registrations.length }
}

/**
 * Carries the request out: how many registrations lost their personal data, or 'outside-programs'
 * (nothing removed) when the person registered in programs this person does not see.
 */
export async function carryOutDeletionRequest(
  db: Db,
  user: ConsoleIdentity,
  at: RequestAt,
): Promise<number | 'outside-programs'> {
  if ((await deletionRequest(db, user, at)).outsideTheirPrograms) return 'outside-programs'
  return deletePersonalData(db, { registrationId: at.registrationId, userId: user.id })
}
