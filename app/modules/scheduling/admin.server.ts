import type { Db } from '~/utils/db.server'
import { DomainError } from '~/utils/errors'
import { indicatorsOfProgram, rebuildIndicators } from '../indicators/tally.server'
import { fillFreeSeats } from '../registration/seats.server'
import type { ProgramInput, SeminarInput, SessionInput } from './forms'

/** Organizer-side scheduling: programs, seminars, sessions and publishing. */

export function listPrograms(db: Db) {
  return db.program.findMany({
    orderBy: { code: 'asc' },
    select: {
      id: true,
      code: true,
      name: true,
      nameEn: true,
      description: true,
      _count: { select: { seminars: true } },
    },
  })
}

export function saveProgram(db: Db, input: ProgramInput, id?: string) {
  const data = { ...input, code: input.code.toUpperCase() }
  return id ? db.program.update({ where: { id }, data }) : db.program.create({ data })
}

export function listSeminarsForConsole(db: Db) {
  return db.seminar.findMany({
    orderBy: { createdAt: 'desc' },
    select: {
      id: true,
      title: true,
      status: true,
      mode: true,
      category: true,
      capacityInPerson: true,
      capacityOnline: true,
      seatsTakenInPerson: true,
      seatsTakenOnline: true,
      program: { select: { name: true } },
      sessions: { select: { startsAt: true }, orderBy: { startsAt: 'asc' }, take: 1 },
      _count: { select: { registrations: { where: { status: 'WAITLISTED' } } } },
    },
  })
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
    select: { programId: true, category: true, minOnlineMinutes: true },
  })
  await db.seminar.update({ where: { id }, data: input })
  if (
    before.programId !== input.programId ||
    before.category !== input.category ||
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

export async function setPublished(db: Db, id: string, publish: boolean, now = new Date()) {
  if (publish) {
    const sessions = await db.session.count({ where: { seminarId: id } })
    if (sessions === 0) throw new DomainError('SESSION_REQUIRED')
  }
  await db.seminar.update({
    where: { id },
    data: publish ? { status: 'PUBLISHED', publishedAt: now } : { status: 'DRAFT' },
  })
}

export async function addSession(db: Db, seminarId: string, input: SessionInput) {
  const last = await db.session.findFirst({
    where: { seminarId },
    orderBy: { number: 'desc' },
    select: { number: true },
  })
  await db.session.create({ data: { ...input, seminarId, number: (last?.number ?? 0) + 1 } })
  await renumberSessions(db, seminarId)
}

export async function updateSession(db: Db, seminarId: string, sessionId: string, input: SessionInput) {
  const before = await db.session.findUniqueOrThrow({
    where: { id: sessionId },
    select: { startsAt: true, seminar: { select: { programId: true } } },
  })
  await db.session.update({ where: { id: sessionId, seminarId }, data: input })
  await renumberSessions(db, seminarId)
  // Moved to another month or across 31 March: its attendances count elsewhere now.
  if (before.startsAt.getTime() !== input.startsAt.getTime()) {
    const affected = await indicatorsOfProgram(db, before.seminar.programId)
    if (affected.length) await rebuildIndicators(db, affected)
  }
}

/** Returns false when the session has attendance records: those are evidence and stay. */
export async function deleteSession(db: Db, seminarId: string, sessionId: string): Promise<boolean> {
  const attended = await db.attendance.count({ where: { sessionId } })
  if (attended > 0) return false
  await db.session.delete({ where: { id: sessionId, seminarId } })
  await renumberSessions(db, seminarId)
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

export function listRegistrations(db: Db, seminarId: string) {
  return db.registration.findMany({
    where: { seminarId },
    orderBy: [{ status: 'asc' }, { waitlistPosition: 'asc' }, { createdAt: 'asc' }],
    select: {
      id: true,
      name: true,
      furigana: true,
      email: true,
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
      role: true,
    },
  })
}
