import QRCode from 'qrcode'
import type { RegistrationStatus } from '~/generated/prisma/client'

/** The reception slip's QR image (PNG data URL) for a registration code. */
export function slipQrDataUrl(code: string): Promise<string> {
  return QRCode.toDataURL(code, { errorCorrectionLevel: 'M', margin: 2, width: 240 })
}

/**
 * A registration's slip QR as its pages show it (completion, manage, the slip staff print): only
 * while the seat is confirmed. A waiting person is not let in with it (the door refuses them), so
 * they get none until they move up; a cancelled registration none at all. The QR carries the
 * 128-bit check-in token (older registrations without one: the code).
 */
export async function registrationSlipQr(registration: {
  status: RegistrationStatus
  checkinToken: string | null
  code: string
}): Promise<string | null> {
  if (registration.status !== 'CONFIRMED') return null
  return slipQrDataUrl(registration.checkinToken ?? registration.code)
}
