import type { Db } from '~/utils/db.server'
import type { ParticipationTotals } from '../exports/participation-totals.server'
import { reportSentences, wordingOf } from './report-sentences'

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
