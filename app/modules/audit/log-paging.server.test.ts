import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestDb } from '../../../tests/support/test-db'
import type { Db } from '~/utils/db.server'
import { auditPage } from './audit.server'
import { securityLogPage } from './security-log.server'

let db: Db
let drop: () => Promise<void>
const at = new Date('2026-11-20T03:00:00Z')

beforeAll(async () => {
  ;({ db, drop } = await createTestDb())
  // 260 of each, 200 of them in one instant (one import writes many events at once).
  await db.auditEvent.createMany({
    data: Array.from({ length: 260 }, (_, i) => ({
      at: i < 60 ? new Date(at.getTime() + i * 1000) : at,
      action: i % 2 ? 'registration.cancel' : 'seminar.update',
      entityType: 'Seminar',
      entityId: `s${i}`,
    })),
  })
  await db.securityEvent.createMany({
    data: Array.from({ length: 260 }, (_, i) => ({
      at: i < 60 ? new Date(at.getTime() + i * 1000) : at,
      type: 'sign-in',
      outcome: i % 2 ? 'failure' : 'success',
      address: '192.0.2.1',
      requestId: `r${i}`,
    })),
  })
})
afterAll(async () => drop())

const q = (query: string) => new URLSearchParams(query)

describe('the admins’ logs, 50 a page', () => {
  it('pages the audit trail newest first, each event once, beyond the 200 it used to stop at', async () => {
    const pages = await Promise.all([1, 2, 3, 4, 5, 6].map((n) => auditPage(db, q(`page=${n}`), 'ja')))
    expect(pages.map((p) => p.events.length)).toEqual([50, 50, 50, 50, 50, 10])
    expect(pages[5].paging).toMatchObject({ page: 6, pageCount: 6, total: 260, first: 251, last: 260 })
    const all = pages.flatMap((p) => p.events)
    expect(new Set(all.map((e) => e.id)).size).toBe(260)
    const times = all.map((e) => +e.at)
    expect(times).toEqual([...times].sort((a, b) => b - a))
    const filtered = await auditPage(db, q('action=registration.cancel&page=3'), 'ja')
    expect(filtered.paging).toMatchObject({ page: 3, pageCount: 3, total: 130, first: 101, last: 130 })
    expect(filtered.events.every((e) => e.action === 'registration.cancel')).toBe(true)
  })

  it('pages the security log the same way, within its filter', async () => {
    const pages = await Promise.all([1, 2, 3, 4, 5, 6].map((n) => securityLogPage(db, q(`page=${n}`))))
    expect(pages.map((p) => p.events.length)).toEqual([50, 50, 50, 50, 50, 10])
    expect(new Set(pages.flatMap((p) => p.events).map((e) => e.id)).size).toBe(260)
    const failures = await securityLogPage(db, q('outcome=failure&page=2'))
    expect(failures.paging).toMatchObject({ page: 2, total: 130, first: 51, last: 100 })
    expect(failures.events.every((e) => e.outcome === 'failure')).toBe(true)
  })
})
