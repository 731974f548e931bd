import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Form, Link, NavLink, Outlet, useLoaderData, useSearchParams } from '@remix-run/react'
import { roleMay, type Permission } from '~/modules/accounts/permissions'
import { requireAccess } from '~/modules/accounts/access.server'
import { pausedWebhookEndpoints } from '~/modules/webhooks/endpoints.server'
import { db } from '~/utils/db.server'
import { pageTitle } from '~/utils/meta'
import { useT } from '~/utils/use-i18n'

export const meta: MetaFunction = ({ matches }) => [
  { title: pageTitle(matches, 'console.title') },
  { name: 'robots', content: 'noindex' },
]

export const headers = () => ({ 'Cache-Control': 'private, no-store' })

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireAccess(request, 'console')
  const may = (permission: Permission) => roleMay(user.role, permission)
  return {
    user: { name: user.name, role: user.role },
    // Only the places this role may go (the pages check again).
    nav: {
      seminars: may('seminars.read'),
      programs: may('programs.manage'),
      indicators: may('indicators.manage'),
      mail: may('mail.read'),
      audit: may('audit.read'),
      users: may('users.manage'),
      api: may('api.manage'),
      webhooks: may('webhooks.manage'),
      helperHome: user.role === 'CHECKIN',
      account: user.role !== 'CHECKIN',
    },
    // Webhook endpoints paused after failing for a day: admins are told on every page (0056).
    pausedWebhooks: may('webhooks.manage') ? await pausedWebhookEndpoints(db()) : 0,
  }
}

/** After a redirect, `?msg=<key>` shows one short confirmation (only known message keys). */
function Flash() {
  const [params] = useSearchParams()
  const t = useT()
  const key = params.get('msg')
  if (!key || !t.has(key)) return null
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
  const { user, nav, pausedWebhooks } = useLoaderData<typeof loader>()
  const t = useT()
  return (
    <div className="console">
      <nav className="console-nav" aria-label={t('console.title')}>
        <strong>{t('console.title')}</strong>
        {nav.helperHome ? <NavLink to="/console/checkin">{t('helper.homeTitle')}</NavLink> : null}
        {nav.seminars ? (
          <NavLink to="/console" end>
            {t('console.seminars')}
          </NavLink>
        ) : null}
        {nav.programs ? <NavLink to="/console/programs">{t('console.programs')}</NavLink> : null}
        {nav.programs ? <NavLink to="/console/categories">{t('categories.title')}</NavLink> : null}
        {nav.indicators ? <NavLink to="/console/indicators">{t('console.indicators')}</NavLink> : null}
        {nav.mail ? <NavLink to="/console/mail">{t('mail.sentTitle')}</NavLink> : null}
        {nav.audit ? <NavLink to="/console/audit">{t('audit.title')}</NavLink> : null}
        {nav.audit ? <NavLink to="/console/security">{t('seclog.title')}</NavLink> : null}
        {nav.users ? <NavLink to="/console/users">{t('accounts.usersTitle')}</NavLink> : null}
        {nav.api ? <NavLink to="/console/api-tokens">{t('api.title')}</NavLink> : null}
        {nav.webhooks ? <NavLink to="/console/webhooks">{t('webhooks.title')}</NavLink> : null}
        <span className="spacer" />
        {nav.account ? (
          <NavLink to="/console/account" className="muted">
            {t('console.signedInAs', { name: user.name })}
          </NavLink>
        ) : (
          <span className="muted">{t('console.signedInAs', { name: user.name })}</span>
        )}
        <Form method="post" action="/console/logout">
          <button type="submit" className="link-button">
            {t('console.logout')}
          </button>
        </Form>
      </nav>
      {pausedWebhooks > 0 ? (
        <p className="notice" role="status">
          {t('webhooks.pausedNotice', { count: pausedWebhooks })}{' '}
          <Link to="/console/webhooks">{t('webhooks.pausedNoticeLink')}</Link>
        </p>
      ) : null}
      <Flash />
      <Outlet />
    </div>
  )
}
