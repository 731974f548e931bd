import type { Db } from '~/utils/db.server'
import { queueWebhookEvent } from '../webhooks/queue.server'
import { shownCode } from '../privacy/deleted-code'
import { AppError } from '~/utils/errors'
import { changedFields, recordChange } from '../audit/security-log.server'
import { indicatorsOfProgram, rebuildIndicators } from '../indicators/tally.server'
import { activeRegistrationIds, queueMessages } from '../mail/outbox.server'
import { fillFreeSeats } from '../registration/registrations.server'
import type { ProgramInput, SeminarInput, SessionInput } from './forms'
import { currentTime } from '~/utils/clock.server'
import { readPage } from '~/utils/paging'

/** Organizer-side scheduling: programs, seminars, sessions and publishing. */

/** Every program, or only the given ones (an organizer's). */
export function listPrograms(db: Db, programIds: string[] | null = null) {
  return db.program.findMany({
    where: programIds ? { id: { in: programIds } } : {},
    orderBy: { code: 'asc' },
    select: {
      id: true,
      code: true,
      name: true,
      nameEn: true,
      description: true,
      retentionYears: true,
      reportTotalWord: true,
      reportCounter: true,
      reportUniquePersons: true,
      reportCompanies: true,
      _count: { select: { seminars: true } },
    },
  })
}

/** Saves a program; the security log records who changed which fields (the retention period's values too). */
export async function saveProgram(db: Db, input: ProgramInput, id?: string, actor?: { id: string; email?: string }) {
  const data = { ...input, code: input.code.toUpperCase() }
  const before = id ? await db.program.findUnique({ where: { id } }) : null
  const saved = id ? await db.program.update({ where: { id }, data }) : await db.program.create({ data })
  await recordChange(
    db,
    id ? 'program.update' : 'program.create',
    actor,
    'Program',
    saved.id,
    changedFields(before, data),
  )
  return saved
}

export async function createSeminar(db: Db, input: SeminarInput) {
  return db.seminar.create({ data: input, select: { id: true } })
}

/**
 * Saves a seminar; a larger capacity immediately seats people from the waiting list, and a new
 * program, category or online minimum recounts the indicators that count it.
 */
export async function updateSeminar(db: Db, id: string, input: SeminarInput) {
  const before = await db.seminar.findUniqueOrThrow({
    where: { id },
    select: {
      programId: true,
      categoryId: true,
      minOnlineMinutes: true,
      venueName: true,
      venueAddress: true,
      onlineUrl: true,
    },
  })
  const moved =
    (before.venueName ?? null) !== (input.venueName ?? null) ||
    (before.venueAddress ?? null) !== (input.venueAddress ?? null) ||
    (before.onlineUrl ?? null) !== (input.onlineUrl ?? null)
  await db.$transaction([
    db.seminar.update({ where: { id }, data: input }),
    ...(moved ? await scheduleChangeOps(db, id) : []),
    changedEvent(db, { seminarId: id, sessionId: null, scheduleChanged: moved }),
  ])
  if (
    before.programId !== input.programId ||
    before.categoryId !== input.categoryId ||
    before.minOnlineMinutes !== input.minOnlineMinutes
  ) {
    const affected = new Set([
      ...(await indicatorsOfProgram(db, before.programId)),
      ...(await indicatorsOfProgram(db, input.programId)),
    ])
    if (affected.size) await rebuildIndicators(db, [...affected])
  }
  return fillFreeSeats(db, id)
}

export async function setPublished(db: Db, id: string, publish: boolean, now = currentTime()) {
  if (publish) {
    const sessions = await db.session.count({ where: { seminarId: id } })
    if (sessions === 0) throw new AppError('SESSION_REQUIRED')
  }
  if (!publish) {
    await db.seminar.update({ where: { id }, data: { status: 'DRAFT' } })
    return
  }
  // Published again after being taken back to draft is published again: receivers hear it each time.
  await db.$transaction([
    db.seminar.update({ where: { id }, data: { status: 'PUBLISHED', publishedAt: now } }),
    queueWebhookEvent(db, 'seminar.published', { seminarId: id }, now),
  ])
}

/**
 * The webhook event of a seminar or session saved (docs/decisions/0056-webhooks.md), for its
 * batch: which seminar (and session), and whether its dates, times or venue changed.
 */
function changedEvent(db: Db, data: { seminarId: string; sessionId: string | null; scheduleChanged: boolean }) {
  return queueWebhookEvent(db, 'seminar.changed', data)
}

/**
 * Adds a session; the audit trail records it (by `actorId`, in the same transaction) with the number
 * it gets among the seminar's sessions by date.
 */
export async function addSession(
  db: Db,
  seminarId: string,
  input: Omit<SessionInput, 'confirmDates'>,
  actorId: string | null,
) {
  const [last, earlier] = await Promise.all([
    db.session.findFirst({ where: { seminarId }, orderBy: { number: 'desc' }, select: { number: true } }),
    db.session.count({ where: { seminarId, startsAt: { lte: input.startsAt } } }),
  ])
  // Its id is known before the batch, so the audit event can name it.
  const id = crypto.randomUUID()
  await db.$transaction([
    db.session.create({ data: { ...input, id, seminarId, number: (last?.number ?? 0) + 1 } }),
    ...(await scheduleChangeOps(db, seminarId)),
    sessionAudit(db, actorId, 'session.create', id, { seminarId, number: earlier + 1, startsAt: input.startsAt }),
    changedEvent(db, { seminarId, sessionId: id, scheduleChanged: true }),
  ])
  await renumberSessions(db, seminarId)
}

export async function updateSession(
  db: Db,
  seminarId: string,
  sessionId: string,
  input: Omit<SessionInput, 'confirmDates'>,
  actorId: string | null,
) {
  const before = await db.session.findUniqueOrThrow({
    where: { id: sessionId },
    select: {
      number: true,
      title: true,
      titleEn: true,
      startsAt: true,
      endsAt: true,
      venueName: true,
      requiredForCompletion: true,
      seminar: { select: { programId: true } },
    },
  })
  const rescheduled = before.startsAt.getTime() !== input.startsAt.getTime()
  const changed =
    rescheduled || before.endsAt.getTime() !== input.endsAt.getTime() || before.venueName !== input.venueName
  await db.$transaction([
    // A session moved to another day gets its reminders again, for the new day.
    db.session.update({
      where: { id: sessionId, seminarId },
      data: { ...input, ...(rescheduled ? { reminderQueuedAt: null } : {}) },
    }),
    ...(changed ? await scheduleChangeOps(db, seminarId) : []),
    changedEvent(db, { seminarId, sessionId, scheduleChanged: changed }),
    sessionAudit(db, actorId, 'session.update', sessionId, {
      seminarId,
      number: before.number,
      changed: changedSessionFields(before, input),
    }),
  ])
  await renumberSessions(db, seminarId)
  // Moved to another month or across 31 March: its attendances count elsewhere now.
  if (before.startsAt.getTime() !== input.startsAt.getTime()) {
    const affected = await indicatorsOfProgram(db, before.seminar.programId)
    if (affected.length) await rebuildIndicators(db, affected)
  }
}

/** The fields of a session's form that a save changed (by name, for the audit trail's details). */
function changedSessionFields(before: Record<string, unknown>, input: Record<string, unknown>): string[] {
  const value = (v: unknown) => (v instanceof Date ? v.getTime() : (v ?? null))
  return Object.keys(input).filter((key) => value(before[key]) !== value(input[key]))
}

/** Returns false when the session has attendance records: those are evidence and stay. */
export async function deleteSession(
  db: Db,
  seminarId: string,
  sessionId: string,
  actorId: string | null,
): Promise<boolean> {
  const attended = await db.attendance.count({ where: { sessionId } })
  if (attended > 0) return false
  // What it was, for the audit trail: once deleted, nothing else names it.
  const session = await db.session.findUniqueOrThrow({
    where: { id: sessionId },
    select: { number: true, startsAt: true },
  })
  await db.$transaction([
    db.session.delete({ where: { id: sessionId, seminarId } }),
    ...(await scheduleChangeOps(db, seminarId)),
    sessionAudit(db, actorId, 'session.delete', sessionId, { seminarId, ...session }),
    changedEvent(db, { seminarId, sessionId, scheduleChanged: true }),
  ])
  await renumberSessions(db, seminarId)
  return true
}

/**
 * A session added, changed or deleted, for the audit trail (written in the change's transaction, as
 * seminar.cancel is): the session, its seminar and the number it had.
 */
function sessionAudit(
  db: Db,
  actorId: string | null,
  action: 'session.create' | 'session.update' | 'session.delete',
  sessionId: string,
  detail: { seminarId: string; number: number } & Record<string, unknown>,
) {
  return db.auditEvent.create({
    data: { actorId, action, entityType: 'Session', entityId: sessionId, detail: JSON.stringify(detail) },
  })
}

/**
 * A change of date, time or venue: the seminar's calendar entries get a higher SEQUENCE and
 * everyone holding a place is told, in the same batch as the change.
 */
async function scheduleChangeOps(db: Db, seminarId: string) {
  const recipients = await activeRegistrationIds(db, seminarId)
  return [
    db.seminar.update({ where: { id: seminarId }, data: { calendarSequence: { increment: 1 } } }),
    queueMessages(
      db,
      recipients.map((registrationId) => ({ kind: 'CHANGED' as const, seminarId, registrationId })),
    ),
  ]
}

/**
 * Cancels a seminar (中止): nobody can register any more, everyone holding a place is told, with
 * a calendar cancellation, and the change is recorded. Cancelling twice changes nothing.
 */
export async function cancelSeminar(db: Db, seminarId: string, userId: string, reason: string, now = currentTime()) {
  const seminar = await db.seminar.findUniqueOrThrow({ where: { id: seminarId }, select: { status: true } })
  if (seminar.status === 'CANCELLED') return false
  const recipients = await activeRegistrationIds(db, seminarId)
  await db.$transaction([
    db.seminar.update({
      where: { id: seminarId, status: seminar.status },
      data: { status: 'CANCELLED', calendarSequence: { increment: 1 } },
    }),
    queueMessages(
      db,
      recipients.map((registrationId) => ({
        kind: 'SEMINAR_CANCELLED' as const,
        seminarId,
        registrationId,
        createdById: userId,
      })),
      now,
    ),
    queueWebhookEvent(db, 'seminar.cancelled', { seminarId }, now),
    db.auditEvent.create({
      data: {
        actorId: userId,
        action: 'seminar.cancel',
        entityType: 'Seminar',
        entityId: seminarId,
        detail: JSON.stringify({ reason, notified: recipients.length }),
      },
    }),
  ])
  return true
}

/** 第1回, 第2回 … follow the dates. Two passes keep (seminarId, number) unique throughout. */
async function renumberSessions(db: Db, seminarId: string) {
  const sessions = await db.session.findMany({
    where: { seminarId },
    orderBy: { startsAt: 'asc' },
    select: { id: true },
  })
  await db.$transaction([
    ...sessions.map((s, i) => db.session.update({ where: { id: s.id }, data: { number: -(i + 1) } })),
    ...sessions.map((s, i) => db.session.update({ where: { id: s.id }, data: { number: i + 1 } })),
  ])
}

export function getSeminarForConsole(db: Db, id: string) {
  return db.seminar.findUnique({
    where: { id },
    include: {
      program: { select: { id: true, name: true } },
      sessions: { orderBy: { startsAt: 'asc' } },
    },
  })
}

const REGISTRANT_FIELDS = {
  id: true,
  name: true,
  furigana: true,
  email: true,
  phone: true,
  organizationName: true,
  industry: true,
  inCity: true,
  mode: true,
  status: true,
  waitlistPosition: true,
  code: true,
  createdAt: true,
  cancelledAt: true,
  cancelledBy: true,
  anonymizedAt: true,
  role: true,
} as const

/** The tables of the seminar page, each paged on a query parameter of its own. */
export const REGISTRANT_LISTS = [
  { key: 'confirmed', status: 'CONFIRMED', param: 'page' },
  { key: 'waiting', status: 'WAITLISTED', param: 'waiting' },
  { key: 'cancelled', status: 'CANCELLED', param: 'cancelled' },
] as const

/**
 * The registrant list of the seminar page: confirmed, waiting and cancelled registrations, each a
 * page of 50 (app/utils/paging.ts) on its own parameter (`page`, `waiting`, `cancelled`), in the
 * order the page always had (waiting-list position, then registration time; id breaks ties), and
 * each list's total. A seminar with 2,000 registrations sends and renders 50 rows a table, not
 * 2,000 (issue 22).
 */
export async function registrantLists(db: Db, seminarId: string, params: URLSearchParams) {
  const read = (status: (typeof REGISTRANT_LISTS)[number]['status'], param: string) =>
    readPage(
      params,
      () => db.registration.count({ where: { seminarId, status } }),
      async ({ skip, take }) => {
        const rows = await db.registration.findMany({
          where: { seminarId, status },
          orderBy: [{ waitlistPosition: 'asc' }, { createdAt: 'asc' }, { id: 'asc' }],
          select: REGISTRANT_FIELDS,
          skip,
          take,
        })
        // An anonymized registration's slip code was cleared (`deleted:<id>`): nothing to show.
        return rows.map((r) => ({ ...r, code: shownCode(r.code) }))
      },
      { param },
    )
  const [confirmed, waiting, cancelled] = await Promise.all(REGISTRANT_LISTS.map((l) => read(l.status, l.param)))
  return { confirmed, waiting, cancelled }
}

export type RegistrantLists = Awaited<ReturnType<typeof registrantLists>>
