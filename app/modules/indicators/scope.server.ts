import type { Db } from '~/utils/db.server'
import { categoryOptions, unknownCategoryIds } from '../categories/categories.server'

/*
 * What an indicator's scope may be chosen from, and the check of a submitted scope
 * (docs/decisions/0016-categories.md): categories from the managed list, and seminars of the
 * indicator's own programs — a chosen seminar counts only within its programs and categories.
 */

/** The choices of the indicator form: the categories, and every seminar with its program. */
export async function indicatorScopeChoices(db: Db) {
  const [categories, seminars] = await Promise.all([
    categoryOptions(db),
    db.seminar.findMany({
      orderBy: [{ program: { code: 'asc' } }, { createdAt: 'desc' }],
      select: {
        id: true,
        title: true,
        programId: true,
        program: { select: { name: true } },
        sessions: { select: { startsAt: true }, orderBy: { startsAt: 'asc' }, take: 1 },
      },
    }),
  ])
  return {
    categories,
    seminars: seminars.map((s) => ({
      id: s.id,
      title: s.title,
      programId: s.programId,
      programName: s.program.name,
      firstSession: s.sessions[0]?.startsAt ?? null,
    })),
  }
}

/**
 * Field errors of a submitted scope (i18n keys under `field.`): a category not in the list, or a
 * seminar that does not exist or is not in one of the chosen programs.
 */
export async function indicatorScopeErrors(
  db: Db,
  input: { programIds: string[]; categoryIds: string[]; seminarIds: string[] },
): Promise<Record<string, string[]>> {
  const errors: Record<string, string[]> = {}
  if ((await unknownCategoryIds(db, input.categoryIds)).length) errors.categoryIds = ['unknownCategory']
  if (input.seminarIds.length) {
    const found = await db.seminar.findMany({
      where: { id: { in: input.seminarIds }, programId: { in: input.programIds } },
      select: { id: true },
    })
    if (found.length !== new Set(input.seminarIds).size) errors.seminarIds = ['seminarOutsidePrograms']
  }
  return errors
}
