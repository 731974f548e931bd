import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Form, NavLink, Outlet, useLoaderData, useSearchParams } from '@remix-run/react'
import { hasMessage } from '~/utils/i18n'
import { requireStaff } from '~/utils/request.server'
import { pageTitle } from '~/utils/meta'
import { useT } from '~/utils/use-i18n'

export const meta: MetaFunction = ({ matches }) => [
  { title: pageTitle(matches, 'console.title') },
  { name: 'robots', content: 'noindex' },
]

export const headers = () => ({ 'Cache-Control': 'private, no-store' })

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireStaff(request)
  return { user: { name: user.name, role: user.role } }
}

/** After a redirect, `?msg=<key>` shows one short confirmation (only known message keys). */
function Flash() {
  const [params] = useSearchParams()
  const t = useT()
  const key = params.get('msg')
  if (!key || !hasMessage(key)) return null
  // Values the message names (counts, a person's name) come along in the query.
  const vars = Object.fromEntries(
    ['count', 'name', 'added', 'removed', 'attended', 'delta'].map((k) => [k, params.get(k) ?? '']),
  )
  return (
    <p className="flash" role="status">
      {t(key, vars)}
    </p>
  )
}

export default function ConsoleLayout() {
  const { user } = useLoaderData<typeof loader>()
  const t = useT()
  return (
    <div className="console">
      <nav className="console-nav" aria-label={t('console.title')}>
        <strong>{t('console.title')}</strong>
        <NavLink to="/console" end>
          {t('console.seminars')}
        </NavLink>
        <NavLink to="/console/programs">{t('console.programs')}</NavLink>
        <NavLink to="/console/indicators">{t('console.indicators')}</NavLink>
        {user.role === 'ADMIN' ? <NavLink to="/console/mail">{t('mail.sentTitle')}</NavLink> : null}
        {user.role === 'ADMIN' ? <NavLink to="/console/audit">{t('audit.title')}</NavLink> : null}
        <span className="spacer" />
        <span className="muted">{t('console.signedInAs', { name: user.name })}</span>
        <Form method="post" action="/console/logout">
          <button type="submit" className="link-button">
            {t('console.logout')}
          </button>
        </Form>
      </nav>
      <Flash />
      <Outlet />
    </div>
  )
}
