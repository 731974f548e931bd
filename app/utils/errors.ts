/**
 * The one application error type (docs/decisions/0027-one-front-door.md). Each code has its HTTP
 * status and the i18n key of its translated message, in this one table: modules throw
 * `new AppError(code)`, and app/utils/request-errors.server.ts turns one that escapes a loader or
 * action into an error page (or a plain-text answer of a resource route), while actions that show
 * it beside a form use `replyWithAppError` (app/utils/route.server.ts). Nothing shows a stack trace.
 */
import type { MessageKey } from './i18n'

const errors = <T extends Record<string, { status: number; message: MessageKey }>>(table: T) => table

export const APP_ERRORS = errors({
  // Anything
  NOT_FOUND: { status: 404, message: 'errors.notFound' },
  BAD_REQUEST: { status: 400, message: 'errors.generic' },

  // Registration and seminars
  SEMINAR_NOT_FOUND: { status: 404, message: 'errors.SEMINAR_NOT_FOUND' },
  REGISTRATION_NOT_FOUND: { status: 404, message: 'errors.REGISTRATION_NOT_FOUND' },
  REGISTRATION_NOT_OPEN: { status: 409, message: 'errors.REGISTRATION_NOT_OPEN' },
  REGISTRATION_CLOSED: { status: 409, message: 'errors.REGISTRATION_CLOSED' },
  SEMINAR_FULL: { status: 409, message: 'errors.SEMINAR_FULL' },
  DUPLICATE_EMAIL: { status: 409, message: 'errors.DUPLICATE_EMAIL' },
  /** An application without email names neither organization nor phone: namesakes could not be told apart. */
  CONTACT_REQUIRED: { status: 400, message: 'errors.CONTACT_REQUIRED' },
  /** Staff entered someone who already holds a place in this seminar (by email or name key). */
  ALREADY_REGISTERED_HERE: { status: 409, message: 'errors.ALREADY_REGISTERED_HERE' },
  /** More changes through one participant's link within an hour than a person makes (each mails them). */
  TOO_MANY_CHANGES: { status: 429, message: 'errors.TOO_MANY_CHANGES' },
  MODE_NOT_OFFERED: { status: 400, message: 'errors.MODE_NOT_OFFERED' },
  /** Someone of a group form is already registered here, or named twice (docs/decisions/0036). */
  GROUP_MEMBER_CONFLICT: { status: 409, message: 'errors.GROUP_MEMBER_CONFLICT' },
  /** Fewer seats are left than a group form names: nothing is written (docs/decisions/0036). */
  GROUP_TOO_FEW_SEATS: { status: 409, message: 'errors.GROUP_TOO_FEW_SEATS' },
  ALREADY_CANCELLED: { status: 409, message: 'errors.ALREADY_CANCELLED' },
  /** A participant's change of a registration that is anonymized, of a cancelled seminar, or after its last session. */
  CHANGE_CLOSED: { status: 409, message: 'errors.CHANGE_CLOSED' },
  /** A change of mode or sessions after the registration window closed (details can still be corrected). */
  CHANGE_AFTER_CLOSE: { status: 409, message: 'errors.CHANGE_AFTER_CLOSE' },
  /** A change of mode to a full mode: the person must agree to give up what they hold for its waiting list. */
  WAITLIST_CONSENT_REQUIRED: { status: 409, message: 'errors.WAITLIST_CONSENT_REQUIRED' },
  /** A seminar that lets people choose sessions, sent with none (or one that is not its own). */
  SESSION_CHOICE_REQUIRED: { status: 400, message: 'errors.SESSION_CHOICE_REQUIRED' },
  /** An organization typed in a report's preview holds a link or control characters. */
  IMPORT_ORGANIZATION_INVALID: { status: 400, message: 'errors.IMPORT_ORGANIZATION_INVALID' },
  DUPLICATE_CODE: { status: 409, message: 'errors.DUPLICATE_CODE' },
  SESSION_REQUIRED: { status: 400, message: 'errors.SESSION_REQUIRED' },
  SESSION_NOT_FOUND: { status: 404, message: 'errors.SESSION_NOT_FOUND' },
  DEADLINE_AFTER_LAST_SESSION: { status: 400, message: 'errors.DEADLINE_AFTER_LAST_SESSION' },
  /** A completion rule asking more sessions than the seminar has, or a deletion that would make it so. */
  COMPLETION_RULE_TOO_LARGE: { status: 400, message: 'errors.COMPLETION_RULE_TOO_LARGE' },
  CATEGORY_NOT_FOUND: { status: 404, message: 'errors.CATEGORY_NOT_FOUND' },
  MERGE_INTO_ITSELF: { status: 400, message: 'errors.MERGE_INTO_ITSELF' },
  /** An organizer's question that is not this seminar's or program's, or was removed. */
  QUESTION_NOT_FOUND: { status: 404, message: 'errors.QUESTION_NOT_FOUND' },
  /** A lottery seminar's application period is over (the draw is at hand or done). */
  LOTTERY_APPLICATIONS_CLOSED: { status: 409, message: 'errors.LOTTERY_APPLICATIONS_CLOSED' },
  /** A second draw of the same lottery (another process, a double click): the first result stands. */
  LOTTERY_ALREADY_DRAWN: { status: 409, message: 'errors.LOTTERY_ALREADY_DRAWN' },
  /** A draw or lottery action on a first-come seminar. */
  LOTTERY_NOT_FOUND: { status: 404, message: 'errors.LOTTERY_NOT_FOUND' },
  /** A draw started by hand with nobody applied. */
  LOTTERY_NO_APPLICATIONS: { status: 409, message: 'errors.LOTTERY_NO_APPLICATIONS' },
  /** One person of a group changing their mode while the group waits for the draw (drawn as one entry). */
  LOTTERY_GROUP_MODE: { status: 409, message: 'errors.LOTTERY_GROUP_MODE' },
  /** A lottery made first come again after people applied to it. */
  LOTTERY_HAS_APPLICATIONS: { status: 409, message: 'errors.LOTTERY_HAS_APPLICATIONS' },
  /** The draw's time outside the registration period. */
  LOTTERY_DRAW_OUTSIDE_PERIOD: { status: 400, message: 'errors.LOTTERY_DRAW_OUTSIDE_PERIOD' },
  /** Priorities changed after people applied under the announced ones. */
  LOTTERY_RULES_FIXED: { status: 409, message: 'errors.LOTTERY_RULES_FIXED' },
  /** A winner's confirmation after the deadline (the seat went on) or where none is asked. */
  LOTTERY_CONFIRM_CLOSED: { status: 409, message: 'errors.LOTTERY_CONFIRM_CLOSED' },
  /** A change or cancellation of an application not selected in the lottery: it holds nothing. */
  LOTTERY_NOT_SELECTED: { status: 409, message: 'errors.LOTTERY_NOT_SELECTED' },
  /** A question's kind changed after people answered it (their answers would mean nothing). */
  QUESTION_KIND_ANSWERED: { status: 409, message: 'errors.QUESTION_KIND_ANSWERED' },
  /** A survey's anonymity changed after people answered it (docs/decisions/0047-surveys.md). */
  SURVEY_ANONYMITY_FIXED: { status: 409, message: 'errors.SURVEY_ANONYMITY_FIXED' },
  /** A second submission of the same survey link: the first answer stays, nothing more is stored. */
  SURVEY_ALREADY_ANSWERED: { status: 409, message: 'errors.SURVEY_ALREADY_ANSWERED' },
  /** A survey link used after the survey closed. */
  SURVEY_CLOSED: { status: 409, message: 'errors.SURVEY_CLOSED' },

  // Attendance
  WALK_IN_OVER_CAPACITY: { status: 409, message: 'errors.WALK_IN_OVER_CAPACITY' },
  UNKNOWN_REPORT_FORMAT: { status: 400, message: 'errors.UNKNOWN_REPORT_FORMAT' },
  REPORT_TOO_MANY_ROWS: { status: 413, message: 'errors.REPORT_TOO_MANY_ROWS' },
  REPORT_TOO_MANY_COLUMNS: { status: 413, message: 'errors.REPORT_TOO_MANY_COLUMNS' },
  IMPORT_NOT_FOUND: { status: 404, message: 'errors.IMPORT_NOT_FOUND' },
  // Spreadsheet imports: applying and undoing (app/modules/spreadsheet/import.server.ts)
  IMPORT_ALREADY_APPLIED: { status: 409, message: 'imports.error.alreadyApplied' },
  IMPORT_SAME_FILE_APPLIED: { status: 409, message: 'imports.error.sameFileApplied' },
  IMPORT_HAS_ERRORS: { status: 400, message: 'imports.error.hasErrors' },
  IMPORT_PREVIEW_CHANGED: { status: 409, message: 'imports.error.previewChanged' },
  IMPORT_NOTHING_TO_DO: { status: 400, message: 'imports.error.nothingToDo' },
  IMPORT_YEAR_CLOSED: { status: 409, message: 'imports.error.yearClosed' },
  IMPORT_OVER_CAPACITY: { status: 409, message: 'imports.error.overCapacity' },
  IMPORT_SEMINAR_CANCELLED: { status: 409, message: 'imports.error.seminarCancelled' },
  IMPORT_NOT_APPLIED: { status: 409, message: 'imports.error.notApplied' },
  IMPORT_ALREADY_UNDONE: { status: 409, message: 'imports.error.alreadyUndone' },
  IMPORT_UNDO_CHANGED: { status: 409, message: 'imports.error.undoChanged' },
  IMPORT_UNDO_CHECKED_IN: { status: 409, message: 'imports.error.undoCheckedIn' },
  IMPORT_UNDO_SEMINAR_USED: { status: 409, message: 'imports.error.undoSeminarUsed' },
  HELPER_LABEL: { status: 400, message: 'errors.HELPER_LABEL' },
  HELPER_VALID_UNTIL: { status: 400, message: 'errors.HELPER_VALID_UNTIL' },

  // Indicators
  /** Reopening a closed year is for admins (the form is shown only to them). */
  REOPEN_ADMIN_ONLY: { status: 403, message: 'ind.adminOnly' },

  // Signing in and accounts
  INVALID_CREDENTIALS: { status: 401, message: 'errors.INVALID_CREDENTIALS' },
  TOO_MANY_ATTEMPTS: { status: 429, message: 'errors.TOO_MANY_ATTEMPTS' },
  /** Right password, but the account is disabled (or a helper's access has ended). */
  ACCOUNT_DISABLED: { status: 403, message: 'accounts.error.ACCOUNT_DISABLED' },
  /** Another console user already has this email address. */
  EMAIL_TAKEN: { status: 409, message: 'accounts.error.EMAIL_TAKEN' },
  USER_NOT_FOUND: { status: 404, message: 'accounts.error.USER_NOT_FOUND' },
  /** A set-password link that does not exist, was used, or has expired. */
  LINK_INVALID: { status: 410, message: 'accounts.error.LINK_INVALID' },
  /** An admin cannot disable their own account (no one could enable it again). */
  OWN_ACCOUNT_DISABLE: { status: 409, message: 'accounts.error.OWN_ACCOUNT_DISABLE' },
  /** An admin cannot take their own ADMIN role away (the last admin could lock everyone out). */
  OWN_ADMIN_ROLE: { status: 409, message: 'accounts.error.OWN_ADMIN_ROLE' },
  /** Changing a password one never set (check-in helpers, invited people). */
  NO_PASSWORD: { status: 409, message: 'accounts.error.NO_PASSWORD' },
  /** A second-factor code (or recovery code) that is wrong, used, or from the wrong moment. */
  INVALID_CODE: { status: 400, message: 'accounts.error.INVALID_CODE' },
  /** The step between password and second factor timed out or failed too often: start again. */
  SIGN_IN_EXPIRED: { status: 410, message: 'accounts.error.SIGN_IN_EXPIRED' },
  /** A new password found in the list of common passwords (or too easy to guess). */
  PASSWORD_COMMON: { status: 400, message: 'accounts.error.PASSWORD_COMMON' },
  /** A new password made mostly of the product's name, the email or the person's name. */
  PASSWORD_CONTEXT: { status: 400, message: 'accounts.error.PASSWORD_CONTEXT' },
  /** Turning off a second factor that this role must have. */
  SECOND_FACTOR_REQUIRED: { status: 409, message: 'accounts.error.SECOND_FACTOR_REQUIRED' },

  // Figures, exports and records pages
  /** A download's `?fy=` that is not a fiscal year (four digits). */
  BAD_FISCAL_YEAR: { status: 400, message: 'figures.error.BAD_FISCAL_YEAR' },
  /** A closed year no longer as the page showed it (sent twice, someone else first): nothing changed. */
  YEAR_CHANGED_MEANWHILE: { status: 409, message: 'close.changedMeanwhile' },

  // Seminar and door pages
  /** The attendance import's form sent without a file (or an empty one). */
  IMPORT_FILE_REQUIRED: { status: 400, message: 'import.fileRequired' },

  // Spreadsheet imports (app/modules/spreadsheet, limits in its limits.ts)
  SPREADSHEET_TOO_LARGE: { status: 413, message: 'sheet.error.tooLarge' },
  SPREADSHEET_TOO_MANY_ROWS: { status: 413, message: 'sheet.error.tooManyRows' },
  SPREADSHEET_TOO_MANY_COLUMNS: { status: 413, message: 'sheet.error.tooManyColumns' },
  /** Not CSV or XLSX (the old binary .xls, a damaged file, a picture). */
  SPREADSHEET_UNREADABLE: { status: 400, message: 'sheet.error.unreadable' },
  /** No header row, or nothing under it. */
  SPREADSHEET_EMPTY: { status: 400, message: 'sheet.error.empty' },

  // Certificates (docs/decisions/0051-certificates.md)
  /** Asked for by someone who attended no counted session. */
  CERTIFICATE_NOT_ATTENDED: { status: 409, message: 'errors.CERTIFICATE_NOT_ATTENDED' },
  /** A 修了証 asked for by someone who has not met the series' completion rule. */
  CERTIFICATE_NOT_COMPLETED: { status: 409, message: 'errors.CERTIFICATE_NOT_COMPLETED' },
  /** The registration's personal data was removed: no certificate can name the person any more. */
  /** A registration that is not confirmed (cancelled, waitlisted, applied, not drawn) gets no certificate. */
  CERTIFICATE_NOT_CONFIRMED: { status: 409, message: 'errors.CERTIFICATE_NOT_CONFIRMED' },
  CERTIFICATE_ANONYMIZED: { status: 410, message: 'errors.CERTIFICATE_ANONYMIZED' },
  /** A seal upload that is not a PNG or JPEG image by its content. */
  CERTIFICATE_SEAL_NOT_IMAGE: { status: 400, message: 'errors.CERTIFICATE_SEAL_NOT_IMAGE' },
  /** A seal upload over the size limit (SEAL_MAX_BYTES). */
  CERTIFICATE_SEAL_TOO_LARGE: { status: 413, message: 'errors.CERTIFICATE_SEAL_TOO_LARGE' },
  /** A seal image wider or taller than SEAL_MAX_PIXELS (read from its header, never decoded). */
  CERTIFICATE_SEAL_TOO_MANY_PIXELS: { status: 400, message: 'errors.CERTIFICATE_SEAL_TOO_MANY_PIXELS' },
})

export type AppErrorCode = keyof typeof APP_ERRORS

export class AppError extends Error {
  readonly code: AppErrorCode
  readonly status: number
  /** The i18n key of the message a person reads. */
  readonly messageKey: MessageKey
  constructor(code: AppErrorCode, message?: string) {
    super(message ?? code)
    this.name = 'AppError'
    this.code = code
    this.status = APP_ERRORS[code].status
    this.messageKey = APP_ERRORS[code].message
  }
}

export function isAppError(error: unknown, code?: AppErrorCode): error is AppError {
  return error instanceof AppError && (code === undefined || error.code === code)
}

/** Not found: what a missing route parameter or a record that is not there answers. */
export const notFound = () => new AppError('NOT_FOUND')
/** A request no page of ours sends (an unknown intent, a forged field). */
export const badRequest = () => new AppError('BAD_REQUEST')

type PrismaKnownError = { code?: unknown; meta?: Record<string, unknown> }

/** The driver adapter's error a Prisma error wraps (PrismaClientKnownRequestError.meta). */
function adapterCause(meta: Record<string, unknown> | undefined): { kind?: unknown; constraint?: unknown } | null {
  const adapterError = meta?.driverAdapterError as { cause?: { kind?: unknown; constraint?: unknown } } | undefined
  return adapterError?.cause ?? null
}

/** The fields (or index name) a unique violation names, wherever Prisma put them. */
function violatedFields(meta: Record<string, unknown> | undefined): string[] {
  const target = meta?.target
  if (Array.isArray(target)) return target.map(String)
  if (typeof target === 'string') return [target]
  const constraint = adapterCause(meta)?.constraint as { fields?: unknown; index?: unknown } | undefined
  if (Array.isArray(constraint?.fields)) return constraint.fields.map((f) => String(f).replace(/^"|"$/g, ''))
  if (typeof constraint?.index === 'string') return [constraint.index]
  return []
}

/**
 * "Unique constraint failed", optionally on a given field: P2002 from the query API, or P2010 (raw
 * query failed) whose driver error is a unique constraint violation. Reads the error's structured
 * metadata (the fields, or the index whose name holds them), not its text.
 */
export function isUniqueViolation(error: unknown, field?: string): boolean {
  if (typeof error !== 'object' || error === null) return false
  const e = error as PrismaKnownError
  const unique =
    e.code === 'P2002' || (e.code === 'P2010' && adapterCause(e.meta)?.kind === 'UniqueConstraintViolation')
  if (!unique) return false
  if (!field) return true
  return violatedFields(e.meta).some((name) => name === field || name.split(/[_.]/).includes(field))
}

/** Prisma's "record to update not found" (P2025): a conditional update matched nothing. */
export function isRecordNotFound(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: string }).code === 'P2025'
}
