/**
 * The rule for staff passwords, shared by the server and the browser's form checks: at least
 * 12 characters, at most 200 (length beats composition rules; the cap keeps hashing bounded).
 */
export const PASSWORD_MIN_LENGTH = 12
export const PASSWORD_MAX_LENGTH = 200

export function passwordProblem(password: string): 'tooShort' | 'tooLong' | null {
  if (password.length < PASSWORD_MIN_LENGTH) return 'tooShort'
  if (password.length > PASSWORD_MAX_LENGTH) return 'tooLong'
  return null
}
