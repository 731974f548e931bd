import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createSeminar, participant } from '../../../tests/support/factories'
import { createTestDb } from '../../../tests/support/test-db'
import type { Db } from '~/utils/db.server'
import { createConsoleUser, type ConsoleIdentity } from '../accounts/console-users.server'
import { register } from '../registration/registrations.server'
import { carryOutDeletionRequest, deletionRequest } from './deletion-request.server'

let db: Db
let drop: () => Promise<void>
let organizer: ConsoleIdentity
let admin: ConsoleIdentity
let seminarA: { id: string }
let seminarB: { id: string }
beforeAll(async () => {
  ;({ db, drop } = await createTestDb())
  const other = await db.program.create({ data: { code: 'OTHER', name: '別の事業' } })
  seminarA = await createSeminar(db)
  seminarB = await createSeminar(db, { programId: other.id })
  const make = (role: 'ADMIN' | 'ORGANIZER', email: string) =>
    createConsoleUser(db, { email, name: email, password: 'a long staff password', role })
  organizer = await make('ORGANIZER', 'organizer@city.example.jp')
  admin = await make('ADMIN', 'admin@city.example.jp')
  const a = await db.seminar.findUniqueOrThrow({ where: { id: seminarA.id } })
  await db.programAssignment.create({ data: { userId: organizer.id, programId: a.programId } })
})
afterAll(async () => drop())

describe('a deletion request from a seminar’s page', () => {
  it('does not find a registration of another seminar', async () => {
    const r = await register(db, { seminarId: seminarA.id, ...participant() })
    const at = { seminarId: seminarB.id, registrationId: r.id }
    await expect(deletionRequest(db, admin, at)).rejects.toMatchObject({ code: 'REGISTRATION_NOT_FOUND' })
    await expect(carryOutDeletionRequest(db, admin, at)).rejects.toMatchObject({ code: 'REGISTRATION_NOT_FOUND' })
    expect((await db.registration.findUniqueOrThrow({ where: { id: r.id } })).anonymizedAt).toBeNull()
  })

  it('is not the organizer’s to carry out when the person registered in another program too', async () => {
    const person = participant()
    const mine = await register(db, { seminarId: seminarA.id, ...person })
    const elsewhere = await register(db, { seminarId: seminarB.id, ...person })
    const at = { seminarId: seminarA.id, registrationId: mine.id }
    const seen = await deletionRequest(db, organizer, at)
    // The organizer does not learn about the other program's registration.
    expect(seen.registrations.map((r) => r.id)).toEqual([mine.id])
    expect(seen.outsideTheirPrograms).toBe(true)
    expect(await carryOutDeletionRequest(db, organizer, at)).toBe('outside-programs')
    expect((await db.registration.findUniqueOrThrow({ where: { id: mine.id } })).anonymizedAt).toBeNull()
    // An admin sees both and carries it out.
    expect((await deletionRequest(db, admin, at)).outsideTheirPrograms).toBe(false)
    expect(await carryOutDeletionRequest(db, admin, at)).toBe(2)
    expect((await db.registration.findUniqueOrThrow({ where: { id: elsewhere.id } })).anonymizedAt).not.toBeNull()
  })
})
