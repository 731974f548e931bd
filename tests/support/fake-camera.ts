import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import QRCode from 'qrcode'

/**
 * A video file Chromium can use as its camera (`--use-file-for-fake-video-capture`): the QR code
 * of `text` on white, as uncompressed Y4M frames, so the check-in page's scanner reads a real
 * picture through getUserMedia.
 */
export function fakeCameraWithQr(text: string, width = 640, height = 480, frames = 10): string {
  const qr = QRCode.create(text, { errorCorrectionLevel: 'M' })
  const size = qr.modules.size
  const scale = Math.floor((Math.min(width, height) * 0.8) / (size + 8))
  const side = (size + 8) * scale
  const left = Math.floor((width - side) / 2)
  const top = Math.floor((height - side) / 2)
  const luma = Buffer.alloc(width * height, 235)
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      if (!qr.modules.get(y, x)) continue
      for (let dy = 0; dy < scale; dy++) {
        const row = top + (y + 4) * scale + dy
        luma.fill(16, row * width + left + (x + 4) * scale, row * width + left + (x + 5) * scale)
      }
    }
  }
  const chroma = Buffer.alloc((width / 2) * (height / 2), 128)
  const frame = Buffer.concat([Buffer.from('FRAME\n'), luma, chroma, chroma])
  const header = Buffer.from(`YUV4MPEG2 W${width} H${height} F10:1 Ip A1:1 C420jpeg\n`)
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'jisseki-camera-')), 'qr.y4m')
  fs.writeFileSync(file, Buffer.concat([header, ...Array.from({ length: frames }, () => frame)]))
  return file
}
