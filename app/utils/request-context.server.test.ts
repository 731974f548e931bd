import { describe, expect, it } from 'vitest'
import { currentRequestMeta, requestIdFor, runWithRequestMeta } from './request-context.server'

describe('request context', () => {
  it('takes an X-Request-Id only from a trusted proxy, and only one that looks like an id', () => {
    expect(requestIdFor('proxy-id-12345678', true)).toBe('proxy-id-12345678')
    expect(requestIdFor(['proxy-id-12345678', 'other'], true)).toBe('proxy-id-12345678')
    for (const [incoming, trusted] of [
      ['proxy-id-12345678', false],
      ['short', true],
      ['has space 12345678', true],
      ['line\nbreak-12345678', true],
      ['x'.repeat(129), true],
      [undefined, true],
    ] as const)
      expect(requestIdFor(incoming, trusted)).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[0-9a-f]{4}-[0-9a-f]{12}$/)
  })

  it('keeps each request’s meta through awaits, apart from a concurrent request’s', async () => {
    const seen: string[] = []
    const serve = (requestId: string, delay: number) =>
      runWithRequestMeta({ requestId }, async () => {
        await new Promise((r) => setTimeout(r, delay))
        seen.push(`${requestId}:${currentRequestMeta()?.requestId}`)
      })
    await Promise.all([serve('first-request', 30), serve('second-request', 1)])
    expect(seen.sort()).toEqual(['first-request:first-request', 'second-request:second-request'])
    expect(currentRequestMeta()).toBeUndefined()
  })
})
