import type { Db } from '~/utils/db.server'
import type { Lang } from '~/utils/i18n'
import { evaluationTable, multiYearTable } from './evaluation-export.server'
import { currentFiscalYear, dashboard } from './indicators.server'
import { completerSentences, programReportSentences, rateSentences } from './report-sentences.server'
import { differencesDigest, pendingDifferences, reportedParticipation, yearAdjustments } from './year-close.server'
import { currentTime } from '~/utils/clock.server'

/*
 * What the console's figure pages show for a fiscal year: the indicator dashboard and the reports
 * page, each with what a closed year holds (its pending differences and accepted adjustments).
 */

/** The dashboard of a fiscal year, with the years it offers (next year and seven back). */
export async function dashboardPage(db: Db, fiscalYear: number, now = currentTime()) {
  const [board, pending, adjustments] = await Promise.all([
    dashboard(db, fiscalYear, now),
    pendingDifferences(db, fiscalYear, now),
    yearAdjustments(db, fiscalYear),
  ])
  const current = currentFiscalYear(now)
  return {
    board,
    pending,
    digest: differencesDigest(pending),
    adjustments,
    years: Array.from({ length: 8 }, (_, i) => current + 1 - i),
  }
}

/**
 * The reports page of a fiscal year: sentences per program in the style of the annual reports,
 * the evaluation sheet and the multi-year table as the exports write them (rate, band, state).
 */
export async function reportsPage(db: Db, fiscalYear: number, lang: Lang, now = currentTime()) {
  // A closed year's sentences are made of its frozen totals (docs/decisions/0018-closed-years.md).
  const [reported, pending, evaluation, multiYear] = await Promise.all([
    reportedParticipation(db, fiscalYear, now),
    pendingDifferences(db, fiscalYear, now),
    evaluationTable(db, fiscalYear, lang, now),
    multiYearTable(db, fiscalYear, lang, undefined, now),
  ])
  return {
    fiscalYear,
    programs: await programReportSentences(db, reported.totals, lang),
    rates: await rateSentences(db, fiscalYear, lang, now),
    completers: await completerSentences(db, fiscalYear, lang, now),
    evaluation,
    multiYear,
    status: reported.status,
    pending,
    digest: differencesDigest(pending),
    adjustments: reported.adjustments,
    years: Array.from({ length: 11 }, (_, i) => currentFiscalYear(now) - i),
  }
}
