import { describe, expect, it } from 'vitest'
import { deadlineAfterLastSession, oddSessionDates } from './date-checks'

const at = (iso: string) => new Date(`${iso}+09:00`)
const now = at('2026-12-01T10:00')

describe('odd session dates', () => {
  it('asks about a start more than a year before today, not about last year’s same date', () => {
    expect(oddSessionDates({ startsAt: at('2024-11-20T14:00'), endsAt: at('2024-11-20T16:00') }, now)).toEqual([
      'longAgo',
    ])
    expect(oddSessionDates({ startsAt: at('2025-12-01T14:00'), endsAt: at('2025-12-01T16:00') }, now)).toEqual([])
    expect(oddSessionDates({ startsAt: at('2026-11-20T14:00'), endsAt: at('2026-11-20T16:00') }, now)).toEqual([])
  })

  it('asks about a session lasting more than 24 hours, not one of exactly a day', () => {
    expect(oddSessionDates({ startsAt: at('2026-12-10T14:00'), endsAt: at('2026-12-11T16:00') }, now)).toEqual([
      'overADay',
    ])
    expect(oddSessionDates({ startsAt: at('2026-12-10T09:00'), endsAt: at('2026-12-11T09:00') }, now)).toEqual([])
    expect(oddSessionDates({ startsAt: at('2025-01-10T09:00'), endsAt: at('2025-01-12T09:00') }, now)).toEqual([
      'longAgo',
      'overADay',
    ])
  })
})

describe('registration deadline', () => {
  const sessions = [{ endsAt: at('2026-12-10T16:00') }, { endsAt: at('2026-12-17T16:00') }]
  it('is after the last session only once that session has ended', () => {
    expect(deadlineAfterLastSession(at('2026-12-17T16:01'), sessions)).toBe(true)
    expect(deadlineAfterLastSession(at('2026-12-17T16:00'), sessions)).toBe(false)
    expect(deadlineAfterLastSession(at('2026-12-12T17:00'), sessions)).toBe(false)
  })
  it('is never after the last session of a seminar without sessions yet', () => {
    expect(deadlineAfterLastSession(at('2030-01-01T00:00'), [])).toBe(false)
  })
})
