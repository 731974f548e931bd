import fs from 'node:fs'
import http from 'node:http'
import net from 'node:net'
import type { Browser } from 'playwright-core'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { createConsoleUser, startSignIn } from '~/modules/accounts/console-users.server'
import { MAX_REPORT_ROWS } from '~/modules/attendance/report-limits'
import { startAppServer, type AppServer } from '../support/app-server'
import { launchBrowser } from '../support/browser'
import { createSeminar } from '../support/factories'

/*
 * No single request takes the server down (docs/decisions/0019-request-limits.md), through the production build:
 * repeated fields are refused before any parser sees them, bodies are counted on the stream (chunked, without
 * Content-Length), and the process stays small after a refused 200 MB post.
 */

let app: AppServer
let browser: Browser
let staffCookie: string
let registerPath: string
let importPath: string

beforeAll(async () => {
  app = await startAppServer()
  const staff = await createConsoleUser(app.db, {
    email: 'limits@city.example.jp',
    name: '上限 担当',
    password: 'a long limits password',
  })
  staffCookie = `jisseki_session=${await startSignIn(app.db, staff.id, 2)}`
  const seminar = await createSeminar(app.db, { title: '上限の確認' })
  registerPath = `/seminars/${seminar.id}/register`
  const online = await createSeminar(app.db, {
    title: 'オンライン上限',
    mode: 'ONLINE',
    capacityInPerson: null,
    capacityOnline: 50,
  })
  const session = await app.db.session.findFirstOrThrow({ where: { seminarId: online.id } })
  importPath = `/console/sessions/${session.id}/import`
})
afterEach(() => {
  expect(app.errors()).toBe('')
})
afterAll(async () => {
  await browser?.close()
  await app?.stop()
})

const MB = 1024 * 1024

/** The server process's resident memory, from /proc. */
function rssBytes(): number {
  const status = fs.readFileSync(`/proc/${app.pid}/status`, 'utf8')
  return Number(/^VmRSS:\s+(\d+) kB/m.exec(status)![1]) * 1024
}

type Sent = { status: number; body: string; sent: number; finishedSending: boolean }

/**
 * A request with its path sent exactly as written: fetch() and http.request(url) normalize
 * `/console/%2e%2e/…` and `/\\evil` before sending, a browser-less attacker does not.
 */
function rawRequest(method: string, path: string, headers: Record<string, string>): http.ClientRequest {
  const { hostname, port } = new URL(app.url)
  return http.request({ hostname, port, path, method, headers })
}

/** Sends a whole body (or none) on the raw path; resolves with the answer. */
function send(
  method: string,
  path: string,
  headers: Record<string, string>,
  body?: string | Buffer,
): Promise<{ status: number; body: string; headers: http.IncomingHttpHeaders }> {
  return new Promise((resolve, reject) => {
    const req = rawRequest(method, path, headers)
    let answered = false
    req.on('response', (res) => {
      answered = true
      let text = ''
      res.setEncoding('utf8')
      res.on('data', (d: string) => (text += d))
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text, headers: res.headers }))
    })
    req.on('error', (error) => (answered ? undefined : reject(error)))
    req.end(body)
  })
}

/**
 * Posts `total` bytes as `chunk` repeated, with Transfer-Encoding: chunked (no Content-Length),
 * and stops sending once the answer comes. Also asks /healthz while the post is under way.
 */
function postChunked(
  path: string,
  headers: Record<string, string>,
  chunk: Buffer,
  total: number,
  prefix = Buffer.alloc(0),
): Promise<Sent & { healthz: number }> {
  return new Promise((resolve, reject) => {
    const req = rawRequest('POST', path, headers)
    let sent = 0
    let answered = false
    let finishedSending = false
    let healthz: Promise<number> | null = null
    req.on('response', (res) => {
      answered = true
      let body = ''
      res.setEncoding('utf8')
      res.on('data', (d: string) => (body += d))
      res.on('end', () => {
        void (healthz ?? Promise.resolve(0)).then((h) =>
          resolve({ status: res.statusCode ?? 0, body, sent, finishedSending, healthz: h }),
        )
      })
    })
    // The server closes the connection after its answer: writing on then fails, as expected.
    req.on('error', (error) => (answered ? undefined : reject(error)))
    req.write(prefix)
    sent += prefix.length
    const pump = () => {
      while (!answered && sent < total) {
        sent += chunk.length
        if (!healthz) healthz = fetch(`${app.url}/healthz`).then((r) => r.status)
        if (!req.write(chunk)) return void req.once('drain', pump)
      }
      if (!answered) {
        finishedSending = true
        req.end()
      }
    }
    pump()
  })
}

const urlencoded = { 'Content-Type': 'application/x-www-form-urlencoded' }
/** 100,000 repeats of one field: 680 KB that took the unprotected server minutes to parse. */
const repeats = Buffer.from(Array.from({ length: 100_000 }, () => 'name=a').join('&'))

describe('one field repeated 100,000 times', () => {
  for (const [label, path] of [
    ['the registration form', () => registerPath],
    ['sign-in', () => '/console/login'],
    ['forgot-password', () => '/console/forgot-password'],
  ] as const) {
    it(`is refused at ${label}, sent whole or chunked, and /healthz answers meanwhile`, async () => {
      const whole = await fetch(`${app.url}${path()}`, { method: 'POST', headers: urlencoded, body: repeats })
      expect(whole.status).toBe(413)
      expect(await whole.text()).toContain('送信された内容が大きすぎます')

      const chunked = await postChunked(path(), urlencoded, repeats.subarray(0, 7 * 1000), repeats.length)
      expect([400, 413]).toContain(chunked.status)
      expect(chunked.body).toContain('<html lang="ja">')
      expect(chunked.healthz).toBe(200)
      expect((await fetch(`${app.url}/healthz`)).status).toBe(200)
    })
  }

  it('within the byte limit, a repeated field is refused with 400 before the form is read', async () => {
    const body = Array.from({ length: 5_000 }, () => 'email=a').join('&') // 40 KB, under 64 KB
    const res = await fetch(`${app.url}/console/login`, {
      method: 'POST',
      headers: { ...urlencoded, Cookie: 'lang=en' },
      body,
    })
    expect(res.status).toBe(400)
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8')
    expect(await res.text()).toContain('One field can be sent at most 50 times.')
  })
})

describe('a path that reaches a public form through /console (dot segments)', () => {
  it('gets the public byte limit at the registration form, refused while /healthz answers', async () => {
    const path = `/console/%2e%2e${registerPath}`
    // Under the console's 1 MB (which this path got before), and within what the server reads
    // and drops after refusing (LINGER_BYTES), so the connection is never reset under the test.
    const total = MB - 16 * 1024
    const result = await postChunked(path, urlencoded, Buffer.alloc(16 * 1024, 0x61), total, Buffer.from('name='))
    expect(result.status).toBe(413)
    expect(result.body).toContain('一度に送信できるのは64 KBまでです。')
    expect(result.healthz).toBe(200)
    // The way back is the page the form is on, as Remix resolved the path.
    expect(result.body).toContain(`href="${registerPath}"`)
  })
  it('gets the public repeat limit at sign-in, and single fetch (.data) the same', async () => {
    const body = Array.from({ length: 5_000 }, () => 'email=a').join('&') // 40 KB, under 64 KB
    for (const path of ['/console/../console/login', '/console/%2E%2E/console/login.data', '/console/LOGIN']) {
      const res = await send('POST', path, { ...urlencoded, Cookie: 'lang=en' }, body)
      expect(res.status, path).toBe(400)
      expect(res.body).toContain('One field can be sent at most 50 times.')
    }
  })
})

describe('bodies of a type no form of ours sends', () => {
  const multipart = (boundary: string, repeats: number) =>
    Array.from(
      { length: repeats },
      () => `--${boundary}\r\nContent-Disposition: form-data; name="name"\r\n\r\na\r\n`,
    ).join('') + `--${boundary}--\r\n`

  it('multipart is refused with 415 at the registration form and at a console form, before reading', async () => {
    const body = multipart('b', 1_000)
    const publicForm = await send('POST', registerPath, { 'Content-Type': 'multipart/form-data; boundary=b' }, body)
    expect(publicForm.status).toBe(415)
    expect(publicForm.headers['content-type']).toBe('text/html; charset=utf-8')
    expect(publicForm.body).toContain('この形式の送信は受け付けていません。')
    const consoleForm = await send(
      'POST',
      '/console/seminars/new',
      { 'Content-Type': 'multipart/form-data; boundary=b', Cookie: `${staffCookie}; lang=en` },
      body,
    )
    expect(consoleForm.status).toBe(415)
    expect(consoleForm.body).toContain('This kind of submission is not accepted.')
    expect(await app.db.seminar.count({ where: { title: 'a' } })).toBe(0)
  })

  it('text, JSON and multipart without a boundary get 415, not a 500', async () => {
    for (const [type, body] of [
      ['text/plain', 'name=a'],
      ['application/json', '{"name":"a"}'],
      ['multipart/form-data', multipart('b', 1)],
    ]) {
      const res = await send('POST', registerPath, { 'Content-Type': type }, body)
      expect(res.status, type).toBe(415)
      expect(res.body).toContain('<html lang="ja">')
    }
    const upload = await send('POST', importPath, { 'Content-Type': 'multipart/form-data', Cookie: staffCookie }, 'x')
    expect(upload.status).toBe(415)
    // afterEach: nothing on the server's stderr (a 500 writes its stack trace there).
  })

  it('a DELETE without a body is an empty form: answered by the route, not a 500', async () => {
    const res = await send('DELETE', registerPath, {})
    expect(res.status).toBeLessThan(500)
  })

  it('a POST with no body and no type (a sign-out button) still signs out', async () => {
    const staff = await app.db.consoleUser.findFirstOrThrow({ where: { email: 'limits@city.example.jp' } })
    const token = await startSignIn(app.db, staff.id, 2)
    const res = await send('POST', '/console/logout', { Cookie: `jisseki_session=${token}` })
    expect(res.status).toBe(302)
    expect(res.headers.location).toBe('/console/login')
    expect(
      (await fetch(`${app.url}/console`, { headers: { Cookie: `jisseki_session=${token}` }, redirect: 'manual' }))
        .status,
    ).toBe(302)
  })
})

describe('the refusal page’s way back', () => {
  it('is never another site, whatever the path', async () => {
    const res = await send('POST', '/\\evil.example/x', urlencoded, repeats)
    expect(res.status).toBe(413)
    expect(res.body).toContain('href="/"')
    expect(res.body).not.toContain('evil.example')
  })
})

describe('a large body sent chunked, without Content-Length', () => {
  it('is refused at the registration form, and 200 MB leave the process small', async () => {
    const before = rssBytes()
    const result = await postChunked(
      registerPath,
      urlencoded,
      Buffer.alloc(64 * 1024, 0x61),
      200 * MB,
      Buffer.from('name='),
    )
    expect(result.status).toBe(413)
    expect(result.body).toContain('一度に送信できるのは64 KBまでです。')
    expect(result.finishedSending).toBe(false)
    expect(result.sent).toBeLessThan(200 * MB)
    expect(result.healthz).toBe(200)
    expect(rssBytes() - before).toBeLessThan(100 * MB)
  })

  it('is refused at the import past 10 MB, with the import page saying so, and nothing is stored', async () => {
    const before = rssBytes()
    const boundary = 'limits-test-boundary'
    const head = Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="zoom.csv"\r\nContent-Type: text/csv\r\n\r\n` +
        'Name (Original Name),User Email,Join Time,Leave Time,Duration (Minutes)\r\n',
    )
    const row = Buffer.from('Hanako Sato,hanako.sato@example.jp,,,30\r\n'.repeat(1000))
    const result = await postChunked(
      importPath,
      { 'Content-Type': `multipart/form-data; boundary=${boundary}`, Cookie: staffCookie },
      row,
      200 * MB,
      head,
    )
    expect(result.status).toBe(413)
    expect(result.body).toContain('ファイルが大きすぎます。読み込めるのは10 MBまでのファイルです。')
    expect(result.finishedSending).toBe(false)
    expect(result.healthz).toBe(200)
    expect(rssBytes() - before).toBeLessThan(100 * MB)
    expect(await app.db.attendanceImport.count()).toBe(0)
  })

  it('is not read at all for someone not signed in: the import answers the sign-in redirect', async () => {
    const result = await postChunked(
      importPath,
      { 'Content-Type': 'multipart/form-data; boundary=x' },
      Buffer.alloc(64 * 1024, 0x61),
      200 * MB,
    )
    expect(result.status).toBe(302)
    expect(result.finishedSending).toBe(false)
  })
})

/**
 * A client that only reads once it has finished writing (or can write no more), like a browser
 * uploading a large form: it sends `head`, then chunked 64 KB chunks up to `total` bytes without
 * reading, stopping early only when a write fails or the server stops reading (a write not
 * drained while nothing is read on the other side: a blocked pipe). Then it reads what came
 * back. A reset while it writes would discard the answer unread. Returns the status line.
 */
async function answerToKeptSending(head: string, total = 32 * MB): Promise<{ statusLine: string; sentAll: boolean }> {
  const { port } = new URL(app.url)
  const socket = net.connect(Number(port), '127.0.0.1')
  await new Promise((resolve) => socket.once('connect', resolve))
  socket.pause()
  socket.write(`${head}Host: 127.0.0.1:${port}\r\nTransfer-Encoding: chunked\r\n\r\n`)
  const chunk = Buffer.alloc(64 * 1024, 0x61)
  const framed = Buffer.concat([Buffer.from(`${chunk.length.toString(16)}\r\n`), chunk, Buffer.from('\r\n')])
  socket.write('5\r\nname=\r\n')
  let writeError: Error | null = null
  socket.on('error', (error) => (writeError = error))
  let sent = 0
  for (; sent < total && !writeError; sent += framed.length) {
    if (!socket.write(framed)) {
      const drained = await new Promise<boolean>((resolve) => {
        const done = (value: boolean) => {
          socket.off('drain', onDrain)
          socket.off('close', onClose)
          clearTimeout(timer)
          resolve(value)
        }
        const onDrain = () => done(true)
        const onClose = () => done(false)
        socket.once('drain', onDrain)
        socket.once('close', onClose)
        // No drain while nothing is read on the other side: the server has paused.
        const timer = setTimeout(() => done(false), 2_000)
      })
      if (!drained) break
    }
  }
  let answer = ''
  socket.setEncoding('latin1')
  // Whatever the kernel still holds is read; then the connection ends (or was reset already), or
  // the whole answer is in (a server keeping the connection open waits for the rest of the body).
  if (!socket.destroyed)
    await new Promise((resolve) => {
      socket.on('data', (d: string) => {
        answer += d
        const end = answer.indexOf('\r\n\r\n')
        const length = /^content-length:\s*(\d+)/im.exec(answer.slice(0, end))
        if (end >= 0 && length && answer.length - end - 4 >= Number(length[1])) resolve(null)
      })
      socket.once('close', resolve)
      socket.once('end', resolve)
      socket.once('error', resolve)
      socket.resume()
    })
  socket.destroy()
  return { statusLine: answer.split('\r\n')[0], sentAll: sent >= total }
}

describe('a client that keeps sending after the refusal', () => {
  it('still reads the 413: the server stops reading instead of resetting the connection', async () => {
    const result = await answerToKeptSending(
      `POST ${registerPath} HTTP/1.1\r\nContent-Type: application/x-www-form-urlencoded\r\n`,
      8 * MB, // eight times what the server drops after answering
    )
    expect(result.statusLine).toBe('HTTP/1.1 413 Payload Too Large')
    expect(result.sentAll).toBe(false)
  })
})

describe('a client that keeps sending after an answer given before its body was read', () => {
  // The upload route answers someone not signed in at once, with the body still arriving; under
  // load a client still writing got `write ECONNRESET` instead of the 302 (the server closed the
  // connection with unread bytes in it, after reading up to the upload limit). 32 MB is more than
  // that limit, so the old server reset the connection every time.
  it('still reads the sign-in redirect from the upload route', async () => {
    const result = await answerToKeptSending(
      `POST ${importPath} HTTP/1.1\r\nContent-Type: multipart/form-data; boundary=x\r\n`,
    )
    expect(result.statusLine).toBe('HTTP/1.1 302 Found')
    // It stopped reading after 1 MB dropped, not at the upload limit (10 MB).
    expect(result.sentAll).toBe(false)
  })

  it('still reads the 403 of a cross-site post, and the server did not read the whole body', async () => {
    const result = await answerToKeptSending(
      `POST ${registerPath} HTTP/1.1\r\nOrigin: https://evil.example\r\nContent-Type: application/x-www-form-urlencoded\r\n`,
    )
    expect(result.statusLine).toBe('HTTP/1.1 403 Forbidden')
    // The server stopped reading (1 MB dropped, then paused): the client could not send it all.
    expect(result.sentAll).toBe(false)
  })
})

describe('the import refuses a report over its row limit', () => {
  it(`names the limit (${MAX_REPORT_ROWS} rows) on the page and stores nothing`, async () => {
    browser = await launchBrowser()
    const context = await browser.newContext()
    await context.addCookies([
      { name: 'jisseki_session', value: staffCookie.split('=')[1], url: app.url, httpOnly: true },
    ])
    const page = await context.newPage()
    const errors: Error[] = []
    page.on('pageerror', (error) => errors.push(error))
    await page.goto(`${app.url}${importPath}`)
    const csv =
      'Name (Original Name),User Email,Join Time,Leave Time,Duration (Minutes)\r\n' +
      Array.from({ length: MAX_REPORT_ROWS + 1 }, (_, i) => `P ${i},p${i}@example.jp,,,30`).join('\r\n')
    await page
      .locator('input[type=file]')
      .setInputFiles({ name: 'long.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) })
    await page.getByRole('button', { name: '読み込んで確認' }).click()
    await expect
      .poll(() => page.getByRole('alert').textContent())
      .toBe(
        'このレポートは行数が多すぎます。一度に読み込めるのは20,000行までです。ファイルを分けて読み込んでください。',
      )
    expect(await app.db.attendanceImport.count()).toBe(0)
    expect(errors).toEqual([])
    await context.close()
  })
})

describe('a file over the upload limit chosen in the browser', () => {
  it('is answered on the import page, which names the limit', async () => {
    browser ??= await launchBrowser()
    const context = await browser.newContext()
    await context.addCookies([
      { name: 'jisseki_session', value: staffCookie.split('=')[1], url: app.url, httpOnly: true },
    ])
    const page = await context.newPage()
    const errors: Error[] = []
    page.on('pageerror', (error) => errors.push(error))
    await page.goto(`${app.url}${importPath}`)
    const header = 'Name (Original Name),User Email,Join Time,Leave Time,Duration (Minutes)\r\n'
    const big = Buffer.concat([Buffer.from(header), Buffer.alloc(11 * MB, 0x61)])
    await page.locator('input[type=file]').setInputFiles({ name: 'big.csv', mimeType: 'text/csv', buffer: big })
    await page.getByRole('button', { name: '読み込んで確認' }).click()
    await expect
      .poll(() => page.getByRole('alert').textContent())
      .toBe('ファイルが大きすぎます。読み込めるのは10 MBまでのファイルです。')
    expect(await app.db.attendanceImport.count()).toBe(0)
    expect(errors).toEqual([])
    await context.close()
  })
})

describe('the refusal page in a browser', () => {
  it('is shown in Japanese, with the limit and a way back, when a form posts too much', async () => {
    browser ??= await launchBrowser()
    const page = await browser.newPage()
    await page.goto(`${app.url}${registerPath}`)
    // A native form post (no Remix fetch): what a browser without JavaScript, or a script, sends.
    await page.evaluate((action) => {
      const form = document.createElement('form')
      form.method = 'post'
      form.action = action
      const area = document.createElement('textarea')
      area.name = 'name'
      area.value = 'あ'.repeat(30_000)
      form.append(area)
      document.body.append(form)
      form.submit()
    }, registerPath)
    await page.waitForURL(`${app.url}${registerPath}`)
    await expect.poll(() => page.locator('h1').textContent()).toBe('送信された内容が大きすぎます')
    expect(await page.title()).toBe('送信された内容が大きすぎます | Jisseki セミナー')
    expect(await page.locator('main').textContent()).toContain('一度に送信できるのは64 KBまでです。')
    await page.getByRole('link', { name: '元のページに戻る' }).click()
    await expect.poll(() => page.locator('h1').textContent()).toBe('お申込み')
    await page.close()
  })
})
