import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, useLoaderData } from '@remix-run/react'
import { helperForLink } from '~/modules/accounts/checkin-helpers.server'
import { startSession } from '~/modules/accounts/staff.server'
import { recordSecurityEvent } from '~/modules/audit/security-log.server'
import { db } from '~/utils/db.server'
import { env } from '~/utils/env.server'
import { pageTitle } from '~/utils/meta'
import { sessionCookie } from '~/utils/request.server'
import { formatDateTime } from '~/utils/time'
import { useLang, useT } from '~/utils/use-i18n'

export const meta: MetaFunction = ({ matches }) => [
  { title: pageTitle(matches, 'helper.startTitle') },
  { name: 'robots', content: 'noindex' },
]

export const headers = () => ({ 'Cache-Control': 'private, no-store', 'Referrer-Policy': 'no-referrer' })

async function validLink(token: string | undefined) {
  const helper = token ? await helperForLink(db(), token) : null
  if (!helper) throw new Response('Not found', { status: 404 })
  return helper
}

/** A link that is not (or no longer) valid, used to sign in: recorded, then the 404. */
async function helperLinkRefused(response: unknown): Promise<never> {
  await recordSecurityEvent(db(), { type: 'helper-link.use', outcome: 'failure' })
  throw response
}

/** GET only shows what the link is for; signing in is the POST (link previews must not use it). */
export async function loader({ params }: LoaderFunctionArgs) {
  const helper = await validLink(params.token)
  return { label: helper.label, expiresAt: helper.expiresAt, seminars: helper.seminars.map((s) => s.title) }
}

export async function action({ request, params }: ActionFunctionArgs) {
  const helper = await validLink(params.token).catch(helperLinkRefused)
  // The session ends with the link at the latest.
  const hoursLeft = (helper.expiresAt.getTime() - Date.now()) / 3600_000
  const token = await startSession(
    db(),
    helper.userId,
    Math.min(env().SESSION_TTL_HOURS, hoursLeft),
    new Date(),
    request.headers.get('User-Agent') ?? undefined,
  )
  await recordSecurityEvent(db(), { type: 'helper-link.use', outcome: 'success', actor: { id: helper.userId } })
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
