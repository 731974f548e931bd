import { redirect, type ActionFunctionArgs } from '@remix-run/node'
import { endSession } from '~/modules/accounts/staff.server'
import { recordSignOut } from '~/modules/audit/security-log.server'
import { db } from '~/utils/db.server'
import { clearSessionCookie, sessionToken } from '~/utils/request.server'

export async function action({ request }: ActionFunctionArgs) {
  const token = sessionToken(request)
  if (token) await recordSignOut(db(), token)
  if (token) await endSession(db(), token)
  return redirect('/console/login', { headers: { 'Set-Cookie': clearSessionCookie() } })
}

export async function loader() {
  return redirect('/console')
}
