import { Form, Link } from '@remix-run/react'
import { RegistrationWindow, SessionTime } from '~/components/seminar-bits'
import type { SeminarConsolePage } from '~/modules/scheduling/seminar-page.server'
import { useLang, useT } from '~/utils/use-i18n'

type Page = Pick<SeminarConsolePage, 'seminar' | 'seats' | 'registrations' | 'messages' | 'may'> &
  Partial<Pick<SeminarConsolePage, 'expectedBySession'>>

/** The seminar's state and what can be done with it: edit, publish, attendance, messages, cancel. */
export function SeminarActions({ seminar, may }: Pick<Page, 'seminar' | 'may'>) {
  const t = useT()
  const published = seminar.status === 'PUBLISHED'
  return (
    <div className="actions">
      <span className="chip">{t(`console.status.${seminar.status}`)}</span>
      {may.manage ? (
        <Link to={`/console/seminars/${seminar.id}/edit`} className="button">
          {t('console.edit')}
        </Link>
      ) : null}
      {may.manage && seminar.status !== 'CANCELLED' ? (
        <Form method="post">
          <input type="hidden" name="intent" value={published ? 'unpublish' : 'publish'} />
          <button type="submit" className={published ? 'button' : 'button button-primary'}>
            {published ? t('console.unpublish') : t('console.publish')}
          </button>
        </Form>
      ) : null}
      {published ? <Link to={`/seminars/${seminar.id}`}>{t('console.viewPublic')}</Link> : null}
      <Link to={`/console/seminars/${seminar.id}/attendance`}>{t('console.attendance')}</Link>
      {may.deletePersonalData ? <Link to={`/console/seminars/${seminar.id}/roster`}>{t('roster.link')}</Link> : null}
      {may.manage && seminar.status !== 'CANCELLED' ? (
        <Link to={`/console/seminars/${seminar.id}/registrations/new`}>{t('onBehalf.link')}</Link>
      ) : null}
      {may.manage && seminar.status !== 'CANCELLED' ? (
        <Link to={`/console/seminars/${seminar.id}/import`}>{t('imports.link')}</Link>
      ) : null}
      {may.manage ? <Link to={`/console/seminars/${seminar.id}/questions`}>{t('questions.link')}</Link> : null}
      {may.manage ? <Link to={`/console/seminars/${seminar.id}/lottery`}>{t('lottery.link')}</Link> : null}
      {may.manage ? <Link to={`/console/seminars/${seminar.id}/survey`}>{t('survey.link')}</Link> : null}
      {may.manage ? <Link to={`/console/seminars/${seminar.id}/certificates`}>{t('certificates.link')}</Link> : null}
      <Link to={`/console/seminars/${seminar.id}/survey/results`}>{t('surveyResults.link')}</Link>
      {may.manage ? <Link to={`/console/seminars/${seminar.id}/message`}>{t('mail.compose')}</Link> : null}
      {may.manage && seminar.status !== 'CANCELLED' ? (
        <Link to={`/console/seminars/${seminar.id}/cancel`}>{t('mail.cancelSeminar')}</Link>
      ) : null}
    </div>
  )
}

/** Program, sessions (with their door and attendance), seats, messages and the registration window. */
export function SeminarFacts({ seminar, seats, registrations, messages, may, expectedBySession }: Page) {
  const t = useT()
  const lang = useLang()
  const confirmed = registrations.confirmed.paging.total
  const waiting = registrations.waiting.paging.total
  return (
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
                {expectedBySession?.[s.id] ? (
                  <span className="muted" data-testid="session-expected">
                    {t('console.sessionExpected', {
                      confirmed: expectedBySession[s.id].confirmed,
                      waiting: expectedBySession[s.id].waiting,
                    })}{' '}
                  </span>
                ) : null}
                {may.checkin ? (
                  <>
                    <Link to={`/console/sessions/${s.id}/checkin`}>{t('console.checkin')}</Link> ·{' '}
                  </>
                ) : null}
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
          {t('console.confirmedCount', { count: confirmed })} · {t('console.waitlistCount', { count: waiting })}
        </div>
      </dd>
      <dt>{t('mail.messages')}</dt>
      <dd>{t('mail.summary', { sent: messages.sent, pending: messages.pending, failed: messages.failed.length })}</dd>
      <dt>{t('seminar.window')}</dt>
      <dd>
        <RegistrationWindow opensAt={seminar.registrationOpensAt} closesAt={seminar.registrationClosesAt} lang={lang} />
      </dd>
    </dl>
  )
}

/** Messages that could not be delivered, each with a way to send it again. */
export function FailedMessages({ messages, may }: Pick<Page, 'messages' | 'may'>) {
  const t = useT()
  if (messages.failed.length === 0) return null
  return (
    <>
      <h2>{t('mail.failedTitle')}</h2>
      <p>{t('mail.failedLead')}</p>
      <div className="table-wrap" tabIndex={0} role="region" aria-label={t('mail.failedTitle')}>
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
                <td>{m.registration?.name}</td>
                <td>{m.registration?.email}</td>
                <td>{t(`mail.kind.${m.kind}`)}</td>
                <td>
                  <small>{m.lastError}</small>
                </td>
                <td>
                  {may.manage ? (
                    <Form method="post">
                      <input type="hidden" name="intent" value="retry-mail" />
                      <input type="hidden" name="messageId" value={m.id} />
                      <button type="submit" className="link-button">
                        {t('mail.retry')}
                      </button>
                    </Form>
                  ) : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  )
}
