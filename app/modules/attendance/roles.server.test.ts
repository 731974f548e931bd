import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createSeminar, participant } from '../../../tests/support/factories'
import { createTestDb } from '../../../tests/support/test-db'
import type { Db } from '~/utils/db.server'
import { createConsoleUser } from '../accounts/console-users.server'
import { register } from '../registration/registrations.server'
import { setRegistrationRole } from './roles.server'

let db: Db
let drop: () => Promise<void>
let userId: string
beforeAll(async () => {
  ;({ db, drop } = await createTestDb())
  userId = (
    await createConsoleUser(db, { email: 'roles@city.example.jp', name: '役割', password: 'a long password 1' })
  ).id
})
afterAll(async () => drop())

describe('a registration’s role', () => {
  it('is changed on the seminar’s own registration, and recorded', async () => {
    const seminar = await createSeminar(db)
    const r = await register(db, { seminarId: seminar.id, ...participant() })
    await setRegistrationRole(db, { registrationId: r.id, seminarId: seminar.id, role: 'SPEAKER', userId })
    expect((await db.registration.findUniqueOrThrow({ where: { id: r.id } })).role).toBe('SPEAKER')
    expect(await db.auditEvent.count({ where: { action: 'registration.role', entityId: r.id } })).toBe(1)
  })

  it('is not found on a registration of another seminar, which stays as it was', async () => {
    const a = await createSeminar(db)
    const b = await createSeminar(db)
    const r = await register(db, { seminarId: a.id, ...participant() })
    await expect(
      setRegistrationRole(db, { registrationId: r.id, seminarId: b.id, role: 'STAFF', userId }),
    ).rejects.toMatchObject({ code: 'REGISTRATION_NOT_FOUND' })
    expect((await db.registration.findUniqueOrThrow({ where: { id: r.id } })).role).toBe('PARTICIPANT')
  })
})
