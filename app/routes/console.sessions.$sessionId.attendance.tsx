import { requireAccess } from '~/modules/accounts/access.server'
import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { AttendanceSheet } from '~/components/attendance/attendance-sheet'
import { Pager } from '~/components/records/pager'
import { SessionTime } from '~/components/seminar-bits'
import { markAttendance } from '~/modules/attendance/checkin.server'
import { sessionAttendancePage } from '~/modules/attendance/console-pages.server'
import { AttendanceSheetSchema, SavedSheetSearchSchema, savedSheetSearch, searchOf } from '~/modules/attendance/forms'
import { db } from '~/utils/db.server'
import { pageTitle } from '~/utils/meta'
import { requireIntent, requireParam } from '~/utils/route.server'
import { formatDateTime } from '~/utils/time'
import { useLang, useT } from '~/utils/use-i18n'

export const meta: MetaFunction = ({ matches }) => [{ title: pageTitle(matches, 'attendance.title') }]

export async function loader({ request, params }: LoaderFunctionArgs) {
  const sessionId = requireParam(params, 'sessionId')
  const user = await requireAccess(request, 'seminars.read', { sessionId })
  const query = new URL(request.url).searchParams
  return sessionAttendancePage(db(), user, sessionId, searchOf(request.url, SavedSheetSearchSchema), query)
}

/**
 * Post-hoc marking: the sheet carries what it showed, and only what the person changed there is
 * applied; records that changed since it was opened stay as they are and are listed.
 */
export async function action({ request, params }: ActionFunctionArgs) {
  const sessionId = requireParam(params, 'sessionId')
  const user = await requireAccess(request, 'seminars.manage', { sessionId })
  const sheet = requireIntent(await request.formData(), AttendanceSheetSchema)
  const saved = await markAttendance(db(), {
    sessionId,
    attendedRegistrationIds: sheet.attended,
    userId: user.id,
    shown: sheet.shown,
  })
  return redirect(`/console/sessions/${sessionId}/attendance?${savedSheetSearch(saved)}`)
}

export default function SessionAttendance() {
  const { session, sheet, attendees, attendeesPaging, counts, changed, changedCount, mayManage } =
    useLoaderData<typeof loader>()
  const t = useT()
  const lang = useLang()
  return (
    <section>
      <p>
        <Link to={`/console/seminars/${session.seminar.id}`}>← {session.seminar.title}</Link>
      </p>
      <h1>
        {t('attendance.title')}: {session.seminar.title}
      </h1>
      <p>
        {session.seminar._count.sessions > 1 ? (
          <strong>{t('seminar.session', { number: session.number })} </strong>
        ) : null}
        <SessionTime startsAt={session.startsAt} endsAt={session.endsAt} lang={lang} />
      </p>
      <p className="counter">{t('checkin.counter', counts)}</p>
      {changedCount > 0 ? (
        <div className="notice" role="alert" id="changed-meanwhile">
          <p>{t('attendance.changedMeanwhile', { count: changedCount })}</p>
          <ul>
            {changed.map((c) => (
              <li key={c.id}>
                {c.name}: {c.attendedNow ? t('attendance.changedNowAttended') : t('attendance.changedNowAbsent')}
              </li>
            ))}
            {changedCount > changed.length ? (
              <li>{t('attendance.changedMore', { count: changedCount - changed.length })}</li>
            ) : null}
          </ul>
        </div>
      ) : null}
      <div className="actions">
        {mayManage ? (
          <>
            <Link to={`/console/sessions/${session.id}/checkin`} className="button button-primary">
              {t('console.checkin')}
            </Link>
            <Link to={`/console/sessions/${session.id}/import`} className="button">
              {t('attendance.import')}
            </Link>
          </>
        ) : null}
        <a href={`/console/sessions/${session.id}/attendance.csv`} download>
          {t('attendance.csvSession')}
        </a>
        <a href={`/console/seminars/${session.seminar.id}/attendance.csv`} download>
          {t('attendance.csvSeminar')}
        </a>
      </div>

      <h2>{t('attendance.list')}</h2>
      {attendees.length === 0 ? (
        <p>{t('attendance.none')}</p>
      ) : (
        <div className="table-wrap" tabIndex={0} role="region" aria-label={t('attendance.list')}>
          <table className="data" aria-label={t('attendance.list')}>
            <thead>
              <tr>
                <th scope="col">{t('form.name')}</th>
                <th scope="col">{t('console.organization')}</th>
                <th scope="col">{t('attendance.mode')}</th>
                <th scope="col">{t('attendance.source')}</th>
                <th scope="col">{t('attendance.minutes')}</th>
                <th scope="col">{t('attendance.at')}</th>
                <th scope="col">{t('attendance.recordedBy')}</th>
              </tr>
            </thead>
            <tbody>
              {attendees.map((a) => (
                <tr key={a.registrationId}>
                  <td>
                    {a.name}
                    <div className="muted">{a.furigana}</div>
                  </td>
                  <td>{a.organizationName ?? ''}</td>
                  <td>{t(`mode.${a.mode}`)}</td>
                  <td>{t(`source.${a.source}`)}</td>
                  <td>{a.onlineMinutes ?? ''}</td>
                  <td>{formatDateTime(new Date(a.checkedInAt), lang)}</td>
                  <td>{a.recordedBy ?? ''}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <Pager paging={attendeesPaging} label={t('attendance.list')} />

      {mayManage ? <AttendanceSheet sheet={sheet} /> : null}
    </section>
  )
}
