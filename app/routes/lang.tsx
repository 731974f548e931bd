import { redirect, type ActionFunctionArgs } from '@remix-run/node'
import { isLang } from '~/utils/i18n'
import { langCookie, safeRedirectPath } from '~/utils/request.server'

/** POST only: switching the language sets a cookie and returns to the same page. */
export async function action({ request }: ActionFunctionArgs) {
  const form = await request.formData()
  const lang = form.get('lang')
  const to = safeRedirectPath(form.get('redirectTo'))
  if (!isLang(lang)) return redirect(to)
  return redirect(to, { headers: { 'Set-Cookie': langCookie(lang) } })
}

export async function loader() {
  return redirect('/')
}
