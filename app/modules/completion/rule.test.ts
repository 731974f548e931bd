import { describe, expect, it } from 'vitest'
import { completionRule, isCompleted, ruleTooLarge } from './rule'

const five = (required: number[] = []) =>
  [1, 2, 3, 4, 5].map((number) => ({ number, requiredForCompletion: required.includes(number) }))
const attended = (...numbers: number[]) =>
  [1, 2, 3, 4, 5].map((number) => ({ number, attended: numbers.includes(number) }))

describe('completion rule', () => {
  it('by default needs every session', () => {
    const rule = completionRule(null, five())
    expect(rule).toEqual({ minSessions: null, requiredNumbers: [], sessionCount: 5, needed: 5 })
    expect(isCompleted(rule, attended(1, 2, 3, 4, 5))).toBe(true)
    expect(isCompleted(rule, attended(1, 2, 3, 4))).toBe(false)
  })

  it('N of M: at least N sessions, any of them', () => {
    const rule = completionRule(4, five())
    expect(isCompleted(rule, attended(1, 2, 3, 5))).toBe(true)
    expect(isCompleted(rule, attended(2, 3, 4, 5))).toBe(true)
    expect(isCompleted(rule, attended(1, 2, 3))).toBe(false)
  })

  it('N of M with required sessions: the count and every required one', () => {
    const rule = completionRule(3, five([1, 5]))
    expect(rule.requiredNumbers).toEqual([1, 5])
    expect(isCompleted(rule, attended(1, 3, 5))).toBe(true)
    // Four sessions, but not the last one, which is required.
    expect(isCompleted(rule, attended(1, 2, 3, 4))).toBe(false)
    // Both required ones, but one session short.
    expect(isCompleted(rule, attended(1, 5))).toBe(false)
  })

  it('completes nobody in a seminar without sessions, or with a rule larger than its sessions', () => {
    expect(isCompleted(completionRule(null, []), [])).toBe(false)
    expect(isCompleted(completionRule(6, five()), attended(1, 2, 3, 4, 5))).toBe(false)
  })

  it('says when a rule asks more sessions than the seminar has', () => {
    expect(ruleTooLarge(6, 5)).toBe(true)
    expect(ruleTooLarge(5, 5)).toBe(false)
    expect(ruleTooLarge(null, 0)).toBe(false)
    expect(ruleTooLarge(1, 0)).toBe(true)
  })
})
