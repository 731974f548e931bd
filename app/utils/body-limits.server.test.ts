import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { Readable } from 'node:stream'
import express from 'express'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  apiRefusalBody,
  BodyLimitError,
  bodyLimitConfig,
  bodyLimits,
  ByteCounter,
  contentTypeRefusal,
  DEFAULT_BODY_LIMITS,
  limitsFor,
  readLimitedBody,
  readUploadForm,
  refusalPage,
  routePath,
  UrlencodedFieldCounter,
} from './body-limits.server'

const enc = (s: string) => new TextEncoder().encode(s)

function countFields(body: string | string[], limits = { maxFields: 10, maxRepeats: 3 }) {
  const counter = new UrlencodedFieldCounter(limits)
  for (const chunk of Array.isArray(body) ? body : [body]) counter.write(enc(chunk))
  counter.end()
}

function refusal(run: () => unknown): BodyLimitError | null {
  try {
    run()
    return null
  } catch (error) {
    if (error instanceof BodyLimitError) return error
    throw error
  }
}

describe('UrlencodedFieldCounter', () => {
  it('lets an ordinary form through', () => {
    expect(refusal(() => countFields('name=a&email=b%40c&tags=1&tags=2&tags=3&empty='))).toBeNull()
  })
  it('refuses one name repeated past the limit, also when split across chunks', () => {
    expect(refusal(() => countFields('name=a&name=a&name=a&name=a'))).toMatchObject({ reason: 'repeats', limit: 3 })
    expect(refusal(() => countFields(['na', 'me=a&nam', 'e=a&name=', 'a&n', 'ame=a']))).toMatchObject({
      reason: 'repeats',
      status: 400,
    })
  })
  it('counts a name however it is percent-encoded or written with +, as URLSearchParams reads it', () => {
    expect(refusal(() => countFields('name=a&n%61me=a&%6E%61%6d%65=a&name=a'))).toMatchObject({ reason: 'repeats' })
    expect(refusal(() => countFields('a+b=1&a%20b=2&a b=3&a+b=4'))).toMatchObject({ reason: 'repeats' })
  })
  it('refuses too many fields', () => {
    const body = Array.from({ length: 11 }, (_, i) => `f${i}=x`).join('&')
    expect(refusal(() => countFields(body))).toMatchObject({ reason: 'fields', limit: 10 })
  })
  it('skips empty sequences (&&&) as URLSearchParams does', () => {
    expect(refusal(() => countFields('&'.repeat(1000) + 'a=1'))).toBeNull()
  })
  it('refuses absurd names: very long, or with a huge list index', () => {
    expect(refusal(() => countFields(`${'n'.repeat(300)}=a`))).toMatchObject({ reason: 'name' })
    expect(refusal(() => countFields('add[99999999]=a'))).toMatchObject({ reason: 'name' })
    expect(refusal(() => countFields('add[3]=a&add[12]=b'))).toBeNull()
  })
  it('reads 100,000 repeats without keeping them: refused at the first repeat past the limit', () => {
    const counter = new UrlencodedFieldCounter({ maxFields: 200, maxRepeats: 50 })
    const error = refusal(() => counter.write(enc(Array.from({ length: 100_000 }, () => 'name=a').join('&'))))
    expect(error).toMatchObject({ reason: 'repeats', limit: 50 })
  })
})

describe('limitsFor', () => {
  it('keeps public forms and the sign-in pages small, signed-in forms larger, files largest', () => {
    const form = 'application/x-www-form-urlencoded'
    const multipart = 'multipart/form-data; boundary=x'
    expect(limitsFor('/seminars/abc/register', form).maxBytes).toBe(64 * 1024)
    expect(limitsFor('/console/login', form).maxBytes).toBe(64 * 1024)
    expect(limitsFor('/console/forgot-password', form).maxBytes).toBe(64 * 1024)
    expect(limitsFor('/console/password/token123', form).maxBytes).toBe(64 * 1024)
    expect(limitsFor('/seminars/abc/register', multipart)).toMatchObject({ maxBytes: 64 * 1024, stream: false })
    expect(limitsFor('/console/seminars/new', form).maxBytes).toBe(1024 * 1024)
    expect(limitsFor('/console/sessions/s1/import', form)).toMatchObject({ maxBytes: 1024 * 1024, stream: false })
    expect(limitsFor('/console/sessions/s1/import', multipart)).toMatchObject({
      maxBytes: 10 * 1024 * 1024,
      stream: true,
    })
  })
  it('classifies a path as the route Remix runs: dot segments, .data, case, %-encoding, trailing slashes', () => {
    const form = 'application/x-www-form-urlencoded'
    const pathOf = (raw: string) => new URL(raw, 'http://x').pathname
    const publicForm = { maxBytes: 64 * 1024, maxFields: 200, maxRepeats: 50, stream: false }
    for (const raw of [
      '/console/%2e%2e/seminars/abc/register',
      '/console/../console/login',
      '/console/%2E%2E/console/login',
      '/console/./login',
      '/console/LOGIN',
      '/Console/Login',
      '/console/%6Cogin',
      '/console/login//',
      '/console/login.data',
      '/console/login/code',
      '/console/login/code.data',
      '/console/login/enrol',
      '/console/forgot-password.data',
      '/console/seminars/%2e%2e/%2e%2e/seminars/abc/register.data',
      '/_root.data',
    ])
      expect(limitsFor(pathOf(raw), form), raw).toEqual(publicForm)
    expect(routePath(pathOf('/console/%2e%2e/seminars/abc/register'))).toBe('/seminars/abc/register')
    expect(routePath('/console/login.data')).toBe('/console/login')
    expect(routePath('/_root.data')).toBe('/')
    expect(routePath('/console%2Flogin')).toBe('/console%2flogin')
    expect(limitsFor('/console%2Flogin', form).maxBytes).toBe(64 * 1024)
    expect(limitsFor(pathOf('/console/seminars/new.data'), form).maxBytes).toBe(1024 * 1024)
    expect(limitsFor(pathOf('/console/x/../seminars/new'), form).maxBytes).toBe(1024 * 1024)
    const multipart = 'multipart/form-data; boundary=x'
    expect(limitsFor('/console/sessions/s1/import.data', multipart)).toMatchObject({ stream: true })
    expect(limitsFor('/console/Sessions/s1/Import/', multipart)).toMatchObject({ stream: true })
  })
  it('reads its sizes from the environment and refuses nonsense there', () => {
    expect(bodyLimitConfig({})).toEqual(DEFAULT_BODY_LIMITS)
    expect(bodyLimitConfig({ BODY_LIMIT_KB: '32', CONSOLE_BODY_LIMIT_KB: '512', UPLOAD_LIMIT_MB: '5' })).toEqual({
      formBytes: 32 * 1024,
      consoleBytes: 512 * 1024,
      uploadBytes: 5 * 1024 * 1024,
    })
    expect(() => bodyLimitConfig({ UPLOAD_LIMIT_MB: '-1' })).toThrow(/UPLOAD_LIMIT_MB/)
  })
})

describe('contentTypeRefusal', () => {
  const refused = (path: string, type: string | undefined, body = true) =>
    contentTypeRefusal(path, type, body)?.status ?? 'accepted'
  it('accepts urlencoded forms everywhere and multipart with a boundary on the upload routes only', () => {
    expect(refused('/seminars/x/register', 'application/x-www-form-urlencoded')).toBe('accepted')
    expect(refused('/console/login', 'application/x-www-form-urlencoded;charset=UTF-8')).toBe('accepted')
    expect(refused('/console/sessions/s1/import', 'multipart/form-data; boundary=----abc')).toBe('accepted')
    expect(refused('/console/sessions/s1/import.data', 'multipart/form-data; boundary="a b"')).toBe('accepted')
    expect(refused('/seminars/x/register', 'multipart/form-data; boundary=x')).toBe(415)
    expect(refused('/console/seminars/new', 'multipart/form-data; boundary=x')).toBe(415)
    expect(refused('/console/%2e%2e/seminars/x/register', 'multipart/form-data; boundary=x')).toBe(415)
  })
  it('refuses text, JSON, multipart without a boundary and a body without a type', () => {
    expect(refused('/seminars/x/register', 'text/plain')).toBe(415)
    expect(refused('/seminars/x/register', 'application/json')).toBe(415)
    expect(refused('/seminars/x/register', 'application/x-www-form-urlencodedx')).toBe(415)
    expect(refused('/console/sessions/s1/import', 'multipart/form-data')).toBe(415)
    expect(refused('/console/sessions/s1/import', 'multipart/form-data; boundary=')).toBe(415)
    expect(refused('/seminars/x/register', undefined)).toBe(415)
  })
  it('lets a request with neither body nor type through (a bare POST, a DELETE), but not a typed one', () => {
    expect(refused('/console/logout', undefined, false)).toBe('accepted')
    expect(refused('/console/logout', '', false)).toBe('accepted')
    expect(refused('/seminars/x/register', 'text/plain', false)).toBe(415)
  })
})

describe('the JSON API (docs/decisions/0055-api.md)', () => {
  it('takes JSON only under /api/, read whole within the public limit, fields not counted', () => {
    const refused = (path: string, type: string | undefined) =>
      contentTypeRefusal(path, type, true)?.status ?? 'accepted'
    expect(refused('/api/v1/seminars/x/registrations', 'application/json')).toBe('accepted')
    expect(refused('/API/v1/seminars/x/registrations', 'application/json; charset=utf-8')).toBe('accepted')
    expect(refused('/api/v1/seminars/x/registrations', 'application/x-www-form-urlencoded')).toBe(415)
    expect(refused('/api/v1/seminars/x/registrations', 'multipart/form-data; boundary=x')).toBe(415)
    expect(refused('/api/v1/seminars/x/registrations', undefined)).toBe(415)
    expect(limitsFor('/api/v1/seminars/x/registrations', 'application/json')).toEqual({
      maxBytes: DEFAULT_BODY_LIMITS.formBytes,
      maxFields: 0,
      maxRepeats: 0,
      stream: false,
    })
  })

  it('answers a refused API body in the one JSON shape of the API, in the language asked for', () => {
    expect(JSON.parse(apiRefusalBody(new BodyLimitError('bytes', 64 * 1024), 'en-GB,en;q=0.8'))).toEqual({
      error: { code: 'PAYLOAD_TOO_LARGE', message: 'The body is too large (at most 64 KB).', field: 'body' },
    })
    expect(JSON.parse(apiRefusalBody(new BodyLimitError('type', 0), undefined))).toMatchObject({
      error: { code: 'UNSUPPORTED_MEDIA_TYPE', message: '本文は application/json で送ってください。' },
    })
  })
})

/** An endless body: counts how many chunks were pulled from it. */
function endless(chunk: Buffer) {
  const source = { pulled: 0, stream: null as unknown as Readable }
  source.stream = new Readable({
    read() {
      source.pulled++
      this.push(chunk)
    },
  })
  return source
}

describe('readLimitedBody', () => {
  it('reads a body within its limits', async () => {
    const body = await readLimitedBody(Readable.from([Buffer.from('a=1&'), Buffer.from('b=2')]), bodyLimits4k, true)
    expect(body.toString()).toBe('a=1&b=2')
  })
  it('stops reading an endless body at the byte limit', async () => {
    const source = endless(Buffer.alloc(1024, 0x61))
    await expect(readLimitedBody(source.stream, bodyLimits4k, false)).rejects.toMatchObject({
      reason: 'bytes',
      status: 413,
    })
    const pulled = source.pulled
    await new Promise((resolve) => setImmediate(resolve))
    expect(source.pulled).toBeLessThanOrEqual(pulled + 1)
    expect(source.stream.isPaused()).toBe(true)
  })
  it('stops at the repeat limit before the byte limit', async () => {
    const source = endless(Buffer.from('name=a&'))
    await expect(
      readLimitedBody(source.stream, { maxBytes: 1024 * 1024, maxFields: 1000, maxRepeats: 50 }, true),
    ).rejects.toMatchObject({ reason: 'repeats' })
  })
})

const bodyLimits4k = { maxBytes: 4096, maxFields: 100, maxRepeats: 10 }

describe('ByteCounter', () => {
  it('passes bytes through and errors past its limit', async () => {
    const counter = new ByteCounter(10)
    const out: Buffer[] = []
    counter.on('data', (c: Buffer) => out.push(c))
    const failed = new Promise((resolve) => counter.on('error', resolve))
    counter.write(Buffer.from('0123456789'))
    counter.write(Buffer.from('x'))
    expect(await failed).toMatchObject({ reason: 'bytes', limit: 10 })
    expect(Buffer.concat(out).toString()).toBe('0123456789')
  })
})

describe('refusalPage', () => {
  it('says what happened in Japanese or English, with the limit and a way back', () => {
    const ja = refusalPage(new BodyLimitError('bytes', 64 * 1024), 'ja', '/seminars/x/register')
    expect(ja).toContain('<html lang="ja">')
    expect(ja).toContain('送信された内容が大きすぎます')
    expect(ja).toContain('64 KB')
    expect(ja).toContain('href="/seminars/x/register"')
    const en = refusalPage(new BodyLimitError('repeats', 50), 'en', '/console/login')
    expect(en).toContain('One field can be sent at most 50 times.')
    const type = refusalPage(new BodyLimitError('type', 0), 'ja', '/seminars/x/register')
    expect(type).toContain('この形式の送信は受け付けていません。')
  })
  it('links back only to a path of this site', () => {
    for (const back of [
      '/\\evil.example/x',
      '//evil.example/x',
      '/\t/evil.example',
      'https://evil.example/',
      '/%2e%2e//evil.example',
    ])
      expect(refusalPage(new BodyLimitError('bytes', 1024), 'ja', back), back).toContain('href="/"')
  })
})

describe('bodyLimits middleware and readUploadForm over HTTP', () => {
  let server: http.Server
  let base: string
  beforeAll(async () => {
    const app = express()
    app.use(bodyLimits({ formBytes: 1024, consoleBytes: 4096, uploadBytes: 8192 }))
    app.all('*', async (req, res) => {
      const stream = res.locals.body as Readable
      const request = new Request(`http://x${req.url}`, {
        method: req.method,
        headers: req.headers as Record<string, string>,
        body: Readable.toWeb(stream) as ReadableStream,
        duplex: 'half',
      } as RequestInit)
      try {
        const form = await readUploadForm(request, { maxPartBytes: 8192, maxParts: 5 })
        res.json({ fields: [...form.keys()].length })
      } catch (error) {
        res.status(error instanceof BodyLimitError ? 499 : 500).json({ error: String(error) })
      }
    })
    server = app.listen(0, '127.0.0.1')
    await new Promise((resolve) => server.once('listening', resolve))
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  })
  afterAll(() => new Promise((resolve) => server.close(resolve)))

  /** Posts `total` bytes chunked (no Content-Length); resolves with the status and how much was sent. */
  function postChunked(path: string, contentType: string, chunk: Buffer, total: number) {
    return new Promise<{ status: number; sent: number; body: string }>((resolve, reject) => {
      const req = http.request(`${base}${path}`, { method: 'POST', headers: { 'Content-Type': contentType } })
      let sent = 0
      let answered = false
      req.on('response', (res) => {
        answered = true
        let body = ''
        res.setEncoding('utf8')
        res.on('data', (d: string) => (body += d))
        res.on('end', () => resolve({ status: res.statusCode ?? 0, sent, body }))
      })
      req.on('error', (error) => (answered ? undefined : reject(error)))
      const pump = () => {
        while (!answered && sent < total) {
          sent += chunk.length
          if (!req.write(chunk)) return void req.once('drain', pump)
        }
        if (!answered) req.end()
      }
      pump()
    })
  }

  it('refuses a chunked form past its limit before the client has sent it all', async () => {
    const result = await postChunked(
      '/seminars/x/register',
      'application/x-www-form-urlencoded',
      Buffer.alloc(16 * 1024, 0x61),
      64 << 20,
    )
    expect(result.status).toBe(413)
    expect(result.sent).toBeLessThan(64 << 20)
    expect(result.body).toContain('送信された内容が大きすぎます')
  })
  it('refuses a declared Content-Length past the limit without reading', async () => {
    const res = await fetch(`${base}/seminars/x/register`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: 'a='.padEnd(2000, 'x'),
    })
    expect(res.status).toBe(413)
  })
  it('refuses repeated fields with 400 and passes an ordinary form on', async () => {
    const post = (body: string) =>
      fetch(`${base}/seminars/x/register`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
        body,
      })
    const refused = await post(Array.from({ length: 100 }, () => 'name=a').join('&'))
    expect(refused.status).toBe(400)
    expect(await refused.text()).toContain('同じ項目を送信できるのは50回までです')
    const ok = await post('name=a&email=b')
    expect(await ok.json()).toEqual({ fields: 2 })
  })
  it('streams an upload to the route and stops it at the upload limit', async () => {
    const boundary = 'limitsboundary'
    const head = `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="r.csv"\r\nContent-Type: text/csv\r\n\r\n`
    const small = `${head}Name,Duration\r\n--${boundary}--\r\n`
    const ok = await fetch(`${base}/console/sessions/s1/import`, {
      method: 'POST',
      headers: { 'Content-Type': `multipart/form-data; boundary=${boundary}` },
      body: small,
    })
    expect(await ok.json()).toEqual({ fields: 1 })
    const big = await postChunked(
      '/console/sessions/s1/import',
      `multipart/form-data; boundary=${boundary}`,
      Buffer.concat([Buffer.from(head), Buffer.alloc(16 * 1024, 0x61)]),
      64 << 20,
    )
    expect(big.status).toBe(499)
    expect(big.sent).toBeLessThan(64 << 20)
  })
  it('chooses the limits on the normalized path, and links back to it only if it is this site', async () => {
    const raw = (method: string, path: string, headers: Record<string, string>, body = '') =>
      new Promise<{ status: number; body: string }>((resolve, reject) => {
        const req = http.request(`${base}${path}`, { method, headers })
        req.on('response', (res) => {
          let text = ''
          res.setEncoding('utf8')
          res.on('data', (d: string) => (text += d))
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }))
        })
        req.on('error', reject)
        req.end(body)
      })
    const form = { 'Content-Type': 'application/x-www-form-urlencoded' }
    const body = 'a='.padEnd(2000, 'x') // over the public 1 KB, under the console 4 KB of this server
    expect((await raw('POST', '/console/%2e%2e/seminars/x/register', form, body)).status).toBe(413)
    expect((await raw('POST', '/console/../console/login', form, body)).status).toBe(413)
    expect((await raw('POST', '/console/LOGIN', form, body)).status).toBe(413)
    expect((await raw('POST', '/console/seminars/new', form, body)).status).toBe(200)
    const evil = await raw('POST', '/\\evil.example/x', form, body)
    expect(evil.status).toBe(413)
    expect(evil.body).toContain('href="/"')
    expect(evil.body).not.toContain('evil.example')
  })
  it('refuses multipart off the upload routes and types no route reads, with 415 before reading', async () => {
    const post = (path: string, type: string | null, body: string) =>
      fetch(`${base}${path}`, { method: 'POST', headers: type ? { 'Content-Type': type } : {}, body })
    const multipart = `--b\r\nContent-Disposition: form-data; name="name"\r\n\r\na\r\n--b--\r\n`
    for (const [path, type, body] of [
      ['/seminars/x/register', 'multipart/form-data; boundary=b', multipart],
      ['/console/seminars/new', 'multipart/form-data; boundary=b', multipart],
      ['/console/sessions/s1/import', 'multipart/form-data', multipart],
      ['/seminars/x/register', 'text/plain', 'name=a'],
      ['/seminars/x/register', 'application/json', '{"name":"a"}'],
    ] as const) {
      const res = await post(path, type, body)
      expect(res.status, `${path} ${type}`).toBe(415)
      expect(await res.text()).toContain('この形式の送信は受け付けていません。')
    }
  })
  it('hands a bare POST on as an empty form', async () => {
    const res = await fetch(`${base}/console/logout`, { method: 'POST' })
    expect(await res.json()).toEqual({ fields: 0 })
  })
  it('counts the parts of an upload', async () => {
    const boundary = 'b'
    const part = (i: number) => `--${boundary}\r\nContent-Disposition: form-data; name="f${i}"\r\n\r\nx\r\n`
    const res = await fetch(`${base}/console/sessions/s1/import`, {
      method: 'POST',
      headers: { 'Content-Type': `multipart/form-data; boundary=${boundary}` },
      body: Array.from({ length: 6 }, (_, i) => part(i)).join('') + `--${boundary}--\r\n`,
    })
    expect(res.status).toBe(499)
    expect(await res.json()).toEqual({ error: expect.stringContaining('fields over 5') })
  })
})
