/**
 * The honeypot on public forms (registration, sign-in): an input people never see or reach, with
 * a name form-filling scripts like to fill. It is not part of the schemas: a filled one refuses
 * the whole submission (docs/decisions/0011-security.md).
 */
export const HONEYPOT_FIELD = 'website'

/** Off screen rather than display:none, which scripts look for; no scroll bar either way. */
export const HONEYPOT_STYLE = {
  position: 'absolute',
  left: '-10000px',
  width: '1px',
  height: '1px',
  overflow: 'hidden',
} as const

export function honeypotFilled(formData: FormData): boolean {
  const value = formData.get(HONEYPOT_FIELD)
  return value !== null && (typeof value !== 'string' || value.trim() !== '')
}
