import crypto from 'node:crypto'

/*
 * The lottery's method (docs/decisions/0049-lottery.md), with nothing of the database in it: the
 * draw runs it and `npm run lottery:verify` runs it again on the exported record, so both compute
 * the same result from the same seed and the same numbered list of applications.
 *
 * 1. Each unit — one application, or a group registered in one form — has its number in the
 *    ordered list of applications (1, 2, … by the time they arrived).
 * 2. Its draw key is SHA-256 of "<seed>:<number>" (seed as its 64 hex digits), as hex.
 * 3. Units are ordered by their priority tier (matching the first priority before not matching
 *    it, then the second, …), then by key, then by number.
 * 4. In that order, a unit wins when every mode it needs still has enough free seats (a group
 *    needs a seat for each person, all in its mode); it then takes them. A unit that does not fit
 *    is placed on the waiting list in that order, if the seminar keeps one and the unit is one
 *    person; otherwise it is not selected. A larger unit that does not fit does not stop a smaller
 *    one later in the order from winning.
 */

export const LOTTERY_METHOD = 'jisseki-lottery-1'

export type Mode = 'IN_PERSON' | 'ONLINE'

export type Priority =
  | { kind: 'IN_CITY' }
  | { kind: 'FIRST_TIME' }
  | { kind: 'ANSWER'; questionId: string; value: string }

export type DrawResult = 'WON' | 'WAITLISTED' | 'NOT_SELECTED'

export type DrawUnit = {
  /** Its place in the ordered list of applications, from 1. */
  number: number
  mode: Mode
  /** How many people: 1, or the size of a group. */
  people: number
  /** One entry per priority, in order: true when the unit matches it. */
  matches: boolean[]
}

export type DrawnUnit = DrawUnit & {
  key: string
  /** Its place in the drawn order, from 1. */
  rank: number
  result: DrawResult
  /** Its place on its mode's waiting list (from 1, after those already waiting), when WAITLISTED. */
  waitlistPosition: number | null
}

export type DrawInput = {
  seed: string
  /** Free seats per mode when the draw ran; null: no limit. A mode not offered has 0. */
  seatsFree: Record<Mode, number | null>
  /** People already on each waiting list (their positions come first). */
  alreadyWaiting: Record<Mode, number>
  waitlist: boolean
  units: DrawUnit[]
}

/** The record of a draw, as stored and exported: all `verify` needs, and nothing personal. */
export type DrawRecord = Omit<DrawInput, 'units'> & {
  method: typeof LOTTERY_METHOD
  seminarId: string
  seedHash: string
  drawnAt: string
  /** The priorities' names, in order (the units' `matches` follow them). */
  priorities: string[]
  units: DrawnUnit[]
}

export function newSeed(): string {
  return crypto.randomBytes(32).toString('hex')
}

export function seedHash(seed: string): string {
  return crypto.createHash('sha256').update(seed, 'utf8').digest('hex')
}

export function drawKey(seed: string, number: number): string {
  return crypto.createHash('sha256').update(`${seed}:${number}`, 'utf8').digest('hex')
}

/** Runs the method: every unit with its key, rank, result and waiting-list place, in number order. */
export function draw(input: DrawInput): DrawnUnit[] {
  const keyed = input.units.map((u) => ({ ...u, key: drawKey(input.seed, u.number) }))
  const ordered = [...keyed].sort((a, b) => {
    for (let i = 0; i < Math.max(a.matches.length, b.matches.length); i++) {
      if (Boolean(a.matches[i]) !== Boolean(b.matches[i])) return a.matches[i] ? -1 : 1
    }
    return a.key < b.key ? -1 : a.key > b.key ? 1 : a.number - b.number
  })
  const free = { ...input.seatsFree }
  const waiting = { ...input.alreadyWaiting }
  const drawn = ordered.map((u, i): DrawnUnit => {
    const left = free[u.mode]
    if (left === null || u.people <= left) {
      if (left !== null) free[u.mode] = left - u.people
      return { ...u, rank: i + 1, result: 'WON', waitlistPosition: null }
    }
    if (input.waitlist && u.people === 1) {
      waiting[u.mode] += 1
      return { ...u, rank: i + 1, result: 'WAITLISTED', waitlistPosition: waiting[u.mode] }
    }
    return { ...u, rank: i + 1, result: 'NOT_SELECTED', waitlistPosition: null }
  })
  return drawn.sort((a, b) => a.number - b.number)
}

/**
 * Checks a draw's record: the seed is the one committed to, and running the method again on its
 * numbered applications gives each the same key, rank, result and waiting-list place. Returns
 * what differs, in words; empty when the record holds.
 */
export function verify(record: DrawRecord): string[] {
  const problems: string[] = []
  if (record.method !== LOTTERY_METHOD) problems.push(`unknown method ${String(record.method)}`)
  if (seedHash(record.seed) !== record.seedHash) problems.push('the seed does not match its published SHA-256')
  const again = draw({
    seed: record.seed,
    seatsFree: record.seatsFree,
    alreadyWaiting: record.alreadyWaiting,
    waitlist: record.waitlist,
    units: record.units.map((u) => ({ number: u.number, mode: u.mode, people: u.people, matches: u.matches })),
  })
  const byNumber = new Map(record.units.map((u) => [u.number, u]))
  for (const u of again) {
    const recorded = byNumber.get(u.number)
    if (!recorded) continue
    for (const field of ['key', 'rank', 'result', 'waitlistPosition'] as const) {
      if (recorded[field] !== u[field]) {
        problems.push(`application ${u.number}: ${field} recorded ${recorded[field]}, computed ${u[field]}`)
      }
    }
  }
  return problems
}
