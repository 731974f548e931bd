import type { ServerBuild } from '@remix-run/node'
import { loggablePath } from '~/modules/audit/security-log.server'
import { databaseUnavailable, RETRY_AFTER_SECONDS, type DatabaseUnavailable } from './database-errors'
import { rememberDatabaseOutage } from './database-health.server'
import { isAppError, type AppError } from './errors'
import { translator } from './i18n.server'
import { getLang } from './request.server'
import { currentRequestMeta } from './request-context.server'

/**
 * How a request's failure reaches the log and the person: a database outage is a 503 with
 * Retry-After, any other unexpected error a 500 logged once with the request's id, method and
 * path (docs/decisions/0024-database-faults.md).
 */

function requestFields() {
  const meta = currentRequestMeta()
  return { requestId: meta?.requestId ?? null, method: meta?.method ?? null, path: loggablePath(meta?.path) }
}

function errorText(error: unknown): string {
  return error instanceof Error ? (error.stack ?? `${error.name}: ${error.message}`) : String(error)
}

/** One stderr line (JSON) for an unexpected error of the request being served. */
export function logRequestError(error: unknown): void {
  console.error(
    JSON.stringify({ level: 'error', event: 'request.failed', ...requestFields(), error: errorText(error) }),
  )
}

/**
 * A request answered 503 because the database was unavailable: one stderr line (JSON), and
 * /healthz is told (it checks that writes work again).
 */
export function reportDatabaseUnavailable(state: DatabaseUnavailable, error: unknown): void {
  rememberDatabaseOutage(state)
  const message = error instanceof Error ? error.message.trim().split('\n').pop() : String(error)
  console.warn(
    JSON.stringify({
      level: 'warn',
      event: 'database.unavailable',
      ...requestFields(),
      detail: state.detail,
      error: message,
    }),
  )
}

/** The plain-text answer of a database outage, both languages. */
export function databaseUnavailableText(): string {
  return `${translator('ja')('dbfaults.unavailable')}\n${translator('en')('dbfaults.unavailable')}\n`
}

/** The short answer of a database outage (a page renders its own from the 503: app/root.tsx). */
export function databaseUnavailableResponse(): Response {
  return new Response(databaseUnavailableText(), {
    status: 503,
    headers: {
      'Content-Type': 'text/plain; charset=utf-8',
      'Retry-After': String(RETRY_AFTER_SECONDS),
      'Cache-Control': 'no-store',
    },
  })
}

type DataFunction = (...args: never[]) => unknown

/**
 * The answer of an application error that escaped a loader or action: its status, and its message
 * as plain text in the person's language (what a resource route shows as it is; a page's
 * ErrorBoundary renders its own from the status: app/root.tsx).
 */
export function appErrorResponse(error: AppError, request: Request | undefined): Response {
  const t = translator(request ? getLang(request) : 'ja')
  return new Response(`${t(error.messageKey)}\n`, {
    status: error.status,
    headers: { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' },
  })
}

function answeringErrors<F extends DataFunction>(fn: F | undefined): F | undefined {
  if (!fn) return fn
  return (async (...args: Parameters<F>) => {
    try {
      return await fn(...args)
    } catch (error) {
      if (isAppError(error)) throw appErrorResponse(error, (args[0] as { request?: Request } | undefined)?.request)
      const state = databaseUnavailable(error)
      if (!state) throw error
      reportDatabaseUnavailable(state, error)
      // Thrown, a Response is what a resource route (.ics, .csv) answers as it is, and what a
      // page's ErrorBoundary receives as a 503 route error (app/root.tsx).
      throw databaseUnavailableResponse()
    }
  }) as F
}

/**
 * The build with every route's loader and action answering an application error (AppError) with
 * its status and message, and a database outage with 503: the one place where an error that
 * escaped a route becomes a response, so no route needs its own try/catch.
 */
export function answeringRouteErrors(build: ServerBuild): ServerBuild {
  const routes: ServerBuild['routes'] = {}
  for (const [id, route] of Object.entries(build.routes)) {
    routes[id] = {
      ...route,
      module: {
        ...route.module,
        loader: answeringErrors(route.module.loader),
        action: answeringErrors(route.module.action),
      },
    }
  }
  return { ...build, routes }
}
