import type { Db } from '~/utils/db.server'
import type { ParticipationTotals } from '../exports/participation-totals.server'
import { currentTime } from '~/utils/clock.server'
import { fiscalYearRange } from '~/utils/time'
import { completersOf } from '../completion/completion.server'
import { loadIndicators, reportedFigure, seminarScope, yearRateBasis, yearStatus } from './indicators.server'
import { completerSentence, rateSentence, reportSentences, wordingOf } from './report-sentences'

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

/**
 * The sentences of the 修了者数 indicators for a fiscal year: one per series counted, in its
 * program's counter — 「AI人材育成プログラム（全5回）修了者 41名」. A closed year whose records have
 * moved since (a pending difference) says the reported figure under the indicator's name instead,
 * as the per-series counts were not frozen; so does a figure entered by hand.
 */
export async function completerSentences(db: Db, fiscalYear: number, lang: 'ja' | 'en', now = currentTime()) {
  const [indicators, status] = await Promise.all([loadIndicators(db), yearStatus(db, fiscalYear)])
  const sentences = await Promise.all(
    indicators
      .filter((i) => i.rule === 'COMPLETERS')
      .map(async (i) => {
        const figure = await reportedFigure(db, i, fiscalYear, status, now)
        if (figure.actual === null) return []
        const name = lang === 'en' && i.nameEn ? i.nameEn : i.name
        if (figure.manual || figure.pending !== 0 || i.cumulative) {
          const sentence = completerSentence({ title: name, sessions: null, count: figure.actual }, lang)
          return [{ key: i.id, indicatorId: i.id, sentence }]
        }
        const seminars = await completersOf(db, seminarScope(i), fiscalYearRange(fiscalYear), i.modeScope)
        const counters = new Map(
          (
            await db.seminar.findMany({
              where: { id: { in: seminars.map((s) => s.seminarId) } },
              select: { id: true, titleEn: true, program: { select: { reportCounter: true } } },
            })
          ).map((s) => [s.id, s]),
        )
        return seminars.map((s) => {
          const row = counters.get(s.seminarId)
          const title = lang === 'en' && row?.titleEn ? row.titleEn : s.title
          const counter = row?.program.reportCounter === '人' ? '人' : '名'
          const sentence = completerSentence(
            { title, sessions: s.sessionCount, count: s.completers.length, counter },
            lang,
          )
          return { key: `${i.id}:${s.seminarId}`, indicatorId: i.id, sentence }
        })
      }),
  )
  return sentences.flat()
}
