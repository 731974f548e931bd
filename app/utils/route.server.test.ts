import { describe, expect, it } from 'vitest'
import { z } from 'zod'
import { AppError, isAppError } from './errors'
import { replyWithAppError, requireIntent, requireParam } from './route.server'
import { parseWithZod } from '@conform-to/zod'

function thrown(run: () => unknown): unknown {
  try {
    run()
  } catch (error) {
    return error
  }
  return undefined
}

const form = (entries: Record<string, string>) => {
  const data = new FormData()
  for (const [k, v] of Object.entries(entries)) data.set(k, v)
  return data
}

const Intents = z.discriminatedUnion('intent', [
  z.object({ intent: z.literal('publish') }),
  z.object({ intent: z.literal('retry-mail'), messageId: z.string().min(1) }),
])

describe('route helpers', () => {
  it('requireParam gives the parameter, and 404 when it is missing or empty', () => {
    expect(requireParam({ id: 'abc' }, 'id')).toBe('abc')
    expect(
      isAppError(
        thrown(() => requireParam({}, 'id')),
        'NOT_FOUND',
      ),
    ).toBe(true)
    expect(
      isAppError(
        thrown(() => requireParam({ id: '' }, 'id')),
        'NOT_FOUND',
      ),
    ).toBe(true)
  })

  it('requireIntent parses one intent of the union, and answers 400 to anything else', () => {
    expect(requireIntent(form({ intent: 'retry-mail', messageId: 'm1' }), Intents)).toEqual({
      intent: 'retry-mail',
      messageId: 'm1',
    })
    expect(
      isAppError(
        thrown(() => requireIntent(form({ intent: 'retry-mail' }), Intents)),
        'BAD_REQUEST',
      ),
    ).toBe(true)
    expect(
      isAppError(
        thrown(() => requireIntent(form({ intent: 'drop-table' }), Intents)),
        'BAD_REQUEST',
      ),
    ).toBe(true)
    expect(
      isAppError(
        thrown(() => requireIntent(form({}), Intents)),
        'BAD_REQUEST',
      ),
    ).toBe(true)
  })

  it('replyWithAppError keeps what was typed and carries the message key and status', async () => {
    const submission = parseWithZod(form({ email: 'a@example.jp' }), { schema: z.object({ email: z.string() }) })
    const reply = replyWithAppError(submission, new AppError('DUPLICATE_EMAIL'))
    expect(reply.init?.status).toBe(409)
    expect(reply.data.error).toEqual({ '': ['errors.DUPLICATE_EMAIL'] })
    expect(reply.data.initialValue).toEqual({ email: 'a@example.jp' })
  })
})
