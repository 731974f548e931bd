/**
 * Errors of account management, each with an HTTP status and a translated message
 * (`accounts.error.<code>` in app/utils/i18n-accounts.ts). Kept beside the accounts module rather
 * than in app/utils/errors.ts so that account work does not touch the shared list.
 */
export const ACCOUNT_ERRORS = {
  /** Right password, but the account is disabled (or a helper's access has ended). */
  ACCOUNT_DISABLED: 403,
  /** Another console user already has this email address. */
  EMAIL_TAKEN: 409,
  USER_NOT_FOUND: 404,
  /** A set-password link that does not exist, was used, or has expired. */
  LINK_INVALID: 410,
  /** An admin cannot disable their own account (no one could enable it again). */
  OWN_ACCOUNT_DISABLE: 409,
  /** An admin cannot take their own ADMIN role away (the last admin could lock everyone out). */
  OWN_ADMIN_ROLE: 409,
  /** Changing a password one never set (check-in helpers, invited people). */
  NO_PASSWORD: 409,
  /** A second-factor code (or recovery code) that is wrong, used, or from the wrong moment. */
  INVALID_CODE: 400,
  /** The step between password and second factor timed out or failed too often: start again. */
  SIGN_IN_EXPIRED: 410,
  /** A new password found in the list of common passwords (or too easy to guess). */
  PASSWORD_COMMON: 400,
  /** A new password made mostly of the product's name, the email or the person's name. */
  PASSWORD_CONTEXT: 400,
  /** Turning off a second factor that this role must have. */
  SECOND_FACTOR_REQUIRED: 409,
} as const

export type AccountErrorCode = keyof typeof ACCOUNT_ERRORS

export class AccountError extends Error {
  readonly code: AccountErrorCode
  readonly status: number
  constructor(code: AccountErrorCode) {
    super(code)
    this.name = 'AccountError'
    this.code = code
    this.status = ACCOUNT_ERRORS[code]
  }
}

export function isAccountError(error: unknown, code?: AccountErrorCode): error is AccountError {
  return error instanceof AccountError && (code === undefined || error.code === code)
}
