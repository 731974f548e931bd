import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createSeminar } from '../../../tests/support/factories'
import { createTestDb } from '../../../tests/support/test-db'
import type { Db } from '~/utils/db.server'
import { isUniqueViolation } from '~/utils/errors'
import { createConsoleUser } from '../accounts/console-users.server'
import { loadIndicators, saveIndicator } from '../indicators/indicators.server'
import {
  categoryOptions,
  createCategory,
  ensureCategory,
  listCategories,
  mergeCategory,
  mergeCategoryForm,
  moveCategory,
  renameCategory,
  saveCategoryForm,
  unknownCategoryIds,
} from './categories.server'
import { CategoryPageSchema, CategorySchema } from './forms'
import { parseWithZod } from '@conform-to/zod'

let db: Db
let drop: () => Promise<void>
let userId: string
beforeAll(async () => {
  ;({ db, drop } = await createTestDb())
  userId = (
    await createConsoleUser(db, { email: 'cat@city.example.jp', name: '種類 担当', password: 'category password' })
  ).id
})
afterAll(async () => drop())

let seq = 0
function indicatorInput(programIds: string[], categoryIds: string[]) {
  seq++
  return {
    code: `CAT-${seq}`,
    name: `指標${seq}`,
    nameEn: null,
    kind: 'ACTIVITY' as const,
    unit: '人',
    rule: 'PERSON_TIMES' as const,
    categoryIds,
    seminarIds: [],
    modeScope: 'ALL' as const,
    cumulative: false,
    baseYear: null,
    baseline: null,
    note: '',
    programIds,
  }
}

describe('the managed list of categories', () => {
  it('keeps names NFKC-normalized and trimmed, so a stray space or width makes no second category', async () => {
    expect(CategorySchema.parse({ name: ' ｾﾐﾅｰ\u3000' }).name).toBe('セミナー')
    expect(CategorySchema.safeParse({ name: '\u3000' }).error?.issues[0].message).toBe('required')
    const id = await createCategory(db, CategorySchema.parse({ name: '相談会 ', nameEn: 'Consultation' }), userId)
    expect(await ensureCategory(db, '相談会')).toBe(id)
    const again = await createCategory(db, CategorySchema.parse({ name: '相談会' }), userId).catch((e: unknown) => e)
    expect(isUniqueViolation(again, 'name')).toBe(true)
    expect(
      await db.auditEvent.count({ where: { entityType: 'Category', entityId: id, action: 'category.create' } }),
    ).toBe(1)
    expect(await unknownCategoryIds(db, [id, 'nope'])).toEqual(['nope'])
  })

  it('renames in place: seminars and indicators keep it (by id), and the change is audited', async () => {
    const id = await ensureCategory(db, 'プローブ')
    const seminar = await createSeminar(db, { categoryId: id })
    await renameCategory(db, id, { name: 'プローブ講座', nameEn: 'Probe course' }, userId)
    const after = await db.seminar.findUniqueOrThrow({ where: { id: seminar.id }, include: { category: true } })
    expect(after.category).toMatchObject({ id, name: 'プローブ講座', nameEn: 'Probe course' })
    const event = await db.auditEvent.findFirstOrThrow({ where: { action: 'category.rename', entityId: id } })
    expect(JSON.parse(event.detail)).toEqual({
      from: { name: 'プローブ', nameEn: null },
      to: { name: 'プローブ講座', nameEn: 'Probe course' },
    })
  })

  it('reorders: every choice follows the list', async () => {
    const first = (await categoryOptions(db))[0].id
    await moveCategory(db, first, 'down')
    expect((await categoryOptions(db))[1].id).toBe(first)
    await moveCategory(db, first, 'up')
    expect((await categoryOptions(db))[0].id).toBe(first)
    await moveCategory(db, first, 'up') // already first: nothing changes
    expect((await categoryOptions(db))[0].id).toBe(first)
  })

  it('merges: seminars and indicator scopes move over, the merged one disappears, counts follow, audited', async () => {
    const typo = await ensureCategory(db, 'セミナ')
    const right = await ensureCategory(db, 'セミナー')
    const other = await ensureCategory(db, '交流会')
    const withTypo = await createSeminar(db, { title: '誤記', categoryId: typo })
    const correct = await createSeminar(db, { title: '正しい', categoryId: right })
    const programId = withTypo.programId
    const onlyTypo = await saveIndicator(db, indicatorInput([programId], [typo]))
    const both = await saveIndicator(db, indicatorInput([programId], [typo, right]))
    const onlyRight = await saveIndicator(db, indicatorInput([programId], [right, other]))

    const affected = await mergeCategory(db, typo, right, userId)
    expect(affected.sort()).toEqual([onlyTypo, both, onlyRight].sort())
    expect(await db.category.findUnique({ where: { id: typo } })).toBeNull()
    for (const s of [withTypo, correct])
      expect((await db.seminar.findUniqueOrThrow({ where: { id: s.id } })).categoryId).toBe(right)
    const scopes = Object.fromEntries(
      (await loadIndicators(db)).map((i) => [i.id, i.categories.map((c) => c.categoryId).sort()]),
    )
    expect(scopes[onlyTypo]).toEqual([right])
    expect(scopes[both]).toEqual([right])
    expect(scopes[onlyRight]).toEqual([right, other].sort())
    const row = (await listCategories(db)).find((c) => c.id === right)!
    expect(row._count).toEqual({ seminars: 2, indicators: 3 })
    const event = await db.auditEvent.findFirstOrThrow({ where: { action: 'category.merge', entityId: right } })
    expect(JSON.parse(event.detail)).toMatchObject({
      merged: { id: typo, name: 'セミナ' },
      into: { id: right, name: 'セミナー' },
      seminars: 1,
      indicators: 2,
    })
    expect(await db.auditEvent.findFirstOrThrow({ where: { action: 'category.merge' } })).toMatchObject({
      actorId: userId,
    })
  })

  it('refuses to merge a category into itself or into one that is gone', async () => {
    const id = await ensureCategory(db, '研修')
    await expect(mergeCategory(db, id, id, userId)).rejects.toMatchObject({ code: 'MERGE_INTO_ITSELF' })
    await expect(mergeCategory(db, id, 'gone', userId)).rejects.toMatchObject({ code: 'CATEGORY_NOT_FOUND' })
    expect(await db.category.findUnique({ where: { id } })).not.toBeNull()
  })
})

describe('the categories page’s forms', () => {
  it('say beside the field why a category was not saved or merged: a taken name, one merged away meanwhile', async () => {
    const id = await createCategory(db, { name: '工房見学会', nameEn: null }, userId)
    const other = await createCategory(db, { name: '販路相談会', nameEn: null }, userId)
    expect(await saveCategoryForm(db, { name: '工房見学会', nameEn: null }, userId)).toEqual({
      status: 409,
      fieldErrors: { name: ['categoryTaken'] },
    })
    expect(await saveCategoryForm(db, { id: other, name: '個別販路相談会', nameEn: null }, userId)).toBeNull()
    await mergeCategory(db, id, other, userId)
    // The page still shows the merged one: renaming or merging it is refused, not a failure.
    expect(await saveCategoryForm(db, { id, name: '工場見学ツアー', nameEn: null }, userId)).toEqual({
      status: 409,
      fieldErrors: { name: ['unknownCategory'] },
    })
    expect(await mergeCategoryForm(db, { fromId: id, intoId: other }, userId)).toEqual({
      status: 400,
      fieldErrors: { fromId: ['unknownCategory'] },
    })
  })

  it('take one intent at a time: add or rename, merge (not into itself), move up or down', () => {
    const parse = (fields: Record<string, string>) => {
      const data = new FormData()
      for (const [k, v] of Object.entries(fields)) data.append(k, v)
      return parseWithZod(data, { schema: CategoryPageSchema })
    }
    const save = parse({ intent: 'save', name: ' 交流会　', nameEn: '' })
    expect(save.status === 'success' && save.value).toEqual({ intent: 'save', name: '交流会', nameEn: null })
    expect(parse({ intent: 'merge', fromId: 'a', intoId: 'a' }).reply().error).toEqual({ intoId: ['mergeIntoItself'] })
    const move = parse({ intent: 'move', id: 'a', direction: 'up' })
    expect(move.status === 'success' && move.value).toEqual({ intent: 'move', id: 'a', direction: 'up' })
    expect(parse({ intent: 'move', id: 'a', direction: 'sideways' }).status).toBe('error')
  })
})
