import { describe, expect, it } from 'vitest'
import { auditFilterFrom } from './filter'
import { securityFilterFrom } from './security-log.server'

describe('Japan-date filters of the audit trail and the security log', () => {
  const filters = [auditFilterFrom, securityFilterFrom]

  it('run from 00:00 Japan time of "from" to the end of "to"', () => {
    for (const filterFrom of filters) {
      const filter = filterFrom(new URLSearchParams({ from: '2026-12-01', to: '2026-12-31' }))
      expect(filter.from?.toISOString()).toBe('2026-11-30T15:00:00.000Z')
      expect(filter.to?.toISOString()).toBe('2026-12-31T15:00:00.000Z')
    }
  })

  it('ignore a day that does not exist, instead of rolling it into the next month', () => {
    // new Date('2026-02-30T00:00:00+09:00') is 2 March in V8: the filter silently became "from 2 March".
    for (const filterFrom of filters) {
      const filter = filterFrom(new URLSearchParams({ from: '2026-02-30', to: '2026-02-29' }))
      expect(filter.from).toBeUndefined()
      expect(filter.to).toBeUndefined()
      expect(filterFrom(new URLSearchParams({ from: 'yesterday' })).from).toBeUndefined()
    }
  })
})

const query = (fields: Record<string, string>) => new URLSearchParams(fields)

describe('the filters of the admins’ logs', () => {
  it('read the same period on both logs: Japan dates, "to" up to the end of its day', () => {
    const period = { from: '2026-11-01', to: '2026-11-30' }
    const expected = { from: new Date('2026-10-31T15:00:00Z'), to: new Date('2026-11-30T15:00:00Z') }
    expect(auditFilterFrom(query(period))).toMatchObject(expected)
    expect(securityFilterFrom(query(period))).toMatchObject(expected)
  })

  it('filter nothing by what they do not understand, and refuse nothing', () => {
    const odd = query({ from: '2026-13-45', to: '30/11/2026', action: '', type: 'drop table', outcome: 'x' })
    expect(auditFilterFrom(odd)).toEqual({ from: undefined, to: undefined, action: undefined })
    expect(securityFilterFrom(odd)).toEqual({ from: undefined, to: undefined, type: undefined, outcome: undefined })
    expect(auditFilterFrom(query({ action: 'export.' })).action).toBe('export.')
    expect(securityFilterFrom(query({ type: 'sign-in', outcome: 'refused' }))).toMatchObject({
      type: 'sign-in',
      outcome: 'refused',
    })
  })
})
