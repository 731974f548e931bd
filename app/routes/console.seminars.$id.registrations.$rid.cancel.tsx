import { requireAccess } from '~/modules/accounts/access.server'
import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node'
import { Form, Link, useLoaderData } from '@remix-run/react'
import { statusText } from '~/components/registration-view'
import { cancelOnBehalf, registrationOfSeminar } from '~/modules/registration/on-behalf.server'
import { db } from '~/utils/db.server'
import { requireParam } from '~/utils/route.server'
import { useT } from '~/utils/use-i18n'
import { titled } from '~/utils/meta'

export const meta = titled('console.cancelOnBehalfTitle')

export async function loader({ request, params }: LoaderFunctionArgs) {
  const seminarId = requireParam(params, 'id')
  await requireAccess(request, 'seminars.manage', { seminarId })
  const registration = await registrationOfSeminar(db(), seminarId, requireParam(params, 'rid'))
  if (registration.status === 'CANCELLED') throw redirect(`/console/seminars/${seminarId}`)
  return { registration, seminarId }
}

/** The organizer cancels on the participant's behalf; recorded with who did it. */
export async function action({ request, params }: ActionFunctionArgs) {
  const seminarId = requireParam(params, 'id')
  const user = await requireAccess(request, 'seminars.manage', { seminarId })
  const registrationId = requireParam(params, 'rid')
  const promoted = await cancelOnBehalf(db(), { seminarId, registrationId, userId: user.id })
  const msg = promoted > 0 ? `console.promoted&count=${promoted}` : 'console.cancelledOnBehalf'
  return redirect(`/console/seminars/${seminarId}?msg=${msg}`)
}

export default function CancelOnBehalf() {
  const { registration: r, seminarId } = useLoaderData<typeof loader>()
  const t = useT()
  return (
    <section>
      <h1>{t('console.cancelOnBehalfTitle')}</h1>
      <p className="lead">{t('console.cancelOnBehalfQuestion', { name: r.name })}</p>
      <dl className="facts">
        <dt>{t('form.name')}</dt>
        <dd>{r.name}</dd>
        <dt>{t('form.email')}</dt>
        <dd>{r.email}</dd>
        <dt>{t('console.organization')}</dt>
        <dd>{r.organizationName ?? ''}</dd>
        <dt>{t('manage.status')}</dt>
        <dd>{statusText(r, t)}</dd>
        <dt>{t('console.code')}</dt>
        <dd>
          <code>{r.code}</code>
        </dd>
      </dl>
      <div className="actions">
        <Form method="post">
          <button type="submit" className="button button-danger">
            {t('manage.cancelConfirm')}
          </button>
        </Form>
        <Link to={`/console/seminars/${seminarId}`} className="button">
          {t('manage.cancelKeep')}
        </Link>
      </div>
    </section>
  )
}
