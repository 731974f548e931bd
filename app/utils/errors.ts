/**
 * Typed domain errors. Each code maps to an HTTP status and a translated message
 * (`errors.<code>` in app/utils/i18n.ts), in one place: nothing shows a stack trace to a user.
 */
export const DOMAIN_ERRORS = {
  SEMINAR_NOT_FOUND: 404,
  REGISTRATION_NOT_FOUND: 404,
  REGISTRATION_NOT_OPEN: 409,
  REGISTRATION_CLOSED: 409,
  SEMINAR_FULL: 409,
  DUPLICATE_EMAIL: 409,
  MODE_NOT_OFFERED: 400,
  ALREADY_CANCELLED: 409,
  INVALID_CREDENTIALS: 401,
  TOO_MANY_ATTEMPTS: 429,
  DUPLICATE_CODE: 409,
  SESSION_REQUIRED: 400,
  SESSION_NOT_FOUND: 404,
  WALK_IN_OVER_CAPACITY: 409,
  UNKNOWN_REPORT_FORMAT: 400,
  REPORT_TOO_MANY_ROWS: 413,
  REPORT_TOO_MANY_COLUMNS: 413,
  IMPORT_NOT_FOUND: 404,
  HELPER_LABEL: 400,
  HELPER_VALID_UNTIL: 400,
  CATEGORY_NOT_FOUND: 404,
  MERGE_INTO_ITSELF: 400,
} as const

export type DomainErrorCode = keyof typeof DOMAIN_ERRORS

export class DomainError extends Error {
  readonly code: DomainErrorCode
  readonly status: number
  constructor(code: DomainErrorCode, message?: string) {
    super(message ?? code)
    this.name = 'DomainError'
    this.code = code
    this.status = DOMAIN_ERRORS[code]
  }
}

export function isDomainError(error: unknown, code?: DomainErrorCode): error is DomainError {
  return error instanceof DomainError && (code === undefined || error.code === code)
}

/**
 * "Unique constraint failed", optionally on a given field: P2002 from the query API, or P2010 (raw
 * query failed) whose driver error is a unique constraint violation.
 */
export function isUniqueViolation(error: unknown, field?: string): boolean {
  if (typeof error !== 'object' || error === null) return false
  const e = error as { code?: string; meta?: unknown; message?: string }
  const rawUnique = e.code === 'P2010' && JSON.stringify(e.meta ?? {}).includes('"kind":"UniqueConstraintViolation"')
  if (e.code !== 'P2002' && !rawUnique) return false
  if (!field) return true
  return JSON.stringify(e.meta ?? {}).includes(field) || String(e.message).includes(field)
}

/** Prisma's "record to update not found" (P2025): a conditional update matched nothing. */
export function isRecordNotFound(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: string }).code === 'P2025'
}
