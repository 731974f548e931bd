import crypto from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createSeminar, makeLottery, participant } from '../../../tests/support/factories'
import { drawLottery } from '../lottery/draw.server'
import { createConsoleUser } from '../accounts/console-users.server'
import { createTestDb } from '../../../tests/support/test-db'
import type { Db } from '~/utils/db.server'
import { isAppError } from '~/utils/errors'
import { cancelOwnRegistration, confirmOwnWin, ownRegistrationOr404 } from './manage.server'
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

describe('a lottery application, by its link (docs/decisions/0049-lottery.md)', () => {
  it('shows the draw while waiting; the winner confirms by POST until the deadline, once', async () => {
    const seminar = await createSeminar(db, { capacityInPerson: 1, waitlistEnabled: false })
    const lottery = await makeLottery(db, seminar.id, { confirmHours: 24 })
    const a = await register(db, { seminarId: seminar.id, ...participant() })
    const b = await register(db, { seminarId: seminar.id, ...participant() })
    const own = await ownRegistrationOr404(db, a.manageToken)
    expect(own.registration).toMatchObject({ status: 'APPLIED', lotteryNumber: null, confirmBy: null, qr: null })
    expect(own.registration.lottery).toEqual({ drawAt: lottery.drawAt, drawnAt: null })
    // Nothing to confirm before the draw.
    expect(isAppError(await refusal(confirmOwnWin(db, a.manageToken)), 'LOTTERY_CONFIRM_CLOSED')).toBe(true)

    const staff = await createConsoleUser(db, {
      email: 'manage-draw@city.example.jp',
      name: '抽選 係',
      password: 'a long password 1',
    })
    const drawnAt = new Date()
    await drawLottery(db, seminar.id, { userId: staff.id }, drawnAt)
    const rows = await db.registration.findMany({ where: { id: { in: [a.id, b.id] } } })
    const winner = rows.find((r) => r.status === 'CONFIRMED')!
    const loser = rows.find((r) => r.status === 'NOT_SELECTED')!
    const won = await ownRegistrationOr404(db, winner.manageToken)
    expect(won.registration.lotteryNumber).toBe(winner.lotteryNumber)
    expect(won.registration.confirmBy).toEqual(new Date(drawnAt.getTime() + 24 * 3600_000))
    expect(won.registration.qr).toMatch(/^data:image\/png/)
    expect(won.registration.lottery?.drawnAt).toEqual(drawnAt)
    // After the deadline: refused, the deadline kept (the seat passes on with the job).
    const late = new Date(drawnAt.getTime() + 25 * 3600_000)
    expect(isAppError(await refusal(confirmOwnWin(db, winner.manageToken, late)), 'LOTTERY_CONFIRM_CLOSED')).toBe(true)
    await confirmOwnWin(db, winner.manageToken)
    expect((await db.registration.findUniqueOrThrow({ where: { id: winner.id } })).confirmBy).toBeNull()
    // Confirmed once: a second press has nothing to confirm.
    expect(isAppError(await refusal(confirmOwnWin(db, winner.manageToken)), 'LOTTERY_CONFIRM_CLOSED')).toBe(true)

    // Not selected: no slip, and its link cannot cancel it (it holds nothing).
    const lost = await ownRegistrationOr404(db, loser.manageToken)
    expect(lost.registration).toMatchObject({ status: 'NOT_SELECTED', qr: null })
    expect(isAppError(await refusal(cancelOwnRegistration(db, loser.manageToken)), 'LOTTERY_NOT_SELECTED')).toBe(true)
    expect(isAppError(await refusal(confirmOwnWin(db, loser.manageToken)), 'LOTTERY_CONFIRM_CLOSED')).toBe(true)
  })

  it('an application is cancelled by its link like a registration, and holds no seat to give back', async () => {
    const seminar = await createSeminar(db, { capacityInPerson: 1 })
    await makeLottery(db, seminar.id)
    const a = await register(db, { seminarId: seminar.id, ...participant() })
    await cancelOwnRegistration(db, a.manageToken)
    expect((await db.registration.findUniqueOrThrow({ where: { id: a.id } })).status).toBe('CANCELLED')
    expect((await db.seminar.findUniqueOrThrow({ where: { id: seminar.id } })).seatsTakenInPerson).toBe(0)
  })
})
