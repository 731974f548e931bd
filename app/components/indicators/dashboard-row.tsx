import { Link } from '@remix-run/react'
import { localized } from '~/components/seminar-bits'
import { fiscalYearLabel } from '~/utils/time'
import type { DashboardRow } from '~/modules/indicators/indicators.server'
import { signedNumber as signed } from '~/modules/indicators/signed-number'
import type { Lang, T } from '~/utils/i18n'

/** One indicator of the dashboard: plan, actual (with its marks), rate, trend, pacing, evidence. */

const number = (v: number | null | undefined) =>
  (v === null || v === undefined ? '－' : Math.round(v * 100) / 100).toLocaleString('ja-JP')

/** Labels no smaller than 12 px (issue 18): the years under the bars are read, not guessed. */
export const CHART_LABEL_PX = 12

/** Previous years and this one as small bars (a chart that needs no script). */
export function TrendChart({ trend, lang, unit }: { trend: DashboardRow['trend']; lang: Lang; unit: string }) {
  const max = Math.max(1, ...trend.map((p) => p.actual ?? 0))
  const w = 22
  const h = 40
  return (
    <svg
      width={trend.length * (w + 4)}
      height={h + CHART_LABEL_PX + 6}
      role="img"
      aria-label={trend.map((p) => `${fiscalYearLabel(p.fiscalYear, lang)} ${number(p.actual)}${unit}`).join(', ')}
    >
      {trend.map((p, i) => {
        const bh = p.actual ? Math.max(1, (p.actual / max) * h) : 0
        return (
          <g key={p.fiscalYear}>
            <rect
              x={i * (w + 4)}
              y={h - bh}
              width={w}
              height={bh}
              fill={i === trend.length - 1 ? '#0b5cab' : '#8fb3da'}
            />
            <text
              x={i * (w + 4) + w / 2}
              y={h + CHART_LABEL_PX + 2}
              fontSize={CHART_LABEL_PX}
              textAnchor="middle"
              fill="#4f5966"
            >
              {String(p.fiscalYear).slice(2)}
            </text>
          </g>
        )
      })}
    </svg>
  )
}

export function DashboardTableRow({
  row,
  t,
  lang,
  fiscalYear,
  closed,
}: {
  row: DashboardRow
  t: T
  lang: Lang
  fiscalYear: number
  closed: boolean
}) {
  return (
    <tr>
      <td>
        <Link to={`/console/indicators/${row.indicatorId}`}>{localized(lang, row.name, row.nameEn)}</Link>
        {row.repeat ? <span className="chip">{t('ind.repeat')}</span> : null}
        <div className="muted">
          {t(`ind.kind.${row.kind}`)} · {t(`ind.rule.${row.rule}`)}
          {row.baseline !== null ? ` · ${t('ind.baselineShort', { value: number(row.baseline) })}` : ''}
        </div>
      </td>
      <td className="num">
        {number(row.plan)}
        {row.plan !== null ? row.unit : ''}
      </td>
      <td className="num">
        <strong>{number(row.figure.actual)}</strong>
        {row.figure.actual !== null ? row.unit : ''}
        {row.figure.state !== 'FINAL' ? <span className="chip">{t(`ind.state.${row.figure.state}`)}</span> : null}
        {row.figure.manual && row.figure.actual !== null ? (
          <span className="chip">{t('plans.handEntered')}</span>
        ) : null}
        {row.figure.recorded !== null && row.figure.recorded !== row.figure.live ? (
          <div className="muted">{t('plans.recorded', { value: number(row.figure.recorded) })}</div>
        ) : null}
        {closed && row.figure.pending !== 0 ? (
          <div className="pending">{t('close.pendingFigure', { delta: signed(row.figure.pending) })}</div>
        ) : null}
        {row.figure.adjustments.map((a, i) => (
          <div key={i} className="muted">
            {t('close.noteAdjusted', { delta: signed(a.delta), reason: a.reason })}
          </div>
        ))}
      </td>
      <td className="num">{row.rate === null ? '－' : `${Math.round(row.rate * 1000) / 10}%`}</td>
      <td>
        <TrendChart trend={row.trend} lang={lang} unit={row.unit} />
      </td>
      <td>
        {row.pacing ? (
          <span className={row.pacing.onTrack ? 'pace-ok' : 'pace-behind'}>
            {t(row.pacing.onTrack ? 'ind.onTrack' : 'ind.behind', {
              actual: number(row.pacing.actual),
              expected: number(Math.round(row.pacing.expected)),
            })}
          </span>
        ) : (
          '－'
        )}
      </td>
      <td>
        <Link to={`/console/indicators/${row.indicatorId}/evidence?fy=${fiscalYear}`}>{t('ind.evidence')}</Link>
      </td>
    </tr>
  )
}
