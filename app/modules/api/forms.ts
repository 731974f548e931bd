import { z } from 'zod'
import { japaneseNumber, requiredLine, tokyoDateTime } from '~/utils/form-fields'
import { API_SCOPES, DEFAULT_PER_MINUTE } from './scopes'

/** The console's API token page (docs/decisions/0055-api.md); messages are i18n keys (`field.*`). */

const listOf = (value: unknown) => (Array.isArray(value) ? value : value === undefined || value === '' ? [] : [value])

export const ApiTokenSchema = z.object({
  name: requiredLine(100),
  scopes: z.preprocess(listOf, z.array(z.enum(API_SCOPES)).min(1, 'apiScopeRequired')),
  programIds: z.preprocess(listOf, z.array(z.string().min(1)).max(200)),
  expiresAt: z.preprocess((v) => (v === '' ? undefined : v), tokyoDateTime.optional()),
  perMinute: japaneseNumber({ integer: true, min: 1, max: 100_000 }).transform((v) => v ?? DEFAULT_PER_MINUTE),
})

export const ApiTokenPageSchema = z.discriminatedUnion('intent', [
  ApiTokenSchema.extend({ intent: z.literal('create') }),
  z.object({ intent: z.literal('revoke'), id: z.string().min(1) }),
])

export type ApiTokenInput = z.infer<typeof ApiTokenSchema>
