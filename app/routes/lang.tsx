import { redirect, type ActionFunctionArgs } from '@remix-run/node'
import { LangSwitchSchema } from '~/utils/lang-form'
import { langCookie, safeRedirectPath } from '~/utils/request.server'
import { requireIntent } from '~/utils/route.server'

/** POST only: switching the language sets a cookie and returns to the same page. */
export async function action({ request }: ActionFunctionArgs) {
  const { lang, redirectTo } = requireIntent(await request.formData(), LangSwitchSchema)
  const to = safeRedirectPath(redirectTo)
  if (!lang) return redirect(to)
  return redirect(to, { headers: { 'Set-Cookie': langCookie(lang) } })
}

export async function loader() {
  return redirect('/')
}
