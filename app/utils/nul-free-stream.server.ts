import { Transform, type TransformCallback } from 'node:stream'

/**
 * React 18.3.1's `renderToPipeableStream` flushes its whole 2,048-byte buffer when the next
 * multi-byte character does not fit, zero padding included (react/react#31134): NUL bytes land
 * between Japanese characters, and a browser turns them into U+FFFD inside attribute values —
 * a form saved unchanged then stores the corruption. The padding only ever falls between whole
 * UTF-8 characters, and 0x00 is never part of a multi-byte UTF-8 sequence, so dropping every 0x00
 * gives exactly the HTML React meant to send. HTML has no use for a raw NUL byte anyway (the
 * loader data React and Remix embed is JSON, where one would be escaped as \u0000).
 * docs/decisions/0006-public-pages.md.
 */
export function withoutNulBytes(chunk: Buffer): Buffer {
  let nul = chunk.indexOf(0)
  if (nul === -1) return chunk
  const out = Buffer.allocUnsafe(chunk.length)
  let length = 0
  let from = 0
  while (nul !== -1) {
    length += chunk.copy(out, length, from, nul)
    from = nul + 1
    nul = chunk.indexOf(0, from)
  }
  length += chunk.copy(out, length, from)
  return out.subarray(0, length)
}

/** A stream that passes bytes through without their NUL bytes. */
export function nulFreeStream(): Transform {
  return new Transform({
    transform(chunk: Buffer | string, _encoding: BufferEncoding, callback: TransformCallback) {
      callback(null, withoutNulBytes(typeof chunk === 'string' ? Buffer.from(chunk) : chunk))
    },
  })
}
