import { Form, Link, useLocation } from '@remix-run/react'
import type { CheckInOutcome } from '~/modules/attendance/checkin.server'
import type { CodeEcho } from '~/modules/attendance/code-echo'
import type { T } from '~/utils/i18n'
import { formatDate, formatDateTime, formatTime } from '~/utils/time'

/** What the door's action answered: a check-in's outcome, or an undo (with the person's name). */
export type DoorResult = { outcome: CheckInOutcome } | { undone: { name: string } | null }

/** A code the door could not find, as shown back: whole when short, else 「ABCD…（32文字）」. */
function shownCode(code: CodeEcho, t: T): string {
  return code.cut ? t('checkin.codeCut', { start: code.text, length: code.length }) : code.text
}

function outcomeMessage(o: Exclude<CheckInOutcome, { outcome: 'NOT_TODAY' }>, t: T, lang: 'ja' | 'en'): string {
  switch (o.outcome) {
    case 'CHECKED_IN':
      return t('checkin.outcome.CHECKED_IN', { name: o.person.name })
    case 'ALREADY':
      return o.by
        ? t('checkin.outcome.ALREADY', { name: o.person.name, time: formatTime(new Date(o.at), lang), by: o.by })
        : t('checkin.outcome.ALREADY_NOBODY', { name: o.person.name, time: formatTime(new Date(o.at), lang) })
    case 'CANCELLED':
      return t('checkin.outcome.CANCELLED', { name: o.person.name })
    case 'WAITLISTED':
      return t('checkin.outcome.WAITLISTED', { name: o.person.name, position: o.person.waitlistPosition ?? '' })
    case 'APPLIED':
      return t('checkin.outcome.APPLIED', { name: o.person.name })
    case 'NOT_SELECTED':
      return t('checkin.outcome.NOT_SELECTED', { name: o.person.name })
    case 'OTHER_SEMINAR':
      return t('checkin.outcome.OTHER_SEMINAR', {
        title: o.seminarTitle,
        date: o.firstSessionAt ? formatDate(new Date(o.firstSessionAt), lang) : '',
      })
    case 'NOT_FOUND':
      return t('checkin.outcome.NOT_FOUND', { code: shownCode(o.code, t) })
    case 'RATE_LIMITED':
      return t('checkin.outcome.RATE_LIMITED')
  }
}

export function ResultBanner({ result, t, lang }: { result: DoorResult | undefined; t: T; lang: 'ja' | 'en' }) {
  if (!result) return null
  if ('undone' in result) {
    return result.undone ? (
      <p className="result result-info" role="status">
        {t('checkin.outcome.UNDONE', { name: result.undone.name })}
      </p>
    ) : null
  }
  const o = result.outcome
  if (o.outcome === 'NOT_TODAY') return <NotTodayConfirmation o={o} t={t} lang={lang} />
  const ok = o.outcome === 'CHECKED_IN'
  return (
    <p
      className={`result ${ok ? 'result-ok' : o.outcome === 'ALREADY' ? 'result-warn' : 'result-error'}`}
      role={ok ? 'status' : 'alert'}
      data-testid="checkin-result"
    >
      {outcomeMessage(o, t, lang)}
      {'person' in o && o.person.organizationName ? <span className="muted"> {o.person.organizationName}</span> : null}
    </p>
  )
}

/**
 * A check-in to a session that is not today, asked first (docs/decisions/0039): the same page,
 * rendered by the server, with one button that checks the person in to this session and a link
 * back to the door that does nothing. Works without JavaScript.
 */
function NotTodayConfirmation({
  o,
  t,
  lang,
}: {
  o: Extract<CheckInOutcome, { outcome: 'NOT_TODAY' }>
  t: T
  lang: 'ja' | 'en'
}) {
  const location = useLocation()
  return (
    <div className="result result-warn confirm-step" data-testid="checkin-confirm">
      {/* Focus stays where it was: a scanner's next Enter must not press the button. */}
      <p id="not-today-question" role="alert">
        {t('checkin.outcome.NOT_TODAY', {
          name: o.person.name,
          date: formatDateTime(new Date(o.sessionStartsAt), lang),
          today: formatDate(new Date(o.today), lang),
        })}
        {o.person.organizationName ? <span className="muted"> {o.person.organizationName}</span> : null}
      </p>
      <Form method="post" className="actions" aria-labelledby="not-today-question">
        <input type="hidden" name="intent" value="pick" />
        <input type="hidden" name="registrationId" value={o.person.id} />
        <input type="hidden" name="via" value={o.source} />
        <input type="hidden" name="notToday" value="confirmed" />
        <button type="submit" className="button button-primary">
          {t('checkin.notTodayConfirm')}
        </button>
        <Link to={`${location.pathname}${location.search}`} className="button">
          {t('checkin.notTodayCancel')}
        </Link>
      </Form>
    </div>
  )
}
