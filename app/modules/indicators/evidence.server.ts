import type { Db } from '~/utils/db.server'
import { notFound } from '~/utils/errors'
import type { AttendanceMode, AttendanceSource } from '~/generated/prisma/client'
import { ANONYMIZED_NAME } from '../privacy/retention.server'
import { pseudonymCode } from '../privacy/identity.server'
import { fiscalYearRange } from '~/utils/time'
import { loadIndicators, seminarScope, yearsCovered, type IndicatorRow } from './indicators.server'
import { inScope, isCounted, memberKeys, type ScopedIndicator } from './tally.server'
import { closedFigure } from './year-close.server'
import { rateEvidence, type RateEvidence } from '../surveys/rates.server'
import { completersEvidence, type CompletersEvidence } from '../completion/completion.server'

/*
 * What an actual is made of (docs/domain.md#every-figure-can-be-opened;
 * docs/decisions/0014-keyed-identity-and-unique-evidence.md):
 * the sessions it counts with their counted attendance records, and for unique persons (実人数) and
 * unique organizations (社数) the distinct members behind the figure, each with its records and the
 * spellings merged into it. The members are chosen by the very rules the tallies use (isCounted,
 * inScope, memberKeys, the fiscal year of the session, a cumulative indicator from its base year),
 * so their number is the actual the dashboard shows.
 */

export type EvidenceRecord = {
  registrationId: string
  /** The name on the registration (（削除済み） once removed) and the organization as typed. */
  name: string
  organizationName: string | null
  seminarId: string
  seminarTitle: string
  sessionId: string
  sessionNumber: number
  startsAt: Date
  mode: AttendanceMode
  source: AttendanceSource
  onlineMinutes: number | null
  checkedInAt: Date
}

export type EvidenceMember = {
  /** Stable, not reversible: 参加者 #<code> / 組織 #<code> (derived from the row id). */
  code: string
  /** The person's or organization's current name; null for a person whose data was removed. */
  name: string | null
  anonymized: boolean
  corporateNumber: string | null
  /** The spellings its records used, merged into it (株式会社〇〇 / (株)〇〇 / ㈱〇〇, or name variants). */
  spellings: string[]
  records: EvidenceRecord[]
}

export type EvidenceSession = {
  sessionId: string
  number: number
  startsAt: Date
  endsAt: Date
  seminar: { id: string; title: string; minOnlineMinutes: number; program: { name: string } }
  personTimes: number
  persons: number
  organizations: number
  records: {
    mode: AttendanceMode
    source: AttendanceSource
    onlineMinutes: number | null
    checkedInAt: Date
    registration: { id: string; name: string; organizationName: string | null }
  }[]
}

export type Evidence = {
  indicator: IndicatorRow
  /** The fiscal years the actual covers (a cumulative indicator: from its base year). */
  fromYear: number
  toYear: number
  sessions: EvidenceSession[]
  /** For unique persons / organizations: who is counted; `total` equals the actual. */
  members: { kind: 'PERSONS' | 'ORGANIZATIONS'; total: number; list: EvidenceMember[] } | null
  /** For survey rates: the responses behind the rate (no attendance sessions then). */
  survey: RateEvidence | null
  /** For 修了者数: who completed, seminar by seminar (no attendance sessions then). */
  completers?: CompletersEvidence | null
}

/**
 * The scope as the tallies see it: the mapping of talliedIndicators() (tally.server.ts), made from
 * the row already loaded. The randomized test in evidence.server.test.ts holds the two together.
 */
function scopeOf(indicator: IndicatorRow): ScopedIndicator {
  return {
    id: indicator.id,
    rule: indicator.rule,
    modeScope: indicator.modeScope,
    categoryIds: indicator.categories.map((c) => c.categoryId),
    seminarIds: indicator.seminars.map((s) => s.seminarId),
    programIds: indicator.programs.map((p) => p.programId),
    cumulativeFrom: indicator.cumulative && indicator.baseYear !== null ? indicator.baseYear : null,
  }
}

/** What an actual is made of: the sessions and records it counts and, for unique counts, who. */
export async function evidence(db: Db, indicatorId: string, fiscalYear: number): Promise<Evidence | null> {
  const indicator = (await loadIndicators(db)).find((i) => i.id === indicatorId)
  if (!indicator) return null
  const scoped = scopeOf(indicator)
  const { from, to } = yearsCovered(indicator, fiscalYear)
  if (indicator.rule === 'SATISFACTION_RATE' || indicator.rule === 'RESPONSE_RATE') {
    const range = { start: fiscalYearRange(from).start, end: fiscalYearRange(to).end }
    const survey = await rateEvidence(db, { ...indicator, where: seminarScope(indicator) }, range)
    return { indicator, fromYear: from, toYear: to, sessions: [], members: null, survey }
  }
  if (indicator.rule === 'COMPLETERS') {
    const range = { start: fiscalYearRange(from).start, end: fiscalYearRange(to).end }
    const completers = await completersEvidence(db, seminarScope(indicator), range, indicator.modeScope)
    return { indicator, fromYear: from, toYear: to, sessions: [], members: null, survey: null, completers }
  }
  const sessions = await db.session.findMany({
    where: {
      startsAt: { gte: fiscalYearRange(from).start, lt: fiscalYearRange(to).end },
      seminar: seminarScope(indicator),
    },
    orderBy: [{ startsAt: 'asc' }, { id: 'asc' }],
    select: {
      id: true,
      number: true,
      startsAt: true,
      endsAt: true,
      seminar: {
        select: {
          id: true,
          title: true,
          programId: true,
          categoryId: true,
          minOnlineMinutes: true,
          program: { select: { name: true } },
        },
      },
      attendances: {
        orderBy: [{ checkedInAt: 'asc' }, { id: 'asc' }],
        select: {
          mode: true,
          source: true,
          onlineMinutes: true,
          checkedInAt: true,
          registration: {
            select: {
              id: true,
              name: true,
              organizationName: true,
              personId: true,
              organizationId: true,
              role: true,
              person: { select: { name: true, anonymizedAt: true } },
              organization: { select: { name: true, corporateNumber: true } },
            },
          },
        },
      },
    },
  })

  const memberRule =
    indicator.rule === 'UNIQUE_PERSONS' || indicator.rule === 'UNIQUE_ORGANIZATIONS' ? indicator.rule : null
  const members = new Map<string, EvidenceMember & { spelled: Set<string> }>()
  const result: EvidenceSession[] = []
  for (const s of sessions) {
    const { programId, categoryId, minOnlineMinutes, ...seminar } = s.seminar
    const context = { seminarId: seminar.id, programId, categoryId, minOnlineMinutes }
    const counted = s.attendances.filter(
      (a) => isCounted(a, { ...context, role: a.registration.role }) && inScope(scoped, context, a.mode),
    )
    for (const a of counted) {
      if (!memberRule) break
      const r = a.registration
      for (const key of memberKeys(memberRule, r)) {
        let member = members.get(key)
        if (!member) {
          const isPerson = key.startsWith('P:')
          const anonymized = isPerson && r.person.anonymizedAt !== null
          member = {
            code: pseudonymCode(key.slice(2)),
            name: isPerson ? (anonymized ? null : r.person.name) : (r.organization?.name ?? null),
            anonymized,
            corporateNumber: isPerson ? null : (r.organization?.corporateNumber ?? null),
            spellings: [],
            spelled: new Set(),
            records: [],
          }
          members.set(key, member)
        }
        const spelling = key.startsWith('P:') ? (r.name === ANONYMIZED_NAME ? null : r.name) : r.organizationName
        if (spelling) member.spelled.add(spelling)
        member.records.push({
          registrationId: r.id,
          name: r.name,
          organizationName: r.organizationName,
          seminarId: seminar.id,
          seminarTitle: seminar.title,
          sessionId: s.id,
          sessionNumber: s.number,
          startsAt: s.startsAt,
          mode: a.mode,
          source: a.source,
          onlineMinutes: a.onlineMinutes,
          checkedInAt: a.checkedInAt,
        })
      }
    }
    result.push({
      sessionId: s.id,
      number: s.number,
      startsAt: s.startsAt,
      endsAt: s.endsAt,
      seminar: { ...seminar, minOnlineMinutes },
      personTimes: counted.length,
      persons: new Set(counted.map((a) => a.registration.personId)).size,
      organizations: new Set(counted.map((a) => a.registration.organizationId).filter(Boolean)).size,
      records: counted.map((a) => ({
        mode: a.mode,
        source: a.source,
        onlineMinutes: a.onlineMinutes,
        checkedInAt: a.checkedInAt,
        registration: {
          id: a.registration.id,
          name: a.registration.name,
          organizationName: a.registration.organizationName,
        },
      })),
    })
  }
  const list = [...members.values()].map(({ spelled, ...m }) => ({
    ...m,
    spellings: [...spelled].sort((a, b) => a.localeCompare(b, 'ja')),
  }))
  return {
    indicator,
    fromYear: from,
    toYear: to,
    sessions: result,
    members: memberRule
      ? { kind: memberRule === 'UNIQUE_PERSONS' ? 'PERSONS' : 'ORGANIZATIONS', total: list.length, list }
      : null,
    survey: null,
  }
}

/**
 * The evidence page of an actual (404 for no such indicator), with a closed year's figure as
 * reported. Without the right to read personal data, no attendance record is listed and a person
 * is only their pseudonym (an organization keeps its name).
 */
export async function evidencePage(db: Db, indicatorId: string, fiscalYear: number, mayReadRecords: boolean) {
  const result = await evidence(db, indicatorId, fiscalYear)
  if (!result) throw notFound()
  const closed = await closedFigure(db, result.indicator.id, fiscalYear)
  const persons = result.members?.kind === 'PERSONS'
  return {
    fiscalYear,
    fromYear: result.fromYear,
    indicator: {
      id: result.indicator.id,
      name: result.indicator.name,
      rule: result.indicator.rule,
      unit: result.indicator.unit,
    },
    sessions: result.sessions.map((s) => ({ ...s, records: mayReadRecords ? s.records : [] })),
    members: result.members && {
      ...result.members,
      list: result.members.list.map((m) => ({
        ...m,
        name: persons && !mayReadRecords ? null : m.name,
        spellings: persons && !mayReadRecords ? [] : m.spellings,
        records: m.records.map((r) => ({ ...r, name: mayReadRecords ? r.name : '' })),
      })),
    },
    survey: result.survey && {
      ...result.survey,
      seminars: result.survey.seminars.map((s) => ({
        ...s,
        rows: s.rows.map((r) => ({ ...r, name: mayReadRecords ? r.name : null })),
      })),
    },
    completers: result.completers
      ? {
          ...result.completers,
          seminars: result.completers.seminars.map((s) => ({
            ...s,
            people: s.people.map((p) => ({
              ...p,
              name: mayReadRecords ? p.name : null,
              organizationName: mayReadRecords ? p.organizationName : null,
            })),
          })),
        }
      : null,
    mayReadRecords,
    closed,
  }
}
