import { PassThrough, Writable } from 'node:stream'
import { createElement } from 'react'
import { renderToPipeableStream, renderToString } from 'react-dom/server'
import { describe, expect, it } from 'vitest'
import { nulFreeStream, withoutNulBytes } from './nul-free-stream.server'

/** Renders like app/entry.server.tsx does, into `through`, and returns every byte that came out. */
function render(title: string, through: () => NodeJS.ReadWriteStream): Promise<Buffer> {
  const element = page(title)
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    const sink = new Writable({
      write(chunk: Buffer, _encoding, callback) {
        chunks.push(chunk)
        callback()
      },
    })
    sink.on('finish', () => resolve(Buffer.concat(chunks)))
    const { pipe } = renderToPipeableStream(element, {
      onAllReady: () => pipe(through()).pipe(sink),
      onShellError: reject,
    })
  })
}

/**
 * A page of short Japanese texts, as lists and forms are: React encodes each into its 2,048-byte
 * buffer, and one that does not fit is where the padding appears. The title shifts everything
 * after it by one byte per character.
 */
function page(title: string) {
  return createElement(
    'main',
    null,
    // React writes a text of over 682 characters straight through, without its buffer: a long
    // title is split so that every byte of it shifts what follows.
    createElement(
      'h1',
      null,
      (title.match(/[^]{1,500}/g) ?? []).map((piece, i) => createElement('span', { key: i }, piece)),
    ),
    createElement(
      'ul',
      null,
      Array.from({ length: 120 }, (_, i) =>
        createElement(
          'li',
          { key: i, 'aria-label': `出席: 岡田 健一郎 ${i}` },
          `プローブ型センサー活用セミナー 第${i}回`,
        ),
      ),
    ),
    createElement('input', { name: 'category', defaultValue: 'プローブ' }),
  )
}

describe('pages without NUL bytes', () => {
  it('React 18.3.1 alone does put NUL bytes into Japanese pages (the fault this guards against)', async () => {
    let faulty = 0
    for (let offset = 0; offset < 6; offset++) {
      if ((await render('a'.repeat(offset), () => new PassThrough())).includes(0)) faulty++
    }
    expect(faulty).toBeGreaterThan(0)
  })

  it(
    'the rendered bytes never hold a NUL and equal renderToString, at every offset across 3,000 bytes',
    { timeout: 300_000 },
    async () => {
      for (let offset = 0; offset < 3000; offset++) {
        const title = 'a'.repeat(offset)
        const html = await render(title, nulFreeStream)
        expect(html.indexOf(0), `offset ${offset}`).toBe(-1)
        expect(html.toString('utf8'), `offset ${offset}`).toBe(renderToString(page(title)))
      }
    },
  )

  it('removes every NUL byte wherever it is and keeps every other byte in order', () => {
    expect(withoutNulBytes(Buffer.from([0, 0, 0x61, 0, 0xe3, 0x81, 0x82, 0, 0]))).toEqual(
      Buffer.from([0x61, 0xe3, 0x81, 0x82]),
    )
    const clean = Buffer.from('見つかりません')
    expect(withoutNulBytes(clean)).toBe(clean)
    expect(withoutNulBytes(Buffer.alloc(5))).toEqual(Buffer.alloc(0))
  })
})
