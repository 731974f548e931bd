import type { Db } from '~/utils/db.server'
import type { AttendanceMode, ModeScope, Prisma } from '~/generated/prisma/client'
import { AppError } from '~/utils/errors'
import { isCounted } from '../indicators/tally.server'
import { shownCode } from '../privacy/deleted-code'
import { completionRule, isCompleted, type CompletionRule } from './rule'

/*
 * Completion (修了) of a registration, computed from its attendance each time it is asked for
 * (never stored): a check-in, an import, an undo or a changed minimum shows at once
 * (docs/decisions/0050-completion-rules.md). One query per kind of row, whatever the number of
 * registrations or seminars, so lists and indicators make no query per row.
 */

export type { CompletionRule } from './rule'

export type SessionCompletion = {
  sessionId: string
  number: number
  startsAt: Date
  /** Counted as attended by the rule every figure uses (docs/domain.md#what-counts-as-attended). */
  attended: boolean
  /** The mode the attendance was recorded in; null without a record. */
  mode: AttendanceMode | null
  /** Minutes online from a meeting report; null when none were recorded. */
  onlineMinutes: number | null
  /** A session that must be attended (必須回). */
  required: boolean
}

export type Completion = {
  rule: CompletionRule
  /** Every session of the seminar, in order, attended or not. */
  sessions: SessionCompletion[]
  attendedCount: number
  completed: boolean
}

type SeminarRow = {
  id: string
  minOnlineMinutes: number
  completionMinSessions: number | null
  sessions: { id: string; number: number; startsAt: Date; requiredForCompletion: boolean }[]
}

const seminarSelect = {
  id: true,
  minOnlineMinutes: true,
  completionMinSessions: true,
  sessions: {
    select: { id: true, number: true, startsAt: true, requiredForCompletion: true },
    orderBy: { number: 'asc' },
  },
} satisfies Prisma.SeminarSelect

type AttendanceRow = { sessionId: string; registrationId: string; mode: AttendanceMode; onlineMinutes: number | null }

/**
 * One registration's completion. `modeScope` other than ALL counts only the attendances recorded in
 * that mode (as the indicators' mode scope does).
 */
function completionFrom(
  seminar: SeminarRow,
  role: string,
  attendances: AttendanceRow[],
  modeScope: ModeScope = 'ALL',
): Completion {
  const rule = completionRule(seminar.completionMinSessions, seminar.sessions)
  const bySession = new Map(attendances.map((a) => [a.sessionId, a]))
  const sessions = seminar.sessions.map((s) => {
    const a = bySession.get(s.id)
    const attended =
      a !== undefined &&
      (modeScope === 'ALL' || modeScope === a.mode) &&
      isCounted(a, { role, minOnlineMinutes: seminar.minOnlineMinutes })
    return {
      sessionId: s.id,
      number: s.number,
      startsAt: s.startsAt,
      attended,
      mode: a?.mode ?? null,
      onlineMinutes: a?.onlineMinutes ?? null,
      required: s.requiredForCompletion,
    }
  })
  return {
    rule,
    sessions,
    attendedCount: sessions.filter((s) => s.attended).length,
    completed: isCompleted(rule, sessions),
  }
}

/** A registration's completion: its seminar's rule, every session with its attendance, the result. */
export async function completionOf(db: Db, registrationId: string): Promise<Completion> {
  const registration = await db.registration.findUnique({
    where: { id: registrationId },
    select: {
      role: true,
      seminar: { select: seminarSelect },
      attendances: { select: { sessionId: true, registrationId: true, mode: true, onlineMinutes: true } },
    },
  })
  if (!registration) throw new AppError('REGISTRATION_NOT_FOUND')
  return completionFrom(registration.seminar, registration.role, registration.attendances)
}

/**
 * The completion of every registration of a seminar (or only the given ones), by registration id:
 * three queries for the whole list.
 */
export async function seminarCompletions(
  db: Db,
  seminarId: string,
  registrationIds?: string[],
): Promise<Map<string, Completion>> {
  const seminar = await db.seminar.findUnique({ where: { id: seminarId }, select: seminarSelect })
  if (!seminar) throw new AppError('SEMINAR_NOT_FOUND')
  const where = registrationIds ? { seminarId, id: { in: registrationIds } } : { seminarId }
  const [registrations, attendances] = await Promise.all([
    db.registration.findMany({ where, select: { id: true, role: true } }),
    db.attendance.findMany({
      where: { session: { seminarId }, ...(registrationIds ? { registrationId: { in: registrationIds } } : {}) },
      select: { sessionId: true, registrationId: true, mode: true, onlineMinutes: true },
    }),
  ])
  const byRegistration = groupBy(attendances, (a) => a.registrationId)
  return new Map(
    registrations.map((r) => [r.id, completionFrom(seminar, r.role, byRegistration.get(r.id) ?? [])] as const),
  )
}

/** A list's cell: 修了 / 未修了 with attended of needed (x/N). */
export type CompletionSummary = { attended: number; needed: number; completed: boolean }

/**
 * The completion of a seminar's registrations as a list shows it (the registrant list, the
 * roster), by registration id; null for a seminar of one session (not a series: nothing to show).
 */
export async function completionSummaries(
  db: Db,
  seminarId: string,
  registrationIds?: string[],
): Promise<Record<string, CompletionSummary> | null> {
  const sessions = await db.session.count({ where: { seminarId } })
  if (sessions < 2) return null
  const all = await seminarCompletions(db, seminarId, registrationIds)
  return Object.fromEntries(
    [...all].map(([id, c]) => [id, { attended: c.attendedCount, needed: c.rule.needed, completed: c.completed }]),
  )
}

export type SeminarCompleters = {
  seminarId: string
  title: string
  sessionCount: number
  /** The start of the seminar's last session: the completion's fiscal year is this one's. */
  lastSessionStartsAt: Date
  rule: CompletionRule
  /** Registrations that completed, one per person (the earliest registration of a person). */
  completers: { registrationId: string; personId: string; attendedCount: number }[]
}

/**
 * The completers of the seminars matching `where` whose last session starts in [start, end):
 * the COMPLETERS counting rule (修了者数) and its evidence. Four queries for any number of seminars.
 */
export async function completersOf(
  db: Db,
  where: Prisma.SeminarWhereInput,
  range: { start: Date; end: Date },
  modeScope: ModeScope = 'ALL',
): Promise<SeminarCompleters[]> {
  const seminars = (
    await db.seminar.findMany({
      where: { ...where, sessions: { some: {} } },
      select: { ...seminarSelect, title: true },
      orderBy: { id: 'asc' },
    })
  ).filter((s) => {
    const last = Math.max(...s.sessions.map((x) => x.startsAt.getTime()))
    return last >= range.start.getTime() && last < range.end.getTime()
  })
  if (seminars.length === 0) return []
  const ids = seminars.map((s) => s.id)
  const [registrations, attendances] = await Promise.all([
    db.registration.findMany({
      where: { seminarId: { in: ids }, role: 'PARTICIPANT', attendances: { some: {} } },
      select: { id: true, seminarId: true, personId: true, role: true },
      orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
    }),
    db.attendance.findMany({
      where: { session: { seminarId: { in: ids } }, registration: { role: 'PARTICIPANT' } },
      select: { sessionId: true, registrationId: true, mode: true, onlineMinutes: true },
    }),
  ])
  const byRegistration = groupBy(attendances, (a) => a.registrationId)
  const bySeminar = groupBy(registrations, (r) => r.seminarId)
  return seminars
    .sort((a, b) => lastStart(a) - lastStart(b) || a.title.localeCompare(b.title, 'ja') || a.id.localeCompare(b.id))
    .map((s) => {
      const seen = new Set<string>()
      const completers: SeminarCompleters['completers'] = []
      for (const r of bySeminar.get(s.id) ?? []) {
        const c = completionFrom(s, r.role, byRegistration.get(r.id) ?? [], modeScope)
        if (!c.completed || seen.has(r.personId)) continue
        seen.add(r.personId)
        completers.push({ registrationId: r.id, personId: r.personId, attendedCount: c.attendedCount })
      }
      return {
        seminarId: s.id,
        title: s.title,
        sessionCount: s.sessions.length,
        lastSessionStartsAt: new Date(lastStart(s)),
        rule: completionRule(s.completionMinSessions, s.sessions),
        completers,
      }
    })
}

export type CompletersEvidence = {
  total: number
  seminars: (Omit<SeminarCompleters, 'completers'> & {
    people: {
      registrationId: string
      /** The registration's 受付番号 (shown as a code once its personal data was removed). */
      code: string
      name: string
      organizationName: string | null
      anonymized: boolean
      attendedCount: number
    }[]
  })[]
}

/**
 * Who completed, seminar by seminar, for the evidence of a 修了者数 figure: one query more than
 * completersOf for the names. Callers drop the names for roles that may not read personal data.
 */
export async function completersEvidence(
  db: Db,
  where: Prisma.SeminarWhereInput,
  range: { start: Date; end: Date },
  modeScope: ModeScope = 'ALL',
): Promise<CompletersEvidence> {
  const seminars = await completersOf(db, where, range, modeScope)
  const rows = await db.registration.findMany({
    where: { id: { in: seminars.flatMap((s) => s.completers.map((c) => c.registrationId)) } },
    select: { id: true, code: true, name: true, furigana: true, organizationName: true, anonymizedAt: true },
  })
  const byId = new Map(rows.map((r) => [r.id, r]))
  return {
    total: seminars.reduce((sum, s) => sum + s.completers.length, 0),
    seminars: seminars.map(({ completers, ...s }) => ({
      ...s,
      people: completers
        .map((c) => ({ c, r: byId.get(c.registrationId)! }))
        .sort((a, b) => a.r.furigana.localeCompare(b.r.furigana, 'ja') || a.r.id.localeCompare(b.r.id))
        .map(({ c, r }) => ({
          registrationId: r.id,
          code: r.anonymizedAt ? shownCode(r.code) : r.code,
          name: r.name,
          organizationName: r.organizationName,
          anonymized: r.anonymizedAt !== null,
          attendedCount: c.attendedCount,
        })),
    })),
  }
}

function lastStart(s: { sessions: { startsAt: Date }[] }): number {
  return Math.max(...s.sessions.map((x) => x.startsAt.getTime()))
}

function groupBy<T>(rows: T[], key: (row: T) => string): Map<string, T[]> {
  const map = new Map<string, T[]>()
  for (const row of rows) {
    const list = map.get(key(row))
    if (list) list.push(row)
    else map.set(key(row), [row])
  }
  return map
}
