import type { Db } from '~/utils/db.server'
import type { Prisma } from '~/generated/prisma/client'
import { percent, satisfactionByResponse } from './results.server'

/*
 * The survey rates indicators count (docs/decisions/0048-survey-results-and-rates.md):
 * SATISFACTION_RATE, the share of respondents whose overall satisfaction is in the top N points,
 * and RESPONSE_RATE, responses per invitation. A seminar counts in the fiscal year of its first
 * session, as registrations do. The figure is a percentage with one decimal; its numerator and
 * denominator come with it, for the report sentence and the evidence.
 */

export type RateIndicator = {
  rule: string
  topPoints: number | null
  /** The seminars in the indicator's scope (seminarScope in indicators.server.ts). */
  where: Prisma.SeminarWhereInput
}

export type RateBasis = {
  /** Satisfied respondents, or responses. */
  numerator: number
  /** Respondents with a satisfaction answer, or invitations. */
  denominator: number
  /** numerator ÷ denominator in percent, one decimal. */
  rate: number
  /** The seminars counted, in the order of their first session. */
  seminarIds: string[]
}

/** The lowest point that counts as satisfied: the top 2 of 5 are 5 and 4. */
export function satisfiedFrom(topPoints: number | null): number {
  const n = Math.min(4, Math.max(1, topPoints ?? 2))
  return 6 - n
}

/** The seminars in scope whose first session is in [start, end), with their survey. */
export async function rateSeminars(db: Db, where: Prisma.SeminarWhereInput, range: { start: Date; end: Date }) {
  const seminars = await db.seminar.findMany({
    where: { ...where, sessions: { some: {} } },
    select: {
      id: true,
      title: true,
      sessions: { select: { startsAt: true }, orderBy: { startsAt: 'asc' }, take: 1 },
      survey: { select: { id: true, anonymous: true } },
    },
  })
  return seminars
    .filter((s) => s.sessions[0].startsAt >= range.start && s.sessions[0].startsAt < range.end)
    .sort((a, b) => a.sessions[0].startsAt.getTime() - b.sessions[0].startsAt.getTime() || (a.id < b.id ? -1 : 1))
}

/** The rate over [start, end), or null when there is nothing to divide by (no respondent, no invitation). */
export async function surveyRateBasis(
  db: Db,
  indicator: RateIndicator,
  range: { start: Date; end: Date },
): Promise<RateBasis | null> {
  const seminars = await rateSeminars(db, indicator.where, range)
  const surveyIds = seminars.flatMap((s) => (s.survey ? [s.survey.id] : []))
  if (surveyIds.length === 0) return null
  let numerator: number
  let denominator: number
  if (indicator.rule === 'SATISFACTION_RATE') {
    const points = await satisfactionByResponse(db, surveyIds)
    const from = satisfiedFrom(indicator.topPoints)
    denominator = points.size
    numerator = [...points.values()].filter((p) => p >= from).length
  } else {
    ;[numerator, denominator] = await Promise.all([
      db.surveyResponse.count({ where: { surveyId: { in: surveyIds } } }),
      db.surveyInvitation.count({ where: { surveyId: { in: surveyIds } } }),
    ])
  }
  const rate = percent(numerator, denominator)
  return rate === null ? null : { numerator, denominator, rate, seminarIds: seminars.map((s) => s.id) }
}
