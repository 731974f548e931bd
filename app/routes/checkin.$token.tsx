import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, useLoaderData } from '@remix-run/react'
import { helperLinkPage, startHelperSession } from '~/modules/accounts/checkin-helper-links.server'
import { db } from '~/utils/db.server'
import { pageTitle } from '~/utils/meta'
import { requireParam } from '~/utils/route.server'
import { sessionCookie } from '~/utils/request.server'
import { formatDateTime } from '~/utils/time'
import { useLang, useT } from '~/utils/use-i18n'

export const meta: MetaFunction = ({ matches }) => [
  { title: pageTitle(matches, 'helper.startTitle') },
  { name: 'robots', content: 'noindex' },
]

export const headers = () => ({ 'Cache-Control': 'private, no-store', 'Referrer-Policy': 'no-referrer' })

/** GET only shows what the link is for; signing in is the POST (link previews must not use it). */
export async function loader({ params }: LoaderFunctionArgs) {
  return helperLinkPage(db(), requireParam(params, 'token'))
}

export async function action({ request, params }: ActionFunctionArgs) {
  const token = await startHelperSession(db(), {
    token: requireParam(params, 'token'),
    userAgent: request.headers.get('User-Agent') ?? undefined,
  })
  return redirect('/console/checkin', { headers: { 'Set-Cookie': sessionCookie(token) } })
}

export default function StartCheckinHelper() {
  const { label, expiresAt, seminars } = useLoaderData<typeof loader>()
  const t = useT()
  const lang = useLang()
  return (
    <article className="narrow">
      <h1>{t('helper.startTitle')}</h1>
      <p className="lead">{t('helper.startLead', { label })}</p>
      <ul>
        {seminars.map((title) => (
          <li key={title}>{title}</li>
        ))}
      </ul>
      <p className="muted">{t('helper.validUntil', { date: formatDateTime(new Date(expiresAt), lang) })}</p>
      <Form method="post">
        <button type="submit" className="button button-primary">
          {t('helper.start')}
        </button>
      </Form>
    </article>
  )
}
