import type { CheckInOutcome } from '~/modules/attendance/checkin.server'
import type { T } from '~/utils/i18n'
import { formatDate, formatTime } from '~/utils/time'

/** What the door's action answered: a check-in's outcome, or an undo (with the person's name). */
export type DoorResult = { outcome: CheckInOutcome } | { undone: { name: string } | null }

function outcomeMessage(o: CheckInOutcome, t: T, lang: 'ja' | 'en'): string {
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
    case 'OTHER_SEMINAR':
      return t('checkin.outcome.OTHER_SEMINAR', {
        title: o.seminarTitle,
        date: o.firstSessionAt ? formatDate(new Date(o.firstSessionAt), lang) : '',
      })
    case 'NOT_FOUND':
      return t('checkin.outcome.NOT_FOUND', { code: o.code })
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
