import { parseWithZod } from '@conform-to/zod'
import { describe, expect, it } from 'vitest'
import { CONFIRM_HOURS_MAX, PRIORITIES_MAX } from './lottery.server'
import { CONFIRM_HOURS_LIMIT, LotteryPageSchema, parsePriorityValue, PRIORITY_ROWS, priorityValue } from './forms'

const parse = (fields: Record<string, string>) => {
  const form = new FormData()
  for (const [k, v] of Object.entries(fields)) form.append(k, v)
  return parseWithZod(form, { schema: LotteryPageSchema })
}
const errors = (fields: Record<string, string>) => {
  const s = parse(fields)
  return s.status === 'error' ? s.error : null
}

describe('the lottery page’s forms', () => {
  it('have the core’s limits', () => {
    expect(PRIORITY_ROWS).toBe(PRIORITIES_MAX)
    expect(CONFIRM_HOURS_LIMIT).toBe(CONFIRM_HOURS_MAX)
  })

  it('read a lottery: its time on the Japan clock, hours typed in full width, the priorities in order without gaps', () => {
    const s = parse({
      intent: 'settings',
      allocation: 'LOTTERY',
      drawAt: '2026-12-10T12:00',
      confirmHours: '４８',
      'priorities[0]': 'FIRST_TIME',
      'priorities[1]': '',
      'priorities[2]': 'ANSWER:q1:student',
      'priorities[3]': 'IN_CITY',
    })
    expect(s.status).toBe('success')
    expect(s.status === 'success' && s.value).toEqual({
      intent: 'settings',
      allocation: 'LOTTERY',
      drawAt: new Date('2026-12-10T03:00:00Z'),
      confirmHours: 48,
      priorities: [{ kind: 'FIRST_TIME' }, { kind: 'ANSWER', questionId: 'q1', value: 'student' }, { kind: 'IN_CITY' }],
    })
  })

  it('read first come with nothing else, and no hours as none', () => {
    const s = parse({ intent: 'settings', allocation: 'FIRST_COME' })
    expect(s.status === 'success' && s.value).toEqual({
      intent: 'settings',
      allocation: 'FIRST_COME',
      drawAt: undefined,
      confirmHours: null,
      priorities: [],
    })
  })

  it('refuse a lottery without its time, hours out of range, a priority twice or unknown, no allocation', () => {
    expect(errors({ intent: 'settings', allocation: 'LOTTERY' })).toEqual({ drawAt: ['required'] })
    for (const hours of ['0', '337', '1.5', 'abc'])
      expect(
        errors({ intent: 'settings', allocation: 'LOTTERY', drawAt: '2026-12-10T12:00', confirmHours: hours }),
      ).toEqual({ confirmHours: ['lotteryConfirmHours'] })
    expect(
      errors({
        intent: 'settings',
        allocation: 'LOTTERY',
        drawAt: '2026-12-10T12:00',
        'priorities[0]': 'IN_CITY',
        'priorities[1]': 'IN_CITY',
        'priorities[2]': 'SOMETHING',
      }),
    ).toEqual({ 'priorities[1]': ['lotteryPriorityTwice'], 'priorities[2]': ['invalidChoice'] })
    expect(errors({ intent: 'settings' })).toEqual({ allocation: ['invalidChoice'] })
  })

  it('draw only with the confirmation ticked', () => {
    expect(errors({ intent: 'draw' })).toEqual({ confirm: ['lotteryDrawConfirm'] })
    expect(parse({ intent: 'draw', confirm: 'on' }).status).toBe('success')
  })

  it('write a priority as a select’s value and read it back', () => {
    for (const p of [
      { kind: 'IN_CITY' as const },
      { kind: 'FIRST_TIME' as const },
      { kind: 'ANSWER' as const, questionId: 'cm1abc', value: 'a-_B9' },
    ])
      expect(parsePriorityValue(priorityValue(p))).toEqual(p)
    expect(parsePriorityValue('ANSWER:only')).toBeNull()
  })
})
