import type { Lang, T } from '~/utils/i18n'
import { jsicLabel } from '../registration/jsic'
import type { ParticipationDifference } from './year-close.server'

/** One participation difference as a line: 「創業支援事業 / 〇〇講座 市内 延べ人数: 10 → 9」. */
export function differenceLine(t: T, d: ParticipationDifference, lang: Lang): string {
  const measure = t(`close.figure.${d.figure}`)
  const part = !d.breakdown
    ? ''
    : d.breakdown.kind === 'industry'
      ? `${t('close.industry')} ${jsicLabel(d.breakdown.key, lang) || t('close.unknown')} `
      : `${t(d.breakdown.key === 'in' ? 'close.inCity' : d.breakdown.key === 'out' ? 'close.outsideCity' : 'close.unknown')} `
  return t('close.participationLine', {
    where: [d.programName || t('close.total'), d.seminarTitle].filter(Boolean).join(' / '),
    figure: `${part}${measure}`,
    from: d.reported.toLocaleString('ja-JP'),
    to: d.live.toLocaleString('ja-JP'),
  })
}
