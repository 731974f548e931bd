import { requireAccess } from '~/modules/accounts/access.server'
import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node'
import { Form, Link, useLoaderData } from '@remix-run/react'
import { statusText } from '~/components/registration-view'
import { carryOutDeletionRequest, deletionRequest } from '~/modules/privacy/deletion-request.server'
import { refusedResponse } from '~/modules/audit/security-log.server'
import { db } from '~/utils/db.server'
import { requireParam } from '~/utils/route.server'
import { formatDateTime } from '~/utils/time'
import { useLang, useT } from '~/utils/use-i18n'
import { titled } from '~/utils/meta'

/*
 * A participant's deletion request (APPI), carried out by staff: every registration of the same
 * person loses its personal data; attendance and every number stay (docs/decisions/0012-retention.md).
 */

export const meta = titled('privacy.deleteTitle')

export async function loader({ request, params }: LoaderFunctionArgs) {
  const seminarId = requireParam(params, 'id')
  const user = await requireAccess(request, 'personal-data.export', { seminarId })
  const registrationId = requireParam(params, 'rid')
  return { ...(await deletionRequest(db(), user, { seminarId, registrationId })), seminarId }
}

export async function action({ request, params }: ActionFunctionArgs) {
  const seminarId = requireParam(params, 'id')
  const user = await requireAccess(request, 'personal-data.export', { seminarId })
  const registrationId = requireParam(params, 'rid')
  const count = await carryOutDeletionRequest(db(), user, { seminarId, registrationId })
  // Registered in programs the organizer does not see: staff or an admin carry it out.
  if (count === 'outside-programs')
    throw await refusedResponse(db(), user, { permission: 'personal-data.export', reason: 'outside-programs' })
  return redirect(`/console/seminars/${seminarId}?msg=privacy.deleted&count=${count}`)
}

export default function DeletePersonalData() {
  const { registration: r, registrations, seminarId, outsideTheirPrograms } = useLoaderData<typeof loader>()
  const t = useT()
  const lang = useLang()
  return (
    <section>
      <h1>{t('privacy.deleteTitle')}</h1>
      {registrations.length === 0 ? (
        <p className="lead">{t('privacy.alreadyDeleted')}</p>
      ) : (
        <>
          <p className="lead">{t('privacy.deleteLead', { count: registrations.length })}</p>
          <dl className="facts">
            <dt>{t('form.name')}</dt>
            <dd>{r.name}</dd>
            <dt>{t('form.email')}</dt>
            <dd>{r.email}</dd>
            <dt>{t('console.organization')}</dt>
            <dd>{r.organizationName ?? ''}</dd>
          </dl>
          <h2>{t('privacy.deleteRegistrations')}</h2>
          <div className="table-wrap" tabIndex={0} role="region" aria-label={t('privacy.deleteRegistrations')}>
            <table className="data" aria-label={t('privacy.deleteRegistrations')}>
              <thead>
                <tr>
                  <th scope="col">{t('console.seminars')}</th>
                  <th scope="col">{t('console.sessions')}</th>
                  <th scope="col">{t('manage.status')}</th>
                </tr>
              </thead>
              <tbody>
                {registrations.map((x) => (
                  <tr key={x.id}>
                    <td>{x.seminarTitle}</td>
                    <td>{x.startsAt ? formatDateTime(new Date(x.startsAt), lang) : ''}</td>
                    <td>{statusText(x, t)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <p>{t('privacy.deleteNumbersStay')}</p>
          {outsideTheirPrograms ? (
            <p className="notice" role="alert">
              {t('privacy.deleteOutsidePrograms')}
            </p>
          ) : null}
        </>
      )}
      <div className="actions">
        {registrations.length > 0 && !outsideTheirPrograms ? (
          <Form method="post">
            <button type="submit" className="button button-danger">
              {t('privacy.deleteConfirm')}
            </button>
          </Form>
        ) : null}
        <Link to={`/console/seminars/${seminarId}`} className="button">
          {t('privacy.deleteKeep')}
        </Link>
      </div>
    </section>
  )
}
