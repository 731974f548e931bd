import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createSeminar, participant } from '../../../tests/support/factories'
import { createTestDb } from '../../../tests/support/test-db'
import type { Db } from '~/utils/db.server'
import { createConsoleUser } from '../accounts/console-users.server'
import { cancelOnBehalf, registrationOfSeminar } from './on-behalf.server'
import { register } from './registrations.server'

let db: Db
let drop: () => Promise<void>
let userId: string
beforeAll(async () => {
  ;({ db, drop } = await createTestDb())
  userId = (
    await createConsoleUser(db, { email: 'behalf@city.example.jp', name: '代理', password: 'a long password 1' })
  ).id
})
afterAll(async () => drop())

describe('cancelling on a participant’s behalf', () => {
  it('cancels the seminar’s registration, once', async () => {
    const seminar = await createSeminar(db)
    const r = await register(db, { seminarId: seminar.id, ...participant() })
    expect(await cancelOnBehalf(db, { seminarId: seminar.id, registrationId: r.id, userId })).toBe(0)
    const after = await db.registration.findUniqueOrThrow({ where: { id: r.id } })
    expect(after).toMatchObject({ status: 'CANCELLED', cancelledBy: 'ORGANIZER' })
    // Sent twice (a double click): nothing more happens.
    expect(await cancelOnBehalf(db, { seminarId: seminar.id, registrationId: r.id, userId })).toBe(0)
  })

  it('does not find a registration of another seminar, which stays as it was', async () => {
    const a = await createSeminar(db)
    const b = await createSeminar(db)
    const r = await register(db, { seminarId: a.id, ...participant() })
    await expect(registrationOfSeminar(db, b.id, r.id)).rejects.toMatchObject({ code: 'REGISTRATION_NOT_FOUND' })
    await expect(cancelOnBehalf(db, { seminarId: b.id, registrationId: r.id, userId })).rejects.toMatchObject({
      code: 'REGISTRATION_NOT_FOUND',
    })
    expect((await db.registration.findUniqueOrThrow({ where: { id: r.id } })).status).toBe('CONFIRMED')
  })
})
