import { requireAccess } from '~/modules/accounts/access.server'
import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node'
import { Form, Link, useLoaderData } from '@remix-run/react'
import { statusText } from '~/components/registration-view'
import { cancelRegistration } from '~/modules/registration/seats.server'
import { db } from '~/utils/db.server'
import { isAppError } from '~/utils/errors'
import { useT } from '~/utils/use-i18n'

async function findRegistration(seminarId: string, registrationId: string) {
  const r = await db().registration.findFirst({
    where: { id: registrationId, seminarId },
    select: {
      id: true,
      name: true,
      email: true,
      organizationName: true,
      status: true,
      waitlistPosition: true,
      code: true,
    },
  })
  if (!r) throw new Response('Not found', { status: 404 })
  return r
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireAccess(request, 'seminars.manage', { seminarId: params.id ?? '' })
  const registration = await findRegistration(params.id ?? '', params.rid ?? '')
  if (registration.status === 'CANCELLED') throw redirect(`/console/seminars/${params.id}`)
  return { registration, seminarId: params.id! }
}

/** The organizer cancels on the participant's behalf; recorded with who did it. */
export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireAccess(request, 'seminars.manage', { seminarId: params.id ?? '' })
  const registration = await findRegistration(params.id ?? '', params.rid ?? '')
  let promoted = 0
  try {
    promoted = (await cancelRegistration(db(), registration.id, { by: 'ORGANIZER', userId: user.id })).promoted.length
  } catch (error) {
    if (!isAppError(error, 'ALREADY_CANCELLED')) throw error
  }
  const msg = promoted > 0 ? `console.promoted&count=${promoted}` : 'console.cancelledOnBehalf'
  return redirect(`/console/seminars/${params.id}?msg=${msg}`)
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
