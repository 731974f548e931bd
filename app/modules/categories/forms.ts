import { z } from 'zod'
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
        .max(50, 'tooLong')
        .refine((v) => !hasControlCharacters(v), 'controlChars'),
    ),
  nameEn: z
    .string()
    .trim()
    .max(100, 'tooLong')
    .refine((v) => !hasControlCharacters(v), 'controlChars')
    .optional()
    .transform((v) => v || null),
})

export const MergeCategorySchema = z
  .object({
    fromId: z.string({ required_error: 'required' }).min(1, 'required'),
    intoId: z.string({ required_error: 'required' }).min(1, 'required'),
  })
  .refine((v) => v.fromId !== v.intoId, { path: ['intoId'], message: 'mergeIntoItself' })

export type CategoryInput = z.infer<typeof CategorySchema>
