import { z } from 'zod'

/*
 * The filters of the admins' logs (the audit trail, the security log): the same period on both —
 * from one Japan date to another, inclusive — and each log's own choices. Read from the page's
 * query and never refused: a value not understood filters nothing.
 */

/** A day picked in a date field (YYYY-MM-DD, a Japan date) as the instant it starts, `plusDays` later. */
const japanDay = (plusDays = 0) =>
  z
    .string()
    .nullish()
    .transform((value) => {
      if (!value || !/^\d{4}-\d{2}-\d{2}$/.test(value)) return undefined
      const start = new Date(`${value}T00:00:00+09:00`)
      return Number.isNaN(start.getTime()) ? undefined : new Date(start.getTime() + plusDays * 86400_000)
    })

/** The period of a log's filter (?from=&to=): "to" is inclusive, up to the end of that day. */
export const LogPeriodSchema = z.object({ from: japanDay(), to: japanDay(1) })

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
