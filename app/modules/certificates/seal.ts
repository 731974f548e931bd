import { SEAL_MAX_BYTES } from './forms'

/** A seal wider or taller than this is refused: it is printed 64 pt wide (docs/decisions/0051-certificates.md). */
export const SEAL_MAX_PIXELS = 1000

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
  | { ok: true; bytes: Buffer; type: 'image/png' | 'image/jpeg'; width: number; height: number }
  | {
      ok: false
      error: 'CERTIFICATE_SEAL_NOT_IMAGE' | 'CERTIFICATE_SEAL_TOO_LARGE' | 'CERTIFICATE_SEAL_TOO_MANY_PIXELS'
    }

type Cleaned = { bytes: Buffer; width: number; height: number } | null

/** PNG chunks kept: the image itself and its transparency; text, EXIF, times and the rest go. */
const PNG_KEPT = new Set(['IHDR', 'PLTE', 'tRNS', 'IDAT', 'IEND'])

/**
 * A PNG's size from its header (IHDR, which must come first) and the file without its ancillary
 * chunks (tEXt, iTXt, zTXt, eXIf, tIME…), walked chunk by chunk without decompressing anything.
 */
function cleanPng(b: Buffer): Cleaned {
  if (b.length < 33 || b.toString('latin1', 12, 16) !== 'IHDR') return null
  const width = b.readUInt32BE(16)
  const height = b.readUInt32BE(20)
  const out: Buffer[] = [b.subarray(0, 8)]
  let at = 8
  let ended = false
  while (at + 12 <= b.length) {
    const length = b.readUInt32BE(at)
    const end = at + 12 + length
    if (end > b.length) return null
    const type = b.toString('latin1', at + 4, at + 8)
    if (PNG_KEPT.has(type)) out.push(b.subarray(at, end))
    at = end
    if (type === 'IEND') {
      ended = true
      break
    }
  }
  return ended ? { bytes: Buffer.concat(out), width, height } : null
}

/**
 * A JPEG's size from its frame header (SOF0–SOF15 but DHT, JPG, DAC) and the file without its
 * comment and application segments but JFIF (APP0) and Adobe (APP14, which says how colours are
 * coded): EXIF with GPS, XMP, IPTC and the ICC profile go. Read up to the first scan, not decoded.
 */
function cleanJpeg(b: Buffer): Cleaned {
  const out: Buffer[] = [b.subarray(0, 2)]
  let at = 2
  let size: { width: number; height: number } | null = null
  while (at + 4 <= b.length) {
    if (b[at] !== 0xff) return null
    const marker = b[at + 1]!
    if (marker === 0xff) {
      at += 1 // fill byte
      continue
    }
    if (marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7)) {
      out.push(b.subarray(at, at + 2))
      at += 2
      continue
    }
    const length = b.readUInt16BE(at + 2)
    const end = at + 2 + length
    if (length < 2 || end > b.length) return null
    if (marker === 0xda) {
      // The first scan: the rest is image data, kept as it is.
      if (!size) return null
      out.push(b.subarray(at))
      return { bytes: Buffer.concat(out), ...size }
    }
    if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) {
      if (length < 7) return null
      size = { height: b.readUInt16BE(at + 5), width: b.readUInt16BE(at + 7) }
    }
    const dropped = marker === 0xfe || (marker >= 0xe0 && marker <= 0xef && marker !== 0xe0 && marker !== 0xee)
    if (!dropped) out.push(b.subarray(at, end))
    at = end
  }
  return null
}

/**
 * A seal upload checked, nothing decoded: too large first (not read further), then its content
 * (PNG or JPEG), then its width and height from the header (at most SEAL_MAX_PIXELS each, so
 * drawing it stays cheap); the bytes returned carry no metadata (EXIF, GPS, text).
 */
export function checkSeal(bytes: Uint8Array): SealCheck {
  if (bytes.length > SEAL_MAX_BYTES) return { ok: false, error: 'CERTIFICATE_SEAL_TOO_LARGE' }
  const type = sealImageType(bytes)
  if (!type) return { ok: false, error: 'CERTIFICATE_SEAL_NOT_IMAGE' }
  const buffer = Buffer.from(bytes)
  const cleaned = type === 'image/png' ? cleanPng(buffer) : cleanJpeg(buffer)
  if (!cleaned || cleaned.width === 0 || cleaned.height === 0) return { ok: false, error: 'CERTIFICATE_SEAL_NOT_IMAGE' }
  if (cleaned.width > SEAL_MAX_PIXELS || cleaned.height > SEAL_MAX_PIXELS)
    return { ok: false, error: 'CERTIFICATE_SEAL_TOO_MANY_PIXELS' }
  return { ok: true, bytes: cleaned.bytes, type, width: cleaned.width, height: cleaned.height }
}
