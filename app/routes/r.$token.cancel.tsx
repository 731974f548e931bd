import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useLoaderData } from '@remix-run/react'
import { RegistrationDetails } from '~/components/registration-view'
import { cancelOwnRegistration, ownRegistrationOr404 } from '~/modules/registration/manage.server'
import { db } from '~/utils/db.server'
import { isAppError } from '~/utils/errors'
import { pageTitle } from '~/utils/meta'
import { requireParam } from '~/utils/route.server'
import { useLang, useT } from '~/utils/use-i18n'

export const meta: MetaFunction = ({ matches }) => [
  { title: pageTitle(matches, 'manage.cancelTitle') },
  { name: 'robots', content: 'noindex' },
]

export const headers = () => ({ 'Cache-Control': 'private, no-store' })

/** GET only asks; the cancellation itself is the POST below. */
export async function loader({ params }: LoaderFunctionArgs) {
  const own = await ownRegistrationOr404(db(), requireParam(params, 'token'))
  // Cancelled already, or not selected in a lottery (it holds nothing): the link's page says so.
  if (own.registration.status === 'CANCELLED' || own.registration.status === 'NOT_SELECTED') {
    throw redirect(`/r/${own.token}`)
  }
  return own
}

export async function action({ params }: ActionFunctionArgs) {
  const token = requireParam(params, 'token')
  // Cancelling twice (two tabs, a double click) ends in the same place; so does a lottery
  // application found not selected meanwhile (its page says so).
  try {
    await cancelOwnRegistration(db(), token)
  } catch (error) {
    if (!isAppError(error, 'LOTTERY_NOT_SELECTED')) throw error
  }
  return redirect(`/r/${token}`)
}

export default function CancelRegistration() {
  const { registration: r, token } = useLoaderData<typeof loader>()
  const t = useT()
  const lang = useLang()
  return (
    <article className="cancel">
      <h1>{t('manage.cancelTitle')}</h1>
      <p className="lead">{t('manage.cancelQuestion')}</p>
      {r.status === 'WAITLISTED' ? <p className="notice">{t('manage.cancelWaitlistNote')}</p> : null}
      <RegistrationDetails r={{ ...r, qr: null }} t={t} lang={lang} />
      <div className="actions">
        <Form method="post">
          <button type="submit" className="button button-danger">
            {t('manage.cancelConfirm')}
          </button>
        </Form>
        <Link to={`/r/${token}`} className="button">
          {t('manage.cancelKeep')}
        </Link>
      </div>
    </article>
  )
}
