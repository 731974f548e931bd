import { roleMay } from '~/modules/accounts/permissions'
import { requireAccess } from '~/modules/accounts/access.server'
import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useLoaderData } from '@remix-run/react'
import { SessionTime } from '~/components/seminar-bits'
import { getSessionForCheckIn, markAttendance, sessionCounts } from '~/modules/attendance/checkin.server'
import { attendanceSheet, listAttendance } from '~/modules/attendance/lists.server'
import { db } from '~/utils/db.server'
import { pageTitle } from '~/utils/meta'
import { formatDateTime } from '~/utils/time'
import { useLang, useT } from '~/utils/use-i18n'

export const meta: MetaFunction = ({ matches }) => [{ title: pageTitle(matches, 'attendance.title') }]

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireAccess(request, 'seminars.read', { sessionId: params.sessionId ?? '' })
  const session = await getSessionForCheckIn(db(), params.sessionId ?? '').catch(() => null)
  if (!session) throw new Response('Not found', { status: 404 })
  const url = new URL(request.url)
  const [sheet, attendees, counts] = await Promise.all([
    attendanceSheet(db(), session.seminar.id, session.id),
    listAttendance(db(), { seminarId: session.seminar.id, sessionId: session.id }),
    sessionCounts(db(), session.id, session.seminar.id),
  ])
  // After saving a sheet: the people whose records changed after it was opened, as they are now.
  const changedIds = (url.searchParams.get('changed') ?? '').split(' ').filter(Boolean)
  const changed = changedIds.flatMap((id) => {
    const row = sheet.find((r) => r.id === id)
    return row ? [{ id, name: row.name, attendedNow: row.attendance !== null }] : []
  })
  const asked = Math.min(Number(url.searchParams.get('changedCount')) || 0, sheet.length)
  const changedCount = Math.max(asked, changed.length)
  // Staff read the lists; correcting them is the organizer's.
  return {
    session,
    sheet,
    attendees,
    counts,
    changed,
    changedCount,
    mayManage: roleMay(user.role, 'seminars.manage'),
  }
}

/** The names listed after saving (the rest are counted): keeps the address short. */
const CHANGED_LISTED = 50

/** A sheet row as shown: `registrationId:attendanceId` (empty after the colon: not attended). */
function parseShown(values: FormDataEntryValue[]) {
  return values.flatMap((v) => {
    const m = /^([^:\s]{1,64}):([^:\s]{0,64})$/.exec(String(v))
    return m ? [{ registrationId: m[1], attendanceId: m[2] || null }] : []
  })
}

/**
 * Post-hoc marking: the sheet carries what it showed, and only what the person changed there is
 * applied; records that changed since it was opened stay as they are and are listed.
 */
export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireAccess(request, 'seminars.manage', { sessionId: params.sessionId ?? '' })
  const form = await request.formData()
  const sessionId = params.sessionId ?? ''
  const { added, removed, changedMeanwhile } = await markAttendance(db(), {
    sessionId,
    attendedRegistrationIds: form.getAll('attended').map(String),
    userId: user.id,
    shown: parseShown(form.getAll('shown')),
  })
  const query = new URLSearchParams({ msg: 'attendance.saved', added: String(added), removed: String(removed) })
  if (changedMeanwhile.length > 0) {
    query.set(
      'changed',
      changedMeanwhile
        .slice(0, CHANGED_LISTED)
        .map((c) => c.registrationId)
        .join(' '),
    )
    query.set('changedCount', String(changedMeanwhile.length))
  }
  return redirect(`/console/sessions/${sessionId}/attendance?${query}`)
}

export default function SessionAttendance() {
  const { session, sheet, attendees, counts, changed, changedCount, mayManage } = useLoaderData<typeof loader>()
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
        <div className="table-wrap">
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

      {mayManage ? <AttendanceSheet sheet={sheet} /> : null}
    </section>
  )
}

/** Post-hoc marking: tick who attended. */
function AttendanceSheet({ sheet }: { sheet: ReturnType<typeof useLoaderData<typeof loader>>['sheet'] }) {
  const t = useT()
  return (
    <>
      <h2>{t('attendance.sheet')}</h2>
      <p className="hint">{t('attendance.sheetHint')}</p>
      <Form method="post">
        <div className="table-wrap">
          <table className="data" aria-label={t('attendance.sheet')}>
            <thead>
              <tr>
                <th scope="col">{t('attendance.attended')}</th>
                <th scope="col">{t('form.name')}</th>
                <th scope="col">{t('console.organization')}</th>
                <th scope="col">{t('console.mode')}</th>
              </tr>
            </thead>
            <tbody>
              {sheet.map((r) => (
                <tr key={r.id}>
                  <td>
                    <input type="hidden" name="shown" value={`${r.id}:${r.attendance?.id ?? ''}`} />
                    <input
                      type="checkbox"
                      name="attended"
                      value={r.id}
                      defaultChecked={r.attendance !== null}
                      id={`attended-${r.id}`}
                      aria-label={`${t('attendance.attended')}: ${r.name}`}
                    />
                  </td>
                  <td>
                    <label htmlFor={`attended-${r.id}`}>{r.name}</label>
                    <div className="muted">{r.furigana}</div>
                  </td>
                  <td>{r.organizationName ?? ''}</td>
                  <td>{t(`mode.${r.mode}`)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        <div className="actions">
          <button type="submit" className="button button-primary">
            {t('attendance.save')}
          </button>
        </div>
      </Form>
    </>
  )
}
