import type { LoaderFunctionArgs } from '@remix-run/node'
import { feedCalendar } from '~/modules/calendar/ics.server'
import { db } from '~/utils/db.server'
import { getLang } from '~/utils/request.server'

/** The subscribable feed of all public seminars (/calendar.ics). */
export async function loader({ request }: LoaderFunctionArgs) {
  const ics = await feedCalendar(db(), { lang: getLang(request) })
  // A resource route: its 404 is this plain answer (app/modules/calendar/routes.test.ts).
  if (ics === null) throw new Response('Not found', { status: 404 })
  return new Response(ics, {
    headers: {
      'Content-Type': 'text/calendar; charset=utf-8',
      // inline: calendar apps subscribe to this address; a browser still offers the file.
      'Content-Disposition': 'inline; filename="calendar.ics"',
      'Cache-Control': 'public, max-age=300',
      Vary: 'Cookie',
    },
  })
}
