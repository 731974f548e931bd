import { describe, expect, it } from 'vitest'
import { availability, type SeatsInput } from './availability'

const now = new Date('2026-11-20T03:00:00Z')
const base: SeatsInput = {
  status: 'PUBLISHED',
  mode: 'IN_PERSON',
  capacityInPerson: 50,
  capacityOnline: null,
  seatsTakenInPerson: 0,
  seatsTakenOnline: 0,
  waitlistEnabled: true,
  registrationOpensAt: new Date('2026-11-01T00:00:00Z'),
  registrationClosesAt: new Date('2026-12-01T00:00:00Z'),
}

describe('availability', () => {
  it('is open with plenty of seats', () => {
    expect(availability(base, now)).toMatchObject({ state: 'OPEN', canRegister: true, modes: [{ left: 50 }] })
  })
  it('has few left at a fifth of the capacity', () => {
    expect(availability({ ...base, seatsTakenInPerson: 39 }, now).state).toBe('OPEN')
    expect(availability({ ...base, seatsTakenInPerson: 40 }, now).state).toBe('FEW_LEFT')
  })
  it('offers the waiting list when full, or refuses when there is none', () => {
    expect(availability({ ...base, seatsTakenInPerson: 50 }, now)).toMatchObject({
      state: 'WAITLIST',
      canRegister: true,
    })
    expect(availability({ ...base, seatsTakenInPerson: 50, waitlistEnabled: false }, now)).toMatchObject({
      state: 'FULL',
      canRegister: false,
    })
  })
  it('follows the registration window and the seminar status', () => {
    expect(availability(base, new Date('2026-10-31T00:00:00Z')).state).toBe('NOT_YET_OPEN')
    expect(availability(base, new Date('2026-12-01T00:00:01Z')).state).toBe('CLOSED')
    expect(availability({ ...base, status: 'CANCELLED' }, now).state).toBe('CLOSED')
  })
  it('stays open in a hybrid seminar while one mode has seats, and never runs out when unlimited', () => {
    const hybrid = {
      ...base,
      mode: 'HYBRID' as const,
      capacityInPerson: 10,
      seatsTakenInPerson: 10,
      capacityOnline: 100,
    }
    expect(availability(hybrid, now).state).toBe('OPEN')
    expect(availability({ ...hybrid, capacityOnline: null, seatsTakenOnline: 5000 }, now).state).toBe('OPEN')
  })
})
