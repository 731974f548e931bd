import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestDb } from '../../../tests/support/test-db'
import type { Db } from '~/utils/db.server'
import { personIdentityHash } from '../privacy/identity.server'
import { upsertPerson } from './registrations.server'

/*
 * upsertPerson tries the INSERT … ON CONFLICT alone first and gives a row of the email its keyed
 * identity (the UPDATE) only when that INSERT meets it: the rows it leaves must be those the UPDATE
 * then INSERT always left.
 */
let db: Db
let drop: () => Promise<void>
beforeAll(async () => {
  ;({ db, drop } = await createTestDb())
})
afterAll(async () => drop())

const persons = (emailNormalized: string) =>
  db.person.findMany({
    where: { emailNormalized },
    select: { id: true, identityHash: true, name: true, furigana: true },
  })

describe('upsertPerson', () => {
  it('creates a new person once, and finds them again with the latest name', async () => {
    const email = 'new-person@example.jp'
    const id = await upsertPerson(db, email, '新規 花子', 'しんき はなこ')
    expect(await upsertPerson(db, email, '新規 花子（改）', 'しんき はなこ')).toBe(id)
    expect(await persons(email)).toEqual([
      { id, identityHash: personIdentityHash(email), name: '新規 花子（改）', furigana: 'しんき はなこ' },
    ])
  })

  it('gives a row of the email without the keyed identity, or with another, that identity', async () => {
    for (const [email, identityHash] of [
      ['no-hash@example.jp', null],
      ['old-secret@example.jp', 'a-hash-made-with-another-secret'],
    ] as const) {
      const outside = await db.person.create({ data: { emailNormalized: email, identityHash, name: '外部 作成' } })
      expect(await upsertPerson(db, email, '外部 作成（新）', 'がいぶ')).toBe(outside.id)
      expect(await persons(email)).toEqual([
        { id: outside.id, identityHash: personIdentityHash(email), name: '外部 作成（新）', furigana: 'がいぶ' },
      ])
    }
  })

  it('is one person when the same new email arrives many times at once', async () => {
    const email = 'burst-person@example.jp'
    const ids = await Promise.all(Array.from({ length: 10 }, (_, i) => upsertPerson(db, email, `同時 ${i}`, '')))
    expect(new Set(ids).size).toBe(1)
    expect(await persons(email)).toHaveLength(1)
  })
})
