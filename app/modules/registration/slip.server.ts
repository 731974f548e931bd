import QRCode from 'qrcode'

/** The reception slip's QR image (PNG data URL) for a registration code. */
export function slipQrDataUrl(code: string): Promise<string> {
  return QRCode.toDataURL(code, { errorCorrectionLevel: 'M', margin: 2, width: 240 })
}
