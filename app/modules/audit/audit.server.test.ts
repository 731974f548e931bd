import { beforeAll, describe, expect, it } from 'vitest'
import { createSeminar, participant } from '../../../tests/support/factories'
import { databaseForRoutes, signedInAs } from '../../../tests/support/routes'
import type { Db } from '~/utils/db.server'
import { loader as auditCsv } from '~/routes/console.audit[.]csv'
import { loader as auditPage } from '~/routes/console.audit._index'
import { loader as attendanceCsv } from '~/routes/console.exports.attendance[.]csv'
import { cancelRegistration, register } from '../registration/registrations.server'
import { auditFilterFrom } from './filter'
import { auditCsvFile, listAuditEvents } from './audit.server'

const database = databaseForRoutes()
let db: Db
let admin: { id: string; cookie: string }
let viewer: { id: string; cookie: string }

const get = (path: string, cookie: string) => new Request(`http://localhost${path}`, { headers: { cookie } }) as Request

beforeAll(async () => {
  db = database.db
  admin = await signedInAs(db, 'audit-admin@city.example.jp', 'ADMIN')
  viewer = await signedInAs(db, 'audit-viewer@city.example.jp', 'STAFF')
})

describe('audit trail', () => {
  it('lists changes newest first, filtered by action and by Japan dates', async () => {
    const seminar = await createSeminar(db)
    const r = await register(db, { seminarId: seminar.id, ...participant() })
    await cancelRegistration(db, r.id, { by: 'ORGANIZER', userId: admin.id })
    const events = await listAuditEvents(db, auditFilterFrom(new URLSearchParams({ action: 'registration.cancel' })))
    expect(events[0]).toMatchObject({
      action: 'registration.cancel',
      entityId: r.id,
      actor: { email: 'audit-admin@city.example.jp' },
    })
    const today = new Date(Date.now() + 9 * 3600_000).toISOString().slice(0, 10)
    const tomorrow = new Date(Date.now() + 33 * 3600_000).toISOString().slice(0, 10)
    expect(await listAuditEvents(db, auditFilterFrom(new URLSearchParams({ from: today, to: today })))).not.toEqual([])
    expect(await listAuditEvents(db, auditFilterFrom(new URLSearchParams({ from: tomorrow })))).toEqual([])
  })

  it('is for admins only, in the page and as CSV, and records its own export', async () => {
    await expect(
      auditPage({ request: get('/console/audit', viewer.cookie), params: {}, context: {} }),
    ).rejects.toMatchObject({
      status: 403,
    })
    await expect(
      auditCsv({ request: get('/console/audit.csv', viewer.cookie), params: {}, context: {} }),
    ).rejects.toMatchObject({ status: 403 })
    const page = (await auditPage({
      request: get('/console/audit', admin.cookie),
      params: {},
      context: {},
    })) as Awaited<ReturnType<typeof auditPage>>
    expect(page.events.length).toBeGreaterThan(0)
    const res = (await auditCsv({
      request: get('/console/audit.csv?action=registration', admin.cookie),
      params: {},
      context: {},
    })) as Response
    // Read as bytes: Response.text() would drop the BOM Excel needs.
    const text = Buffer.from(await res.arrayBuffer()).toString('utf8')
    expect(text.startsWith('\uFEFF日時(UTC),操作者')).toBe(true)
    expect(text).toContain('registration.cancel')
    const recorded = await listAuditEvents(db, { action: 'export.audit' })
    expect(recorded[0]).toMatchObject({ actor: { email: 'audit-admin@city.example.jp' } })
    expect(JSON.parse(recorded[0].detail)).toEqual({ action: 'registration' })
  })

  it('records who downloaded attendance records (personal data)', async () => {
    const res = (await attendanceCsv({
      request: get('/console/exports/attendance.csv?fy=2025', viewer.cookie),
      params: {},
      context: {},
    })) as Response
    await res.text()
    const [event] = await listAuditEvents(db, { action: 'export.attendance-records' })
    expect(event).toMatchObject({ entityType: 'Export', actor: { email: 'audit-viewer@city.example.jp' } })
    expect(JSON.parse(event.detail)).toEqual({ fiscalYear: 2025, format: 'csv' })
  })
})

describe('the audit trail file', () => {
  it('is named after the day in Japan, not in UTC', async () => {
    // 08:30 on 1 April in Tokyo is still 31 March in UTC.
    const file = await auditCsvFile(db, admin.id, new URLSearchParams(), 'ja', new Date('2026-03-31T23:30:00Z'))
    expect(file.names).toEqual({ fileName: '操作記録_2026-04-01.csv', asciiName: 'audit-2026-04-01.csv' })
  })
})
