import { Form } from '@remix-run/react'
import { differenceLine } from '~/modules/indicators/difference-line'
import type { ShownAdjustment, YearAdjustmentDetail } from '~/modules/indicators/year-close.server'
import type { Lang, T } from '~/utils/i18n'
import { formatDateTime } from '~/utils/time'

import { signedNumber as signed } from '~/modules/indicators/signed-number'

/**
 * A closed year's pending differences (with the form that accepts them all, for those who may)
 * and the adjustments accepted so far with their reasons: shown wherever closed figures are.
 */
export function ClosedYearDifferences({
  fiscalYear,
  version,
  digest,
  pending,
  adjustments,
  canAccept,
  t,
  lang,
}: {
  fiscalYear: number
  /** What this page saw: accepting refuses if the year or its differences moved since. */
  version: number
  digest: string
  pending: YearAdjustmentDetail
  adjustments: ShownAdjustment[]
  canAccept: boolean
  t: T
  lang: Lang
}) {
  const any = pending.indicators.length + pending.participation.length > 0
  return (
    <>
      {any ? (
        <div className="panel pending-differences" role="region" aria-label={t('close.pendingTitle')}>
          <h2>{t('close.pendingTitle')}</h2>
          <p>{t('close.pendingLead')}</p>
          <ul>
            {pending.indicators.map((d) => (
              <li key={d.indicatorId}>
                {d.name}: {signed(d.delta)}
              </li>
            ))}
            {pending.participation.map((d, i) => (
              <li key={i}>{differenceLine(t, d, lang)}</li>
            ))}
          </ul>
          {canAccept ? (
            <Form method="post" action={`/console/indicators?fy=${fiscalYear}`} className="inline-form">
              <input type="hidden" name="intent" value="accept" />
              <input type="hidden" name="fiscalYear" value={fiscalYear} />
              <input type="hidden" name="version" value={version} />
              <input type="hidden" name="digest" value={digest} />
              <label htmlFor="accept-reason">{t('ind.acceptReason')}</label>
              <div className="row">
                <input id="accept-reason" name="reason" type="text" required maxLength={500} />
                <button type="submit" className="button">
                  {t('close.acceptAll')}
                </button>
              </div>
            </Form>
          ) : null}
        </div>
      ) : null}
      {adjustments.length ? (
        <div className="panel adjustments">
          <h2>{t('close.adjustmentsTitle')}</h2>
          <ul>
            {adjustments.map((a) => (
              <li key={a.id}>
                {t('close.adjustmentLine', {
                  date: formatDateTime(new Date(a.acceptedAt), lang),
                  who: a.acceptedBy ?? t('close.unknownUser'),
                  reason: a.reason,
                })}
                <ul>
                  {a.detail.indicators.map((d) => (
                    <li key={d.indicatorId}>
                      {d.name}: {signed(d.delta)}
                    </li>
                  ))}
                  {a.detail.participation.map((d, i) => (
                    <li key={i}>{differenceLine(t, d, lang)}</li>
                  ))}
                </ul>
              </li>
            ))}
          </ul>
        </div>
      ) : null}
    </>
  )
}
