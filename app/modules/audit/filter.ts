import { z } from 'zod'
import { tokyoDayRange } from '~/utils/time'

/*
 * The filters of the admins' logs (the audit trail, the security log): the same period on both —
 * from one Japan date to another, inclusive — and each log's own choices. Read from the page's
 * query and never refused: a value not understood filters nothing.
 */

/** A day picked in a date field (YYYY-MM-DD, a Japan date): where it starts, or where it ends. */
const japanDay = (edge: 'start' | 'end') =>
  z
    .string()
    .nullish()
    .transform((value) => tokyoDayRange(value)?.[edge])

/** The period of a log's filter (?from=&to=): "to" is inclusive, up to the end of that day. */
export const LogPeriodSchema = z.object({ from: japanDay('start'), to: japanDay('end') })

/** One of a log's choices (a select of the filter): one of the values offered, else none. */
export const logChoice = <T extends string>(values: readonly T[]) =>
  z
    .string()
    .nullish()
    .transform((value) => (value && (values as readonly string[]).includes(value) ? (value as T) : undefined))

/** The audit trail's filter: an action (and the actions under it), and the period. */
export const AuditFilterSchema = LogPeriodSchema.extend({
  action: z
    .string()
    .nullish()
    .transform((value) => value || undefined),
})

/** A log's filter from the page's query, read by its schema. */
export function logFilterFrom<Schema extends z.ZodTypeAny>(schema: Schema, params: URLSearchParams): z.output<Schema> {
  return schema.parse(Object.fromEntries(params))
}

/** The audit page's filter from its query (?action=&from=YYYY-MM-DD&to=YYYY-MM-DD, Japan dates). */
export function auditFilterFrom(params: URLSearchParams) {
  return logFilterFrom(AuditFilterSchema, params)
}
