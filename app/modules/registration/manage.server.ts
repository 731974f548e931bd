import type { Db } from '~/utils/db.server'
import { slipQrDataUrl } from './slip.server'

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
      code: true,
      checkinToken: true,
      createdAt: true,
      cancelledAt: true,
      seminar: {
        select: {
          id: true,
          title: true,
          titleEn: true,
          mode: true,
          venueName: true,
          venueAddress: true,
          onlineUrl: true,
          status: true,
          sessions: {
            select: { id: true, number: true, startsAt: true, endsAt: true, venueName: true },
            orderBy: { startsAt: 'asc' },
          },
        },
      },
    },
  })
  if (!registration) return null
  const { onlineUrl, ...seminar } = registration.seminar
  const { checkinToken, ...shown } = registration
  return {
    ...shown,
    seminar: {
      ...seminar,
      // The joining link is for confirmed online participants only.
      onlineUrl: registration.status === 'CONFIRMED' && registration.mode === 'ONLINE' ? onlineUrl : null,
    },
    // The QR carries the 128-bit check-in token (older registrations without one: the code).
    qr: registration.status === 'CANCELLED' ? null : await slipQrDataUrl(checkinToken ?? registration.code),
  }
}

/** Loader data of the participant's pages (completion, manage, cancel): 404 for a wrong link. */
export async function ownRegistrationOr404(db: Db, token: string | undefined) {
  const registration = await getOwnRegistration(db, token ?? '')
  if (!registration) throw new Response('Not found', { status: 404 })
  return { registration, token: token! }
}
