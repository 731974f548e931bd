import { japaneseEraYear, tokyoWallClock } from '~/utils/time'
import type { DateStyle } from './forms'

/**
 * A date as the office writes it on a certificate, in Japan time: 令和8年12月1日 (ERA, the era
 * from the runtime's Japanese calendar, app/utils/time.ts) or 2026年12月1日 (WESTERN).
 */
export function certificateDate(instant: Date, style: DateStyle): string {
  const { year, month, day } = tokyoWallClock(instant)
  return `${style === 'ERA' ? japaneseEraYear(instant) : `${year}年`}${month}月${day}日`
}
