/**
 * What a participant sees about a seminar's seats: 受付中 / 残りわずか / 満席・キャンセル待ち /
 * 満席 / 受付開始前 / 受付終了. Pure, so the list, the seminar page and the form agree.
 */
export type AvailabilityState = 'NOT_YET_OPEN' | 'OPEN' | 'FEW_LEFT' | 'WAITLIST' | 'FULL' | 'CLOSED'

export type SeatsInput = {
  status: 'DRAFT' | 'PUBLISHED' | 'CANCELLED'
  mode: 'IN_PERSON' | 'ONLINE' | 'HYBRID'
  capacityInPerson: number | null
  capacityOnline: number | null
  seatsTakenInPerson: number
  seatsTakenOnline: number
  waitlistEnabled: boolean
  registrationOpensAt: Date
  registrationClosesAt: Date
}

/** The fields availability() reads, as a Prisma select: spread into a query that shows seats. */
export const SEATS_FIELDS = {
  status: true,
  mode: true,
  capacityInPerson: true,
  capacityOnline: true,
  seatsTakenInPerson: true,
  seatsTakenOnline: true,
  waitlistEnabled: true,
  registrationOpensAt: true,
  registrationClosesAt: true,
} as const satisfies Record<keyof SeatsInput, true>

export type ModeSeats = { mode: 'IN_PERSON' | 'ONLINE'; capacity: number | null; left: number | null; full: boolean }

export type Availability = { state: AvailabilityState; modes: ModeSeats[]; canRegister: boolean }

/** "Few left": at most 5 seats, or at most a fifth of the capacity, remain. */
export function isFewLeft(left: number, capacity: number): boolean {
  return left <= Math.max(5, Math.ceil(capacity * 0.2))
}

export function seatsByMode(s: SeatsInput): ModeSeats[] {
  const modes: ModeSeats[] = []
  if (s.mode !== 'ONLINE') {
    const left = s.capacityInPerson === null ? null : Math.max(0, s.capacityInPerson - s.seatsTakenInPerson)
    modes.push({ mode: 'IN_PERSON', capacity: s.capacityInPerson, left, full: left === 0 })
  }
  if (s.mode !== 'IN_PERSON') {
    const left = s.capacityOnline === null ? null : Math.max(0, s.capacityOnline - s.seatsTakenOnline)
    modes.push({ mode: 'ONLINE', capacity: s.capacityOnline, left, full: left === 0 })
  }
  return modes
}

export function availability(s: SeatsInput, now: Date): Availability {
  const modes = seatsByMode(s)
  const closed = { modes, canRegister: false }
  if (s.status !== 'PUBLISHED' || now > s.registrationClosesAt) return { state: 'CLOSED', ...closed }
  if (now < s.registrationOpensAt) return { state: 'NOT_YET_OPEN', ...closed }
  const open = modes.filter((m) => !m.full)
  if (open.length === 0) {
    return s.waitlistEnabled ? { state: 'WAITLIST', modes, canRegister: true } : { state: 'FULL', ...closed }
  }
  const few = open.every((m) => m.left !== null && m.capacity !== null && isFewLeft(m.left, m.capacity))
  return { state: few ? 'FEW_LEFT' : 'OPEN', modes, canRegister: true }
}
