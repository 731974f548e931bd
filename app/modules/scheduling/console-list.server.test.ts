import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createSeminar } from '../../../tests/support/factories'
import { createTestDb } from '../../../tests/support/test-db'
import type { Db } from '~/utils/db.server'
import { consoleSeminarFiltersFrom, listConsoleSeminars } from './console-list.server'

let db: Db
let drop: () => Promise<void>
// 12:00 on 20 November 2026 in Japan.
const now = new Date('2026-11-20T03:00:00Z')
const HOUR = 3600_000
const at = (hours: number) => new Date(now.getTime() + hours * HOUR)

/** A seminar whose sessions start the given hours from now (two hours each). */
async function seminarWith(title: string, starts: number[], overrides: Parameters<typeof createSeminar>[1] = {}) {
  const seminar = await createSeminar(db, { title, ...overrides }, now)
  await db.session.deleteMany({ where: { seminarId: seminar.id } })
  for (const [i, hours] of starts.entries())
    await db.session.create({
      data: { seminarId: seminar.id, number: i + 1, startsAt: at(hours), endsAt: at(hours + 2) },
    })
  return seminar
}

let otherProgram: string

beforeAll(async () => {
  ;({ db, drop } = await createTestDb())
  otherProgram = (await db.program.create({ data: { code: 'GLOBAL', name: '海外展開支援事業' } })).id
  // Created in an order unlike the dates: the list must not follow creation.
  await seminarWith('来週のセミナー', [24 * 7])
  // A series that began last week: its next session (in three days) places it.
  await seminarWith('連続講座', [-24 * 7, 24 * 3, 24 * 10], { venueName: 'ミライ工房' })
  await seminarWith('先月のセミナー', [-24 * 30])
  await seminarWith('下書き（日程なし）', [], { status: 'DRAFT' })
  // 00:10 on 20 November in Japan (15:10 on the 19th in UTC): today, and already over.
  await seminarWith('今朝のセミナー', [-11.8], { programId: otherProgram, titleEn: 'Morning Export Seminar' })
  // 00:30 on 21 November in Japan: tomorrow, though still the 20th in UTC.
  await seminarWith('明日のセミナー', [12.5])
  await seminarWith('昨日のセミナー', [-24], { status: 'CANCELLED' })
})
afterAll(async () => drop())

const titles = async (query = '', programIds: string[] | null = null) =>
  (await listConsoleSeminars(db, programIds, new URLSearchParams(query), now)).seminars.map((s) => s.title)

describe('the console seminar list', () => {
  it('puts seminars to come first by their next session, then those without a date, then past ones latest first', async () => {
    expect(await titles()).toEqual([
      '明日のセミナー',
      '連続講座',
      '来週のセミナー',
      '下書き（日程なし）',
      '今朝のセミナー',
      '昨日のセミナー',
      '先月のセミナー',
    ])
  })

  it('says which session gives the date: the next one of a series, the last one of a past seminar', async () => {
    const { seminars } = await listConsoleSeminars(db, null, new URLSearchParams(), now)
    const series = seminars.find((s) => s.title === '連続講座')!
    expect(series).toMatchObject({ sessionCount: 3, past: false, session: { number: 2, startsAt: at(72) } })
    expect(seminars.find((s) => s.title === '先月のセミナー')).toMatchObject({ past: true, session: { number: 1 } })
    expect(seminars.find((s) => s.title === '下書き（日程なし）')).toMatchObject({ session: null, sessionCount: 0 })
  })

  it('filters upcoming, past and today (the Japan date)', async () => {
    expect(await titles('when=upcoming')).toEqual([
      '明日のセミナー',
      '連続講座',
      '来週のセミナー',
      '下書き（日程なし）',
    ])
    expect(await titles('when=past')).toEqual(['今朝のセミナー', '昨日のセミナー', '先月のセミナー'])
    expect(await titles('when=today')).toEqual(['今朝のセミナー'])
  })

  it('filters by program code and status, and keeps an organizer to their programs', async () => {
    expect(await titles('program=GLOBAL')).toEqual(['今朝のセミナー'])
    expect(await titles('status=CANCELLED')).toEqual(['昨日のセミナー'])
    expect(await titles('status=DRAFT&when=past')).toEqual([])
    expect(await titles('', [otherProgram])).toEqual(['今朝のセミナー'])
    expect(await titles('program=TEST', [otherProgram])).toEqual([])
  })

  it('finds text in the title (either language) and the venue, whatever the width, case or kana', async () => {
    expect(await titles('q=講座')).toEqual(['連続講座'])
    expect(await titles('q=ﾐﾗｲ工房')).toEqual(['連続講座'])
    expect(await titles('q=みらい')).toEqual(['連続講座'])
    expect(await titles('q=export seminar')).toEqual(['今朝のセミナー'])
    // The factory's venue: every seminar but the series (its own venue) is there.
    expect(await titles('q=ｾﾐﾅｰﾙｰﾑ&when=upcoming')).toEqual(['明日のセミナー', '来週のセミナー', '下書き（日程なし）'])
  })

  it('ignores a filter value it does not know instead of failing', () => {
    expect(consoleSeminarFiltersFrom(new URLSearchParams('status=DONE&when=later&q=%20AI%20'))).toEqual({
      program: '',
      status: '',
      when: '',
      q: 'AI',
    })
  })
})

describe('a long seminar list', () => {
  it('shows 50 a page, in order, every seminar once across the pages', async () => {
    const program = await db.program.create({ data: { code: 'MANY', name: '大量事業' } })
    const category = (await db.category.findFirstOrThrow()).id
    await db.seminar.createMany({
      data: Array.from({ length: 120 }, (_, i) => ({
        id: `many-${String(i).padStart(3, '0')}`,
        programId: program.id,
        categoryId: category,
        title: `講座${i}`,
        mode: 'ONLINE' as const,
        registrationOpensAt: now,
        registrationClosesAt: now,
      })),
    })
    // Two seminars in each hour: the same start time must not put one on two pages.
    await db.session.createMany({
      data: Array.from({ length: 120 }, (_, i) => ({
        seminarId: `many-${String(i).padStart(3, '0')}`,
        number: 1,
        startsAt: at(100 + (i % 60)),
        endsAt: at(101 + (i % 60)),
      })),
    })
    const pages = await Promise.all(
      [1, 2, 3].map((page) => listConsoleSeminars(db, [program.id], new URLSearchParams(`page=${page}`), now)),
    )
    expect(pages.map((p) => p.seminars.length)).toEqual([50, 50, 20])
    expect(pages[2].paging).toMatchObject({ page: 3, pageCount: 3, total: 120, first: 101, last: 120 })
    const all = pages.flatMap((p) => p.seminars)
    expect(new Set(all.map((s) => s.id)).size).toBe(120)
    const times = all.map((s) => +s.session!.startsAt)
    expect(times).toEqual([...times].sort((a, b) => a - b))
  })
})
