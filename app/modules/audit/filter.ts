import type { AuditFilter } from './audit.server'

/** The audit page's filter from its query (?action=&from=YYYY-MM-DD&to=YYYY-MM-DD, Japan dates). */
export function auditFilterFrom(params: URLSearchParams): AuditFilter {
  const day = (value: string | null, plusDays = 0) => {
    if (!value || !/^\d{4}-\d{2}-\d{2}$/.test(value)) return undefined
    const start = new Date(`${value}T00:00:00+09:00`)
    return Number.isNaN(start.getTime()) ? undefined : new Date(start.getTime() + plusDays * 86400_000)
  }
  return {
    action: params.get('action') || undefined,
    from: day(params.get('from')),
    // "to" is inclusive: up to the end of that day.
    to: day(params.get('to'), 1),
  }
}
