import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createSeminar } from '../../../tests/support/factories'
import { createTestDb } from '../../../tests/support/test-db'
import type { Db } from '~/utils/db.server'
import { ensureCategory } from '../categories/categories.server'
import { isAppError } from '~/utils/errors'
import {
  catalogFilterOptions,
  catalogFiltersFrom,
  getPublicSeminar,
  listUpcomingSeminars,
  upcomingSeminarPage,
  programsPage,
  requirePublicSeminar,
  saveProgramForm,
} from './catalog.server'
import { ProgramFormSchema } from './forms'

let db: Db
let drop: () => Promise<void>
const now = new Date('2026-11-20T03:00:00Z')
const day = 86400_000

beforeAll(async () => {
  ;({ db, drop } = await createTestDb())
  const other = await db.program.create({ data: { code: 'GLOBAL', name: '海外展開支援事業' } })
  const december = await createSeminar(
    db,
    { title: '12月のセミナー', categoryId: await ensureCategory(db, 'セミナー'), mode: 'HYBRID', capacityOnline: 100 },
    now,
  )
  await db.session.updateMany({
    where: { seminarId: december.id },
    data: { startsAt: new Date('2026-12-01T05:00:00Z'), endsAt: new Date('2026-12-01T07:00:00Z') },
  })
  // A session at 00:30 on 1 January in Japan is still 31 December in UTC.
  // Added first, but second in the managed list: the filter offers the list's order.
  const course = await ensureCategory(db, '講座', 'Course')
  const newYear = await createSeminar(db, { title: '1月の講座', categoryId: course, programId: other.id }, now)
  await db.category.update({ where: { id: course }, data: { sortOrder: 10 } })
  await db.session.updateMany({
    where: { seminarId: newYear.id },
    data: { startsAt: new Date('2026-12-31T15:30:00Z'), endsAt: new Date('2026-12-31T17:00:00Z') },
  })
  await createSeminar(db, { title: '下書き', status: 'DRAFT' }, now)
  const past = await createSeminar(db, { title: '終わったセミナー' }, new Date(now.getTime() - 30 * day))
  expect(past.id).toBeTruthy()
})
afterAll(async () => drop())

const titles = async (filters: Parameters<typeof listUpcomingSeminars>[1]) =>
  (await listUpcomingSeminars(db, filters, now)).map((s) => s.title)

describe('public catalog', () => {
  it('lists published upcoming seminars by first session, without drafts or past ones', async () => {
    expect(await titles({})).toEqual(['12月のセミナー', '1月の講座'])
  })

  it('filters by program, category, Tokyo month and mode', async () => {
    expect(await titles({ program: 'GLOBAL' })).toEqual(['1月の講座'])
    const seminarCategory = await ensureCategory(db, 'セミナー')
    expect(await titles({ category: seminarCategory })).toEqual(['12月のセミナー'])
    expect(await titles({ month: '2027-01' })).toEqual(['1月の講座'])
    expect(await titles({ month: '2026-12' })).toEqual(['12月のセミナー'])
    expect(await titles({ mode: 'HYBRID' })).toEqual(['12月のセミナー'])
    expect(await titles({ mode: 'IN_PERSON', program: 'TEST' })).toEqual([])
    expect(await titles({ month: 'garbage', mode: 'nonsense' })).toEqual(['12月のセミナー', '1月の講座'])
  })

  it('pages the list in the same order, the filters kept, a page past the end showing the last', async () => {
    const page = (query: string, filters = {}) =>
      upcomingSeminarPage(db, filters, new URLSearchParams(query), now, 1).then((p) => ({
        titles: p.seminars.map((s) => s.title),
        paging: p.paging,
      }))
    expect(await page('')).toEqual({
      titles: ['12月のセミナー'],
      paging: { page: 1, pageCount: 2, total: 2, pageSize: 1, param: 'page', first: 1, last: 1 },
    })
    expect((await page('page=2')).titles).toEqual(['1月の講座'])
    expect((await page('page=２')).titles).toEqual(['1月の講座'])
    expect((await page('page=99')).paging).toMatchObject({ page: 2, first: 2, last: 2 })
    expect((await page('page=-1')).titles).toEqual(['12月のセミナー'])
    expect(await page('', { program: 'GLOBAL' })).toMatchObject({ titles: ['1月の講座'], paging: { total: 1 } })
    expect(await page('', { program: 'NONE' })).toMatchObject({ titles: [], paging: { total: 0, pageCount: 1 } })
    // The cards a page shows are those of the whole list at its place.
    const whole = (await listUpcomingSeminars(db, {}, now)).map((s) => s.title)
    expect([...(await page('page=1')).titles, ...(await page('page=2')).titles]).toEqual(whole)
  })

  it('offers only filter values that have upcoming seminars', async () => {
    const options = await catalogFilterOptions(db, now)
    expect(options.programs.map((p) => p.code)).toEqual(['GLOBAL', 'TEST'])
    expect(options.categories.map((c) => [c.name, c.nameEn])).toEqual([
      ['セミナー', null],
      ['講座', 'Course'],
    ])
    expect(options.months).toEqual(['2026-12', '2027-01'])
  })

  it('shows a published seminar with its seats and hides drafts', async () => {
    const [first] = await listUpcomingSeminars(db, {}, now)
    const seminar = await getPublicSeminar(db, first.id, now)
    expect(seminar?.availability).toMatchObject({ state: 'OPEN', canRegister: true })
    expect(seminar).not.toHaveProperty('onlineUrl')
    const draft = await db.seminar.findFirstOrThrow({ where: { title: '下書き' } })
    expect(await getPublicSeminar(db, draft.id, now)).toBeNull()
  })

  it('gives a public page its seminar, and not found for a draft or an unknown id', async () => {
    const [first] = await listUpcomingSeminars(db, {}, now)
    expect((await requirePublicSeminar(db, first.id, now)).id).toBe(first.id)
    const draft = await db.seminar.findFirstOrThrow({ where: { title: '下書き' } })
    for (const id of [draft.id, 'no-such-seminar']) {
      const refused = await requirePublicSeminar(db, id, now).catch((e: unknown) => e)
      expect(isAppError(refused, 'NOT_FOUND'), id).toBe(true)
    }
  })

  it('reads the filters of the query: the first value of each, empty when absent', () => {
    const query = new URLSearchParams('program=GLOBAL&program=TEST&month=2026-12&unknown=1')
    expect(catalogFiltersFrom(query)).toEqual({ program: 'GLOBAL', category: '', month: '2026-12', mode: '' })
    expect(catalogFiltersFrom(new URLSearchParams())).toEqual({ program: '', category: '', month: '', mode: '' })
  })
})

describe('the programs page', () => {
  it('edits the program its query names, and refuses a code another program has beside the code', async () => {
    const actor = await db.consoleUser.create({ data: { email: 'programs@city.example.jp', name: '事業 担当' } })
    const input = (code: string, id?: string) => ({ ...ProgramFormSchema.parse({ code, name: `${code} 事業` }), id })
    expect(await saveProgramForm(db, input('pg-one'), actor)).toBeNull()
    const saved = await db.program.findUniqueOrThrow({ where: { code: 'PG-ONE' } })
    expect(await saveProgramForm(db, input('PG-ONE'), actor)).toEqual({
      status: 409,
      fieldErrors: { code: ['codeTaken'] },
    })
    expect(await saveProgramForm(db, { ...input('PG-ONE', saved.id), name: '改名した事業' }, actor)).toBeNull()
    const page = await programsPage(db, new URLSearchParams({ edit: saved.id }))
    expect(page.editing).toMatchObject({ id: saved.id, name: '改名した事業' })
    expect((await programsPage(db, new URLSearchParams({ edit: 'gone' }))).editing).toBeNull()
    expect(await db.program.count({ where: { code: 'PG-ONE' } })).toBe(1)
  })
})
