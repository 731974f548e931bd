import type { Db } from '~/utils/db.server'
import { AppError, isAppError, notFound } from '~/utils/errors'
import { confirmWin } from '../lottery/draw.server'
import { cancelRegistration } from './registrations.server'
import { registrationSlipQr } from './slip.server'
import { currentTime } from '~/utils/clock.server'

/**
 * A participant's own registration, found only by its unguessable manage token: no listing,
 * no lookup by code or email, so nobody sees anyone else's registration.
 */
export async function getOwnRegistration(db: Db, token: string) {
  if (!/^[A-Za-z0-9_-]{43}$/.test(token)) return null
  const registration = await db.registration.findUnique({
    where: { manageToken: token },
    select: {
      id: true,
      name: true,
      email: true,
      organizationName: true,
      mode: true,
      status: true,
      waitlistPosition: true,
      lotteryNumber: true,
      confirmBy: true,
      code: true,
      checkinToken: true,
      createdAt: true,
      cancelledAt: true,
      chosenSessions: { select: { sessionId: true } },
      seminar: {
        select: {
          id: true,
          title: true,
          titleEn: true,
          mode: true,
          venueName: true,
          venueNameEn: true,
          venueAddress: true,
          onlineUrl: true,
          status: true,
          // A lottery seminar's draw: when, and whether it was held (docs/decisions/0049-lottery.md).
          lottery: { select: { drawAt: true, drawnAt: true } },
          sessions: {
            select: {
              id: true,
              number: true,
              title: true,
              titleEn: true,
              startsAt: true,
              endsAt: true,
              venueName: true,
            },
            orderBy: { startsAt: 'asc' },
          },
        },
      },
    },
  })
  if (!registration) return null
  const { onlineUrl, sessions, lottery, ...seminar } = registration.seminar
  const { checkinToken: _token, chosenSessions, ...shown } = registration
  // The sessions this person will attend: the ones they chose, where the seminar asked (none: all).
  const chosen = new Set(chosenSessions.map((c) => c.sessionId))
  return {
    ...shown,
    seminar: {
      ...seminar,
      sessions: chosen.size ? sessions.filter((s) => chosen.has(s.id)) : sessions,
      // The joining link is for confirmed online participants only.
      onlineUrl: registration.status === 'CONFIRMED' && registration.mode === 'ONLINE' ? onlineUrl : null,
    },
    lottery,
    // No slip while waiting: the door would turn them away (shown once they move up).
    qr: await registrationSlipQr(registration),
  }
}

/**
 * The participant's pages (completion, manage, cancel) stand on their link: the registration of
 * this manage token, or not found (404) for a wrong one.
 */
export async function ownRegistrationOr404(db: Db, token: string) {
  const registration = await getOwnRegistration(db, token)
  if (!registration) throw notFound()
  return { registration, token }
}

/**
 * Cancels the registration of this manage token (a wrong one is not found). Cancelling twice (two
 * tabs, a double click) ends in the same place: no error.
 */
export async function cancelOwnRegistration(db: Db, token: string, now = currentTime()): Promise<void> {
  const { registration } = await ownRegistrationOr404(db, token)
  // Not selected in a lottery: it holds nothing, and its page says so (not "cancelled").
  if (registration.status === 'NOT_SELECTED') throw new AppError('LOTTERY_NOT_SELECTED')
  try {
    await cancelRegistration(db, registration.id, { by: 'PARTICIPANT' }, now)
  } catch (error) {
    if (!isAppError(error, 'ALREADY_CANCELLED')) throw error
  }
}

/**
 * A lottery winner confirms their place through their link (POST only): the deadline is lifted.
 * Refused with LOTTERY_CONFIRM_CLOSED once the deadline has passed (the seat went on) or when
 * there is nothing to confirm (docs/decisions/0049-lottery.md).
 */
export async function confirmOwnWin(db: Db, token: string, now = currentTime()): Promise<void> {
  const { registration } = await ownRegistrationOr404(db, token)
  await confirmWin(db, registration.id, now)
}
