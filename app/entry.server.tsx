import type { AppLoadContext, EntryContext, HandleErrorFunction } from '@remix-run/node'
import { isRouteErrorResponse, RemixServer } from '@remix-run/react'
import { isbot } from 'isbot'
import { recordSecurityEvent } from '~/modules/audit/security-log.server'
import { seedDemoIfEmpty } from '~/modules/demo/seed.server'
import { freezeUnfrozenClosedYears } from '~/modules/indicators/year-close.server'
import { startBackgroundJobs } from '~/modules/background/jobs.server'
import { transportFor } from '~/modules/mail/transport.server'
import { backfillIdentityHashes } from '~/modules/privacy/identity.server'
import { db } from '~/utils/db.server'
import { NonceProvider } from '~/utils/nonce'
import { ABORT_DELAY_MS, renderHtml } from '~/utils/render-html.server'
import {
  answeringRouteErrors,
  databaseUnavailableText,
  reportDatabaseUnavailable,
  logRequestError,
} from '~/utils/request-errors.server'
import { databaseUnavailable, RETRY_AFTER_SECONDS } from '~/utils/database-errors'

/**
 * What server.ts needs from the app besides handling requests. Taken from the build, so the
 * process has one database client and one copy of the app's modules, not a second bundle's.
 */
export const services = {
  db,
  seedDemoIfEmpty,
  freezeUnfrozenClosedYears,
  startBackgroundJobs,
  transportFor,
  backfillIdentityHashes,
  recordSecurityEvent,
  answeringRouteErrors,
  databaseUnavailable,
  databaseUnavailableText,
  reportDatabaseUnavailable,
  logRequestError,
}

/**
 * Every unexpected error of a loader, an action or a render, logged once with the request's id,
 * method and path (app/utils/request-errors.server.ts). A request the client abandoned is not an error.
 */
export const handleError: HandleErrorFunction = (error, { request }) => {
  // A 404 or 405 (an unknown URL, a POST where no form is) is an answer, not a failure: not logged.
  if (isRouteErrorResponse(error) && error.status < 500) return
  if (!request.signal.aborted) logRequestError(error)
}

/**
 * Renders a page. Browsers get the shell as soon as it is ready and the rest streamed; crawlers
 * get the whole page at once.
 */
export default function handleRequest(
  request: Request,
  responseStatusCode: number,
  responseHeaders: Headers,
  remixContext: EntryContext,
  loadContext: AppLoadContext,
) {
  // The nonce of this response's Content-Security-Policy (server.ts): Remix's inline scripts carry it.
  const nonce = typeof loadContext.cspNonce === 'string' ? loadContext.cspNonce : undefined
  // A database outage (a 503 route error): ask the client to come back shortly.
  if (responseStatusCode === 503) responseHeaders.set('Retry-After', String(RETRY_AFTER_SECONDS))
  const waitForAll = isbot(request.headers.get('user-agent') ?? '') || remixContext.isSpaMode
  return renderHtml(
    <NonceProvider value={nonce}>
      <RemixServer context={remixContext} url={request.url} abortDelay={ABORT_DELAY_MS} nonce={nonce} />
    </NonceProvider>,
    { status: responseStatusCode, headers: responseHeaders, waitForAll, nonce, logError: logRequestError },
  )
}
