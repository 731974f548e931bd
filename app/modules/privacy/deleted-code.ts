/** What an anonymized registration's slip code becomes (followed by its id): matches no typed code. */
export const DELETED_CODE_PREFIX = 'deleted:'

/** The code to show for a registration: nothing once it was anonymized. */
export function shownCode(code: string): string {
  return code.startsWith(DELETED_CODE_PREFIX) ? '' : code
}
