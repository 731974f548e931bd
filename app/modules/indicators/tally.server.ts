import type { Db } from '~/utils/db.server'
import type { AttendanceMode } from '~/generated/prisma/client'
import { calendarMonthOf, fiscalYearOf } from './fiscal-year'

/*
 * Indicator tallies (docs/decisions/0009-indicators.md). For every seminar-fed indicator counted
 * by attendance (person-times, unique persons, unique organizations), IndicatorTally holds how
 * often each member counted per fiscal year and month, and IndicatorActual the resulting
 * per-year figures. Every attendance change adds the matching operations to its own batch
 * transaction, so the figures are current the moment the attendance is: no recount button.
 * A change of scope (an indicator edited, a seminar moved to another program, a session moved
 * across 31 March, a minimum changed, a role changed) rebuilds the affected indicators from the
 * raw records.
 */

export const TALLIED_RULES = ['PERSON_TIMES', 'UNIQUE_PERSONS', 'UNIQUE_ORGANIZATIONS'] as const

export type ScopedIndicator = {
  id: string
  rule: string
  modeScope: 'ALL' | 'IN_PERSON' | 'ONLINE'
  categories: string[]
  programIds: string[]
}

export type CountableAttendance = {
  sessionId: string
  registrationId: string
  mode: AttendanceMode
  onlineMinutes: number | null
  /** Given when the registration is written in the same batch, or is about to change role. */
  registration?: { personId: string; organizationId: string | null; role: string }
}

type Context = {
  startsAt: Date
  programId: string
  category: string
  minOnlineMinutes: number
  personId: string
  organizationId: string | null
  role: string
}

/** Domain rule 2: attended, by a participant, and online long enough. */
export function isCounted(
  a: Pick<CountableAttendance, 'mode' | 'onlineMinutes'>,
  c: Pick<Context, 'role' | 'minOnlineMinutes'>,
): boolean {
  if (c.role !== 'PARTICIPANT') return false
  return !(a.mode === 'ONLINE' && a.onlineMinutes !== null && a.onlineMinutes < c.minOnlineMinutes)
}

export function inScope(
  indicator: ScopedIndicator,
  c: Pick<Context, 'programId' | 'category'>,
  mode: AttendanceMode,
): boolean {
  if (!indicator.programIds.includes(c.programId)) return false
  if (indicator.categories.length > 0 && !indicator.categories.includes(c.category)) return false
  return indicator.modeScope === 'ALL' || indicator.modeScope === mode
}

export async function talliedIndicators(db: Db): Promise<ScopedIndicator[]> {
  const rows = await db.indicator.findMany({
    where: { rule: { in: [...TALLIED_RULES] } },
    select: { id: true, rule: true, modeScope: true, categories: true, programs: { select: { programId: true } } },
    orderBy: { id: 'asc' },
  })
  return rows.map((r) => ({
    id: r.id,
    rule: r.rule,
    modeScope: r.modeScope,
    categories: JSON.parse(r.categories) as string[],
    programIds: r.programs.map((p) => p.programId),
  }))
}

async function contexts(db: Db, attendances: CountableAttendance[]): Promise<Map<string, Context>> {
  const sessions = await db.session.findMany({
    where: { id: { in: [...new Set(attendances.map((a) => a.sessionId))] } },
    select: {
      id: true,
      startsAt: true,
      seminar: { select: { programId: true, category: true, minOnlineMinutes: true } },
    },
  })
  const registrations = await db.registration.findMany({
    where: { id: { in: [...new Set(attendances.map((a) => a.registrationId))] } },
    select: { id: true, personId: true, organizationId: true, role: true },
  })
  const bySession = new Map(sessions.map((s) => [s.id, s]))
  const byRegistration = new Map(registrations.map((r) => [r.id, r]))
  const result = new Map<string, Context>()
  for (const a of attendances) {
    const s = bySession.get(a.sessionId)
    const r = a.registration ?? byRegistration.get(a.registrationId)
    if (!s || !r) continue
    result.set(`${a.sessionId}:${a.registrationId}`, {
      startsAt: s.startsAt,
      programId: s.seminar.programId,
      category: s.seminar.category,
      minOnlineMinutes: s.seminar.minOnlineMinutes,
      personId: r.personId,
      organizationId: r.organizationId,
      role: r.role,
    })
  }
  return result
}

type Change = { indicatorId: string; fiscalYear: number; month: number; members: string[]; sign: 1 | -1 }

/**
 * The statements that keep tallies and actuals in step with attendances being added (sign +1) or
 * removed (sign −1). Put them in the same batch transaction as the attendance change itself.
 */
export async function tallyOps(db: Db, attendances: CountableAttendance[], sign: 1 | -1) {
  if (attendances.length === 0) return []
  const indicators = await talliedIndicators(db)
  if (indicators.length === 0) return []
  const ctx = await contexts(db, attendances)
  const changes: Change[] = []
  for (const a of attendances) {
    const c = ctx.get(`${a.sessionId}:${a.registrationId}`)
    if (!c || !isCounted(a, c)) continue
    for (const indicator of indicators) {
      if (!inScope(indicator, c, a.mode)) continue
      changes.push({
        indicatorId: indicator.id,
        fiscalYear: fiscalYearOf(c.startsAt),
        month: calendarMonthOf(c.startsAt),
        members: [`P:${c.personId}`, ...(c.organizationId ? [`O:${c.organizationId}`] : [])],
        sign,
      })
    }
  }
  // Lock each (indicator, year) row first, always in the same order: on PostgreSQL concurrent
  // changes of one figure then take turns, and the distinct counts below see each other.
  const keys = [...new Set(changes.map((c) => `${c.indicatorId}|${c.fiscalYear}`))].sort()
  const locks = keys.map((k) => {
    const [indicatorId, fy] = k.split('|')
    const fiscalYear = Number(fy)
    return db.indicatorActual.upsert({
      where: { indicatorId_fiscalYear: { indicatorId, fiscalYear } },
      create: { indicatorId, fiscalYear, version: 1 },
      update: { version: { increment: 1 } },
    })
  })
  const updates = changes.flatMap((c) =>
    c.members.flatMap((memberKey) => {
      const where = { indicatorId: c.indicatorId, fiscalYear: c.fiscalYear, month: c.month, memberKey }
      const column = memberKey.startsWith('P:') ? 'persons' : 'organizations'
      return [
        c.sign === 1
          ? db.indicatorTally.upsert({
              where: { indicatorId_fiscalYear_month_memberKey: where },
              create: { ...where, count: 1 },
              update: { count: { increment: 1 } },
            })
          : db.indicatorTally.updateMany({ where, data: { count: { decrement: 1 } } }),
        // A member counts once per year: when its yearly total becomes 1 (added) or 0 (removed).
        column === 'persons'
          ? db.$executeRaw`UPDATE "IndicatorActual" SET "persons" = "persons" + ${c.sign}
              WHERE "indicatorId" = ${c.indicatorId} AND "fiscalYear" = ${c.fiscalYear}
              AND (SELECT COALESCE(SUM("count"), 0) FROM "IndicatorTally" WHERE "indicatorId" = ${c.indicatorId}
                   AND "fiscalYear" = ${c.fiscalYear} AND "memberKey" = ${memberKey}) = ${c.sign === 1 ? 1 : 0}`
          : db.$executeRaw`UPDATE "IndicatorActual" SET "organizations" = "organizations" + ${c.sign}
              WHERE "indicatorId" = ${c.indicatorId} AND "fiscalYear" = ${c.fiscalYear}
              AND (SELECT COALESCE(SUM("count"), 0) FROM "IndicatorTally" WHERE "indicatorId" = ${c.indicatorId}
                   AND "fiscalYear" = ${c.fiscalYear} AND "memberKey" = ${memberKey}) = ${c.sign === 1 ? 1 : 0}`,
        ...(column === 'persons'
          ? [
              db.indicatorActual.update({
                where: { indicatorId_fiscalYear: { indicatorId: c.indicatorId, fiscalYear: c.fiscalYear } },
                data: { personTimes: { increment: c.sign } },
              }),
            ]
          : []),
      ]
    }),
  )
  return [...locks, ...updates]
}

/**
 * Recounts indicators from the raw records (after a change of scope): their tallies and actuals
 * are replaced in one transaction. Returns how many attendances counted.
 */
export async function rebuildIndicators(db: Db, indicatorIds?: string[]): Promise<number> {
  const indicators = (await talliedIndicators(db)).filter((i) => !indicatorIds || indicatorIds.includes(i.id))
  const ids = indicatorIds ?? indicators.map((i) => i.id)
  const tallies = new Map<
    string,
    { indicatorId: string; fiscalYear: number; month: number; memberKey: string; count: number }
  >()
  const programIds = [...new Set(indicators.flatMap((i) => i.programIds))]
  let counted = 0
  let cursor: string | undefined
  for (;;) {
    const batch = await db.attendance.findMany({
      where: { session: { seminar: { programId: { in: programIds } } } },
      orderBy: { id: 'asc' },
      take: 5000,
      ...(cursor ? { skip: 1, cursor: { id: cursor } } : {}),
      select: {
        id: true,
        mode: true,
        onlineMinutes: true,
        session: {
          select: { startsAt: true, seminar: { select: { programId: true, category: true, minOnlineMinutes: true } } },
        },
        registration: { select: { personId: true, organizationId: true, role: true } },
      },
    })
    if (batch.length === 0) break
    cursor = batch[batch.length - 1].id
    for (const a of batch) {
      const c = { ...a.session.seminar, ...a.registration, startsAt: a.session.startsAt }
      if (!isCounted(a, c)) continue
      counted++
      const fiscalYear = fiscalYearOf(c.startsAt)
      const month = calendarMonthOf(c.startsAt)
      for (const indicator of indicators) {
        if (!inScope(indicator, c, a.mode)) continue
        for (const memberKey of [`P:${c.personId}`, ...(c.organizationId ? [`O:${c.organizationId}`] : [])]) {
          const key = `${indicator.id}|${fiscalYear}|${month}|${memberKey}`
          const t = tallies.get(key) ?? { indicatorId: indicator.id, fiscalYear, month, memberKey, count: 0 }
          t.count++
          tallies.set(key, t)
        }
      }
    }
  }
  const actuals = new Map<
    string,
    { indicatorId: string; fiscalYear: number; personTimes: number; persons: Set<string>; organizations: Set<string> }
  >()
  for (const t of tallies.values()) {
    const key = `${t.indicatorId}|${t.fiscalYear}`
    const a = actuals.get(key) ?? {
      indicatorId: t.indicatorId,
      fiscalYear: t.fiscalYear,
      personTimes: 0,
      persons: new Set(),
      organizations: new Set(),
    }
    if (t.memberKey.startsWith('P:')) {
      a.personTimes += t.count
      a.persons.add(t.memberKey)
    } else {
      a.organizations.add(t.memberKey)
    }
    actuals.set(key, a)
  }
  await db.$transaction([
    db.indicatorTally.deleteMany({ where: { indicatorId: { in: ids } } }),
    db.indicatorActual.deleteMany({ where: { indicatorId: { in: ids } } }),
    db.indicatorTally.createMany({ data: [...tallies.values()] }),
    db.indicatorActual.createMany({
      data: [...actuals.values()].map((a) => ({
        indicatorId: a.indicatorId,
        fiscalYear: a.fiscalYear,
        personTimes: a.personTimes,
        persons: a.persons.size,
        organizations: a.organizations.size,
        // A new version after a recount: results computed from the old tallies are not reused.
        version: Math.floor(Math.random() * 1_000_000_000),
      })),
    }),
  ])
  return counted
}

/** The indicators whose scope includes a program: rebuilt when one of its seminars changes scope. */
export async function indicatorsOfProgram(db: Db, programId: string): Promise<string[]> {
  const rows = await db.indicatorProgram.findMany({ where: { programId }, select: { indicatorId: true } })
  return rows.map((r) => r.indicatorId)
}
