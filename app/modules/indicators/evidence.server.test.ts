import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { participant, indicatorInput } from '../../../tests/support/factories'
import { createTestDb } from '../../../tests/support/test-db'
import type { Db } from '~/utils/db.server'
import type { CountingRule } from '~/generated/prisma/client'
import { createConsoleUser } from '../accounts/console-users.server'
import { checkIn } from '../attendance/checkin.server'
import { registerWalkIn } from '../attendance/walk-in.server'
import { deletePersonalData } from '../privacy/retention.server'
import { register } from '../registration/registrations.server'
import { updateSession } from '../scheduling/seminars.server'
import { evidenceCsv } from './evidence-export.server'
import { evidence, evidencePage } from './evidence.server'
import { liveActual, loadIndicators, saveIndicator } from './indicators.server'
import { ensureCategory } from '~/modules/categories/categories.server'
import { isAppError } from '~/utils/errors'
import { random, randomRecordChange, type RandomRecords } from '../../../tests/support/random-records'

let db: Db
let drop: () => Promise<void>
let userId: string
beforeAll(async () => {
  ;({ db, drop } = await createTestDb())
  userId = (
    await createConsoleUser(db, { email: 'ev@city.example.jp', name: '内訳 担当', password: 'evidence password' })
  ).id
})
afterAll(async () => drop())

const jst = (iso: string) => new Date(`${iso}+09:00`)
let seq = 0

async function program(name: string) {
  return db.program.create({ data: { code: `EV${++seq}`, name } })
}

async function seminar(
  programId: string,
  starts: string[],
  extra: { category?: string; minOnlineMinutes?: number } = {},
) {
  const now = Date.now()
  const s = await db.seminar.create({
    data: {
      programId,
      title: `内訳セミナー${++seq}`,
      categoryId: await ensureCategory(db, extra.category ?? 'セミナー'),
      status: 'PUBLISHED',
      mode: 'HYBRID',
      venueName: '会場',
      capacityInPerson: 100,
      capacityOnline: 100,
      minOnlineMinutes: extra.minOnlineMinutes ?? 30,
      registrationOpensAt: new Date(now - 86400_000),
      registrationClosesAt: new Date(now + 86400_000),
    },
  })
  const sessions = []
  for (const [i, at] of starts.entries()) {
    sessions.push(
      await db.session.create({
        // 90 minutes: the end is not the start.
        data: { seminarId: s.id, number: i + 1, startsAt: jst(at), endsAt: new Date(jst(at).getTime() + 5400_000) },
      }),
    )
  }
  return { seminar: s, sessions }
}

async function indicator(
  rule: CountingRule,
  programIds: string[],
  extra: Partial<Parameters<typeof saveIndicator>[1]> = {},
) {
  const id = await saveIndicator(
    db,
    indicatorInput({
      code: `EVI${++seq}`,
      name: `内訳指標${seq}`,
      unit: rule === 'UNIQUE_ORGANIZATIONS' ? '社' : '人',
      rule,
      programIds,
      ...extra,
    }),
  )
  return (await loadIndicators(db)).find((i) => i.id === id)!
}

const actual = async (id: string, fy: number) =>
  (await liveActual(db, (await loadIndicators(db)).find((i) => i.id === id)!, fy)).value

describe('evidence of unique counts', () => {
  it('lists each distinct person and organization once, with its records and spellings, totalling the actual', async () => {
    const p = await program('実人数事業')
    const { seminar: s, sessions } = await seminar(p.id, ['2030-06-03T14:00', '2030-06-10T14:00', '2030-06-17T14:00'])
    const persons = await indicator('UNIQUE_PERSONS', [p.id])
    const orgs = await indicator('UNIQUE_ORGANIZATIONS', [p.id])
    const times = await indicator('PERSON_TIMES', [p.id])
    // One company under three spellings, two of its people; a third person of another company.
    const taro = await register(db, {
      seminarId: s.id,
      ...participant({ name: '山田 太郎', email: 'yamada@example.jp', organizationName: '株式会社ミナト精機' }),
    })
    const hana = await register(db, {
      seminarId: s.id,
      ...participant({ name: '佐藤 花子', email: 'sato@example.jp', organizationName: '(株)ミナト精機' }),
    })
    const ken = await register(db, {
      seminarId: s.id,
      ...participant({ name: '鈴木 健', email: 'suzuki@example.jp', organizationName: '港商事' }),
    })
    for (const session of sessions) await checkIn(db, { sessionId: session.id, code: taro.code, source: 'QR', userId })
    await checkIn(db, { sessionId: sessions[0].id, code: hana.code, source: 'QR', userId })
    await checkIn(db, { sessionId: sessions[1].id, code: ken.code, source: 'QR', userId })
    // A walk-in of the same company, typed as ㈱, at the last session.
    await registerWalkIn(db, {
      sessionId: sessions[2].id,
      name: '田中 一郎',
      email: 'tanaka@example.jp',
      organizationName: '㈱ミナト精機',
      mode: 'IN_PERSON',
      overrideCapacity: true,
      userId,
    })

    const ev = (await evidence(db, persons.id, 2030))!
    // Person-times per session add up; unique persons per session do not (4 rows of persons: 2+2+2).
    expect(ev.sessions.map((x) => x.persons)).toEqual([2, 2, 2])
    expect(ev.members!.kind).toBe('PERSONS')
    expect(ev.members!.total).toBe(4)
    expect(ev.members!.total).toBe(await actual(persons.id, 2030))
    const yamada = ev.members!.list.find((m) => m.name === '山田 太郎')!
    expect(yamada.records.map((r) => r.sessionNumber)).toEqual([1, 2, 3])
    expect(yamada.spellings).toEqual(['山田 太郎'])
    expect(yamada.code).toMatch(/^[0-9A-F]{10}$/)

    const byOrg = (await evidence(db, orgs.id, 2030))!
    expect(byOrg.members!.kind).toBe('ORGANIZATIONS')
    expect(byOrg.members!.total).toBe(2)
    expect(byOrg.members!.total).toBe(await actual(orgs.id, 2030))
    const minato = byOrg.members!.list.find((m) => m.records.length === 5)!
    expect(minato.spellings).toEqual(
      ['(株)ミナト精機', '㈱ミナト精機', '株式会社ミナト精機'].sort((a, b) => a.localeCompare(b, 'ja')),
    )
    expect(byOrg.members!.list.find((m) => m !== minato)!.spellings).toEqual(['港商事'])

    // Person-times: the per-session list is the evidence, and it adds up.
    const byTimes = (await evidence(db, times.id, 2030))!
    expect(byTimes.members).toBeNull()
    expect(byTimes.sessions.reduce((sum, x) => sum + x.personTimes, 0)).toBe(await actual(times.id, 2030))
  })

  it("shows each session's own end time", async () => {
    const p = await program('終了時刻事業')
    const { sessions } = await seminar(p.id, ['2030-07-01T10:00', '2030-07-08T13:30'])
    const ind = await indicator('PERSON_TIMES', [p.id])
    const ev = (await evidence(db, ind.id, 2030))!
    expect(ev.sessions.map((s) => [s.startsAt, s.endsAt])).toEqual(sessions.map((s) => [s.startsAt, s.endsAt]))
    expect(ev.sessions[0].endsAt.getTime() - ev.sessions[0].startsAt.getTime()).toBe(5400_000)
  })

  it('shows a person whose data was removed under a stable pseudonym, still counted', async () => {
    const p = await program('仮名事業')
    const { seminar: s, sessions } = await seminar(p.id, ['2030-08-01T14:00', '2030-08-08T14:00'])
    const persons = await indicator('UNIQUE_PERSONS', [p.id])
    const a = await register(db, { seminarId: s.id, ...participant({ name: '削除 希望', email: 'forget@example.jp' }) })
    const b = await register(db, { seminarId: s.id, ...participant({ name: '残る 人', email: 'stay@example.jp' }) })
    for (const session of sessions) await checkIn(db, { sessionId: session.id, code: a.code, source: 'QR', userId })
    await checkIn(db, { sessionId: sessions[0].id, code: b.code, source: 'QR', userId })
    const before = (await evidence(db, persons.id, 2030))!.members!.list.find((m) => m.name === '削除 希望')!

    await deletePersonalData(db, { registrationId: a.id, userId })
    const after = (await evidence(db, persons.id, 2030))!
    expect(after.members!.total).toBe(2)
    expect(after.members!.total).toBe(await actual(persons.id, 2030))
    const gone = after.members!.list.find((m) => m.code === before.code)!
    expect(gone).toMatchObject({ name: null, anonymized: true, spellings: [] })
    expect(gone.records).toHaveLength(2)
    expect(JSON.stringify(after)).not.toContain('削除 希望')
    expect(JSON.stringify(after)).not.toContain('forget@example.jp')
    // Same pseudonym on every look, derived from nothing personal.
    expect((await evidence(db, persons.id, 2030))!.members!.list.map((m) => m.code)).toEqual(
      after.members!.list.map((m) => m.code),
    )
    // The keyed identity is never part of what the page gets.
    const person = await db.person.findFirstOrThrow({ where: { registrations: { some: { id: a.id } } } })
    expect(person.identityHash).toMatch(/^[0-9a-f]{64}$/)
    expect(JSON.stringify(after)).not.toContain(person.identityHash)
  })
})

const csvText = async (stream: ReadableStream<Uint8Array>) => (await new Response(stream).text()).replace(/^\uFEFF/, '')

describe('the evidence page', () => {
  it('shows a person only by pseudonym, and no record, to those who may not read personal data', async () => {
    const p = await program('閲覧権限事業')
    const { seminar: s, sessions } = await seminar(p.id, ['2031-06-03T14:00'])
    const persons = await indicator('UNIQUE_PERSONS', [p.id])
    const orgs = await indicator('UNIQUE_ORGANIZATIONS', [p.id])
    const r = await register(db, {
      seminarId: s.id,
      ...participant({ name: '高橋 一郎', email: 'takahashi@example.jp', organizationName: '港精工' }),
    })
    await checkIn(db, { sessionId: sessions[0].id, code: r.code, source: 'QR', userId })

    const open = await evidencePage(db, persons.id, 2031, true)
    expect(open.members!.list.map((m) => [m.name, m.spellings, m.records[0].name])).toEqual([
      ['高橋 一郎', ['高橋 一郎'], '高橋 一郎'],
    ])
    expect(open.sessions[0].records).toHaveLength(1)

    const hidden = await evidencePage(db, persons.id, 2031, false)
    expect(hidden.members!.total).toBe(1)
    expect(hidden.members!.list.map((m) => [m.name, m.spellings, m.records[0].name])).toEqual([[null, [], '']])
    expect(hidden.members!.list[0].code).toBe(open.members!.list[0].code)
    expect(hidden.sessions[0].records).toEqual([])
    expect(JSON.stringify(hidden)).not.toContain('高橋')
    // An organization is no person's data: its name stays.
    expect((await evidencePage(db, orgs.id, 2031, false)).members!.list[0].name).toBe('港精工')
  })

  it('answers 404 for an indicator that is not there', async () => {
    const missing = await evidencePage(db, 'no-such-indicator', 2031, true).catch((e: unknown) => e)
    expect(isAppError(missing, 'NOT_FOUND')).toBe(true)
  })
})

describe('the evidence as CSV', () => {
  it('lists the distinct members, pseudonyms for removed persons, and the total; sessions with their end time', async () => {
    const p = await program('出力事業')
    const { seminar: s, sessions } = await seminar(p.id, ['2030-09-01T14:00', '2030-09-08T14:00'])
    const persons = await indicator('UNIQUE_PERSONS', [p.id])
    const orgs = await indicator('UNIQUE_ORGANIZATIONS', [p.id])
    const times = await indicator('PERSON_TIMES', [p.id])
    const a = await register(db, {
      seminarId: s.id,
      ...participant({ name: '出力 一郎', email: 'out1@example.jp', organizationName: '株式会社出力' }),
    })
    const b = await register(db, {
      seminarId: s.id,
      ...participant({ name: '出力 二郎', email: 'out2@example.jp', organizationName: '(株)出力' }),
    })
    for (const session of sessions) await checkIn(db, { sessionId: session.id, code: a.code, source: 'QR', userId })
    await checkIn(db, { sessionId: sessions[1].id, code: b.code, source: 'QR', userId })
    await deletePersonalData(db, { registrationId: b.id, userId })

    const ev = (await evidence(db, persons.id, 2030))!
    const text = await csvText(evidenceCsv(ev, 'ja', true))
    const lines = text.trim().split('\r\n')
    expect(lines[0]).toBe('No.,識別番号,氏名・組織名,法人番号,記録上の表記,出席回数,数えた出席記録')
    expect(lines).toHaveLength(1 + 2 + 2)
    expect(lines[1]).toMatch(/^1,参加者 #[0-9A-F]{10},出力 一郎,,出力 一郎,2,/)
    expect(lines[2]).toMatch(/^2,参加者 #[0-9A-F]{10},（個人情報は削除済み）,,,1,/)
    expect(lines[4]).toBe(`合計,${await actual(persons.id, 2030)} 人,,,,3,`)
    expect(text).not.toContain('出力 二郎')
    // Without the right to read personal data: codes and counts only.
    const hidden = await csvText(evidenceCsv(ev, 'en', false))
    expect(hidden).not.toContain('出力 一郎')
    expect(hidden).toContain('Participant #')

    const byOrg = await csvText(evidenceCsv((await evidence(db, orgs.id, 2030))!, 'ja', true))
    expect(byOrg).toContain('(株)出力 / 株式会社出力')
    expect(byOrg).toContain('合計,1 社,,,,3,')

    const bySession = await csvText(evidenceCsv((await evidence(db, times.id, 2030))!, 'ja', true))
    expect(bySession.split('\r\n')[0]).toBe('事業,セミナー,回,日時,延べ人数,実人数（日程内）,社数（日程内）')
    expect(bySession).toContain('14:00–15:30')
    expect(bySession).toContain(`合計,,,,${await actual(times.id, 2030)},,`)
  })
})

describe('the distinct list always totals the actual', () => {
  it('after random registrations, check-ins, undos, markings, walk-ins, role changes, session moves and deletions', async () => {
    const next = random(20261130)
    const pick = <T>(items: T[]) => items[Math.floor(next() * items.length)]
    const a = await program('乱数内訳A')
    const b = await program('乱数内訳B')
    const seminars = [
      await seminar(a.id, ['2032-03-20T14:00', '2032-04-10T14:00'], { category: '講座' }),
      await seminar(a.id, ['2032-05-01T14:00'], { minOnlineMinutes: 45 }),
      await seminar(b.id, ['2031-06-01T14:00', '2032-06-08T14:00']),
    ]
    const indicators = [
      await indicator('UNIQUE_PERSONS', [a.id, b.id]),
      await indicator('UNIQUE_ORGANIZATIONS', [a.id, b.id]),
      await indicator('UNIQUE_PERSONS', [a.id], { categoryIds: [await ensureCategory(db, '講座')] }),
      await indicator('UNIQUE_ORGANIZATIONS', [a.id, b.id], { modeScope: 'ONLINE' }),
      await indicator('UNIQUE_PERSONS', [a.id, b.id], { cumulative: true, baseYear: 2031 }),
      await indicator('UNIQUE_ORGANIZATIONS', [a.id, b.id], { cumulative: true, baseYear: 2031 }),
      await indicator('PERSON_TIMES', [a.id, b.id], { cumulative: true, baseYear: 2031 }),
    ]
    const emails = Array.from({ length: 10 }, (_, i) => `evrnd${i}@example.jp`)
    const orgs = ['株式会社甲', '(株)甲', '㈱甲', '乙商事', null, '丙工業']
    const world: RandomRecords = { db, next, userId, emails, organizations: orgs, registrations: [] }
    const registrations = world.registrations
    for (let step = 0; step < 300; step++) {
      const roll = next()
      const si = Math.floor(next() * seminars.length)
      const { seminar: s, sessions } = seminars[si]
      const session = pick(sessions)
      const mine = registrations.filter((r) => r.seminarIndex === si)
      if (roll < 0.9 || mine.length === 0) {
        await randomRecordChange(world, { seminarId: s.id, seminarIndex: si, sessionId: session.id, step }, roll / 0.9)
      } else if (roll < 0.95) {
        // A deletion request: the person's data goes, the person still counts once.
        await deletePersonalData(db, { registrationId: pick(mine).id, userId })
      } else {
        const moved = new Date(session.startsAt.getTime() + (next() < 0.5 ? -1 : 1) * 9 * 86400_000)
        await updateSession(
          db,
          s.id,
          session.id,
          {
            startsAt: moved,
            endsAt: new Date(moved.getTime() + 7200_000),
            title: null,
            venueName: null,
          },
          null,
        )
        seminars[si].sessions = await db.session.findMany({ where: { seminarId: s.id }, orderBy: { number: 'asc' } })
      }
    }
    expect(
      await db.attendance.count({ where: { session: { seminar: { programId: { in: [a.id, b.id] } } } } }),
    ).toBeGreaterThan(25) // enough records for the lists to mean something
    expect(
      await db.person.count({ where: { anonymizedAt: { not: null }, emailNormalized: { startsWith: 'deleted:' } } }),
    ).toBeGreaterThan(0)
    for (const ind of indicators) {
      for (const fy of [2031, 2032]) {
        const ev = (await evidence(db, ind.id, fy))!
        const label = `${ind.rule} ${ind.modeScope} ${ind.cumulative ? '累計' : ''} FY${fy}`
        const live = await actual(ind.id, fy)
        if (ind.rule === 'PERSON_TIMES') {
          expect(
            ev.sessions.reduce((sum, s) => sum + s.personTimes, 0),
            label,
          ).toBe(live)
          continue
        }
        expect(ev.members!.total, label).toBe(live)
        expect(ev.members!.list, label).toHaveLength(live!)
        // Every member once, with at least one record, and the records add up to the person-times.
        expect(new Set(ev.members!.list.map((m) => m.code)).size, label).toBe(live)
        for (const m of ev.members!.list) expect(m.records.length, label).toBeGreaterThan(0)
      }
    }
    // A cumulative list reaches back to its base year.
    const cumulative = (await evidence(db, indicators[4].id, 2032))!
    expect(cumulative.fromYear).toBe(2031)
    expect(cumulative.members!.total).toBeGreaterThanOrEqual(
      (await evidence(db, indicators[0].id, 2032))!.members!.total,
    )
  }, 180_000)
})
