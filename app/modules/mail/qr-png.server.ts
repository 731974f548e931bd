import zlib from 'node:zlib'
import QRCode from 'qrcode'

/*
 * The reception slip's QR code as a PNG for the confirmation mail. qrcode's own PNG renderer
 * paints a 240×240 RGBA picture pixel by pixel in JavaScript: ~14 ms of a busy process per
 * message, most of a confirmation's rendering time (docs/decisions/0026, bench/outbox.ts). A QR code is
 * black and white in whole modules, so a 1-bit grayscale PNG of whole-pixel modules says the
 * same in a fraction of the time (and stays sharp when scaled).
 */

const MARGIN = 2
const TARGET_WIDTH = 240

function chunk(type: string, data: Buffer): Buffer {
  const head = Buffer.alloc(8)
  head.writeUInt32BE(data.length, 0)
  head.write(type, 4, 'latin1')
  const crc = Buffer.alloc(4)
  crc.writeUInt32BE(zlib.crc32(Buffer.concat([head.subarray(4), data])), 0)
  return Buffer.concat([head, data, crc])
}

/** A PNG of `text` as a QR code (error correction M), about 240 px wide with a 2-module margin. */
export function qrPng(text: string): Buffer {
  const { modules } = QRCode.create(text, { errorCorrectionLevel: 'M' })
  const cells = modules.size + 2 * MARGIN
  const scale = Math.max(1, Math.round(TARGET_WIDTH / cells))
  const width = cells * scale
  const rowBytes = Math.ceil(width / 8)
  // Each row: filter byte 0, then 1 bit per pixel, 1 = white (grayscale), dark modules 0. A row
  // of modules is drawn once and repeated `scale` times.
  const raw = Buffer.alloc((rowBytes + 1) * width)
  for (let my = 0; my < cells; my++) {
    const first = my * scale * (rowBytes + 1)
    for (let x = 0; x < width; x++) {
      const mx = Math.floor(x / scale) - MARGIN
      const y = my - MARGIN
      const dark = y >= 0 && y < modules.size && mx >= 0 && mx < modules.size && modules.get(y, mx)
      if (!dark) raw[first + 1 + (x >> 3)] |= 0x80 >> (x & 7)
    }
    for (let copy = 1; copy < scale; copy++) raw.copy(raw, first + copy * (rowBytes + 1), first, first + rowBytes + 1)
  }
  const header = Buffer.alloc(13)
  header.writeUInt32BE(width, 0)
  header.writeUInt32BE(width, 4)
  header[8] = 1 // bit depth
  header[9] = 0 // grayscale
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', zlib.deflateSync(raw)),
    chunk('IEND', Buffer.alloc(0)),
  ])
}
