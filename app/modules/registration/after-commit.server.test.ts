import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { faultyAdapter } from '../../../tests/support/faulty-adapter'
import { createSeminar, participant } from '../../../tests/support/factories'
import { createTestDb } from '../../../tests/support/test-db'
import { createDb, type Db } from '~/utils/db.server'
import { registerFromPublicForm } from './public-registration.server'
import { cancelRegistration, register } from './registrations.server'

/*
 * Once a registration or a cancellation has committed, the person is answered with what was
 * written, whatever happens to the statements after the commit (docs/decisions/0025). Here every
 * statement after the first commit fails, as when the pool gives up or the connection is lost.
 */
let db: Db
let url: string
let drop: () => Promise<void>
beforeAll(async () => {
  ;({ db, url, drop } = await createTestDb())
})
afterAll(async () => drop())

/** A client on the same database whose statements all fail once one transaction has committed. */
function failingAfterFirstCommit() {
  const fault = faultyAdapter(() => fault.state.commits > 0)
  return { client: createDb(url, { wrapAdapter: fault.wrap }), fault }
}

/** Takes over console.error (the test setup fails on any call): the errors logged instead of thrown. */
function captureLoggedErrors() {
  const spy = vi.spyOn(console, 'error').mockImplementation(() => undefined)
  return () => spy.mock.calls.map((args) => String(args[0]))
}

function expectOnlyAfterCommitErrors(lines: string[]) {
  expect(lines.length).toBeGreaterThan(0)
  for (const line of lines) expect(line).toMatch(/committed/)
}

describe('after the commit', () => {
  it('answers a waiting-list registration with what was written when the statements after it fail', async () => {
    const seminar = await createSeminar(db, { capacityInPerson: 1 })
    await register(db, { seminarId: seminar.id, ...participant() })
    const { client, fault } = failingAfterFirstCommit()
    const logged = captureLoggedErrors()
    try {
      const input = participant()
      const outcome = await register(client, { seminarId: seminar.id, ...input })
      expect(fault.state.failed).toBeGreaterThan(0)
      expect(outcome).toMatchObject({ status: 'WAITLISTED', waitlistPosition: 1, created: true })
      const stored = await db.registration.findUniqueOrThrow({ where: { id: outcome.id } })
      expect(stored).toMatchObject({ status: 'WAITLISTED', waitlistPosition: 1 })
      // The waiting-list notice was queued with the registration, once.
      const notices = await db.outboxMessage.findMany({ where: { registrationId: outcome.id } })
      expect(notices.map((m) => [m.kind, m.waitlistPosition])).toEqual([['WAITLISTED', 1]])
      expectOnlyAfterCommitErrors(logged())
    } finally {
      await client.$disconnect()
    }
  })

  it('lets the public form go through when the statements after the commit fail', async () => {
    const seminar = await createSeminar(db, { capacityInPerson: 1 })
    await register(db, { seminarId: seminar.id, ...participant() })
    const { client } = failingAfterFirstCommit()
    const logged = captureLoggedErrors()
    try {
      const input = participant()
      await expect(registerFromPublicForm(client, { seminarId: seminar.id, ...input })).resolves.toBeUndefined()
      const stored = await db.registration.findMany({ where: { seminarId: seminar.id, email: input.email } })
      expect(stored.map((r) => r.status)).toEqual(['WAITLISTED'])
      expectOnlyAfterCommitErrors(logged())
    } finally {
      await client.$disconnect()
    }
  })

  it('answers a cancellation with what was written when the statements after it fail', async () => {
    const seminar = await createSeminar(db, { capacityInPerson: 1 })
    const seated = await register(db, { seminarId: seminar.id, ...participant() })
    const waiting = await register(db, { seminarId: seminar.id, ...participant() })
    const { client, fault } = failingAfterFirstCommit()
    const logged = captureLoggedErrors()
    try {
      await expect(cancelRegistration(client, seated.id, { by: 'PARTICIPANT' })).resolves.toEqual({
        promoted: [waiting.id],
      })
      expect(fault.state.failed).toBeGreaterThan(0)
      expect((await db.registration.findUniqueOrThrow({ where: { id: seated.id } })).status).toBe('CANCELLED')
      expect((await db.registration.findUniqueOrThrow({ where: { id: waiting.id } })).status).toBe('CONFIRMED')
      expect((await db.seminar.findUniqueOrThrow({ where: { id: seminar.id } })).seatsTakenInPerson).toBe(1)
      expectOnlyAfterCommitErrors(logged())
    } finally {
      await client.$disconnect()
    }
  })
})
