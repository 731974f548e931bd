import { requireAccess } from '~/modules/accounts/access.server'
import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { Pager } from '~/components/records/pager'
import { seminarAttendancePage } from '~/modules/attendance/console-pages.server'
import { db } from '~/utils/db.server'
import { pageTitle } from '~/utils/meta'
import { requireParam } from '~/utils/route.server'
import { formatDateTime } from '~/utils/time'
import { useLang, useT } from '~/utils/use-i18n'

export const meta: MetaFunction = ({ matches }) => [{ title: pageTitle(matches, 'attendance.title') }]

/** Every session's attendance of one seminar, with mode and source, 50 records a page. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const seminarId = requireParam(params, 'id')
  await requireAccess(request, 'seminars.read', { seminarId })
  return seminarAttendancePage(db(), seminarId, new URL(request.url).searchParams)
}

export default function SeminarAttendance() {
  const { seminar, rows, paging, attendedBySession } = useLoaderData<typeof loader>()
  const t = useT()
  const lang = useLang()
  return (
    <section>
      <p>
        <Link to={`/console/seminars/${seminar.id}`}>← {seminar.title}</Link>
      </p>
      <h1>
        {t('attendance.title')}: {seminar.title}
      </h1>
      <ul>
        {seminar.sessions.map((s) => (
          <li key={s.id}>
            <Link to={`/console/sessions/${s.id}/attendance`}>
              {t('seminar.session', { number: s.number })} {formatDateTime(new Date(s.startsAt), lang)}
            </Link>{' '}
            — {t('attendance.attended')} {attendedBySession[s.number] ?? 0}
          </li>
        ))}
      </ul>
      <p>
        <a href={`/console/seminars/${seminar.id}/attendance.csv`} download>
          {t('attendance.csvSeminar')}
        </a>
      </p>
      {rows.length === 0 ? (
        <p>{t('attendance.none')}</p>
      ) : (
        <div className="table-wrap" tabIndex={0} role="region" aria-label={t('attendance.list')}>
          <table className="data" aria-label={t('attendance.list')}>
            <thead>
              <tr>
                <th scope="col">{t('attendance.session')}</th>
                <th scope="col">{t('form.name')}</th>
                <th scope="col">{t('console.organization')}</th>
                <th scope="col">{t('attendance.mode')}</th>
                <th scope="col">{t('attendance.source')}</th>
                <th scope="col">{t('attendance.minutes')}</th>
                <th scope="col">{t('attendance.at')}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr key={`${r.sessionNumber}-${r.registrationId}`}>
                  <td>{r.sessionNumber}</td>
                  <td>{r.name}</td>
                  <td>{r.organizationName ?? ''}</td>
                  <td>{t(`mode.${r.mode}`)}</td>
                  <td>{t(`source.${r.source}`)}</td>
                  <td>{r.onlineMinutes ?? ''}</td>
                  <td>{formatDateTime(new Date(r.checkedInAt), lang)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <Pager paging={paging} label={t('attendance.list')} />
    </section>
  )
}
