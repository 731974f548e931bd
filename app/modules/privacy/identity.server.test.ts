import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { participant, indicatorInput } from '../../../tests/support/factories'
import { createTestDb } from '../../../tests/support/test-db'
import type { Db } from '~/utils/db.server'
import { parseEnv } from '~/utils/env.server'
import { createConsoleUser } from '../accounts/console-users.server'
import { checkIn } from '../attendance/checkin.server'
import { registerWalkIn } from '../attendance/walk-in.server'
import { attendanceRecordRows } from '../exports/attendance-records.server'
import { participationTotals } from '../exports/participation-totals.server'
import { evidence } from '../indicators/evidence.server'
import { liveActual, loadIndicators, saveIndicator } from '../indicators/indicators.server'
import { register } from '../registration/registrations.server'
import {
  backfillIdentityHashes,
  personIdentityHash,
  pseudonymCode,
  resolveIdentitySecret,
  SECRET_FILE_SUFFIX,
} from './identity.server'
import { anonymizeExpired, deletePersonalData } from './retention.server'
import { ensureCategory } from '~/modules/categories/categories.server'

let db: Db
let drop: () => Promise<void>
let userId: string
let mailDir: string
beforeAll(async () => {
  ;({ db, drop } = await createTestDb())
  userId = (
    await createConsoleUser(db, { email: 'id@city.example.jp', name: '識別 担当', password: 'identity password' })
  ).id
  mailDir = fs.mkdtempSync(path.join(os.tmpdir(), 'jisseki-identity-mail-'))
})
afterAll(async () => {
  await drop()
  fs.rmSync(mailDir, { recursive: true, force: true })
})

const jst = (iso: string) => new Date(`${iso}+09:00`)
let seq = 0

async function seminarWithSessions(starts: string[], retentionYears = 3) {
  const program = await db.program.create({ data: { code: `ID${++seq}`, name: `識別事業${seq}`, retentionYears } })
  const seminar = await db.seminar.create({
    data: {
      programId: program.id,
      title: `紙の名簿セミナー${seq}`,
      categoryId: await ensureCategory(db, 'セミナー'),
      status: 'PUBLISHED',
      mode: 'IN_PERSON',
      venueName: '会場',
      capacityInPerson: 100,
      registrationOpensAt: new Date(Date.now() - 86400_000),
      registrationClosesAt: new Date(Date.now() + 86400_000),
    },
  })
  const sessions = []
  for (const [i, at] of starts.entries())
    sessions.push(
      await db.session.create({
        data: {
          seminarId: seminar.id,
          number: i + 1,
          startsAt: jst(at),
          endsAt: new Date(jst(at).getTime() + 7200_000),
        },
      }),
    )
  const persons = await saveIndicator(
    db,
    indicatorInput({
      code: `IDP${seq}`,
      name: '実人数',
      rule: 'UNIQUE_PERSONS',
      programIds: [program.id],
    }),
  )
  const organizations = await saveIndicator(
    db,
    indicatorInput({
      code: `IDO${seq}`,
      name: '社数',
      unit: '社',
      rule: 'UNIQUE_ORGANIZATIONS',
      programIds: [program.id],
    }),
  )
  return { program, seminar, sessions, persons, organizations }
}

const actual = async (id: string, fy: number) =>
  (await liveActual(db, (await loadIndicators(db)).find((i) => i.id === id)!, fy)).value

describe('the identity secret', () => {
  it('takes IDENTITY_SECRET, of at least 32 characters', () => {
    const secret = 'x'.repeat(32)
    expect(resolveIdentitySecret({ IDENTITY_SECRET: secret, DATABASE_URL: 'postgres://h/db' })).toBe(secret)
    expect(() => parseEnv({ IDENTITY_SECRET: 'short' })).toThrow(/IDENTITY_SECRET/)
    expect(parseEnv({ IDENTITY_SECRET: '' }).IDENTITY_SECRET).toBeUndefined()
  })

  it('stops a PostgreSQL server without it, naming the variable', () => {
    expect(() => resolveIdentitySecret({ IDENTITY_SECRET: undefined, DATABASE_URL: 'postgres://h:5432/db' })).toThrow(
      /IDENTITY_SECRET/,
    )
  })

  it('on SQLite generates one once beside the database, readable by the owner only, and reuses it', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'jisseki-secret-'))
    try {
      const config = { IDENTITY_SECRET: undefined, DATABASE_URL: `file:${path.join(dir, 'app.db')}` }
      const first = resolveIdentitySecret(config)
      expect(first.length).toBeGreaterThanOrEqual(32)
      const file = path.join(dir, `app.db${SECRET_FILE_SUFFIX}`)
      expect(fs.statSync(file).mode & 0o777).toBe(0o600)
      expect(resolveIdentitySecret(config)).toBe(first)
      // Another installation gets another secret.
      expect(resolveIdentitySecret({ ...config, DATABASE_URL: `file:${path.join(dir, 'other.db')}` })).not.toBe(first)
    } finally {
      fs.rmSync(dir, { recursive: true, force: true })
    }
  })

  it('keys the hash: another secret, another hash; the email is not in it', () => {
    const a = personIdentityHash('taro@example.jp', 'a'.repeat(32))
    expect(a).toMatch(/^[0-9a-f]{64}$/)
    expect(personIdentityHash('taro@example.jp', 'a'.repeat(32))).toBe(a)
    expect(personIdentityHash('taro@example.jp', 'b'.repeat(32))).not.toBe(a)
    expect(personIdentityHash('hana@example.jp', 'a'.repeat(32))).not.toBe(a)
    expect(pseudonymCode('person-1')).toBe(pseudonymCode('person-1'))
    expect(pseudonymCode('person-1')).not.toBe(pseudonymCode('person-2'))
  })
})

describe('identity survives anonymization', () => {
  it('session 1 anonymized past retention, session 2 typed in later with the same email: one person (実人数 1)', async () => {
    // FY2020, kept 3 years: past retention from 2024-04-01.
    const { seminar, sessions, persons, organizations } = await seminarWithSessions([
      '2020-06-01T14:00',
      '2020-06-08T14:00',
    ])
    const first = await register(db, {
      seminarId: seminar.id,
      ...participant({ name: '紙名簿 太郎', email: 'Paper.Taro@Example.jp', organizationName: '株式会社紙屋' }),
    })
    await checkIn(db, { sessionId: sessions[0].id, code: first.code, source: 'QR', userId }, jst('2020-06-01T14:00'))
    expect(await actual(persons, 2020)).toBe(1)

    const purged = await anonymizeExpired(db, jst('2024-05-01T00:00'), { mailDir })
    expect(purged.registrations).toBeGreaterThanOrEqual(1)
    const anonymized = await db.person.findFirstOrThrow({ where: { registrations: { some: { id: first.id } } } })
    expect(anonymized).toMatchObject({ name: '（削除済み）', emailNormalized: `deleted:${anonymized.id}` })
    expect(anonymized.anonymizedAt).not.toBeNull()
    expect(anonymized.identityHash).toBe(personIdentityHash('paper.taro@example.jp'))

    // The office types in session 2 from last year's paper list: the same email, another spelling of the company.
    await registerWalkIn(db, {
      sessionId: sessions[1].id,
      name: '紙名簿 太郎',
      email: 'paper.taro@example.jp',
      organizationName: '(株)紙屋',
      mode: 'IN_PERSON',
      overrideCapacity: true,
      userId,
    })
    const registrations = await db.registration.findMany({ where: { seminarId: seminar.id } })
    expect(registrations).toHaveLength(2)
    expect(new Set(registrations.map((r) => r.personId)).size).toBe(1)
    expect(new Set(registrations.map((r) => r.organizationId)).size).toBe(1)
    expect(await actual(persons, 2020)).toBe(1)
    expect(await actual(organizations, 2020)).toBe(1)
    // The person has personal data again (the new record), under the same id.
    expect(await db.person.findUniqueOrThrow({ where: { id: anonymized.id } })).toMatchObject({
      name: '紙名簿 太郎',
      emailNormalized: 'paper.taro@example.jp',
      anonymizedAt: null,
    })

    // The evidence and the participation totals agree.
    const ev = (await evidence(db, persons, 2020))!
    expect(ev.members!.total).toBe(1)
    expect(ev.members!.list[0].records).toHaveLength(2)
    const totals = await participationTotals(db, 2020, jst('2024-05-02T00:00'))
    const mine = totals.programs.find((p) => p.seminars.some((s) => s.seminarId === seminar.id))!
    expect(mine).toMatchObject({ personTimes: 2, uniquePersons: 1, uniqueOrganizations: 1 })

    // Nothing exported carries the keyed identity.
    const rows: unknown[] = []
    for await (const row of attendanceRecordRows(db, 2020, 'ja', 3)) rows.push(row)
    expect(rows.length).toBeGreaterThanOrEqual(2)
    expect(JSON.stringify(rows)).not.toContain(anonymized.identityHash)
    expect(JSON.stringify(ev)).not.toContain(anonymized.identityHash)
  })

  it('after a deletion request, a new registration with the same email joins the same person', async () => {
    const { seminar, sessions, persons } = await seminarWithSessions(['2029-06-01T14:00', '2029-06-08T14:00'])
    const other = await seminarWithSessions(['2029-07-01T14:00'])
    const r1 = await register(db, { seminarId: seminar.id, ...participant({ email: 'again@example.jp' }) })
    await checkIn(db, { sessionId: sessions[0].id, code: r1.code, source: 'QR', userId })
    await deletePersonalData(db, { registrationId: r1.id, userId })
    const r2 = await register(db, { seminarId: seminar.id, ...participant({ email: 'again@example.jp' }) })
    await checkIn(db, { sessionId: sessions[1].id, code: r2.code, source: 'QR', userId })
    const r3 = await register(db, { seminarId: other.seminar.id, ...participant({ email: 'AGAIN@example.jp' }) })
    const [a, b, c] = await Promise.all(
      [r1, r2, r3].map((r) => db.registration.findUniqueOrThrow({ where: { id: r.id }, select: { personId: true } })),
    )
    expect(b.personId).toBe(a.personId)
    expect(c.personId).toBe(a.personId)
    expect(await actual(persons, 2029)).toBe(1)
  })

  it('gives persons written before the keyed identity existed their hash at start, and matches them after', async () => {
    const legacy = await db.person.create({ data: { emailNormalized: 'legacy@example.jp', name: '旧 データ' } })
    const gone = await db.person.create({
      data: { emailNormalized: 'deleted:old', name: '（削除済み）', anonymizedAt: new Date() },
    })
    expect(legacy.identityHash).toBeNull()
    expect(await backfillIdentityHashes(db, { batchSize: 2 })).toBeGreaterThanOrEqual(1)
    expect((await db.person.findUniqueOrThrow({ where: { id: legacy.id } })).identityHash).toBe(
      personIdentityHash('legacy@example.jp'),
    )
    expect((await db.person.findUniqueOrThrow({ where: { id: gone.id } })).identityHash).toBeNull()
    // Idempotent.
    expect(await backfillIdentityHashes(db)).toBe(0)

    // A row made by another tool, without the hash, is still found by its email.
    const outside = await db.person.create({ data: { emailNormalized: 'outside@example.jp', name: '外部 作成' } })
    const { seminar } = await seminarWithSessions(['2029-09-01T14:00'])
    const r = await register(db, { seminarId: seminar.id, ...participant({ email: 'outside@example.jp' }) })
    expect((await db.registration.findUniqueOrThrow({ where: { id: r.id } })).personId).toBe(outside.id)
  })
})
