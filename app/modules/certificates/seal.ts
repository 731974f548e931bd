import { SEAL_MAX_BYTES } from './forms'

/**
 * What an uploaded seal image is, read from its first bytes (its name and declared type are the
 * sender's word): PNG (89 50 4E 47 0D 0A 1A 0A) or JPEG (FF D8 FF); null for anything else.
 */
export function sealImageType(bytes: Uint8Array): 'image/png' | 'image/jpeg' | null {
  const png = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]
  if (bytes.length >= 8 && png.every((b, i) => bytes[i] === b)) return 'image/png'
  if (bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'image/jpeg'
  return null
}

export type SealCheck =
  | { ok: true; bytes: Buffer; type: 'image/png' | 'image/jpeg' }
  | { ok: false; error: 'CERTIFICATE_SEAL_NOT_IMAGE' | 'CERTIFICATE_SEAL_TOO_LARGE' }

/** A seal upload checked: too large first (not read further), then its content. */
export function checkSeal(bytes: Uint8Array): SealCheck {
  if (bytes.length > SEAL_MAX_BYTES) return { ok: false, error: 'CERTIFICATE_SEAL_TOO_LARGE' }
  const type = sealImageType(bytes)
  if (!type) return { ok: false, error: 'CERTIFICATE_SEAL_NOT_IMAGE' }
  return { ok: true, bytes: Buffer.from(bytes), type }
}
