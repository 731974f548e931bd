import { z } from 'zod'
import { checkbox } from '~/utils/form-fields'
import { SHEET_MAX_COLUMNS } from './limits'
import { IMPORT_FIELDS, type ImportField } from './types'

/** What a column may be mapped to on the mapping form: a field, or not imported. */
export const MAPPING_CHOICES: readonly (ImportField | 'none')[] = [...IMPORT_FIELDS, 'none']

/** The upload of a file into a seminar (its registrants and attendance). */
export const SeminarUploadSchema = z.object({ file: z.instanceof(File).optional() })

/** The upload of past seminars: the program they belong to and the category given to those created. */
export const PastUploadSchema = z.object({
  programId: z.string({ required_error: 'required' }).max(100),
  categoryId: z.string({ required_error: 'required' }).max(100),
  file: z.instanceof(File).optional(),
})

/** The import's page: the mapping chosen, applying what the preview showed, or undoing it. */
export const ImportActionSchema = z.discriminatedUnion('intent', [
  z.object({
    intent: z.literal('map'),
    columns: z
      .array(z.string().refine((v) => (MAPPING_CHOICES as readonly string[]).includes(v)))
      .max(SHEET_MAX_COLUMNS)
      .default([]),
  }),
  z.object({
    intent: z.literal('apply'),
    /** The preview's digest (import.server.ts planDigest): what was shown is what is applied. */
    digest: z.string().regex(/^[0-9a-f]{32}$/),
    sendMail: checkbox,
  }),
  z.object({ intent: z.literal('undo') }),
])
