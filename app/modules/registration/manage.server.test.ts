import crypto from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createSeminar, participant } from '../../../tests/support/factories'
import { createTestDb } from '../../../tests/support/test-db'
import type { Db } from '~/utils/db.server'
import { isAppError } from '~/utils/errors'
import { cancelOwnRegistration, ownRegistrationOr404 } from './manage.server'
import { cancelRegistration, register } from './registrations.server'

let db: Db
let drop: () => Promise<void>
beforeAll(async () => {
  ;({ db, drop } = await createTestDb())
})
afterAll(async () => drop())

const refusal = (promise: Promise<unknown>) =>
  promise.then(
    () => null,
    (e: unknown) => e,
  )

describe('a participant’s own registration, by its link', () => {
  it('is found by its manage token, and a wrong or malformed token is not found', async () => {
    const seminar = await createSeminar(db)
    const r = await register(db, { seminarId: seminar.id, ...participant() })
    const { manageToken } = await db.registration.findUniqueOrThrow({ where: { id: r.id } })
    const own = await ownRegistrationOr404(db, manageToken)
    expect(own.registration.id).toBe(r.id)
    expect(own.token).toBe(manageToken)
    for (const token of ['nope', crypto.randomBytes(32).toString('base64url')])
      expect(isAppError(await refusal(ownRegistrationOr404(db, token)), 'NOT_FOUND'), token).toBe(true)
  })

  it('is cancelled by its link; twice ends in the same place, and a wrong link is not found', async () => {
    const seminar = await createSeminar(db)
    const r = await register(db, { seminarId: seminar.id, ...participant() })
    const { manageToken } = await db.registration.findUniqueOrThrow({ where: { id: r.id } })
    await cancelOwnRegistration(db, manageToken)
    await cancelOwnRegistration(db, manageToken)
    const after = await db.registration.findUniqueOrThrow({ where: { id: r.id } })
    expect(after.status).toBe('CANCELLED')
    const wrong = crypto.randomBytes(32).toString('base64url')
    expect(isAppError(await refusal(cancelOwnRegistration(db, wrong)), 'NOT_FOUND')).toBe(true)
  })

  it('carries no slip QR while waiting, and the one the door reads once moved up', async () => {
    const seminar = await createSeminar(db, { capacityInPerson: 1 })
    const seated = await register(db, { seminarId: seminar.id, ...participant() })
    const waiting = await register(db, { seminarId: seminar.id, ...participant() })
    expect(waiting.status).toBe('WAITLISTED')
    const { manageToken, checkinToken } = await db.registration.findUniqueOrThrow({ where: { id: waiting.id } })
    const before = (await ownRegistrationOr404(db, manageToken)).registration
    expect(before).toMatchObject({ status: 'WAITLISTED', waitlistPosition: 1, qr: null })

    await cancelRegistration(db, seated.id, { by: 'PARTICIPANT' })
    const after = (await ownRegistrationOr404(db, manageToken)).registration
    expect(after.status).toBe('CONFIRMED')
    expect(after.qr).toMatch(/^data:image\/png;base64,/)
    expect(checkinToken).toMatch(/^[0-9A-F]{32}$/)
  })
})
