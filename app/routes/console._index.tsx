import { requireAccess } from '~/modules/accounts/access.server'
import { homePath, roleMay } from '~/modules/accounts/permissions'
import { redirect, type LoaderFunctionArgs } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { MailHealthPanel } from '~/components/mail-health'
import { consoleSeminars } from '~/modules/scheduling/catalog.server'
import { db } from '~/utils/db.server'
import { formatDateTime } from '~/utils/time'
import { useLang, useT } from '~/utils/use-i18n'

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireAccess(request, 'console')
  // Check-in helpers have a home of their own.
  if (!roleMay(user.role, 'seminars.read')) throw redirect(homePath(user.role))
  // Admins see here when mail is not moving (the same as /healthz); others are not told.
  const { seminars, mailHealth } = await consoleSeminars(db(), user, roleMay(user.role, 'mail.read'))
  return { seminars, mayCreate: roleMay(user.role, 'seminars.manage'), mailHealth }
}

function capacityText(taken: number, capacity: number | null) {
  return capacity === null ? `${taken} / –` : `${taken} / ${capacity}`
}

export default function ConsoleSeminars() {
  const { seminars, mayCreate, mailHealth: health } = useLoaderData<typeof loader>()
  const t = useT()
  const lang = useLang()
  return (
    <section>
      <div className="actions">
        <h1>{t('console.seminars')}</h1>
        {mayCreate ? (
          <Link to="/console/seminars/new" className="button button-primary">
            {t('console.newSeminar')}
          </Link>
        ) : null}
        {mayCreate ? (
          <Link to="/console/past-imports" className="button">
            {t('imports.pastLink')}
          </Link>
        ) : null}
      </div>
      {health?.state === 'degraded' ? <MailHealthPanel health={health} /> : null}
      {seminars.length === 0 ? (
        <div className="empty">
          <p>{t('console.noSeminars')}</p>
          {mayCreate ? (
            <p>
              {t('console.noSeminarsNext')} <Link to="/console/seminars/new">{t('console.newSeminar')}</Link>
            </p>
          ) : null}
        </div>
      ) : (
        <div className="table-wrap">
          <table className="data">
            <thead>
              <tr>
                <th scope="col">{t('console.field.title')}</th>
                <th scope="col">{t('console.field.program')}</th>
                <th scope="col">{t('console.firstSession')}</th>
                <th scope="col">{t('console.field.mode')}</th>
                <th scope="col">{t('console.capacitySummary')}</th>
                <th scope="col">{t('console.waitlist')}</th>
                <th scope="col">{t('manage.status')}</th>
              </tr>
            </thead>
            <tbody>
              {seminars.map((s) => (
                <tr key={s.id}>
                  <td>
                    <Link to={`/console/seminars/${s.id}`}>{s.title}</Link>
                  </td>
                  <td>{s.program.name}</td>
                  <td>{s.sessions[0] ? formatDateTime(new Date(s.sessions[0].startsAt), lang) : '–'}</td>
                  <td>{t(`mode.${s.mode}`)}</td>
                  <td>
                    {s.mode !== 'ONLINE' ? (
                      <div>{`${t('mode.IN_PERSON')} ${capacityText(s.seatsTakenInPerson, s.capacityInPerson)}`}</div>
                    ) : null}
                    {s.mode !== 'IN_PERSON' ? (
                      <div>{`${t('mode.ONLINE')} ${capacityText(s.seatsTakenOnline, s.capacityOnline)}`}</div>
                    ) : null}
                  </td>
                  <td>{s._count.registrations}</td>
                  <td>{t(`console.status.${s.status}`)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  )
}
