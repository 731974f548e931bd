import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createSeminar, participant } from '../../../tests/support/factories'
import { createTestDb } from '../../../tests/support/test-db'
import type { Db } from '~/utils/db.server'
import { createConsoleUser } from '../accounts/console-users.server'
import { checkIn } from '../attendance/checkin.server'
import { renderMessage } from '../mail/render.server'
import { getOwnRegistration } from './manage.server'
import { reissueLink } from './reissue.server'
import { register } from './registrations.server'

let db: Db
let drop: () => Promise<void>
let userId: string
beforeAll(async () => {
  ;({ db, drop } = await createTestDb())
  userId = (
    await createConsoleUser(db, { email: 'reissue@city.example.jp', name: '再発行', password: 'a long password 1' })
  ).id
})
afterAll(async () => drop())

describe('reissuing a participant’s link', () => {
  it('replaces the manage link and the QR token, mails the new ones and records who did it', async () => {
    const seminar = await createSeminar(db)
    const session = await db.session.findFirstOrThrow({ where: { seminarId: seminar.id } })
    const r = await register(db, { seminarId: seminar.id, ...participant() })
    const before = await db.registration.findUniqueOrThrow({ where: { id: r.id } })
    await reissueLink(db, { registrationId: r.id, seminarId: seminar.id, userId })
    const after = await db.registration.findUniqueOrThrow({ where: { id: r.id } })
    expect(after.manageToken).not.toBe(before.manageToken)
    expect(after.checkinToken).toMatch(/^[0-9A-F]{32}$/)
    expect(after.checkinToken).not.toBe(before.checkinToken)
    expect(after.code).toBe(before.code)
    // The old link and the old QR no longer work; the new ones do.
    expect(await getOwnRegistration(db, before.manageToken)).toBeNull()
    expect(await getOwnRegistration(db, after.manageToken)).not.toBeNull()
    const old = await checkIn(db, { sessionId: session.id, code: before.checkinToken!, source: 'QR', userId })
    expect(old.outcome).toBe('NOT_FOUND')
    const fresh = await checkIn(db, { sessionId: session.id, code: after.checkinToken!, source: 'QR', userId })
    expect(fresh.outcome).toBe('CHECKED_IN')
    const message = await db.outboxMessage.findFirstOrThrow({ where: { registrationId: r.id, kind: 'LINK_REISSUED' } })
    const mail = await renderMessage(db, message)
    expect(mail?.subject).toMatch(/^【受付票の再発行】/)
    expect(String(mail?.text)).toContain(`/r/${after.manageToken}`)
    expect(
      await db.auditEvent.count({ where: { action: 'registration.reissue', entityId: r.id, actorId: userId } }),
    ).toBe(1)
  })

  it('refuses a registration of another seminar', async () => {
    const a = await createSeminar(db)
    const b = await createSeminar(db)
    const r = await register(db, { seminarId: a.id, ...participant() })
    await expect(reissueLink(db, { registrationId: r.id, seminarId: b.id, userId })).rejects.toMatchObject({
      code: 'REGISTRATION_NOT_FOUND',
    })
  })
})
