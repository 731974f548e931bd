import crypto from 'node:crypto'
import type { Db } from '~/utils/db.server'
import { AppError, isAppError, isUniqueViolation } from '~/utils/errors'
import { rebuildIndicators } from '../indicators/tally.server'
import { categoryName, editedCategoryId, type CategoryInput } from './forms'

/*
 * The managed list of seminar categories (種類, docs/decisions/0016-categories.md). Seminars and
 * indicator scopes refer to a category by id: renaming one changes no figure, merging one moves
 * its seminars and indicator scopes to the other in one transaction and recounts the indicators
 * whose scope that changes.
 */

/** Ids are made here so the audit event can name the new row in the same batch. */
function newId() {
  return `c${crypto.randomBytes(12).toString('hex')}`
}

export type CategoryOption = { id: string; name: string; nameEn: string | null }

/** The list in its order, for choices and the console page. */
export function listCategories(db: Db) {
  return db.category.findMany({
    orderBy: [{ sortOrder: 'asc' }, { name: 'asc' }],
    select: {
      id: true,
      name: true,
      nameEn: true,
      sortOrder: true,
      _count: { select: { seminars: true, indicators: true } },
    },
  })
}

export function categoryOptions(db: Db): Promise<CategoryOption[]> {
  return db.category.findMany({
    orderBy: [{ sortOrder: 'asc' }, { name: 'asc' }],
    select: { id: true, name: true, nameEn: true },
  })
}

/** The ids among `ids` that name no category (a stale or forged form). */
export async function unknownCategoryIds(db: Db, ids: string[]): Promise<string[]> {
  if (ids.length === 0) return []
  const found = await db.category.findMany({ where: { id: { in: ids } }, select: { id: true } })
  const known = new Set(found.map((c) => c.id))
  return ids.filter((id) => !known.has(id))
}

/** The id of the category of that name, created at the end of the list if there is none (seeds). */
export async function ensureCategory(db: Db, name: string, nameEn: string | null = null): Promise<string> {
  const normalized = categoryName(name)
  const existing = await db.category.findUnique({ where: { name: normalized }, select: { id: true } })
  if (existing) return existing.id
  const last = await db.category.aggregate({ _max: { sortOrder: true } })
  const created = await db.category.upsert({
    where: { name: normalized },
    create: { name: normalized, nameEn, sortOrder: (last._max.sortOrder ?? -1) + 1 },
    update: {},
    select: { id: true },
  })
  return created.id
}

/** Adds a category at the end of the list. A name already taken throws a unique violation. */
export async function createCategory(db: Db, input: CategoryInput, userId: string | null) {
  const last = await db.category.aggregate({ _max: { sortOrder: true } })
  const id = newId()
  await db.$transaction([
    db.category.create({
      data: { id, name: input.name, nameEn: input.nameEn, sortOrder: (last._max.sortOrder ?? -1) + 1 },
    }),
    db.auditEvent.create({
      data: {
        actorId: userId,
        action: 'category.create',
        entityType: 'Category',
        entityId: id,
        detail: JSON.stringify({ name: input.name, nameEn: input.nameEn }),
      },
    }),
  ])
  return id
}

/**
 * Renames a category. Seminars and indicators refer to it by id, so no figure changes and nothing
 * needs recounting.
 */
export async function renameCategory(db: Db, id: string, input: CategoryInput, userId: string | null) {
  const before = await db.category.findUnique({ where: { id } })
  if (!before) throw new AppError('CATEGORY_NOT_FOUND')
  await db.$transaction([
    db.category.update({ where: { id }, data: { name: input.name, nameEn: input.nameEn } }),
    db.auditEvent.create({
      data: {
        actorId: userId,
        action: 'category.rename',
        entityType: 'Category',
        entityId: id,
        detail: JSON.stringify({
          from: { name: before.name, nameEn: before.nameEn },
          to: { name: input.name, nameEn: input.nameEn },
        }),
      },
    }),
  ])
}

/** Moves a category one place up or down the list (the order of every choice and filter). */
export async function moveCategory(db: Db, id: string, direction: 'up' | 'down') {
  const all = await db.category.findMany({ orderBy: [{ sortOrder: 'asc' }, { name: 'asc' }], select: { id: true } })
  const i = all.findIndex((c) => c.id === id)
  const j = direction === 'up' ? i - 1 : i + 1
  if (i < 0 || j < 0 || j >= all.length) return
  ;[all[i], all[j]] = [all[j], all[i]]
  await db.$transaction(all.map((c, sortOrder) => db.category.update({ where: { id: c.id }, data: { sortOrder } })))
}

/**
 * Merges category `fromId` into `intoId`: its seminars and indicator scopes move to `intoId` and
 * it disappears, in one transaction with its audit event. An indicator that counted only one of
 * the two now counts both, so the indicators that named either are recounted.
 */
export async function mergeCategory(db: Db, fromId: string, intoId: string, userId: string | null) {
  if (fromId === intoId) throw new AppError('MERGE_INTO_ITSELF')
  const [from, into] = await Promise.all([
    db.category.findUnique({ where: { id: fromId } }),
    db.category.findUnique({ where: { id: intoId } }),
  ])
  if (!from || !into) throw new AppError('CATEGORY_NOT_FOUND')
  const scopes = await db.indicatorCategory.findMany({
    where: { categoryId: { in: [fromId, intoId] } },
    select: { indicatorId: true, categoryId: true },
  })
  const hasInto = new Set(scopes.filter((s) => s.categoryId === intoId).map((s) => s.indicatorId))
  const fromScopes = scopes.filter((s) => s.categoryId === fromId).map((s) => s.indicatorId)
  const seminars = await db.seminar.count({ where: { categoryId: fromId } })
  // One batch: a scope written in the meantime makes it fail as a whole (primary key), never half.
  await db.$transaction([
    db.seminar.updateMany({ where: { categoryId: fromId }, data: { categoryId: intoId } }),
    // An indicator that named both keeps one; the others now name `intoId`.
    db.indicatorCategory.deleteMany({
      where: { categoryId: fromId, indicatorId: { in: fromScopes.filter((i) => hasInto.has(i)) } },
    }),
    db.indicatorCategory.updateMany({ where: { categoryId: fromId }, data: { categoryId: intoId } }),
    db.category.delete({ where: { id: fromId } }),
    db.auditEvent.create({
      data: {
        actorId: userId,
        action: 'category.merge',
        entityType: 'Category',
        entityId: intoId,
        detail: JSON.stringify({
          merged: { id: from.id, name: from.name, nameEn: from.nameEn },
          into: { id: into.id, name: into.name, nameEn: into.nameEn },
          seminars,
          indicators: fromScopes.length,
        }),
      },
    }),
  ])
  const affected = [...new Set(scopes.map((s) => s.indicatorId))]
  if (affected.length) await rebuildIndicators(db, affected)
  return affected
}

/** The categories page: the list, and the category being renamed (`?edit=<id>`), if any. */
export async function categoriesPage(db: Db, params: URLSearchParams) {
  const editId = editedCategoryId(params)
  const categories = await listCategories(db)
  return { categories, editing: categories.find((c) => c.id === editId) ?? null }
}

/** Why a category form was not saved: its status and field errors (i18n keys under `field.`). */
export type CategoryRefusal = { status: 400 | 409; fieldErrors: Record<string, string[]> }

/**
 * The category form: adds a category, or renames one (`id`). A name another category has is
 * refused (409), and so is a category merged away after the page was opened: said beside the
 * name rather than failing.
 */
export async function saveCategoryForm(
  db: Db,
  input: CategoryInput & { id?: string },
  userId: string | null,
): Promise<CategoryRefusal | null> {
  try {
    if (input.id) await renameCategory(db, input.id, input, userId)
    else await createCategory(db, input, userId)
    return null
  } catch (error) {
    if (isAppError(error, 'CATEGORY_NOT_FOUND')) return { status: 409, fieldErrors: { name: ['unknownCategory'] } }
    if (isUniqueViolation(error, 'name')) return { status: 409, fieldErrors: { name: ['categoryTaken'] } }
    throw error
  }
}

/** The merge form: a category merged away or deleted meanwhile is refused beside the first choice (400). */
export async function mergeCategoryForm(
  db: Db,
  input: { fromId: string; intoId: string },
  userId: string | null,
): Promise<CategoryRefusal | null> {
  try {
    await mergeCategory(db, input.fromId, input.intoId, userId)
    return null
  } catch (error) {
    if (!isAppError(error, 'CATEGORY_NOT_FOUND')) throw error
    return { status: 400, fieldErrors: { fromId: ['unknownCategory'] } }
  }
}
