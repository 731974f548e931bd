import type { LoaderFunctionArgs } from '@remix-run/node'
import { registrationCalendarByToken } from '~/modules/calendar/ics.server'
import { db } from '~/utils/db.server'
import { requireParam } from '~/utils/route.server'

/** The participant's own calendar entries (/r/<token>/calendar.ics): personal, never cached. */
export async function loader({ params }: LoaderFunctionArgs) {
  const ics = await registrationCalendarByToken(db(), requireParam(params, 'token'))
  // A resource route: its 404 is this plain answer (app/modules/calendar/routes.test.ts).
  if (ics === null) throw new Response('Not found', { status: 404 })
  return new Response(ics, {
    headers: {
      'Content-Type': 'text/calendar; charset=utf-8',
      'Content-Disposition': 'attachment; filename="seminar.ics"',
      // The entry carries the manage link (and for online participants the joining link).
      'Cache-Control': 'private, no-store',
      'X-Robots-Tag': 'noindex',
    },
  })
}
