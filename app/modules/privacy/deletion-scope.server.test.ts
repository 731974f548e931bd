import { beforeAll, describe, expect, it } from 'vitest'
import { createSeminar, participant } from '../../../tests/support/factories'
import { databaseForRoutes, signedInAs } from '../../../tests/support/routes'
import type { Db } from '~/utils/db.server'
import { action, loader } from '~/routes/console.seminars.$id.registrations.$rid.delete'
import { register } from '../registration/registrations.server'

/**
 * A deletion request covers the person everywhere; an organizer sees only their own programs. When
 * the person also registered in another program, the organizer learns nothing about it and
 * cannot carry out half of the request (docs/decisions/0013-roles-and-accounts.md).
 */
let db: Db
const database = databaseForRoutes()
beforeAll(() => {
  db = database.db
})

const signedIn = async (role: 'ORGANIZER' | 'STAFF', email: string, programIds: string[]) =>
  (await signedInAs(db, email, role, programIds)).cookie

describe('a deletion request by an organizer', () => {
  it('is left to staff when the person registered in a program that is not theirs', async () => {
    const own = await createSeminar(db, { title: '担当のセミナー' })
    const elsewhere = await db.program.create({ data: { code: 'ELSEWHERE', name: '担当外の事業' } })
    const foreign = await createSeminar(db, { title: '担当外のセミナー', programId: elsewhere.id })
    const person = participant({ email: 'both@example.jp' })
    const here = await register(db, { seminarId: own.id, ...person })
    await register(db, { seminarId: foreign.id, ...participant({ email: 'both@example.jp' }) })
    const call = async (fn: typeof loader | typeof action, cookie: string, method = 'GET') =>
      fn({
        request: new Request(`http://localhost/console/seminars/${own.id}/registrations/${here.id}/delete`, {
          method,
          headers: { Cookie: cookie },
        }),
        params: { id: own.id, rid: here.id },
        context: {},
      }).catch((e: unknown) => e)

    const organizer = await signedIn('ORGANIZER', 'organizer@city.example.jp', [own.programId])
    const shown = (await call(loader, organizer)) as Awaited<ReturnType<typeof loader>>
    expect(shown.outsideTheirPrograms).toBe(true)
    expect(shown.registrations.map((r) => r.seminarTitle)).toEqual(['担当のセミナー'])
    expect(JSON.stringify(shown)).not.toContain('担当外のセミナー')
    expect(((await call(action, organizer, 'POST')) as Response).status).toBe(403)
    expect(await db.registration.count({ where: { emailNormalized: 'both@example.jp', anonymizedAt: null } })).toBe(2)

    // Staff see both and carry it out.
    const staff = await signedIn('STAFF', 'staff@city.example.jp', [])
    const all = (await call(loader, staff)) as Awaited<ReturnType<typeof loader>>
    expect(all.outsideTheirPrograms).toBe(false)
    expect(all.registrations).toHaveLength(2)
    expect(((await call(action, staff, 'POST')) as Response).status).toBe(302)
    expect(await db.registration.count({ where: { emailNormalized: 'both@example.jp', anonymizedAt: null } })).toBe(0)
  })
})
