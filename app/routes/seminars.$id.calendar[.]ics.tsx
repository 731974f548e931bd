import type { LoaderFunctionArgs } from '@remix-run/node'
import { seminarCalendar } from '~/modules/calendar/ics.server'
import { db } from '~/utils/db.server'
import { getLang } from '~/utils/request.server'
import { requireParam } from '~/utils/route.server'

/** A public seminar's sessions as calendar entries (/seminars/<id>/calendar.ics). */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const id = requireParam(params, 'id')
  const ics = await seminarCalendar(db(), id, { lang: getLang(request) })
  // A resource route: its 404 is this plain answer (app/modules/calendar/routes.test.ts).
  if (ics === null) throw new Response('Not found', { status: 404 })
  return new Response(ics, {
    headers: {
      'Content-Type': 'text/calendar; charset=utf-8',
      'Content-Disposition': `attachment; filename="seminar-${encodeURIComponent(id)}.ics"`,
      'Cache-Control': 'public, max-age=300',
      // The title follows the language cookie.
      Vary: 'Cookie',
    },
  })
}
