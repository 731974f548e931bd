import type { Lang } from '~/utils/i18n'
import { formatDate, formatTime } from '~/utils/time'

/**
 * A date and time in a table cell: 「2026年12月1日(火)」 and 「15:11」 each kept whole, the line
 * breaking only between them (issue 18: a squeezed column broke 「12月1 / 日」).
 */
export function DateTime({ date, lang }: { date: Date | string; lang: Lang }) {
  const d = new Date(date)
  return (
    <>
      <span className="nowrap">{formatDate(d, lang)}</span> <span className="nowrap">{formatTime(d, lang)}</span>
    </>
  )
}
