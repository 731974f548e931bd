/**
 * Express → Remix, as @remix-run/express 2.17 does it (dist/server.js), with one difference: the
 * body Remix reads is the one `bodyLimits()` left in `res.locals.body` (already read within its
 * limits, or counted as it streams), never the raw request stream
 * (docs/decisions/0019-request-limits.md).
 */
import type { Request as ExpressRequest, Response as ExpressResponse, NextFunction } from 'express'
import {
  createReadableStreamFromReadable,
  createRequestHandler as createRemixHandler,
  writeReadableStreamToWritable,
  type AppLoadContext,
  type ServerBuild,
} from '@remix-run/node'
import type { AdmissionQueue } from './admission.server'
import { isApiPath, routePath } from './body-limits.server'
import { RETRY_AFTER_SECONDS } from './database-errors'

function remixHeaders(req: ExpressRequest): Headers {
  const headers = new Headers()
  for (const [key, values] of Object.entries(req.headers)) {
    if (!values) continue
    if (Array.isArray(values)) for (const value of values) headers.append(key, value)
    else headers.set(key, values)
  }
  return headers
}

/**
 * The URL Remix is given, built as @remix-run/express builds it. The URL parser normalizes the
 * path (`/console/%2e%2e/seminars/x` is `/seminars/x`), so server.ts computes this once per
 * request into `res.locals.url`, and both `bodyLimits()` and the Remix handler use that one value:
 * the limits are chosen for the route that runs (docs/decisions/0019-request-limits.md).
 */
export function remixUrl(req: ExpressRequest): URL {
  const [, forwardedPort] = req.get('X-Forwarded-Host')?.split(':') ?? []
  const [, hostPort] = req.get('host')?.split(':') ?? []
  const port = [Number.parseInt(forwardedPort, 10), Number.parseInt(hostPort, 10)].find(Number.isSafeInteger) ?? ''
  return new URL(`${req.protocol}://${req.hostname}${port ? `:${port}` : ''}${req.originalUrl}`)
}

function remixRequest(req: ExpressRequest, res: ExpressResponse): Request {
  const url = res.locals.url instanceof URL ? res.locals.url : remixUrl(req)
  let controller: AbortController | null = new AbortController()
  const init: RequestInit & { duplex?: 'half' } = {
    method: req.method,
    headers: remixHeaders(req),
    signal: controller.signal,
  }
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    const body = res.locals.body as NodeJS.ReadableStream | undefined
    if (!body) throw new Error('bodyLimits() must run before the Remix handler')
    init.body = createReadableStreamFromReadable(body as import('node:stream').Readable)
    init.duplex = 'half'
  }
  // Abort loaders and actions once no response can be written (closed without finishing).
  res.on('finish', () => (controller = null))
  res.on('close', () => controller?.abort())
  return new Request(url.href, init)
}

async function sendRemixResponse(res: ExpressResponse, response: Response): Promise<void> {
  // The request was refused by bodyLimits() while the route ran: that answer stands.
  if (res.headersSent) {
    await response.body?.cancel().catch(() => undefined)
    return
  }
  res.statusMessage = response.statusText
  res.status(response.status)
  for (const [key, value] of response.headers.entries()) res.append(key, value)
  if (response.headers.get('Content-Type')?.match(/text\/event-stream/i)) res.flushHeaders()
  if (response.body) await writeReadableStreamToWritable(response.body, res)
  else res.end()
}

/** The answer when the admission queue is full: try again shortly, in both languages. */
function answerBusy(req: ExpressRequest, res: ExpressResponse) {
  res.status(503).set({ 'Retry-After': String(RETRY_AFTER_SECONDS), 'Cache-Control': 'no-store' })
  const ja = 'たいへん混み合っています。しばらくしてからもう一度お試しください。'
  const en = 'The site is very busy. Please try again in a moment.'
  // The JSON API answers in its one error shape (docs/decisions/0055-api.md).
  if (isApiPath(routePath(req.path)))
    res.type('application/json').send(JSON.stringify({ error: { code: 'BUSY', message: `${ja} / ${en}` } }))
  else res.type('text/plain').send(`${ja}\n${en}`)
}

export function createRequestHandler({
  build,
  mode,
  getLoadContext,
  admission,
  admitsAtOnce = () => false,
}: {
  build: ServerBuild | (() => Promise<ServerBuild>)
  mode: string
  getLoadContext: (req: ExpressRequest, res: ExpressResponse) => AppLoadContext
  /** Requests wait their turn here (admission.server.ts); none given, every request runs at once. */
  admission?: AdmissionQueue
  /** Requests that skip the queue (the health check: a load balancer must hear from a busy app). */
  admitsAtOnce?: (req: ExpressRequest, res: ExpressResponse) => boolean
}) {
  const handleRequest = createRemixHandler(build, mode)
  return async (req: ExpressRequest, res: ExpressResponse, next: NextFunction) => {
    let release: (() => void) | null = null
    try {
      const request = remixRequest(req, res)
      if (admission && !admitsAtOnce(req, res)) {
        release = await admission.enter(request.signal)
        if (!release) {
          // Gone while waiting: nobody to answer. Otherwise the queue is full.
          if (!request.signal.aborted) answerBusy(req, res)
          return
        }
      }
      const response = await handleRequest(request, getLoadContext(req, res))
      // The loaders and actions are done and the page's shell is rendered: the next request may
      // start while this answer streams to its client (a slow client holds no turn).
      release?.()
      await sendRemixResponse(res, response)
    } catch (error) {
      next(error)
    } finally {
      release?.()
    }
  }
}
