import { redirect, type ActionFunctionArgs } from '@remix-run/node'
import { signOut } from '~/modules/accounts/sign-in.server'
import { db } from '~/utils/db.server'
import { CLEAR_SITE_DATA, clearPendingCookie, clearSessionCookie, sessionToken } from '~/utils/request.server'

export async function action({ request }: ActionFunctionArgs) {
  await signOut(db(), sessionToken(request))
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
