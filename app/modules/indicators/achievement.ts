import type { FigureState } from '~/generated/prisma/client'
import { fiscalYearRange } from '~/utils/time'

/*
 * 達成率 and 達成度区分 as the exports and the reports page show them, and the state a reported
 * figure carries there. Shared by server and browser (no database).
 */

export type Bands = { bandA: number; bandB: number; bandC: number }
export type Band = 'A' | 'B' | 'C' | 'D'

export const DEFAULT_BANDS: Bands = { bandA: 110, bandB: 80, bandC: 50 }

/**
 * actual ÷ plan in %, rounded half up to one decimal (104.96… → 105.0). null — a blank cell — when
 * the year has no actual, no plan, or a plan of 0 (no rate can be said).
 */
export function achievementRate(actual: number | null, plan: number | null): number | null {
  if (actual === null || plan === null || plan <= 0) return null
  return Math.round((actual / plan) * 1000 + Number.EPSILON) / 10
}

/** The band of a rounded rate: A at or above bandA, B at or above bandB, C at or above bandC, else D. */
export function achievementBand(rate: number | null, bands: Bands): Band | null {
  if (rate === null) return null
  return rate >= bands.bandA ? 'A' : rate >= bands.bandB ? 'B' : rate >= bands.bandC ? 'C' : 'D'
}

/**
 * The state a reported figure carries: 確定 (FINAL) only when its fiscal year is closed; otherwise
 * 集計中 (COUNTING) while the year is not over or when a hand-entered figure is marked 集計中, and
 * 見込 (ESTIMATE) for an ended year that is not closed yet.
 */
export function reportState(
  figureState: FigureState,
  closed: boolean,
  fiscalYear: number,
  now = new Date(),
): FigureState {
  if (closed) return 'FINAL'
  if (figureState === 'COUNTING' || now < fiscalYearRange(fiscalYear).end) return 'COUNTING'
  return 'ESTIMATE'
}
