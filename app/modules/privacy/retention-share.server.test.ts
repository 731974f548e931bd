import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createSeminar } from '../../../tests/support/factories'
import { createTestDb } from '../../../tests/support/test-db'
import { newManageToken, newRegistrationCode } from '~/modules/registration/registrations.server'
import type { Db } from '~/utils/db.server'
import { anonymizeExpired } from './retention.server'

let db: Db
let drop: () => Promise<void>
beforeAll(async () => {
  ;({ db, drop } = await createTestDb())
})
afterAll(async () => drop())

describe('anonymizing a backlog', () => {
  it('takes a share per call when asked, and the calls together do it all', async () => {
    // A seminar of FY2020 with one year of retention: long past.
    const seminar = await createSeminar(db, { title: '昔のセミナー' }, new Date('2020-06-01T10:00:00+09:00'))
    await db.program.update({ where: { id: seminar.programId }, data: { retentionYears: 1 } })
    for (let i = 0; i < 5; i++) {
      const person = await db.person.create({ data: { emailNormalized: `old${i}@example.jp`, name: `昔 ${i}` } })
      await db.registration.create({
        data: {
          seminarId: seminar.id,
          personId: person.id,
          name: `昔 ${i}`,
          furigana: 'むかし',
          email: `old${i}@example.jp`,
          emailNormalized: `old${i}@example.jp`,
          inCity: true,
          mode: 'IN_PERSON',
          status: 'CONFIRMED',
          manageToken: newManageToken(),
          code: newRegistrationCode(),
        },
      })
    }
    const share = () => anonymizeExpired(db, new Date(), { batchSize: 2, maxRegistrations: 2 })
    expect((await share()).registrations).toBe(2)
    expect(await db.registration.count({ where: { anonymizedAt: null } })).toBe(3)
    expect((await share()).registrations).toBe(2)
    expect((await share()).registrations).toBe(1)
    expect((await share()).registrations).toBe(0)
    expect(await db.registration.count({ where: { anonymizedAt: null } })).toBe(0)
  })
})
