import type { Db } from '~/utils/db.server'
import type { ParticipationTotals } from '../exports/participation-totals.server'
import { currentTime } from '~/utils/clock.server'
import { loadIndicators, reportedFigure, yearRateBasis, yearStatus } from './indicators.server'
import { rateSentence, reportSentences, wordingOf } from './report-sentences'

/** The report sentences of every program that held a session, each in its program's wording. */
export async function programReportSentences(db: Db, totals: ParticipationTotals, lang: 'ja' | 'en') {
  const held = totals.programs.filter((p) => p.sessionsHeld > 0)
  const wordings = await db.program.findMany({
    where: { id: { in: held.map((p) => p.programId) } },
    select: { id: true, reportTotalWord: true, reportCounter: true, reportUniquePersons: true, reportCompanies: true },
  })
  const byId = new Map(wordings.map((w) => [w.id, wordingOf(w)]))
  return held.map((p) => ({
    programId: p.programId,
    programName: p.programName,
    sentences: reportSentences(
      { programName: p.programName, seminars: p.seminars, total: p },
      lang,
      byId.get(p.programId),
    ),
  }))
}

/**
 * The sentences of the rate indicators for a fiscal year, as reported: a closed year's rate with
 * the count frozen with it (moved by accepted differences), an open year's from the records.
 */
export async function rateSentences(db: Db, fiscalYear: number, lang: 'ja' | 'en', now = currentTime()) {
  const [indicators, status] = await Promise.all([loadIndicators(db), yearStatus(db, fiscalYear)])
  const rates = indicators.filter((i) => i.rule === 'SATISFACTION_RATE' || i.rule === 'RESPONSE_RATE')
  const sentences = await Promise.all(
    rates.map(async (i) => {
      const figure = await reportedFigure(db, i, fiscalYear, status, now)
      if (figure.actual === null) return []
      const snapshot = status.closed
        ? await db.indicatorSnapshot.findUnique({
            where: { indicatorId_fiscalYear: { indicatorId: i.id, fiscalYear } },
            select: { basis: true },
          })
        : null
      const basis = snapshot
        ? snapshot.basis
        : figure.manual
          ? null
          : ((await yearRateBasis(db, i, fiscalYear))?.denominator ?? null)
      const name = lang === 'en' && i.nameEn ? i.nameEn : i.name
      const rule = i.rule as 'SATISFACTION_RATE' | 'RESPONSE_RATE'
      return [{ indicatorId: i.id, sentence: rateSentence({ name, rule, rate: figure.actual, basis }, lang) }]
    }),
  )
  return sentences.flat()
}
