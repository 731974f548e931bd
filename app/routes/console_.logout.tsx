import { redirect, type ActionFunctionArgs } from '@remix-run/node'
import { endSession } from '~/modules/accounts/staff.server'
import { recordSignOut } from '~/modules/audit/security-log.server'
import { db } from '~/utils/db.server'
import { CLEAR_SITE_DATA, clearPendingCookie, clearSessionCookie, sessionToken } from '~/utils/request.server'

export async function action({ request }: ActionFunctionArgs) {
  const token = sessionToken(request)
  if (token) await recordSignOut(db(), token)
  if (token) await endSession(db(), token)
  // The browser forgets this site's cache and storage, and the session and pending cookies. The
  // device cookie stays (it opens nothing by itself), so this browser is still counted apart
  // from strangers at the next sign-in.
  const headers = new Headers({ 'Clear-Site-Data': CLEAR_SITE_DATA })
  headers.append('Set-Cookie', clearSessionCookie())
  headers.append('Set-Cookie', clearPendingCookie())
  return redirect('/console/login', { headers })
}

export async function loader() {
  return redirect('/console')
}
