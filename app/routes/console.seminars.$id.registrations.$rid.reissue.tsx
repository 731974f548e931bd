import { requireAccess } from '~/modules/accounts/access.server'
import { redirect, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useLoaderData } from '@remix-run/react'
import { statusText } from '~/components/registration-view'
import { reissueQuestion } from '~/modules/registration/reissue.server'
import { db } from '~/utils/db.server'
import { pageTitle } from '~/utils/meta'
import { requireParam } from '~/utils/route.server'
import { useT } from '~/utils/use-i18n'

export const meta: MetaFunction = ({ matches }) => [{ title: pageTitle(matches, 'mail.reissueTitle') }]

/*
 * The question before a participant's link and slip are reissued, rendered by the server: whose,
 * what stops working, and where the new ones go. The answer posts to the seminar page.
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const seminarId = requireParam(params, 'id')
  await requireAccess(request, 'seminars.manage', { seminarId })
  const registration = await reissueQuestion(db(), { seminarId, registrationId: requireParam(params, 'rid') })
  // Cancelled or anonymized: there is no link to reissue.
  if (!registration) throw redirect(`/console/seminars/${seminarId}`)
  return { registration, seminarId }
}

export default function ReissueLink() {
  const { registration: r, seminarId } = useLoaderData<typeof loader>()
  const t = useT()
  return (
    <section>
      <p>
        <Link to={`/console/seminars/${seminarId}`}>← {r.seminarTitle}</Link>
      </p>
      <h1>{t('mail.reissueTitle')}</h1>
      <p className="lead">{t('mail.reissueQuestion', { name: r.name })}</p>
      <dl className="facts">
        <dt>{t('form.name')}</dt>
        <dd>{r.name}</dd>
        <dt>{t('form.email')}</dt>
        <dd>{r.email}</dd>
        <dt>{t('manage.status')}</dt>
        <dd>{statusText(r, t)}</dd>
        <dt>{t('console.code')}</dt>
        <dd>
          <code>{r.code}</code>
        </dd>
      </dl>
      <ul>
        <li>{t('mail.reissueOldStops')}</li>
        <li>{r.email ? t('mail.reissueMailed', { email: r.email }) : t('mail.reissueNoEmail')}</li>
        <li>{t('mail.reissueCodeStays')}</li>
      </ul>
      <div className="actions">
        <Form method="post" action={`/console/seminars/${seminarId}`}>
          <input type="hidden" name="intent" value="reissue" />
          <input type="hidden" name="registrationId" value={r.id} />
          <button type="submit" className="button button-primary">
            {t('mail.reissueConfirm')}
          </button>
        </Form>
        <Link to={`/console/seminars/${seminarId}`} className="button">
          {t('mail.reissueKeep')}
        </Link>
      </div>
    </section>
  )
}
