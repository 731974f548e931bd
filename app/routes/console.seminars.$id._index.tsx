import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node'
import { Form, Link, useLoaderData } from '@remix-run/react'
import { RegistrationWindow, SessionTime } from '~/components/seminar-bits'
import { setRegistrationRole } from '~/modules/attendance/roles.server'
import { seminarMessages } from '~/modules/mail/organizer.server'
import { retryMessage } from '~/modules/mail/worker.server'
import { reissueLink } from '~/modules/registration/reissue.server'
import { jsicLabel } from '~/modules/registration/jsic'
import { getSeminarForConsole, listRegistrations, setPublished } from '~/modules/scheduling/admin.server'
import { availability } from '~/modules/scheduling/availability'
import { db } from '~/utils/db.server'
import { isDomainError } from '~/utils/errors'
import { requireStaff } from '~/utils/request.server'
import { formatDateTime } from '~/utils/time'
import { useLang, useT } from '~/utils/use-i18n'

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireStaff(request)
  const seminar = await getSeminarForConsole(db(), params.id ?? '')
  if (!seminar) throw new Response('Not found', { status: 404 })
  const registrations = await listRegistrations(db(), seminar.id)
  const messages = await seminarMessages(db(), seminar.id)
  return { seminar, seats: availability(seminar, new Date()), registrations, messages }
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireStaff(request)
  const form = await request.formData()
  const intent = form.get('intent')
  const id = params.id ?? ''
  if (intent === 'retry-mail') {
    if (user.role === 'VIEWER') throw new Response('Forbidden', { status: 403 })
    await retryMessage(db(), String(form.get('messageId')), id)
    return redirect(`/console/seminars/${id}?msg=mail.retrying`)
  }
  if (intent === 'reissue') {
    if (user.role === 'VIEWER') throw new Response('Forbidden', { status: 403 })
    await reissueLink(db(), {
      registrationId: String(form.get('registrationId')),
      seminarId: id,
      userId: user.id,
    }).catch((error: unknown) => {
      if (!isDomainError(error)) throw error
      throw new Response('Not found', { status: 404 })
    })
    return redirect(`/console/seminars/${id}?msg=mail.reissued`)
  }
  if (intent === 'role') {
    const role = String(form.get('role'))
    if (role !== 'PARTICIPANT' && role !== 'SPEAKER' && role !== 'STAFF')
      throw new Response('Bad request', { status: 400 })
    const registrationId = String(form.get('registrationId'))
    const owned = await db().registration.count({ where: { id: registrationId, seminarId: id } })
    if (!owned) throw new Response('Not found', { status: 404 })
    await setRegistrationRole(db(), { registrationId, role, userId: user.id })
    return redirect(`/console/seminars/${id}?msg=console.saved`)
  }
  try {
    await setPublished(db(), id, intent === 'publish')
  } catch (error) {
    if (isDomainError(error, 'SESSION_REQUIRED')) return redirect(`/console/seminars/${id}?msg=errors.SESSION_REQUIRED`)
    throw error
  }
  return redirect(`/console/seminars/${id}?msg=${intent === 'publish' ? 'console.published' : 'console.unpublished'}`)
}

export default function ConsoleSeminar() {
  const { seminar, seats, registrations, messages } = useLoaderData<typeof loader>()
  const t = useT()
  const lang = useLang()
  const confirmed = registrations.filter((r) => r.status === 'CONFIRMED')
  const waiting = registrations.filter((r) => r.status === 'WAITLISTED')
  const cancelled = registrations.filter((r) => r.status === 'CANCELLED')
  // Already anonymized: nothing personal left to delete.
  const deleteLink = (r: { id: string; anonymizedAt: string | Date | null }) =>
    r.anonymizedAt ? null : (
      <Link to={`/console/seminars/${seminar.id}/registrations/${r.id}/delete`}>{t('privacy.deleteLink')}</Link>
    )
  const cancelLink = (r: { id: string; anonymizedAt: string | Date | null }) => (
    <span className="row-actions">
      <Link to={`/console/seminars/${seminar.id}/registrations/${r.id}/cancel`}>{t('console.cancelOnBehalf')}</Link>
      {r.anonymizedAt ? null : (
        <Form method="post">
          <input type="hidden" name="intent" value="reissue" />
          <input type="hidden" name="registrationId" value={r.id} />
          <button type="submit" className="link-button">
            {t('mail.reissue')}
          </button>
        </Form>
      )}
      {deleteLink(r)}
    </span>
  )
  return (
    <section>
      <p>
        <Link to="/console">← {t('console.backToList')}</Link>
      </p>
      <h1>{seminar.title}</h1>
      <div className="actions">
        <span className="chip">{t(`console.status.${seminar.status}`)}</span>
        <Link to={`/console/seminars/${seminar.id}/edit`} className="button">
          {t('console.edit')}
        </Link>
        {seminar.status !== 'CANCELLED' ? (
          <Form method="post">
            <input type="hidden" name="intent" value={seminar.status === 'PUBLISHED' ? 'unpublish' : 'publish'} />
            <button type="submit" className={seminar.status === 'PUBLISHED' ? 'button' : 'button button-primary'}>
              {seminar.status === 'PUBLISHED' ? t('console.unpublish') : t('console.publish')}
            </button>
          </Form>
        ) : null}
        {seminar.status === 'PUBLISHED' ? <Link to={`/seminars/${seminar.id}`}>{t('console.viewPublic')}</Link> : null}
        <Link to={`/console/seminars/${seminar.id}/attendance`}>{t('console.attendance')}</Link>
        <Link to={`/console/seminars/${seminar.id}/message`}>{t('mail.compose')}</Link>
        {seminar.status !== 'CANCELLED' ? (
          <Link to={`/console/seminars/${seminar.id}/cancel`}>{t('mail.cancelSeminar')}</Link>
        ) : null}
      </div>
      <dl className="facts">
        <dt>{t('console.field.program')}</dt>
        <dd>{seminar.program.name}</dd>
        <dt>{t('console.sessions')}</dt>
        <dd>
          {seminar.sessions.length === 0 ? (
            t('console.noSessions')
          ) : (
            <ol className="sessions compact">
              {seminar.sessions.map((s) => (
                <li key={s.id}>
                  {t('seminar.session', { number: s.number })}{' '}
                  <SessionTime startsAt={s.startsAt} endsAt={s.endsAt} lang={lang} />{' '}
                  <Link to={`/console/sessions/${s.id}/checkin`}>{t('console.checkin')}</Link> ·{' '}
                  <Link to={`/console/sessions/${s.id}/attendance`}>{t('console.attendance')}</Link>
                </li>
              ))}
            </ol>
          )}
        </dd>
        <dt>{t('console.capacitySummary')}</dt>
        <dd>
          {seats.modes.map((m) => (
            <div key={m.mode}>
              {t(`mode.${m.mode}`)}: {m.mode === 'IN_PERSON' ? seminar.seatsTakenInPerson : seminar.seatsTakenOnline} /{' '}
              {m.capacity ?? t('seminar.unlimited')}
            </div>
          ))}
          <div className="muted">
            {t('console.confirmedCount', { count: confirmed.length })} ·{' '}
            {t('console.waitlistCount', { count: waiting.length })}
          </div>
        </dd>
        <dt>{t('mail.messages')}</dt>
        <dd>{t('mail.summary', { sent: messages.sent, pending: messages.pending, failed: messages.failed.length })}</dd>
        <dt>{t('seminar.window')}</dt>
        <dd>
          <RegistrationWindow
            opensAt={seminar.registrationOpensAt}
            closesAt={seminar.registrationClosesAt}
            lang={lang}
          />
        </dd>
      </dl>

      {messages.failed.length > 0 ? (
        <>
          <h2>{t('mail.failedTitle')}</h2>
          <p>{t('mail.failedLead')}</p>
          <div className="table-wrap">
            <table className="data" aria-label={t('mail.failedTitle')}>
              <thead>
                <tr>
                  <th scope="col">{t('form.name')}</th>
                  <th scope="col">{t('form.email')}</th>
                  <th scope="col">{t('mail.kind')}</th>
                  <th scope="col">{t('mail.error')}</th>
                  <th scope="col">{t('console.actions')}</th>
                </tr>
              </thead>
              <tbody>
                {messages.failed.map((m) => (
                  <tr key={m.id}>
                    <td>{m.registration.name}</td>
                    <td>{m.registration.email}</td>
                    <td>{t(`mail.kind.${m.kind}`)}</td>
                    <td>
                      <small>{m.lastError}</small>
                    </td>
                    <td>
                      <Form method="post">
                        <input type="hidden" name="intent" value="retry-mail" />
                        <input type="hidden" name="messageId" value={m.id} />
                        <button type="submit" className="link-button">
                          {t('mail.retry')}
                        </button>
                      </Form>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      ) : null}

      <h2>
        {t('console.registrations')} ({confirmed.length})
      </h2>
      {confirmed.length === 0 ? (
        <p>{t('console.noRegistrations')}</p>
      ) : (
        <div className="table-wrap">
          <table className="data" aria-label={t('console.registrations')}>
            <thead>
              <tr>
                <th scope="col">{t('form.name')}</th>
                <th scope="col">{t('console.organization')}</th>
                <th scope="col">{t('form.email')}</th>
                <th scope="col">{t('console.mode')}</th>
                <th scope="col">{t('console.industry')}</th>
                <th scope="col">{t('console.inCity')}</th>
                <th scope="col">{t('console.code')}</th>
                <th scope="col">{t('console.registeredAt')}</th>
                <th scope="col">{t('console.role')}</th>
                <th scope="col">{t('console.actions')}</th>
              </tr>
            </thead>
            <tbody>
              {confirmed.map((r) => (
                <tr key={r.id}>
                  <td>
                    {r.name}
                    <div className="muted">{r.furigana}</div>
                  </td>
                  <td>{r.organizationName ?? ''}</td>
                  <td>{r.email}</td>
                  <td>{t(`mode.${r.mode}`)}</td>
                  <td>{jsicLabel(r.industry, lang)}</td>
                  <td>{r.inCity ? t('form.inCityYes') : t('form.inCityNo')}</td>
                  <td>
                    <code>{r.code}</code>
                  </td>
                  <td>{formatDateTime(new Date(r.createdAt), lang)}</td>
                  <td>
                    <Form method="post" className="role-form">
                      <input type="hidden" name="intent" value="role" />
                      <input type="hidden" name="registrationId" value={r.id} />
                      <select name="role" defaultValue={r.role} aria-label={`${t('console.role')}: ${r.name}`}>
                        {(['PARTICIPANT', 'SPEAKER', 'STAFF'] as const).map((role) => (
                          <option key={role} value={role}>
                            {t(`console.role.${role}`)}
                          </option>
                        ))}
                      </select>{' '}
                      <button type="submit" className="link-button">
                        {t('console.save')}
                      </button>
                    </Form>
                  </td>
                  <td>{cancelLink(r)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}

      <h2>
        {t('console.waitlist')} ({waiting.length})
      </h2>
      {waiting.length === 0 ? null : (
        <div className="table-wrap">
          <table className="data" aria-label={t('console.waitlist')}>
            <thead>
              <tr>
                <th scope="col">{t('console.position')}</th>
                <th scope="col">{t('form.name')}</th>
                <th scope="col">{t('console.organization')}</th>
                <th scope="col">{t('form.email')}</th>
                <th scope="col">{t('console.mode')}</th>
                <th scope="col">{t('console.registeredAt')}</th>
                <th scope="col">{t('console.actions')}</th>
              </tr>
            </thead>
            <tbody>
              {waiting.map((r) => (
                <tr key={r.id}>
                  <td>{r.waitlistPosition}</td>
                  <td>{r.name}</td>
                  <td>{r.organizationName ?? ''}</td>
                  <td>{r.email}</td>
                  <td>{t(`mode.${r.mode}`)}</td>
                  <td>{formatDateTime(new Date(r.createdAt), lang)}</td>
                  <td>{cancelLink(r)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}

      {cancelled.length > 0 ? (
        <>
          <h2>
            {t('console.cancelledList')} ({cancelled.length})
          </h2>
          <div className="table-wrap">
            <table className="data" aria-label={t('console.cancelledList')}>
              <thead>
                <tr>
                  <th scope="col">{t('form.name')}</th>
                  <th scope="col">{t('form.email')}</th>
                  <th scope="col">{t('manage.cancelledAt')}</th>
                  <th scope="col">{t('console.cancelledBy')}</th>
                  <th scope="col">{t('console.actions')}</th>
                </tr>
              </thead>
              <tbody>
                {cancelled.map((r) => (
                  <tr key={r.id}>
                    <td>{r.name}</td>
                    <td>{r.email}</td>
                    <td>{r.cancelledAt ? formatDateTime(new Date(r.cancelledAt), lang) : ''}</td>
                    <td>{r.cancelledBy ? t(`console.cancelledBy.${r.cancelledBy}`) : ''}</td>
                    <td>{deleteLink(r)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      ) : null}
    </section>
  )
}
