import { beforeAll, describe, expect, it } from 'vitest'
import { databaseForRoutes, signedInAs } from '../../tests/support/routes'
import { yearStatus } from '~/modules/indicators/indicators.server'
import { closeFiscalYear } from '~/modules/indicators/year-close.server'
import { action } from './console.indicators._index'

const database = databaseForRoutes()

const reopen = (cookie: string) =>
  action({
    request: new Request('http://localhost/console/indicators?fy=2023', {
      method: 'POST',
      headers: { cookie, 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ intent: 'reopen', fiscalYear: '2023', reason: '再集計' }),
    }),
    params: {},
    context: {},
  })

beforeAll(async () => {
  await closeFiscalYear(database.db, 2023, null, new Date('2024-05-01T00:00:00+09:00'))
})

describe('reopening a closed year from the dashboard', () => {
  it('tells office staff beside the form that only admins reopen, records the refusal, and changes nothing', async () => {
    const staff = await signedInAs(database.db, 'years-staff@city.example.jp', 'STAFF')
    const answer = (await reopen(staff.cookie)) as unknown as {
      data: { error: Record<string, string[]> }
      init: ResponseInit
    }
    expect(answer.init.status).toBe(403)
    expect(Object.values(answer.data.error).flat()).toEqual(['ind.adminOnly'])
    expect((await yearStatus(database.db, 2023)).closed).toBe(true)
    expect(await database.db.securityEvent.count({ where: { type: 'access.refused', actorId: staff.id } })).toBe(1)
  })

  it('reopens for an admin', async () => {
    const admin = await signedInAs(database.db, 'years-admin@city.example.jp', 'ADMIN')
    const answer = (await reopen(admin.cookie)) as Response
    expect(answer.status).toBe(302)
    expect((await yearStatus(database.db, 2023)).closed).toBe(false)
  })
})
