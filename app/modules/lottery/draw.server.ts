import type { Db } from '~/utils/db.server'
import { AppError, isRecordNotFound } from '~/utils/errors'
import { currentTime } from '~/utils/clock.server'
import { queueMessages, type QueuedMessage } from '../mail/outbox.server'
import { cancelRegistration, lockQueue, modesOffered, SEAT_FIELDS } from '../registration/registrations.server'
import { draw, LOTTERY_METHOD, type DrawRecord, type DrawUnit, type Mode, type Priority } from './method'
import { parsePriorities } from './lottery.server'

/*
 * The draw (docs/decisions/0049-lottery.md): one transaction that first marks the lottery drawn —
 * only while it is not, so a second draw, from another process or a double click, finds nothing
 * to do — and so closes the application period; then locks the seminar's queue, reads the
 * applications in the order they arrived, runs the method and writes every result, the seats,
 * the messages, the record and the audit event. Nothing of it exists unless all of it does.
 */

/** A draw of a thousand applications writes a few thousand rows: more than the default 5 s on a busy machine. */
const DRAW_TRANSACTION = { maxWait: 30_000, timeout: 120_000 }

export type DrawSummary = {
  applications: number
  won: number
  waitlisted: number
  notSelected: number
}

type Application = {
  id: string
  personId: string
  mode: Mode
  inCity: boolean | null
  email: string
  groupId: string | null
  groupPosition: number | null
}

/**
 * Draws a lottery now: by a console user (early, closing the period now) or by the background job
 * at its time (`by` null). Refused with LOTTERY_ALREADY_DRAWN the second time, LOTTERY_NOT_FOUND for
 * a first-come seminar, and LOTTERY_NO_APPLICATIONS when a user starts it with nobody applied (the
 * job then still closes it: the seminar goes first come).
 */
export async function drawLottery(
  db: Db,
  seminarId: string,
  by: { userId: string } | null,
  now = currentTime(),
): Promise<DrawSummary> {
  return db.$transaction(async (tx) => {
    const marked = await tx.lottery.updateMany({
      where: { seminarId, drawnAt: null },
      data: { drawnAt: now, drawnById: by?.userId ?? null },
    })
    if (marked.count === 0) {
      const exists = await tx.lottery.findUnique({ where: { seminarId }, select: { drawnAt: true } })
      throw new AppError(exists ? 'LOTTERY_ALREADY_DRAWN' : 'LOTTERY_NOT_FOUND')
    }
    await lockQueue(tx, seminarId)
    const lottery = await tx.lottery.findUniqueOrThrow({ where: { seminarId } })
    // Drawn early: the period closes now (the record says when applications closed).
    if (lottery.drawAt > now) await tx.lottery.update({ where: { seminarId }, data: { drawAt: now } })
    const seminar = await tx.seminar.findUniqueOrThrow({ where: { id: seminarId } })
    if (seminar.status === 'CANCELLED') throw new AppError('REGISTRATION_CLOSED')

    const applications = await readApplications(tx as Db, seminarId)
    if (applications.length === 0 && by) throw new AppError('LOTTERY_NO_APPLICATIONS')
    const priorities = parsePriorities(lottery.priorities)
    const units = await numberedUnits(tx as Db, seminarId, applications, priorities)

    const offered = modesOffered(seminar.mode)
    const seatsFree = Object.fromEntries(
      (['IN_PERSON', 'ONLINE'] as const).map((mode) => {
        const capacity = seminar[SEAT_FIELDS[mode].capacity]
        const taken = seminar[SEAT_FIELDS[mode].taken]
        return [mode, !offered.includes(mode) ? 0 : capacity === null ? null : Math.max(0, capacity - taken)]
      }),
    ) as Record<Mode, number | null>
    const alreadyWaiting = {
      IN_PERSON: await lastWaitlistPosition(tx as Db, seminarId, 'IN_PERSON'),
      ONLINE: await lastWaitlistPosition(tx as Db, seminarId, 'ONLINE'),
    }
    const drawn = draw({
      seed: lottery.seed,
      seatsFree,
      alreadyWaiting,
      waitlist: seminar.waitlistEnabled,
      units: units.map((u) => u.unit),
    })

    const confirmBy = lottery.confirmHours ? new Date(now.getTime() + lottery.confirmHours * 3_600_000) : null
    const messages: QueuedMessage[] = []
    const summary: DrawSummary = { applications: applications.length, won: 0, waitlisted: 0, notSelected: 0 }
    const wonSeats = { IN_PERSON: 0, ONLINE: 0 }
    for (const [i, result] of drawn.entries()) {
      const { members } = units[i]
      for (const m of members) {
        const common = { lotteryNumber: result.number }
        if (result.result === 'WON') {
          // A group is drawn in its one mode (its contact's): its seats are counted there.
          await tx.registration.update({
            where: { id: m.id, status: 'APPLIED' },
            data: { ...common, status: 'CONFIRMED', confirmBy, mode: result.mode },
          })
          wonSeats[result.mode] += 1
          summary.won += 1
        } else if (result.result === 'WAITLISTED') {
          await tx.registration.update({
            where: { id: m.id, status: 'APPLIED' },
            data: { ...common, status: 'WAITLISTED', waitlistPosition: result.waitlistPosition },
          })
          summary.waitlisted += 1
        } else {
          // Not selected: an application that holds nothing; the email may apply again if seats free up.
          await tx.registration.update({
            where: { id: m.id, status: 'APPLIED' },
            data: { ...common, status: 'NOT_SELECTED', activeEmailKey: null },
          })
          summary.notSelected += 1
        }
        if (m.email) {
          messages.push({
            kind: result.result === 'WON' ? 'LOTTERY_WON' : 'LOTTERY_LOST',
            seminarId,
            registrationId: m.id,
            waitlistPosition: result.waitlistPosition,
          })
        }
      }
    }
    if (wonSeats.IN_PERSON || wonSeats.ONLINE) {
      await tx.seminar.update({
        where: { id: seminarId },
        data: {
          seatsTakenInPerson: { increment: wonSeats.IN_PERSON },
          seatsTakenOnline: { increment: wonSeats.ONLINE },
        },
      })
    }
    if (messages.length) await queueMessages(tx as Db, messages, now)

    const record: DrawRecord = {
      method: LOTTERY_METHOD,
      seminarId,
      seedHash: lottery.seedHash,
      seed: lottery.seed,
      drawnAt: now.toISOString(),
      priorities: priorities.map(priorityName),
      seatsFree,
      alreadyWaiting,
      waitlist: seminar.waitlistEnabled,
      units: drawn,
    }
    await tx.lottery.update({ where: { seminarId }, data: { record: JSON.stringify(record) } })
    await tx.auditEvent.create({
      data: {
        actorId: by?.userId ?? null,
        action: 'lottery.draw',
        entityType: 'Seminar',
        entityId: seminarId,
        detail: JSON.stringify({ ...summary, seedHash: lottery.seedHash, method: LOTTERY_METHOD }),
        at: now,
      },
    })
    return summary
  }, DRAW_TRANSACTION)
}

/** A priority as the record names it: "IN_CITY", "FIRST_TIME", "ANSWER:<question id>=<choice>". */
export function priorityName(p: Priority): string {
  return p.kind === 'ANSWER' ? `ANSWER:${p.questionId}=${p.value}` : p.kind
}

/** The applications waiting for the draw, in the order they arrived. */
async function readApplications(db: Db, seminarId: string): Promise<Application[]> {
  const rows = await db.registration.findMany({
    where: { seminarId, status: 'APPLIED' },
    orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
    select: {
      id: true,
      personId: true,
      mode: true,
      inCity: true,
      email: true,
      groupMembership: { select: { groupId: true, position: true } },
    },
  })
  return rows.map((r) => ({
    id: r.id,
    personId: r.personId,
    mode: r.mode,
    inCity: r.inCity,
    email: r.email,
    groupId: r.groupMembership?.groupId ?? null,
    groupPosition: r.groupMembership?.position ?? null,
  }))
}

/**
 * The units of the draw, numbered in the order their first application arrived: one per person,
 * one per group (registered in one form: they win or lose together, ADR 0036). A group's
 * priorities are its contact person's, who filled in the form.
 */
async function numberedUnits(db: Db, seminarId: string, applications: Application[], priorities: Priority[]) {
  const byUnit = new Map<string, Application[]>()
  for (const a of applications) {
    const key = a.groupId ?? a.id
    byUnit.set(key, [...(byUnit.get(key) ?? []), a])
  }
  const deciding = [...byUnit.values()].map(
    (members) => [...members].sort((a, b) => (a.groupPosition ?? 0) - (b.groupPosition ?? 0))[0],
  )
  const facts = await priorityFacts(db, seminarId, deciding, priorities)
  return [...byUnit.values()].map((members, i) => {
    const unit: DrawUnit = {
      number: i + 1,
      mode: deciding[i].mode,
      people: members.length,
      matches: priorities.map((p) => facts(deciding[i], p)),
    }
    return { unit, members }
  })
}

/** What each priority asks of an application, read once for all of them. */
async function priorityFacts(db: Db, seminarId: string, applications: Application[], priorities: Priority[]) {
  const ids = applications.map((a) => a.id)
  const returning = new Set<string>()
  if (priorities.some((p) => p.kind === 'FIRST_TIME')) {
    // Attended another seminar before (online: for its minimum minutes): not a first-timer.
    const attended = await db.attendance.findMany({
      where: {
        registration: {
          personId: { in: applications.map((a) => a.personId) },
          seminarId: { not: seminarId },
          role: 'PARTICIPANT',
        },
      },
      select: {
        source: true,
        onlineMinutes: true,
        registration: { select: { personId: true, seminar: { select: { minOnlineMinutes: true } } } },
      },
    })
    for (const a of attended) {
      if (a.source !== 'IMPORT' || (a.onlineMinutes ?? 0) >= a.registration.seminar.minOnlineMinutes) {
        returning.add(a.registration.personId)
      }
    }
  }
  const questionIds = priorities.flatMap((p) => (p.kind === 'ANSWER' ? [p.questionId] : []))
  const answers = questionIds.length
    ? await db.answer.findMany({
        where: { registrationId: { in: ids }, questionId: { in: questionIds } },
        select: { registrationId: true, questionId: true, value: true },
      })
    : []
  const answerOf = new Map(answers.map((a) => [`${a.registrationId}:${a.questionId}`, a.value]))
  return (a: Application, p: Priority): boolean => {
    switch (p.kind) {
      case 'IN_CITY':
        return a.inCity === true
      case 'FIRST_TIME':
        return !returning.has(a.personId)
      case 'ANSWER': {
        const stored = answerOf.get(`${a.id}:${p.questionId}`)
        if (stored === undefined) return false
        const value: unknown = JSON.parse(stored)
        return Array.isArray(value) ? value.includes(p.value) : String(value) === p.value
      }
    }
  }
}

async function lastWaitlistPosition(db: Db, seminarId: string, mode: Mode): Promise<number> {
  const last = await db.registration.aggregate({
    where: { seminarId, mode, status: 'WAITLISTED' },
    _max: { waitlistPosition: true },
  })
  return last._max.waitlistPosition ?? 0
}

/** Draws every lottery whose time has come (the background job): returns how many it drew. */
export async function drawDueLotteries(db: Db, now = currentTime()): Promise<number> {
  const due = await db.lottery.findMany({
    where: { drawnAt: null, drawAt: { lte: now }, seminar: { status: 'PUBLISHED' } },
    select: { seminarId: true },
    take: 10,
  })
  let drawn = 0
  for (const { seminarId } of due) {
    try {
      await drawLottery(db, seminarId, null, now)
      drawn += 1
    } catch (error) {
      // Drawn by another process a moment ago: nothing to do. Any other failure is this lottery's:
      // logged, and tried again next turn, while the others are drawn.
      if (!(error instanceof AppError && error.code === 'LOTTERY_ALREADY_DRAWN')) {
        console.error(`Lottery of seminar ${seminarId} not drawn (tried again next turn):`, error)
      }
    }
  }
  return drawn
}

/**
 * A winner's confirmation through their link: the seat is theirs without a deadline from now on.
 * Refused with LOTTERY_CONFIRM_CLOSED once the deadline passed (the seat went on) or when nothing
 * is to be confirmed.
 */
export async function confirmWin(db: Db, registrationId: string, now = currentTime()): Promise<void> {
  try {
    await db.registration.update({
      where: { id: registrationId, status: 'CONFIRMED', confirmBy: { gte: now } },
      data: { confirmBy: null },
    })
  } catch (error) {
    if (isRecordNotFound(error)) throw new AppError('LOTTERY_CONFIRM_CLOSED')
    throw error
  }
}

/**
 * Winners who did not confirm in time give up their seat: each is cancelled (mailed) and the seat
 * passes to the first person waiting, as any cancellation's does. Returns how many lapsed.
 */
export async function lapseUnconfirmedWins(db: Db, now = currentTime()): Promise<number> {
  const lapsed = await db.registration.findMany({
    where: { status: 'CONFIRMED', confirmBy: { lt: now } },
    select: { id: true },
    take: 100,
  })
  let count = 0
  for (const { id } of lapsed) {
    try {
      await cancelRegistration(db, id, { by: 'UNCONFIRMED' }, now)
      count += 1
    } catch (error) {
      // Cancelled or confirmed meanwhile (another process, the person): nothing to do. A
      // confirmation makes the lapse's update match nothing (P2025).
      if (!(error instanceof AppError && error.code === 'ALREADY_CANCELLED') && !isRecordNotFound(error)) throw error
    }
  }
  return count
}
