import type { Db } from '~/utils/db.server'
import { AppError } from '~/utils/errors'
import { currentTime } from '~/utils/clock.server'
import { toTokyoInputValue } from '~/utils/time'
import { askedQuestions } from '../questions/questions.server'
import { modesOffered, SEAT_FIELDS } from '../registration/registrations.server'
import type { LotterySettingsForm } from './forms'
import { applicationCounts, lotteryOf } from './lottery.server'
import { saveLotterySettings } from './settings.server'
import { LOTTERY_METHOD, type DrawRecord, type Priority } from './method'

/*
 * The console's lottery page (docs/decisions/0049-lottery.md): a seminar's allocation and its
 * lottery's settings, the commitment and the applications before the draw, and after it who drew
 * it, the seed and the results.
 */

/** The registration questions a priority may name: those with a fixed set of answers. */
const PRIORITY_KINDS = ['ONE_CHOICE', 'MANY_CHOICES', 'YES_NO'] as const

export type PriorityQuestion = {
  id: string
  label: string
  labelEn: string | null
  choices: { key: string; label: string; labelEn: string | null }[]
}

/** The page: the seminar, its lottery (the seed only once drawn) and what it shows beside it. */
export async function lotteryConsolePage(db: Db, seminarId: string) {
  const seminar = await db.seminar.findUnique({
    where: { id: seminarId },
    select: {
      id: true,
      title: true,
      status: true,
      mode: true,
      waitlistEnabled: true,
      registrationOpensAt: true,
      registrationClosesAt: true,
      capacityInPerson: true,
      capacityOnline: true,
      seatsTakenInPerson: true,
      seatsTakenOnline: true,
    },
  })
  if (!seminar) throw new AppError('SEMINAR_NOT_FOUND')
  const [lottery, applications, questions] = await Promise.all([
    lotteryOf(db, seminarId),
    applicationCounts(db, seminarId),
    priorityQuestions(db, seminarId),
  ])
  const modes = modesOffered(seminar.mode).map((mode) => {
    const capacity = seminar[SEAT_FIELDS[mode].capacity]
    const taken = seminar[SEAT_FIELDS[mode].taken]
    return { mode, applications: applications[mode], free: capacity === null ? null : Math.max(0, capacity - taken) }
  })
  const row = lottery ? await db.lottery.findUnique({ where: { seminarId }, select: { drawnById: true } }) : null
  const drawnBy = row?.drawnById
    ? ((await db.consoleUser.findUnique({ where: { id: row.drawnById }, select: { name: true } }))?.name ?? null)
    : null
  return {
    seminar: {
      id: seminar.id,
      title: seminar.title,
      status: seminar.status,
      waitlistEnabled: seminar.waitlistEnabled,
      registrationOpensAt: seminar.registrationOpensAt,
      registrationClosesAt: seminar.registrationClosesAt,
    },
    lottery: lottery
      ? {
          drawAt: lottery.drawAt,
          drawAtInput: toTokyoInputValue(lottery.drawAt),
          confirmHours: lottery.confirmHours,
          priorities: lottery.priorities,
          seedHash: lottery.seedHash,
          drawnAt: lottery.drawnAt,
          /** Who started the draw; null with a drawnAt: it ran by itself at its time. */
          drawnBy,
          seed: lottery.seed,
          method: lottery.record?.method ?? LOTTERY_METHOD,
          results: lottery.record ? drawResults(lottery.record) : null,
        }
      : null,
    /** Applications waiting for the draw and the free seats, per mode offered. */
    modes,
    applied: applications.IN_PERSON + applications.ONLINE,
    questions,
  }
}

export type LotteryConsolePage = Awaited<ReturnType<typeof lotteryConsolePage>>

/** How many people the draw gave a seat, put on a waiting list, or did not select, and in how many units. */
export function drawResults(record: DrawRecord) {
  const people = (result: string) =>
    record.units.filter((u) => u.result === result).reduce((sum, u) => sum + u.people, 0)
  return {
    units: record.units.length,
    won: people('WON'),
    waitlisted: people('WAITLISTED'),
    notSelected: people('NOT_SELECTED'),
  }
}

/** The seminar's registration questions a priority may name, with their choices (yes/no for YES_NO). */
export async function priorityQuestions(db: Db, seminarId: string): Promise<PriorityQuestion[]> {
  const asked = await askedQuestions(db, seminarId, 'REGISTRATION')
  return asked
    .filter((q) => (PRIORITY_KINDS as readonly string[]).includes(q.kind))
    .map((q) => ({
      id: q.id,
      label: q.label,
      labelEn: q.labelEn,
      choices:
        q.kind === 'YES_NO'
          ? [
              { key: 'yes', label: 'はい', labelEn: 'Yes' },
              { key: 'no', label: 'いいえ', labelEn: 'No' },
            ]
          : q.choices,
    }))
}

/**
 * Saves the settings form: first come (the lottery removed) or a lottery with its draw time,
 * confirmation hours and priorities. A priority on an answer must name a choice of one of the
 * seminar's registration questions asked now (QUESTION_NOT_FOUND otherwise).
 */
export async function saveLotteryForm(
  db: Db,
  seminarId: string,
  form: Omit<LotterySettingsForm, 'intent'>,
  actorId: string,
  now = currentTime(),
): Promise<void> {
  if (form.allocation === 'FIRST_COME') return saveLotterySettings(db, seminarId, null, actorId, now)
  if (!form.drawAt) throw new AppError('LOTTERY_DRAW_OUTSIDE_PERIOD')
  // Priorities already stored stay valid (kept as announced once people applied, even when their question went).
  const stored = new Set(((await lotteryOf(db, seminarId))?.priorities ?? []).map((p) => JSON.stringify(p)))
  const answers = form.priorities.filter(
    (p): p is Extract<Priority, { kind: 'ANSWER' }> => p.kind === 'ANSWER' && !stored.has(JSON.stringify(p)),
  )
  if (answers.length) {
    const questions = await priorityQuestions(db, seminarId)
    for (const p of answers) {
      const q = questions.find((x) => x.id === p.questionId)
      if (!q || !q.choices.some((c) => c.key === p.value)) throw new AppError('QUESTION_NOT_FOUND')
    }
  }
  const settings = { drawAt: form.drawAt, priorities: form.priorities, confirmHours: form.confirmHours }
  await saveLotterySettings(db, seminarId, settings, actorId, now)
}

/** The record of a drawn lottery, as the download serves it; null before the draw. */
export async function lotteryRecord(db: Db, seminarId: string): Promise<DrawRecord | null> {
  return (await lotteryOf(db, seminarId))?.record ?? null
}
