import { tokyoDayRange } from '~/utils/time'
import type { AuditFilter } from './audit.server'

/** The audit page's filter from its query (?action=&from=YYYY-MM-DD&to=YYYY-MM-DD, Japan dates). */
export function auditFilterFrom(params: URLSearchParams): AuditFilter {
  return {
    action: params.get('action') || undefined,
    from: tokyoDayRange(params.get('from'))?.start,
    // "to" is inclusive: up to the end of that day.
    to: tokyoDayRange(params.get('to'))?.end,
  }
}
