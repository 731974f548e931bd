import { requireAccess, visibleProgramIds } from '~/modules/accounts/access.server'
import type { StaffIdentity } from '~/modules/accounts/staff.server'
import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node'
import { Form, Link, useLoaderData } from '@remix-run/react'
import { statusText } from '~/components/registration-view'
import { deletePersonalData, deletionPreview } from '~/modules/privacy/retention.server'
import { refusedResponse } from '~/modules/audit/security-log.server'
import { db } from '~/utils/db.server'
import { formatDateTime } from '~/utils/time'
import { useLang, useT } from '~/utils/use-i18n'

/*
 * A participant's deletion request (APPI), carried out by staff: every registration of the same
 * person loses its personal data; attendance and every number stay (docs/decisions/0012-retention.md).
 */

async function ownedRegistration(seminarId: string, registrationId: string) {
  const owned = await db().registration.count({ where: { id: registrationId, seminarId } })
  if (!owned) throw new Response('Not found', { status: 404 })
}

/**
 * The request covers the person's registrations in every program. An organizer sees only their
 * own programs: when the person registered elsewhere too, staff or an admin carry it out, so the
 * organizer neither learns about those registrations nor deletes half of what was asked.
 */
async function previewFor(user: StaffIdentity, registrationId: string) {
  const preview = await deletionPreview(db(), registrationId)
  if (!preview) throw new Response('Not found', { status: 404 })
  const visible = await visibleProgramIds(db(), user)
  const registrations = preview.registrations
    .filter((r) => !visible || visible.includes(r.programId))
    .map(({ programId: _programId, ...r }) => r)
  return { ...preview, registrations, outsideTheirPrograms: registrations.length < preview.registrations.length }
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireAccess(request, 'personal-data.export', { seminarId: params.id ?? '' })
  await ownedRegistration(params.id ?? '', params.rid ?? '')
  return { ...(await previewFor(user, params.rid ?? '')), seminarId: params.id! }
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireAccess(request, 'personal-data.export', { seminarId: params.id ?? '' })
  await ownedRegistration(params.id ?? '', params.rid ?? '')
  if ((await previewFor(user, params.rid ?? '')).outsideTheirPrograms)
    throw await refusedResponse(db(), user, { permission: 'personal-data.export', reason: 'outside-programs' })
  const count = await deletePersonalData(db(), { registrationId: params.rid ?? '', userId: user.id })
  return redirect(`/console/seminars/${params.id}?msg=privacy.deleted&count=${count}`)
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
          <div className="table-wrap">
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
