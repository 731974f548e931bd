import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestDb } from '../../../tests/support/test-db'
import type { Db } from '~/utils/db.server'
import { sentMailPage } from './sent-mail.server'

let db: Db
let drop: () => Promise<void>
const at = new Date('2026-11-20T03:00:00Z')

beforeAll(async () => {
  ;({ db, drop } = await createTestDb())
  // 130 messages, most queued in the same instant (one bulk message to registrants): the page
  // order has to break the tie, or a message would show on two pages and another on none.
  await db.outboxMessage.createMany({
    data: Array.from({ length: 130 }, (_, i) => ({
      kind: 'CONFIRMED' as const,
      messageId: `<paging-${i}@jisseki.test>`,
      status: i < 10 ? ('FAILED' as const) : ('SENT' as const),
      createdAt: i < 30 ? new Date(at.getTime() + i * 1000) : at,
    })),
  })
})
afterAll(async () => drop())

const page = (query: string) => sentMailPage(db, new URLSearchParams(query))

describe('the sent-mail page of a long outbox', () => {
  it('shows 50 messages a page, newest first, each message on exactly one page, with the total', async () => {
    const pages = await Promise.all(['', 'page=2', 'page=3'].map(page))
    expect(pages.map((p) => p.messages.length)).toEqual([50, 50, 30])
    expect(pages.map((p) => p.paging)).toEqual([
      { page: 1, pageCount: 3, total: 130, pageSize: 50, param: 'page', first: 1, last: 50 },
      { page: 2, pageCount: 3, total: 130, pageSize: 50, param: 'page', first: 51, last: 100 },
      { page: 3, pageCount: 3, total: 130, pageSize: 50, param: 'page', first: 101, last: 130 },
    ])
    const all = pages.flatMap((p) => p.messages)
    expect(new Set(all.map((m) => m.id)).size).toBe(130)
    const times = all.map((m) => +m.createdAt)
    expect(times).toEqual([...times].sort((a, b) => b - a))
  })

  it('pages within the state filter and counts only what it matches', async () => {
    const failed = await page('status=FAILED&page=4')
    expect(failed.messages).toHaveLength(10)
    expect(failed.messages.every((m) => m.status === 'FAILED')).toBe(true)
    expect(failed.paging).toMatchObject({ page: 1, pageCount: 1, total: 10 })
  })
})
