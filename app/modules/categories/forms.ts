import { z } from 'zod'
import { tooLong } from '~/utils/form-fields'
import { hasControlCharacters } from '../privacy/person-text'

/** Category forms (docs/decisions/0016-categories.md); messages are i18n keys (`field.*`). */

/** How a category's Japanese name is kept: NFKC-normalized and trimmed, so 「セミナー 」 is 「セミナー」. */
export function categoryName(value: string): string {
  return value.normalize('NFKC').trim()
}

export const CategorySchema = z.object({
  name: z
    .string({ required_error: 'required' })
    .transform(categoryName)
    .pipe(
      z
        .string()
        .min(1, 'required')
        .max(50, tooLong(50))
        .refine((v) => !hasControlCharacters(v), 'controlChars'),
    ),
  nameEn: z
    .string()
    .trim()
    .max(100, tooLong(100))
    .refine((v) => !hasControlCharacters(v), 'controlChars')
    .optional()
    .transform((v) => v || null),
})

const mergeFields = z.object({
  fromId: z.string({ required_error: 'required' }).min(1, 'required'),
  intoId: z.string({ required_error: 'required' }).min(1, 'required'),
})

function mergeRules(v: z.output<typeof mergeFields>, ctx: z.RefinementCtx) {
  if (v.fromId === v.intoId) ctx.addIssue({ code: 'custom', path: ['intoId'], message: 'mergeIntoItself' })
}

export const MergeCategorySchema = mergeFields.superRefine(mergeRules)

/**
 * Every form of the categories page, by intent: add or rename one (`id` when renaming), merge one
 * into another, and move one up or down the list (buttons of the list).
 */
export const CategoryPageSchema = z
  .discriminatedUnion('intent', [
    CategorySchema.extend({ intent: z.literal('save'), id: z.string().optional() }),
    mergeFields.extend({ intent: z.literal('merge') }),
    z.object({ intent: z.literal('move'), id: z.string(), direction: z.enum(['up', 'down']) }),
  ])
  .superRefine((v, ctx) => {
    if (v.intent === 'merge') mergeRules(v, ctx)
  })

/** The category being renamed (`?edit=<id>`), if any. */
const CategoriesQuery = z.object({ edit: z.string().nullish() })

export function editedCategoryId(params: URLSearchParams): string | null {
  return CategoriesQuery.parse({ edit: params.get('edit') }).edit ?? null
}

export type CategoryInput = z.infer<typeof CategorySchema>
