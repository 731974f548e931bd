import crypto from 'node:crypto'
import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createSeminar, makeLottery } from '../../../tests/support/factories'
import { untilSomeoneWaits } from '../../../tests/support/pg-locks'
import { createTestDb } from '../../../tests/support/test-db'
import type { Db } from '~/utils/db.server'
import { registerGroup, type GroupInput } from './group.server'

/*
 * A group's application that passed its checks while the lottery was open and reaches its batch
 * just as the draw marks the lottery drawn in another process (docs/decisions/0049-lottery.md).
 * The draw is a held transaction of another connection, committed once the group's batch waits on
 * the lottery's row: the group must not be written as APPLIED after the draw read the list (nobody
 * would draw it). It sees the lottery drawn and takes seats first come, all or none, instead.
 */
let db: Db
let url: string
let drop: () => Promise<void>

beforeAll(async () => {
  ;({ db, url, drop } = await createTestDb())
})
afterAll(async () => drop())

function group(seminarId: string): GroupInput {
  const id = crypto.randomUUID().slice(0, 8)
  return {
    seminarId,
    contact: { name: `代表 花子${id}`, furigana: 'だいひょう はなこ', email: `contact-${id}@example.jp` },
    members: [{ name: `同僚 一郎${id}`, furigana: 'どうりょう', email: '' }],
    organizationName: `株式会社グループ${id}`,
    inCity: true,
    mode: 'IN_PERSON',
    language: 'ja',
    submissionKey: crypto.randomUUID(),
  }
}

describe('a group applying as the draw starts in another process', () => {
  it('waits for the draw, then is not an application left undrawn but a first-come group', async () => {
    const now = new Date()
    const seminar = await createSeminar(db, { capacityInPerson: 10 }, now)
    await makeLottery(db, seminar.id, { drawAt: new Date(now.getTime() + 86_400_000) })
    await db.lottery.count() // the pool's connection is open before the other transaction starts
    const other = new pg.Client({ connectionString: url })
    await other.connect()
    try {
      await other.query('BEGIN')
      // What the draw's transaction does first: mark the lottery drawn (and hold its row).
      await other.query(`UPDATE "Lottery" SET "drawnAt" = now() WHERE "seminarId" = $1 AND "drawnAt" IS NULL`, [
        seminar.id,
      ])
      const applying = registerGroup(db, group(seminar.id), now).then(
        (outcome) => ({ outcome }),
        (error: unknown) => ({ error }),
      )
      await untilSomeoneWaits(other)
      await other.query('COMMIT')
      expect(await applying).toMatchObject({ outcome: { created: true } })
      const rows = await db.registration.findMany({ where: { seminarId: seminar.id } })
      expect(rows.map((r) => r.status)).toEqual(['CONFIRMED', 'CONFIRMED'])
      expect((await db.seminar.findUniqueOrThrow({ where: { id: seminar.id } })).seatsTakenInPerson).toBe(2)
      const kinds = await db.outboxMessage.findMany({ where: { seminarId: seminar.id }, select: { kind: true } })
      expect(kinds.map((k) => k.kind)).toEqual(['CONFIRMED'])
    } finally {
      await other.end()
    }
  })
})
