import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { untilSomeoneWaits } from '../../../tests/support/pg-locks'
import { createTestDb } from '../../../tests/support/test-db'
import type { Db } from '~/utils/db.server'
import { upsertPerson } from './registrations.server'

/*
 * Two requests naming the same new person at once (a double click, a group and a single form) both
 * insert a Person. INSERT … ON CONFLICT covers the identityHash index only; a row another request
 * is inserting under the same emailNormalized made the insert fail with 23505 once that request
 * committed — an error page for someone who did register. Here the other request is a held
 * transaction, so the collision happens every time instead of once in a few hundred bursts.
 */
let db: Db
let url: string
let drop: () => Promise<void>

beforeAll(async () => {
  ;({ db, url, drop } = await createTestDb())
})
afterAll(async () => drop())

describe('a new person inserted by two requests at once', () => {
  it('is one person: the second request waits, then finds the first one’s row instead of failing', async () => {
    const email = `race-${crypto.randomUUID()}@example.jp`
    await db.person.count() // the pool's connection is open before the other transaction starts
    const other = new pg.Client({ connectionString: url })
    await other.connect()
    try {
      await other.query('BEGIN')
      await other.query(
        `INSERT INTO "Person" ("id", "emailNormalized", "identityHash", "name", "furigana", "createdAt", "updatedAt")
         VALUES ('held-person', $1, 'another-request-hash', '先 一郎', 'さき', now(), now())`,
        [email],
      )
      const second = upsertPerson(db, email, '後 二郎', 'あと').then(
        (id) => ({ id }),
        (error: unknown) => ({ error }),
      )
      // Commit only once the second insert waits on the held row's index entry.
      await untilSomeoneWaits(other)
      await other.query('COMMIT')
      expect(await second).toEqual({ id: 'held-person' })
      const people = await db.person.findMany({ where: { emailNormalized: email } })
      expect(people.map((p) => [p.id, p.name])).toEqual([['held-person', '後 二郎']])
    } finally {
      await other.end()
    }
  })
})
