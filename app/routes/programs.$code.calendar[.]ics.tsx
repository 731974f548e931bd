import type { LoaderFunctionArgs } from '@remix-run/node'
import { feedCalendar } from '~/modules/calendar/ics.server'
import { db } from '~/utils/db.server'
import { getLang } from '~/utils/request.server'
import { requireParam } from '~/utils/route.server'

/** The subscribable feed of one program's public seminars (/programs/<code>/calendar.ics). */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const ics = await feedCalendar(db(), { programCode: requireParam(params, 'code'), lang: getLang(request) })
  // A resource route: its 404 is this plain answer (app/modules/calendar/routes.test.ts).
  if (ics === null) throw new Response('Not found', { status: 404 })
  return new Response(ics, {
    headers: {
      'Content-Type': 'text/calendar; charset=utf-8',
      'Content-Disposition': 'inline; filename="calendar.ics"',
      'Cache-Control': 'public, max-age=300',
      Vary: 'Cookie',
    },
  })
}
