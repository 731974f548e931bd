import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createSeminar, participant } from '../../../tests/support/factories'
import { TEST_DB_KIND } from '../../../tests/support/test-db'
import { createDb, type Db } from '~/utils/db.server'
import { migrate } from '~/utils/migrate.server'
import { fileTransport } from '../mail/transport.server'
import { register } from '../registration/registrations.server'
import { anonymizeExpired, deletePersonalData } from './retention.server'

/*
 * Personal data removed on request must be gone from the bytes on disk, not only from query
 * results: SQLite leaves a deleted row in the page's free space, and the WAL keeps whole former
 * pages until a checkpoint. These tests read the raw files (SQLite only; PostgreSQL is VACUUM's
 * business, docs/decisions/0022-personal-data-hardening.md).
 */

const NAME = '消去確認ゾルタン太郎'
const EMAIL = 'zoltan-erasure-probe@example.jp'
const ORGANIZATION_KEPT = '株式会社ノコルミライ'

let dir: string
let file: string
let db: Db

function bytesOf(f: string): Buffer {
  return fs.existsSync(f) ? fs.readFileSync(f) : Buffer.alloc(0)
}
function holds(f: string, text: string): boolean {
  return bytesOf(f).includes(Buffer.from(text, 'utf8'))
}
const mode = (f: string) => fs.statSync(f).mode & 0o777

describe.skipIf(TEST_DB_KIND === 'postgres')('erasure on disk (SQLite)', () => {
  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'jisseki-erasure-'))
    // A directory the app creates itself: 0700.
    file = path.join(dir, 'data', 'jisseki.db')
    await migrate(`file:${file}`)
    db = createDb(`file:${file}`)
  })
  afterAll(async () => {
    await db?.$disconnect()
    fs.rmSync(dir, { recursive: true, force: true })
  })

  it('runs every connection with secure_delete', async () => {
    const [row] = await db.$queryRawUnsafe<{ secure_delete: number | bigint }[]>('PRAGMA secure_delete')
    expect(Number(row.secure_delete)).toBe(1)
  })

  it('leaves a deleted name and email in neither the database file nor its WAL', async () => {
    const seminar = await createSeminar(db, { capacityInPerson: 10 })
    // Some neighbours on the same pages, so the row is not alone on a page that is simply dropped.
    for (let i = 0; i < 5; i++) await register(db, { seminarId: seminar.id, ...participant() })
    const r = await register(db, {
      seminarId: seminar.id,
      ...participant({ name: NAME, email: EMAIL, organizationName: ORGANIZATION_KEPT }),
    })
    for (let i = 0; i < 5; i++) await register(db, { seminarId: seminar.id, ...participant() })
    // Part of the history is in the database file, part in the WAL, as in a running installation.
    await db.$queryRawUnsafe('PRAGMA wal_checkpoint(TRUNCATE)')
    await db.registration.update({ where: { id: r.id }, data: { furigana: 'けしょうかくにん' } })
    expect(holds(file, NAME) || holds(`${file}-wal`, NAME)).toBe(true)
    expect(holds(`${file}-wal`, NAME)).toBe(true)

    expect(await deletePersonalData(db, { registrationId: r.id, userId: null })).toBe(1)

    for (const f of [file, `${file}-wal`]) {
      expect(holds(f, NAME), `${path.basename(f)} still holds the name`).toBe(false)
      expect(holds(f, EMAIL), `${path.basename(f)} still holds the email`).toBe(false)
      expect(holds(f, 'けしょうかくにん'), `${path.basename(f)} still holds the furigana`).toBe(false)
    }
    // What is not personal stays (the company's name is counted).
    expect(holds(file, ORGANIZATION_KEPT)).toBe(true)
    expect(await db.registration.count({ where: { seminarId: seminar.id } })).toBe(11)
  })

  it('empties the WAL after the scheduled anonymization too', async () => {
    const old = await createSeminar(db, { capacityInPerson: 10 })
    await db.session.updateMany({
      where: { seminarId: old.id },
      data: { startsAt: new Date('2019-06-01T01:00:00Z'), endsAt: new Date('2019-06-01T03:00:00Z') },
    })
    const probe = '保存期間切れゾルタン花子'
    await register(db, { seminarId: old.id, ...participant({ name: probe }) })
    expect(holds(`${file}-wal`, probe)).toBe(true)
    const done = await anonymizeExpired(db, new Date('2026-11-30T00:00:00Z'))
    expect(done.registrations).toBeGreaterThan(0)
    expect(holds(`${file}-wal`, probe)).toBe(false)
    expect(holds(file, probe)).toBe(false)
  })

  it('creates the database, its WAL and shared-memory files 0600 in a 0700 directory', async () => {
    expect(mode(path.dirname(file))).toBe(0o700)
    await db.registration.count()
    for (const f of [file, `${file}-wal`, `${file}-shm`])
      expect([path.basename(f), mode(f)]).toEqual([path.basename(f), 0o600])
  })

  it('tightens an existing database that was readable by others at the next start', async () => {
    const other = path.join(dir, 'old', 'legacy.db')
    fs.mkdirSync(path.dirname(other))
    await migrate(`file:${other}`)
    for (const f of [other, `${other}-wal`, `${other}-shm`]) if (fs.existsSync(f)) fs.chmodSync(f, 0o644)
    const legacy = createDb(`file:${other}`)
    try {
      await legacy.program.count()
      for (const f of [other, `${other}-wal`, `${other}-shm`])
        expect([path.basename(f), mode(f)]).toEqual([path.basename(f), 0o600])
    } finally {
      await legacy.$disconnect()
    }
  })
})

describe('mail copies on disk', () => {
  it('writes .eml files 0600 in 0700 directories', async () => {
    const mailDir = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'jisseki-mail-')), 'mail')
    try {
      const transport = fileTransport(mailDir)
      const { emlFile } = await transport.send({
        from: 'city@example.jp',
        to: 'someone@example.jp',
        subject: 'テスト',
        text: '本文',
      })
      transport.close()
      const full = path.join(mailDir, emlFile!)
      expect(mode(full)).toBe(0o600)
      expect(mode(path.dirname(full))).toBe(0o700)
      expect(mode(mailDir)).toBe(0o700)
    } finally {
      fs.rmSync(path.dirname(mailDir), { recursive: true, force: true })
    }
  })
})
