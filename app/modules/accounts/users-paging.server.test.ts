import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestDb } from '../../../tests/support/test-db'
import type { Db } from '~/utils/db.server'
import { usersPage } from './users.server'

let db: Db
let drop: () => Promise<void>
const at = new Date('2026-11-20T03:00:00Z')

beforeAll(async () => {
  ;({ db, drop } = await createTestDb())
  // 60 people, ten of them with the same name (told apart by email), and 55 helper links made at once.
  await db.consoleUser.createMany({
    data: Array.from({ length: 60 }, (_, i) => ({
      email: `user${String(i).padStart(2, '0')}@city.example.jp`,
      name: i < 10 ? '山田 花子' : `職員 ${String(i).padStart(2, '0')}`,
      role: 'ORGANIZER' as const,
    })),
  })
  await db.consoleUser.createMany({
    data: Array.from({ length: 55 }, (_, i) => ({
      email: `helper-${i}@checkin.invalid`,
      name: `受付${i}`,
      role: 'CHECKIN' as const,
      createdAt: at,
    })),
  })
})
afterAll(async () => drop())

describe('the users page of a large office', () => {
  it('pages people and helper links 50 at a time, each by its own parameter, everyone once', async () => {
    const first = await usersPage(db, new URLSearchParams(''), at)
    const second = await usersPage(db, new URLSearchParams('page=2&helpers=2'), at)
    expect([first.users.length, second.users.length]).toEqual([50, 10])
    expect([first.helpers.length, second.helpers.length]).toEqual([50, 5])
    expect(second.paging).toMatchObject({ page: 2, total: 60, first: 51, last: 60 })
    expect(second.helperPaging).toMatchObject({ page: 2, total: 55, param: 'helpers', first: 51, last: 55 })
    expect(new Set([...first.users, ...second.users].map((u) => u.email)).size).toBe(60)
    expect(new Set([...first.helpers, ...second.helpers].map((h) => h.id)).size).toBe(55)
    // The helpers' page does not move the people's list.
    expect((await usersPage(db, new URLSearchParams('helpers=2'), at)).users.map((u) => u.id)).toEqual(
      first.users.map((u) => u.id),
    )
  })
})
