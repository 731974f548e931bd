import { createRequire } from 'node:module'
import jsQR from 'jsqr'
import { describe, expect, it } from 'vitest'
import { qrPng } from './qr-png.server'

/** An independent PNG decoder (pngjs, which qrcode itself depends on) reads what the mail carries. */
type Decoded = { width: number; height: number; data: Buffer }
const { PNG } = createRequire(import.meta.url)('pngjs') as { PNG: { sync: { read(png: Buffer): Decoded } } }

describe('QR PNG of the reception slip', () => {
  it.each([
    ['a registration code', 'A7K-2Q9X'],
    ['a check-in token', 'Zx3_q8VbN0-kLmP4rT6yW2cE9sH1jD5fG7aB0nM3uIo'],
  ])('is a PNG of about 240 px that a QR reader decodes to %s', (_label, text) => {
    const png = qrPng(text)
    const image = PNG.sync.read(png)
    expect(image.width).toBe(image.height)
    expect(Math.abs(image.width - 240)).toBeLessThanOrEqual(20)
    const decoded = jsQR(new Uint8ClampedArray(image.data), image.width, image.height)
    expect(decoded?.data).toBe(text)
  })
})
