import crypto from 'node:crypto'
import type { AppLoadContext } from '@remix-run/node'
import type { z } from 'zod'
import { db as appDb, type Db } from '~/utils/db.server'
import { currentTime } from '~/utils/clock.server'
import { databaseUnavailable, RETRY_AFTER_SECONDS } from '~/utils/database-errors'
import { isAppError, isUniqueViolation } from '~/utils/errors'
import type { Lang, MessageKey, Vars } from '~/utils/i18n'
import { translator } from '~/utils/i18n.server'
import { logRequestError, reportDatabaseUnavailable } from '~/utils/request-errors.server'
import { clientAddress } from '~/utils/request.server'
import { recordSecurityEvent } from '../audit/security-log.server'
import { identitySecret } from '../privacy/identity.server'
import { hit, limitApiRefusal } from '../security/rate-limit.server'
import type { ApiScope } from './scopes'
import { authenticateApiToken, type ApiCaller } from './tokens.server'

/*
 * The one front door of /api/v1 (docs/decisions/0055-api.md): every endpoint is a `handle`
 * function given to apiRoute(), which authenticates the bearer token (401), counts the call against
 * the token's rate limit (429 with Retry-After), checks the endpoint's scope (403), replays a call
 * sent again with the same Idempotency-Key, answers every refusal in one JSON shape
 * `{ "error": { "code", "message", "field"? } }`, and records every authenticated call in the
 * audit trail. Nothing here reads a cookie: API calls need neither a session nor a form's origin.
 */

export type ApiAnswer = {
  status: number
  body: unknown
  headers?: Record<string, string>
  /**
   * What an Idempotency-Key keeps of this answer instead of its body, when the body holds personal
   * data: the endpoint's `replay` makes the body again from it, as the data stands then (a person
   * removed since is not given back from a stored copy).
   */
  kept?: unknown
}

export type ApiContext = {
  db: Db
  request: Request
  params: Record<string, string | undefined>
  caller: ApiCaller
  /** The JSON body of a POST ({} when empty); undefined for a GET. */
  body: unknown
  now: Date
  lang: Lang
}

export type Endpoint = {
  scope: ApiScope
  /** 'required': the call must carry an Idempotency-Key (recording attendance). */
  idempotency?: 'required' | 'optional'
  handle: (ctx: ApiContext) => Promise<ApiAnswer>
  /** The body of a replayed answer, from what the first answer kept (`ApiAnswer.kept`). */
  replay?: (ctx: ApiContext, kept: unknown) => Promise<unknown>
}

/** A refusal of the API, answered as `{ error: { code, message, field? } }`. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly messageKey: MessageKey,
    readonly vars: Vars = {},
    readonly field?: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(code)
    this.name = 'ApiError'
  }
}

export const invalidField = (field: string) =>
  new ApiError(400, 'INVALID_FIELD', 'api.error.invalidField', { field }, field)
export const apiNotFound = () => new ApiError(404, 'NOT_FOUND', 'api.error.notFound')

/** English when the client asks for it first (Accept-Language), Japanese otherwise, as the site. */
export function apiLang(request: Request): Lang {
  const first = (request.headers.get('Accept-Language') ?? '').split(',')[0]?.trim().toLowerCase() ?? ''
  return first.startsWith('en') ? 'en' : 'ja'
}

export function apiJson(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store', ...headers },
  })
}

/** The error body of the API, in one shape. */
export function errorBody(code: string, message: string, field?: string) {
  return { error: { code, message, ...(field ? { field } : {}) } }
}

function errorAnswer(error: ApiError, lang: Lang): ApiAnswer {
  const message = translator(lang)(error.messageKey, error.vars)
  return { status: error.status, body: errorBody(error.code, message, error.field), headers: error.headers }
}

/** What an error thrown by a handler answers: refusals of the API and of the modules, an outage, or 500. */
function answerOf(error: unknown, lang: Lang): ApiAnswer {
  if (error instanceof ApiError) return errorAnswer(error, lang)
  if (isAppError(error)) {
    const message = translator(lang)(error.messageKey)
    return { status: error.status, body: errorBody(error.code, message) }
  }
  const outage = databaseUnavailable(error)
  if (outage) {
    reportDatabaseUnavailable(outage, error)
    return {
      status: 503,
      body: errorBody('UNAVAILABLE', translator(lang)('api.error.unavailable')),
      headers: { 'Retry-After': String(RETRY_AFTER_SECONDS) },
    }
  }
  logRequestError(error)
  return { status: 500, body: errorBody('INTERNAL', translator(lang)('api.error.internal')) }
}

/** A query string or body read with a Zod schema; the first wrong field is named (400). */
export function parseWith<S extends z.ZodTypeAny>(schema: S, value: unknown): z.output<S> {
  const result = schema.safeParse(value)
  if (result.success) return result.data as z.output<S>
  const issue = result.error.issues[0]
  throw invalidField(issue?.path.length ? issue.path.join('.') : 'body')
}

/** The query string as an object of its first values. */
export function queryOf(request: Request): Record<string, string> {
  return Object.fromEntries(new URL(request.url).searchParams)
}

// Cursors: opaque, bound to their list and its filters, signed so a client can neither forge nor
// alter one (a changed cursor would otherwise skip or repeat rows silently).

function cursorKey(secret = identitySecret()): Buffer {
  return crypto.createHmac('sha256', secret).update('api-cursor:v1').digest()
}

function cursorSignature(payload: string): string {
  return crypto.createHmac('sha256', cursorKey()).update(payload).digest('base64url')
}

/** The cursor of the page after the row `lastId`, for the list `list` (endpoint and filters). */
export function encodeCursor(list: string, lastId: string): string {
  const payload = Buffer.from(JSON.stringify({ l: list, i: lastId })).toString('base64url')
  return `${payload}.${cursorSignature(payload)}`
}

/** The row a cursor continues after; null without one; 400 INVALID_CURSOR for anything altered. */
export function decodeCursor(list: string, cursor: string | undefined): string | null {
  if (cursor === undefined || cursor === '') return null
  const refused = new ApiError(400, 'INVALID_CURSOR', 'api.error.invalidCursor', {}, 'cursor')
  const [payload, signature, extra] = cursor.split('.')
  if (!payload || !signature || extra !== undefined) throw refused
  const expected = Buffer.from(cursorSignature(payload))
  const given = Buffer.from(signature)
  if (given.length !== expected.length || !crypto.timingSafeEqual(given, expected)) throw refused
  try {
    const value = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as { l?: unknown; i?: unknown }
    if (value.l !== list || typeof value.i !== 'string') throw refused
    return value.i
  } catch {
    throw refused
  }
}

/** The page size of a list: `limit`, 1–100, 50 by default. */
export const PAGE_SIZE = { default: 50, max: 100 }

/** The programs a token may see, as a Prisma condition on `programId` (none: every program). */
export function programFilter(caller: ApiCaller): { programId?: { in: string[] } } {
  return caller.programIds ? { programId: { in: caller.programIds } } : {}
}

export function mayProgram(caller: ApiCaller, programId: string): boolean {
  return !caller.programIds || caller.programIds.includes(programId)
}

const IDEMPOTENCY_KEY = /^[\x21-\x7e]{1,200}$/

/**
 * Runs a call at most once per Idempotency-Key and token: the first call's answer is stored and
 * replayed to the same call sent again (with `Idempotency-Replayed: true`); the key with another
 * call (method, path or body) is refused (422), and while the first call runs, a second gets 409.
 * A call refused (4xx, 5xx) spends no key: it may be sent again.
 */
export async function onceByKey(
  ctx: ApiContext,
  key: string,
  bodyText: string,
  run: () => Promise<ApiAnswer>,
  replay?: Endpoint['replay'],
) {
  const url = new URL(ctx.request.url)
  const requestHash = crypto
    .createHash('sha256')
    .update(`${ctx.request.method} ${url.pathname}\n${bodyText}`)
    .digest('hex')
  const id = { tokenId_key: { tokenId: ctx.caller.tokenId, key } }
  try {
    await ctx.db.apiIdempotencyKey.create({
      data: { tokenId: ctx.caller.tokenId, key, requestHash, createdAt: ctx.now },
    })
  } catch (error) {
    if (!isUniqueViolation(error)) throw error
    const stored = await ctx.db.apiIdempotencyKey.findUnique({ where: id })
    if (!stored) throw new ApiError(409, 'IDEMPOTENCY_IN_PROGRESS', 'api.error.idempotencyInProgress')
    if (stored.requestHash !== requestHash)
      throw new ApiError(422, 'IDEMPOTENCY_KEY_REUSED', 'api.error.idempotencyReused', {}, 'Idempotency-Key')
    if (stored.status === 0) throw new ApiError(409, 'IDEMPOTENCY_IN_PROGRESS', 'api.error.idempotencyInProgress')
    const kept = JSON.parse(stored.body) as unknown
    return {
      status: stored.status,
      body: replay ? await replay(ctx, kept) : kept,
      headers: { 'Idempotency-Replayed': 'true' },
    }
  }
  let answer: ApiAnswer
  try {
    answer = await run()
  } catch (error) {
    await ctx.db.apiIdempotencyKey.deleteMany({ where: { tokenId: ctx.caller.tokenId, key } })
    throw error
  }
  await ctx.db.apiIdempotencyKey.update({
    where: id,
    data: { status: answer.status, body: JSON.stringify(replay ? answer.kept : answer.body) },
  })
  return answer
}

/** The body of a POST as JSON: {} when empty, 400 MALFORMED_JSON when not JSON or not an object. */
function parseBody(text: string): unknown {
  if (text.trim() === '') return {}
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch {
    throw new ApiError(400, 'MALFORMED_JSON', 'api.error.malformedJson', {}, 'body')
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw new ApiError(400, 'MALFORMED_JSON', 'api.error.malformedJson', {}, 'body')
  return value
}

type RouteArgs = { request: Request; params: Record<string, string | undefined>; context?: AppLoadContext }

/** One authenticated call, answered as JSON; recorded in the audit trail once the caller is known. */
async function serve({ request, params, context }: RouteArgs, endpoint: Endpoint | undefined): Promise<Response> {
  const lang = apiLang(request)
  const db = appDb()
  const now = currentTime()
  let caller: ApiCaller | null = null
  let answer: ApiAnswer
  try {
    const auth = await authenticateApiToken(db, request.headers.get('Authorization'), now)
    if ('refused' in auth) {
      // Refusals are counted per address; past the limit they are answered 429 and not logged.
      const flood = await limitApiRefusal(db, { address: clientAddress(request, context), now })
      if (flood)
        throw new ApiError(
          429,
          'RATE_LIMITED',
          'api.error.rateLimited',
          { count: flood.retryAfterSeconds },
          undefined,
          {
            'Retry-After': String(flood.retryAfterSeconds),
          },
        )
      await recordSecurityEvent(db, {
        type: 'access.refused',
        outcome: 'refused',
        detail: { reason: 'api-token', refused: auth.refused },
        now,
      })
      throw new ApiError(401, 'UNAUTHORIZED', 'api.error.unauthorized', {}, undefined, {
        'WWW-Authenticate': 'Bearer realm="jisseki"',
      })
    }
    caller = auth.caller
    const limit = await hit(db, `api:token:${caller.tokenId}`, { limit: caller.perMinute, windowMs: 60_000, now })
    if (!limit.allowed)
      throw new ApiError(429, 'RATE_LIMITED', 'api.error.rateLimited', { count: limit.retryAfterSeconds }, undefined, {
        'Retry-After': String(limit.retryAfterSeconds),
      })
    if (!endpoint) throw new ApiError(405, 'METHOD_NOT_ALLOWED', 'api.error.methodNotAllowed')
    if (!caller.scopes.includes(endpoint.scope))
      throw new ApiError(403, 'FORBIDDEN', 'api.error.forbidden', { scope: endpoint.scope })
    const reads = request.method === 'GET' || request.method === 'HEAD'
    const bodyText = reads ? '' : await request.text()
    const ctx: ApiContext = { db, request, params, caller, body: reads ? undefined : parseBody(bodyText), now, lang }
    const key = request.headers.get('Idempotency-Key')
    if (key !== null && !IDEMPOTENCY_KEY.test(key)) throw invalidField('Idempotency-Key')
    if (key === null && endpoint.idempotency === 'required')
      throw new ApiError(400, 'IDEMPOTENCY_KEY_REQUIRED', 'api.error.idempotencyRequired', {}, 'Idempotency-Key')
    answer =
      key !== null && endpoint.idempotency && !reads
        ? await onceByKey(ctx, key, bodyText, () => endpoint.handle(ctx), endpoint.replay)
        : await endpoint.handle(ctx)
  } catch (error) {
    answer = answerOf(error, lang)
  }
  if (caller) await recordCall(db, caller, request, answer.status, now)
  return apiJson(answer.status, answer.body, answer.headers)
}

/** Every authenticated call: one audit event (who, which token, what, the answer's status) and the token's last use. */
async function recordCall(db: Db, caller: ApiCaller, request: Request, status: number, now: Date) {
  const url = new URL(request.url)
  try {
    await db.$transaction([
      db.auditEvent.create({
        data: {
          actorId: caller.userId,
          action: 'api.call',
          entityType: 'ApiToken',
          entityId: caller.tokenId,
          detail: JSON.stringify({
            token: caller.name,
            method: request.method,
            path: url.pathname.slice(0, 200),
            status,
          }),
          at: now,
        },
      }),
      db.apiToken.update({ where: { id: caller.tokenId }, data: { lastUsedAt: now } }),
    ])
  } catch (error) {
    // The answer stands (it may have changed data already); the failure to record it is logged.
    logRequestError(error)
  }
}

/**
 * The loader and action of an API route: GET goes to `GET`, any other method to `POST` (405 in
 * JSON when the route has none), each through serve().
 */
export function apiRoute(endpoints: { GET?: Endpoint; POST?: Endpoint }) {
  return {
    loader: (args: RouteArgs) => serve(args, endpoints.GET),
    action: (args: RouteArgs) => serve(args, args.request.method === 'POST' ? endpoints.POST : undefined),
  }
}

/** An address under /api that no endpoint has: 404 in the API's shape, for any method, token or not. */
export function unknownApiAddress({ request }: { request: Request }): Response {
  return apiJson(404, errorBody('NOT_FOUND', translator(apiLang(request))('api.error.notFound')))
}
