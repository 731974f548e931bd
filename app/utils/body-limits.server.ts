/**
 * Request body limits, enforced on the stream before anything parses a body
 * (docs/decisions/0019-request-limits.md).
 *
 * - Every request with a body is counted byte by byte as it arrives; past its route's limit the
 *   request is refused with 413 and no more of it is read (a declared Content-Length over the
 *   limit is refused before reading anything). Content-Length is never trusted for the count.
 * - `application/x-www-form-urlencoded` bodies are also counted field by field while they arrive
 *   (names decoded as URLSearchParams decodes them): too many fields, too many repeats of one
 *   name or an absurd name is refused with 400 before Remix, Conform or Zod see the form.
 * - The route is told from the URL Remix is given (dot segments resolved, `.data` removed,
 *   decoded and in lower case as the router matches; `routePath()`), and a body must be of a
 *   type our forms send (urlencoded; multipart with a boundary on the upload routes only): any
 *   other is refused with 415 before it is read (`contentTypeRefusal()`).
 * - Ordinary forms are read whole (they are small) and handed to Remix as a buffer. Upload routes
 *   are streamed to Remix through the same counter, so the route checks access before any of
 *   the file is read, and a file over the limit stops at the limit.
 */
import { PassThrough, Transform, type TransformCallback } from 'node:stream'
import type { IncomingMessage, ServerResponse } from 'node:http'
import {
  MaxPartSizeExceededError,
  unstable_createMemoryUploadHandler,
  unstable_parseMultipartFormData,
  type UploadHandler,
} from '@remix-run/node'
import { isLang, type Lang } from './i18n'
import { translator } from './i18n.server'
import { safeRedirectPath } from './safe-redirect'

export type BodyLimits = {
  /** Bytes of body, counted on the stream. */
  maxBytes: number
  /** Fields of an urlencoded body. */
  maxFields: number
  /** Fields of an urlencoded body with one name (`name=a&name=a&…`). */
  maxRepeats: number
  /** The body is streamed to the route (file uploads) instead of read first. */
  stream: boolean
}

export type BodyLimitConfig = { formBytes: number; consoleBytes: number; uploadBytes: number }

export const DEFAULT_BODY_LIMITS: BodyLimitConfig = {
  formBytes: 64 * 1024,
  consoleBytes: 1024 * 1024,
  uploadBytes: 10 * 1024 * 1024,
}

/** A field name longer than this is no form of ours (the longest is under 40 bytes). */
export const MAX_FIELD_NAME_BYTES = 256
/** A list index in a field name (`add[12]`) above this builds huge sparse arrays in parsers. */
export const MAX_FIELD_INDEX = 10_000

/**
 * The sign-in pages under /console reached before signing in (password, second factor, its
 * enrolment, forgotten password, setting a password, sign-out): their actions parse the form
 * before anyone is known, so they get the public limits. Matched on `routePath()`.
 */
const PUBLIC_CONSOLE = /^\/console\/(login|login\/code|login\/enrol|forgot-password|password\/[^/]+|logout)$/
/** The routes that take a file (multipart): the meeting-report import. Matched on `routePath()`. */
const UPLOAD_ROUTES = [
  /^\/console\/sessions\/[^/]+\/import$/,
  // Spreadsheet imports (docs/decisions/0034): into a seminar, and past seminars of a program.
  /^\/console\/seminars\/[^/]+\/import$/,
  /^\/console\/past-imports$/,
  // A program's certificate layout with its seal image (docs/decisions/0051-certificates.md).
  /^\/console\/programs\/[^/]+\/certificate$/,
]

/**
 * The path as Remix's router matches it, from the pathname of the URL Remix is given (which the
 * URL parser has already normalized: `/console/%2e%2e/seminars` is `/seminars`). Then what Remix
 * and its router do: single fetch's `.data` suffix (and `/_root.data`) removed, each segment
 * percent-decoded (`%2F` kept), trailing slashes dropped, and lower case, since routes match
 * case-insensitively. Limits are chosen on this, so a path cannot be classified as one route and
 * run another (docs/decisions/0019-request-limits.md).
 */
export function routePath(pathname: string): string {
  const path = pathname.replace(/\.data$/, '').replace(/^\/_root$/, '/')
  let decoded: string
  try {
    decoded = path
      .split('/')
      .map((segment) => decodeURIComponent(segment).replace(/\//g, '%2F'))
      .join('/')
  } catch {
    decoded = path // the router leaves a malformed segment as it is, too
  }
  return decoded.replace(/\/+$/, '').toLowerCase() || '/'
}

const isUploadRoute = (path: string) => UPLOAD_ROUTES.some((r) => r.test(path))
/** The JSON API (docs/decisions/0055-api.md): JSON bodies only, and every refusal in JSON. */
export const isApiPath = (path: string) => path === '/api' || path.startsWith('/api/')
const isJson = (contentType: string | undefined) => /^application\/json\s*(;|$)/i.test(contentType ?? '')
const isMultipart = (contentType: string | undefined) => /^multipart\/form-data\b/i.test(contentType ?? '')
const isUrlencoded = (contentType: string | undefined) =>
  /^application\/x-www-form-urlencoded\s*(;|$)/i.test(contentType ?? '')
/** A multipart type the parser can read: it names its boundary. */
const hasBoundary = (contentType: string) => /;\s*boundary\s*=\s*("[^"]+"|[^\s;"]+)/i.test(contentType)

function positiveInt(value: string | undefined, fallback: number, name: string): number {
  if (value === undefined || value.trim() === '') return fallback
  const n = Number(value)
  if (!Number.isInteger(n) || n <= 0) throw new Error(`${name} must be a positive whole number (got "${value}")`)
  return n
}

/** BODY_LIMIT_KB (public forms), CONSOLE_BODY_LIMIT_KB (signed-in forms), UPLOAD_LIMIT_MB (files). */
export function bodyLimitConfig(source: Record<string, string | undefined> = process.env): BodyLimitConfig {
  return {
    formBytes: positiveInt(source.BODY_LIMIT_KB, DEFAULT_BODY_LIMITS.formBytes / 1024, 'BODY_LIMIT_KB') * 1024,
    consoleBytes:
      positiveInt(source.CONSOLE_BODY_LIMIT_KB, DEFAULT_BODY_LIMITS.consoleBytes / 1024, 'CONSOLE_BODY_LIMIT_KB') *
      1024,
    uploadBytes:
      positiveInt(source.UPLOAD_LIMIT_MB, DEFAULT_BODY_LIMITS.uploadBytes / 1024 / 1024, 'UPLOAD_LIMIT_MB') *
      1024 *
      1024,
  }
}

/** The limits of one request, from its URL's pathname and content type. */
export function limitsFor(pathname: string, contentType: string | undefined, config = DEFAULT_BODY_LIMITS): BodyLimits {
  const path = routePath(pathname)
  // API bodies are JSON, read whole within the public forms' byte limit; fields are not counted.
  if (isApiPath(path)) return { maxBytes: config.formBytes, maxFields: 0, maxRepeats: 0, stream: false }
  if (isMultipart(contentType) && isUploadRoute(path))
    return { maxBytes: config.uploadBytes, maxFields: 100, maxRepeats: 10, stream: true }
  if (path.startsWith('/console/') && !PUBLIC_CONSOLE.test(path))
    // Signed-in staff: the attendance sheet posts two fields per registration, the import's
    // confirmation one per unmatched report row. The route checks access before parsing; 5,000
    // repeats keep Conform's quadratic copy (docs/decisions/0019) near 100 ms even then.
    return { maxBytes: config.consoleBytes, maxFields: 20_000, maxRepeats: 5_000, stream: false }
  return { maxBytes: config.formBytes, maxFields: 200, maxRepeats: 50, stream: false }
}

export type LimitReason = 'bytes' | 'fields' | 'repeats' | 'name' | 'type'

export class BodyLimitError extends Error {
  readonly status: 413 | 415 | 400
  constructor(
    readonly reason: LimitReason,
    readonly limit: number,
  ) {
    super(
      reason === 'type'
        ? 'Request body refused: content type not accepted'
        : `Request body refused: ${reason} over ${limit}`,
    )
    this.name = 'BodyLimitError'
    this.status = reason === 'bytes' ? 413 : reason === 'type' ? 415 : 400
  }
}

/**
 * What a request may carry, before anything of it is read: every form of ours posts
 * `application/x-www-form-urlencoded`, and only the upload routes post `multipart/form-data`
 * (with its boundary). Anything else with a body — text, JSON, multipart elsewhere or without a
 * boundary, a body without a type — is refused (415): Remix's `formData()` would throw on it
 * (a 500), and a multipart body's parts are not counted outside the upload routes. A request
 * with no body and no type (a bare POST, a DELETE) is let through as an empty form.
 * Returns the refusal, or null.
 */
export function contentTypeRefusal(
  pathname: string,
  contentType: string | undefined,
  hasBody: boolean,
): BodyLimitError | null {
  const type = contentType?.trim() ?? ''
  if (type === '') return hasBody ? new BodyLimitError('type', 0) : null
  if (isApiPath(routePath(pathname))) return isJson(type) ? null : new BodyLimitError('type', 0)
  if (isUrlencoded(type)) return null
  if (isMultipart(type) && hasBoundary(type) && isUploadRoute(routePath(pathname))) return null
  return new BodyLimitError('type', 0)
}

export function isBodyLimitError(error: unknown): error is BodyLimitError {
  return error instanceof Error && error.name === 'BodyLimitError'
}

/**
 * Counts the fields of an urlencoded body as its bytes arrive, in constant memory per field
 * name. Names are decoded exactly as URLSearchParams (and so undici's `formData()`) decodes them,
 * so `n%61me` and `name` are one name. Throws BodyLimitError.
 */
export class UrlencodedFieldCounter {
  private fields = 0
  private inName = true
  private name: number[] = []
  private readonly counts = new Map<string, number>()

  constructor(private readonly limits: Pick<BodyLimits, 'maxFields' | 'maxRepeats'>) {}

  write(chunk: Uint8Array): void {
    for (let i = 0; i < chunk.length; i++) {
      const byte = chunk[i]
      if (byte === 0x26 /* & */) {
        this.endField()
      } else if (this.inName) {
        if (byte === 0x3d /* = */) this.inName = false
        else if (this.name.length >= MAX_FIELD_NAME_BYTES) throw new BodyLimitError('name', MAX_FIELD_NAME_BYTES)
        else this.name.push(byte)
      }
    }
  }

  end(): void {
    this.endField()
  }

  private endField(): void {
    const wasEmpty = this.inName && this.name.length === 0
    const raw = Buffer.from(this.name).toString('latin1')
    this.name = []
    this.inName = true
    if (wasEmpty) return // `&&`: URLSearchParams skips it, so does this
    if (++this.fields > this.limits.maxFields) throw new BodyLimitError('fields', this.limits.maxFields)
    const [name = ''] = new URLSearchParams(`${raw}=`).keys()
    for (const match of name.matchAll(/\[(\d+)\]/g)) {
      if (Number(match[1]) > MAX_FIELD_INDEX) throw new BodyLimitError('name', MAX_FIELD_INDEX)
    }
    const count = (this.counts.get(name) ?? 0) + 1
    if (count > this.limits.maxRepeats) throw new BodyLimitError('repeats', this.limits.maxRepeats)
    this.counts.set(name, count)
  }
}

/** Passes bytes through and errors with BodyLimitError('bytes') at the first byte past the limit. */
export class ByteCounter extends Transform {
  bytes = 0
  constructor(private readonly maxBytes: number) {
    super()
  }
  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    this.bytes += chunk.length
    if (this.bytes > this.maxBytes) callback(new BodyLimitError('bytes', this.maxBytes))
    else callback(null, chunk)
  }
}

/**
 * Reads a whole body within its limits. On a refusal it stops listening to the stream at once
 * (what was read so far is dropped): the caller answers and closes the connection.
 */
export function readLimitedBody(
  source: NodeJS.ReadableStream,
  limits: Pick<BodyLimits, 'maxBytes' | 'maxFields' | 'maxRepeats'>,
  urlencoded: boolean,
): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    let bytes = 0
    const counter = urlencoded ? new UrlencodedFieldCounter(limits) : null
    const stop = (error: Error | null, body?: Buffer) => {
      source.off('data', onData)
      source.off('end', onEnd)
      source.off('error', onError)
      if (error) {
        source.pause()
        chunks.length = 0
        reject(error)
      } else resolve(body!)
    }
    const onData = (chunk: Buffer) => {
      bytes += chunk.length
      try {
        if (bytes > limits.maxBytes) throw new BodyLimitError('bytes', limits.maxBytes)
        counter?.write(chunk)
      } catch (error) {
        return stop(error as Error)
      }
      chunks.push(chunk)
    }
    const onEnd = () => {
      try {
        counter?.end()
      } catch (error) {
        return stop(error as Error)
      }
      stop(null, Buffer.concat(chunks, bytes))
    }
    const onError = (error: Error) => stop(error)
    source.on('data', onData)
    source.on('end', onEnd)
    source.on('error', onError)
  })
}

function readLangCookie(header: string | undefined): Lang {
  for (const part of (header ?? '').split(';')) {
    const [key, value] = part.trim().split('=')
    if (key === 'lang' && isLang(value)) return value
  }
  return 'ja'
}

function formatBytes(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${Math.round(bytes / 1024 / 1024)} MB` : `${Math.round(bytes / 1024)} KB`
}

const escapeHtml = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!)

/**
 * The API's answer to a refused body, in its one error shape (app/modules/api/http.server.ts):
 * 413 PAYLOAD_TOO_LARGE, 415 UNSUPPORTED_MEDIA_TYPE (not JSON), in the language asked for.
 */
export function apiRefusalBody(error: BodyLimitError, acceptLanguage: string | undefined): string {
  const t = translator((acceptLanguage ?? '').trim().toLowerCase().startsWith('en') ? 'en' : 'ja')
  const [code, message] =
    error.reason === 'type'
      ? ['UNSUPPORTED_MEDIA_TYPE', t('api.error.unsupportedType')]
      : error.reason === 'bytes'
        ? ['PAYLOAD_TOO_LARGE', t('api.error.tooLarge', { limit: formatBytes(error.limit) })]
        : ['MALFORMED_JSON', t('api.error.malformedJson')]
  return JSON.stringify({ error: { code, message, field: 'body' } })
}

/** The 413 / 400 page: plain HTML in the person's language, with a way back. */
export function refusalPage(error: BodyLimitError, lang: Lang, backPath: string): string {
  const t = translator(lang)
  const title = t(error.status === 413 ? 'limits.tooLargeTitle' : 'limits.malformedTitle')
  const message =
    error.reason === 'type'
      ? t('limits.unsupportedType')
      : error.reason === 'bytes'
        ? t('limits.tooLarge', { limit: formatBytes(error.limit) })
        : error.reason === 'name'
          ? t('limits.badName')
          : t(error.reason === 'fields' ? 'limits.tooManyFields' : 'limits.tooManyRepeats', { limit: error.limit })
  return `<!DOCTYPE html>
<html lang="${lang}">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><meta name="robots" content="noindex"><link rel="icon" href="/favicon.svg" type="image/svg+xml"><title>${escapeHtml(title)} | ${escapeHtml(t('site.name'))}</title></head>
<body>
<main>
<h1>${escapeHtml(title)}</h1>
<p>${escapeHtml(message)}</p>
<p>${escapeHtml(t('limits.nothingSaved'))}</p>
<p><a href="${escapeHtml(safeRedirectPath(backPath))}">${escapeHtml(t('limits.back'))}</a></p>
</main>
</body>
</html>
`
}

/**
 * Answers a refused request and reads no more of it: the connection is closed after the answer.
 * The way back is the page's own path (without single fetch's `.data`), if it is this site's.
 */
export function refuse(req: IncomingMessage, res: ServerResponse, error: BodyLimitError, pathname = '/'): void {
  if (res.headersSent) {
    req.socket.destroy()
    return
  }
  const api = isApiPath(routePath(pathname))
  const back = pathname.replace(/\.data$/, '').replace(/^\/_root$/, '/')
  const body = api
    ? apiRefusalBody(error, req.headers['accept-language'])
    : refusalPage(error, readLangCookie(req.headers.cookie), back)
  res.statusCode = error.status
  res.setHeader('Content-Type', api ? 'application/json; charset=utf-8' : 'text/html; charset=utf-8')
  res.setHeader('Content-Length', Buffer.byteLength(body))
  res.setHeader('Cache-Control', 'no-store')
  res.setHeader('Connection', 'close')
  lingerThenClose(req)
  res.end(body)
}

/** What is read and dropped of a refused body after the answer, at most (and how long it is kept open). */
export const LINGER_BYTES = 1024 * 1024
export const LINGER_MS = 10_000

/**
 * After `Connection: close` Node destroys the socket as soon as the answer is written. A client
 * still sending would then get a reset, and a reset can make it drop the answer unread (a
 * browser shows "connection reset" instead of the page). So the connection is half-closed, what
 * keeps arriving is read and dropped (no memory kept) up to LINGER_BYTES, then no longer read at
 * all — the client's writes block instead of failing, so it reads the answer — and the connection
 * is closed after LINGER_MS.
 */
function lingerThenClose(req: IncomingMessage): void {
  const socket = req.socket
  if (lingering.has(socket)) return
  lingering.add(socket)
  let drained = 0
  const close = () => socket.destroy()
  socket.destroySoon = () => {
    socket.end()
    const timer = setTimeout(close, LINGER_MS)
    timer.unref()
    socket.once('close', () => clearTimeout(timer))
    // Counted on the socket: Node may already have set the request to drop its body unseen (it
    // does for a request nobody read), and then no 'data' comes from the request. Both are paused
    // at the end: a flowing request asks its socket for more.
    req.removeAllListeners('data')
    req.on('data', () => undefined)
    socket.on('data', (chunk: Buffer) => {
      drained += chunk.length
      if (drained <= LINGER_BYTES) return
      req.pause()
      socket.pause()
    })
    req.resume()
  }
}

const lingering = new WeakSet<IncomingMessage['socket']>()

/**
 * Express middleware, first of all: any answer whose headers go out before the request's body has
 * all arrived — the upload route's sign-in redirect or 403 (it answers before reading the file),
 * the cross-site 403, a 500 from a middleware, the 413 — closes the connection as the 413 does
 * (`Connection: close`, then `lingerThenClose()`), so a client still sending reads the answer
 * instead of a reset. Without it, Node kept such a connection open and read the whole body, however
 * large; on the upload route the counter read up to the upload limit and then destroyed the
 * socket with bytes unread, and the reset made a client still writing lose the answer
 * (docs/decisions/0019-request-limits.md). One place, on `writeHead` (which every answer goes
 * through, `res.end()` included), so no route or middleware has to remember it.
 */
export function closeGentlyOnEarlyAnswer() {
  return (req: IncomingMessage, res: ServerResponse, next: () => void) => {
    if (!hasBody(req)) return next()
    const writeHead = res.writeHead
    res.writeHead = function (this: ServerResponse, ...args: Parameters<ServerResponse['writeHead']>) {
      if (!req.complete && !this.headersSent) {
        this.setHeader('Connection', 'close')
        lingerThenClose(req)
      }
      return writeHead.apply(this, args)
    } as ServerResponse['writeHead']
    next()
  }
}

export type LimitedBody = { stream: NodeJS.ReadableStream }

/** A body follows the headers (RFC 9112 §6.3): chunked, or a Content-Length above 0. */
function hasBody(req: IncomingMessage): boolean {
  return req.headers['transfer-encoding'] !== undefined || Number(req.headers['content-length'] ?? 0) !== 0
}

/**
 * The URL Remix will be given. server.ts computes it once (`remixUrl()` in remix-express.server.ts)
 * into `res.locals.url` before this middleware, and the Remix handler uses that same value;
 * without it (tests), the same parse of the request target.
 */
function urlOf(req: IncomingMessage & { originalUrl?: string }, res: { locals: Record<string, unknown> }): URL {
  const url = res.locals.url
  if (url instanceof URL) return url
  // Appended to an origin as remixUrl() does, not resolved against one: `/\\evil.example/x`
  // resolved would be another host's `/x`, appended it is the path `//evil.example/x`.
  try {
    return new URL(`http://x${req.originalUrl ?? req.url ?? '/'}`)
  } catch {
    return new URL('http://x/')
  }
}

/**
 * Express middleware: refuses a body over its route's limits or of a type no route of ours reads,
 * and otherwise leaves in `res.locals.body` the stream Remix is to read (a buffer already read,
 * or the counted stream). Requests without a body (GET, HEAD) pass untouched. The route is told
 * from the pathname of the URL Remix is given (see `routePath()`), never from Express's `req.path`.
 */
export function bodyLimits(config: BodyLimitConfig = DEFAULT_BODY_LIMITS) {
  return (
    req: IncomingMessage & { originalUrl?: string },
    res: ServerResponse & { locals: Record<string, unknown> },
    next: (error?: unknown) => void,
  ) => {
    if (req.method === 'GET' || req.method === 'HEAD') return next()
    const pathname = urlOf(req, res).pathname
    const contentType = req.headers['content-type']
    const bodyFollows = hasBody(req)
    const wrongType = contentTypeRefusal(pathname, contentType, bodyFollows)
    if (wrongType) return refuse(req, res, wrongType, pathname)
    if (!bodyFollows && !contentType) {
      // A bare POST (a sign-out button posted by a script, a DELETE): an empty form, so a route
      // that reads its form sees no fields and answers as to any incomplete form.
      req.headers['content-type'] = 'application/x-www-form-urlencoded'
    }
    const limits = limitsFor(pathname, contentType, config)
    // An upload read as it arrives must not wait for a turn while it holds one (admission.server.ts).
    res.locals.streamedUpload = limits.stream
    if (limits.stream) {
      // Not refused here even when Content-Length says it is too large: the route answers that
      // on its own page (a person chose that file), after checking access, at the first byte
      // past the limit.
      const counted = new ByteCounter(limits.maxBytes)
      counted.on('error', () => {
        // Nothing more is read. The route sees the error where it reads the form and answers
        // (the import page says how large a file may be); the connection closes after that.
        req.unpipe(counted)
        req.pause()
        if (res.writableEnded) req.socket.destroy()
        else if (!res.headersSent) {
          res.setHeader('Connection', 'close')
          lingerThenClose(req)
        }
      })
      res.on('finish', () => {
        // What the route did not read is counted and dropped, up to the limit, then closed.
        if (req.complete) return
        counted.removeAllListeners('data') // the route's reader: nobody reads it any more
        counted.resume()
      })
      req.pipe(counted)
      res.locals.body = counted
      return next()
    }

    const declared = Number(req.headers['content-length'])
    if (Number.isFinite(declared) && declared > limits.maxBytes)
      return refuse(req, res, new BodyLimitError('bytes', limits.maxBytes), pathname)
    readLimitedBody(req, limits, !isApiPath(routePath(pathname))).then(
      (buffer) => {
        const body = new PassThrough()
        body.end(buffer)
        res.locals.body = body
        next()
      },
      (error: unknown) => (isBodyLimitError(error) ? refuse(req, res, error, pathname) : next(error)),
    )
  }
}

/**
 * The form of a route that takes a file: multipart parsed part by part (Remix's parser, at most
 * `maxParts` parts, `maxRepeats` of one name, each part at most the upload limit), anything else
 * as usual. Over a limit it throws BodyLimitError, whether the stream counter or the parts said so.
 */
export async function readUploadForm(
  request: Request,
  options: { maxParts?: number; maxRepeats?: number; maxPartBytes?: number } = {},
): Promise<FormData> {
  const maxPartBytes = options.maxPartBytes ?? bodyLimitConfig().uploadBytes
  const { maxParts = 100, maxRepeats = 10 } = options
  if (!/^multipart\/form-data\b/i.test(request.headers.get('Content-Type') ?? '')) return request.formData()
  const memory = unstable_createMemoryUploadHandler({ maxPartSize: maxPartBytes })
  let parts = 0
  const counts = new Map<string, number>()
  const handler: UploadHandler = (part) => {
    if (++parts > maxParts) throw new BodyLimitError('fields', maxParts)
    const count = (counts.get(part.name) ?? 0) + 1
    if (count > maxRepeats) throw new BodyLimitError('repeats', maxRepeats)
    counts.set(part.name, count)
    return memory(part)
  }
  try {
    return await unstable_parseMultipartFormData(request, handler)
  } catch (error) {
    if (error instanceof MaxPartSizeExceededError) throw new BodyLimitError('bytes', maxPartBytes)
    // The stream counter's error may come back wrapped by the parser or the web stream.
    const cause = error instanceof Error ? error.cause : undefined
    if (isBodyLimitError(cause)) throw cause
    throw error
  }
}

/** How a limit reads in a message: "10 MB", "64 KB". */
export { formatBytes }
