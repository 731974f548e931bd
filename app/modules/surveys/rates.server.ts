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

export type RateEvidenceRow = {
  /** The respondent's name: named surveys only, never for an anonymous one or a removed person. */
  name: string | null
  /** The Japan day answered; none in an anonymous survey. */
  answeredOn: Date | null
  /** The overall satisfaction point (SATISFACTION_RATE), else null. */
  point: number | null
  /** In the numerator: satisfied, or (RESPONSE_RATE) answered. */
  counted: boolean
}

export type RateEvidenceSeminar = {
  id: string
  title: string
  startsAt: Date
  anonymous: boolean
  invitations: number
  responses: number
  /** This seminar's part of the numerator and the denominator. */
  numerator: number
  denominator: number
  rows: RateEvidenceRow[]
}

export type RateEvidence = {
  rule: string
  topPoints: number | null
  numerator: number
  denominator: number
  rate: number | null
  seminars: RateEvidenceSeminar[]
}

/**
 * The responses behind a rate, per seminar: for a satisfaction rate every respondent with a
 * satisfaction answer (the denominator) and whether they count as satisfied; for a response rate
 * every response, with the seminar's invitations. An anonymous survey's rows carry no name and no
 * day, in the order of their random ids.
 */
export async function rateEvidence(
  db: Db,
  indicator: RateIndicator,
  range: { start: Date; end: Date },
): Promise<RateEvidence> {
  const seminars = await rateSeminars(db, indicator.where, range)
  const surveyIds = seminars.flatMap((s) => (s.survey ? [s.survey.id] : []))
  const satisfaction = indicator.rule === 'SATISFACTION_RATE'
  const from = satisfiedFrom(indicator.topPoints)
  const [points, invitations, responses] = await Promise.all([
    satisfaction ? satisfactionByResponse(db, surveyIds) : Promise.resolve(new Map<string, number>()),
    db.surveyInvitation.groupBy({ by: ['surveyId'], where: { surveyId: { in: surveyIds } }, _count: { _all: true } }),
    db.surveyResponse.findMany({
      where: { surveyId: { in: surveyIds } },
      orderBy: [{ id: 'asc' }],
      select: {
        id: true,
        surveyId: true,
        answeredOn: true,
        invitation: { select: { registration: { select: { name: true, anonymizedAt: true } } } },
      },
    }),
  ])
  const invited = new Map(invitations.map((i) => [i.surveyId, i._count._all]))
  const list: RateEvidenceSeminar[] = seminars.flatMap((s) => {
    if (!s.survey) return []
    const anonymous = s.survey.anonymous
    const mine = responses.filter((r) => r.surveyId === s.survey!.id)
    // Named surveys by the day answered; anonymous ones stay in the order of their random ids.
    if (!anonymous) mine.sort((a, b) => a.answeredOn.getTime() - b.answeredOn.getTime())
    const rows = mine.flatMap((r): RateEvidenceRow[] => {
      const point = satisfaction ? (points.get(r.id) ?? null) : null
      if (satisfaction && point === null) return []
      const person = anonymous ? null : r.invitation?.registration
      return [
        {
          name: person && person.anonymizedAt === null ? person.name : null,
          answeredOn: anonymous ? null : r.answeredOn,
          point,
          counted: satisfaction ? point! >= from : true,
        },
      ]
    })
    const numerator = rows.filter((r) => r.counted).length
    const denominator = satisfaction ? rows.length : (invited.get(s.survey.id) ?? 0)
    return [
      {
        id: s.id,
        title: s.title,
        startsAt: s.sessions[0].startsAt,
        anonymous,
        invitations: invited.get(s.survey.id) ?? 0,
        responses: mine.length,
        numerator,
        denominator,
        rows,
      },
    ]
  })
  const numerator = list.reduce((sum, s) => sum + s.numerator, 0)
  const denominator = list.reduce((sum, s) => sum + s.denominator, 0)
  return {
    rule: indicator.rule,
    topPoints: indicator.topPoints,
    numerator,
    denominator,
    rate: percent(numerator, denominator),
    seminars: list,
  }
}
