import type { MailHealth } from '~/modules/mail/health.server'
import { useT } from '~/utils/use-i18n'

/** Admins: whether the outbox is moving — the same figures /healthz reports under `mail`. */
export function MailHealthPanel({ health }: { health: MailHealth }) {
  const t = useT()
  const degraded = health.state === 'degraded'
  const age = health.oldestPendingSeconds
  return (
    <section aria-labelledby="mail-health-title" className="panel mail-health" data-mail-state={health.state}>
      <h2 id="mail-health-title">{t('mailHealth.title')}</h2>
      <p className={`result ${degraded ? 'result-warn' : 'result-ok'}`} role={degraded ? 'alert' : 'status'}>
        {t(degraded ? 'mailHealth.degraded' : 'mailHealth.ok')}
      </p>
      {health.reasons.map((reason) => (
        <p key={reason}>
          {reason === 'stuck'
            ? t('mailHealth.stuck', { minutes: health.stuckAfterSeconds / 60 })
            : t('mailHealth.failing')}
        </p>
      ))}
      <dl className="facts">
        <dt>{t('mailHealth.pending')}</dt>
        <dd>{t('mailHealth.count', { count: health.pending })}</dd>
        <dt>{t('mailHealth.oldest')}</dt>
        <dd>
          {health.pending === 0
            ? t('mailHealth.none')
            : age >= 60
              ? t('mailHealth.ageMinutes', { minutes: Math.floor(age / 60) })
              : t('mailHealth.ageSeconds', { seconds: age })}
        </dd>
        <dt>{t('mailHealth.failedLastHour')}</dt>
        <dd>{t('mailHealth.count', { count: health.failedLastHour })}</dd>
        <dt>{t('mailHealth.sentLastHour')}</dt>
        <dd>{t('mailHealth.count', { count: health.sentLastHour })}</dd>
      </dl>
    </section>
  )
}
