import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestDb } from '../../tests/support/test-db'
import type { Db } from '~/utils/db.server'
import { createConsoleUser, startSignIn } from '~/modules/accounts/console-users.server'
import { yearStatus } from '~/modules/indicators/indicators.server'
import { closeFiscalYear } from '~/modules/indicators/year-close.server'
import { action } from './console.indicators._index'

const slot = globalThis as unknown as { jissekiDb?: unknown }
let db: Db
let drop: () => Promise<void>

async function signedIn(email: string, role: 'ADMIN' | 'STAFF') {
  const user = await createConsoleUser(db, { email, name: email.split('@')[0], password: 'a long password 1', role })
  return `jisseki_session=${await startSignIn(db, user.id, 1)}`
}

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
  ;({ db, drop } = await createTestDb())
  slot.jissekiDb = db
  await closeFiscalYear(db, 2023, null, new Date('2024-05-01T00:00:00+09:00'))
})
afterAll(async () => {
  slot.jissekiDb = undefined
  await drop()
})

describe('reopening a closed year from the dashboard', () => {
  it('tells office staff beside the form that only admins reopen, records the refusal, and changes nothing', async () => {
    const staff = await signedIn('years-staff@city.example.jp', 'STAFF')
    const answer = (await reopen(staff)) as unknown as { data: { error: Record<string, string[]> }; init: ResponseInit }
    expect(answer.init.status).toBe(403)
    expect(Object.values(answer.data.error).flat()).toEqual(['ind.adminOnly'])
    expect((await yearStatus(db, 2023)).closed).toBe(true)
    expect(
      await db.securityEvent.count({
        where: { type: 'access.refused', actorEmail: 'years-staff@city.example.jp' },
      }),
    ).toBe(1)
  })

  it('reopens for an admin', async () => {
    const admin = await signedIn('years-admin@city.example.jp', 'ADMIN')
    const answer = (await reopen(admin)) as Response
    expect(answer.status).toBe(302)
    expect((await yearStatus(db, 2023)).closed).toBe(false)
  })
})
