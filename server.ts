/**
 * Starts Jisseki: validates the environment, applies migrations, seeds the demo on an empty
 * database (unless DEMO_DATA=false), starts the background jobs (mail among them), then serves the Remix app.
 *   npm start      production build on http://localhost:3000 (this file compiled to build/server.mjs)
 *   npm run dev    the same with Vite's hot reload
 */
import cluster from 'node:cluster'
import path from 'node:path'
import type { ServerBuild } from '@remix-run/node'
import express from 'express'
import type { services as AppServices } from '~/entry.server'
import { resolveIdentitySecret } from '~/modules/privacy/identity.server'
import { bodyLimitConfig, bodyLimits, closeGentlyOnEarlyAnswer, routePath } from '~/utils/body-limits.server'
import { configurationWarnings, env, proxyHops } from '~/utils/env.server'
import { migrate } from '~/utils/migrate.server'
import { requestIdFor, runWithRequestMeta } from '~/utils/request-context.server'
import { isCrossSiteRequest } from '~/utils/origin'
import { createRequestHandler, remixUrl } from '~/utils/remix-express.server'
import { admissionQueue } from '~/utils/admission.server'
import { RETRY_AFTER_SECONDS } from '~/utils/database-errors'
import { newCspNonce, securityHeaders } from '~/utils/security-headers'

const dev = process.argv.includes('--dev')

/** How long a stopping server lets its requests in flight finish before it exits anyway. */
const SHUTDOWN_GRACE_MS = 8_000

/** The app's own services (database client, demo seed, mail) come from its build: one copy of each. */
function servicesOf(build: ServerBuild) {
  return (build.entry.module as unknown as { services: typeof AppServices }).services
}

async function main() {
  const config = env()
  for (const warning of configurationWarnings(config)) console.warn(`Warning: ${warning}`)
  // Without its identity secret the app must not take a registration (docs/decisions/0014).
  resolveIdentitySecret(config)
  // In a cluster (WEB_CONCURRENCY > 1) the first process has migrated and seeded before the others start.
  const startedBefore = cluster.isWorker && process.env.JISSEKI_STARTUP_DONE === '1'
  if (!startedBefore) {
    const applied = await migrate(config.DATABASE_URL)
    if (applied.length) console.log(`Applied migrations: ${applied.join(', ')}`)
  }

  const app = express()
  app.disable('x-powered-by')
  // An answer given before its request's body has arrived closes the connection without a reset
  // (docs/decisions/0019): first, so it covers every answer, the cross-site 403 included.
  app.use(closeGentlyOnEarlyAnswer())
  const https = new URL(config.APP_URL).protocol === 'https:'
  // Every request gets an id (X-Request-Id; a trusted proxy's own only under TRUST_PROXY) and runs
  // with it, so the security log's lines carry it (docs/decisions/0023-security-log.md).
  const trustProxy = proxyHops(config.TRUST_PROXY) > 0
  app.use((req, res, next) => {
    const requestId = requestIdFor(req.headers['x-request-id'], trustProxy)
    res.locals.requestId = requestId
    res.setHeader('X-Request-Id', requestId)
    const forwardedFor = req.headers['x-forwarded-for']
    runWithRequestMeta(
      {
        requestId,
        socketAddress: req.socket.remoteAddress,
        forwardedFor: Array.isArray(forwardedFor) ? forwardedFor.join(', ') : forwardedFor,
        method: req.method,
        path: req.path,
      },
      next,
    )
  })
  // Once stopping (SIGTERM), a keep-alive connection is closed after its response.
  let stopping = false
  // A request already running at SIGTERM answers with keep-alive: its connection, idle once the
  // answer is out, is closed then, or server.close() would wait for the proxy's 65 s.
  app.use((_req, res, next) => {
    if (stopping) res.setHeader('Connection', 'close')
    res.once('finish', () => {
      if (stopping) setImmediate(() => server.closeIdleConnections())
    })
    next()
  })
  // The URL Remix will be given, computed once: the API's exemption from the cross-site check and
  // the body limits are chosen on its (normalized) path, and the Remix handler uses this same value.
  app.use((req, res, next) => {
    try {
      res.locals.url = remixUrl(req)
    } catch {
      // A Host the URL parser refuses: static files are still served; Remix's handler fails on it
      // as before, and bodyLimits() reads the path alone the same way.
    }
    next()
  })
  app.use(async (req, res, next) => {
    res.locals.cspNonce = newCspNonce()
    for (const [name, value] of Object.entries(securityHeaders({ nonce: res.locals.cspNonce, https, dev })))
      res.setHeader(name, value)
    // The JSON API authenticates with a bearer token, never a cookie a browser sends by itself:
    // another site's request carries nothing to act with (docs/decisions/0055-api.md).
    if (
      !(res.locals.url instanceof URL && routePath(res.locals.url.pathname).startsWith('/api/')) &&
      isCrossSiteRequest(req.method, req.headers.origin, req.headers.host, config.APP_URL)
    ) {
      await services.recordSecurityEvent(services.db(), {
        type: 'access.refused',
        outcome: 'refused',
        detail: { reason: 'cross-site', origin: req.headers.origin?.slice(0, 100) },
      })
      res.status(403).type('text/plain').send('Cross-site request refused / 他のサイトからの送信は受け付けません。')
      return
    }
    next()
  })
  // Bodies are counted on the stream against their route's limits before anything parses them;
  // the Remix handler below reads only what this middleware hands on (docs/decisions/0019).
  app.use(bodyLimits(bodyLimitConfig()))

  let build: ServerBuild | (() => Promise<ServerBuild>)
  let services: typeof AppServices
  if (dev) {
    const vite = await import('vite').then((v) => v.createServer({ server: { middlewareMode: true } }))
    app.use(vite.middlewares)
    // Each build's loaders and actions answer a database outage 503 (app/utils/request-errors.server.ts).
    build = () =>
      (vite.ssrLoadModule('virtual:remix/server-build') as Promise<ServerBuild>).then((b) =>
        servicesOf(b).answeringRouteErrors(b),
      )
    services = servicesOf(await build())
  } else {
    const served = (await import(path.resolve('build/server/index.js'))) as ServerBuild
    services = servicesOf(served)
    build = services.answeringRouteErrors(served)
    app.use('/assets', express.static('build/client/assets', { immutable: true, maxAge: '1y' }))
    app.use(express.static('build/client', { maxAge: '1h' }))
  }
  app.all(
    '*',
    createRequestHandler({
      build,
      mode: dev ? 'development' : 'production',
      // Requests in arrival order, a few at once: fair under a rush (docs/decisions/0052).
      admission: admissionQueue({ concurrency: config.REQUEST_CONCURRENCY, maxWaiting: config.REQUEST_QUEUE_LIMIT }),
      // The health check (a load balancer must hear from a busy instance) and uploads, which are
      // read as they arrive: a slow upload holding a turn would make everyone wait behind it.
      admitsAtOnce: (_req, res) =>
        res.locals.streamedUpload === true ||
        (res.locals.url instanceof URL && routePath(res.locals.url.pathname) === '/healthz'),
      // The socket's address; X-Forwarded-For is read (behind TRUST_PROXY proxies) by clientAddress().
      getLoadContext: (req, res) => ({
        cspNonce: res.locals.cspNonce as string,
        clientAddress: req.socket.remoteAddress,
        requestId: res.locals.requestId as string,
      }),
    }),
  )
  // What a middleware or the Remix handler threw: a database outage is a 503 like a route's, any
  // other error a 500 logged once with the request id (docs/decisions/0024-database-faults.md).
  app.use((error: unknown, _req: express.Request, res: express.Response, next: express.NextFunction) => {
    if (res.headersSent) return next(error)
    const outage = services.databaseUnavailable(error)
    if (outage) {
      services.reportDatabaseUnavailable(outage, error)
      res.status(503).set({ 'Retry-After': String(RETRY_AFTER_SECONDS), 'Cache-Control': 'no-store' })
      res.type('text/plain').send(services.databaseUnavailableText())
      return
    }
    services.logRequestError(error)
    res.status(500).type('text/plain').send('Internal Server Error')
  })

  const db = services.db()
  if (!startedBefore) {
    const keyed = await services.backfillIdentityHashes(db)
    if (keyed) console.log(`Keyed identity computed for ${keyed} persons.`)
    if (config.DEMO_DATA && (await services.seedDemoIfEmpty(db)))
      console.log('Seeded demo data (set DEMO_DATA=false to turn this off).')
    const frozen = await services.freezeUnfrozenClosedYears(db)
    if (frozen.length) console.log(`Froze the participation totals of closed fiscal years ${frozen.join(', ')}.`)
  }

  // Every process runs the background jobs and delivers the outbox; leases keep processes from
  // sending the same message at once (docs/decisions/0029-background-jobs.md).
  const background = services.startBackgroundJobs(db, services.transportFor(config), {
    reminderDays: config.REMINDER_DAYS,
    intervalMs: config.MAIL_INTERVAL_MS,
  })
  console.log(
    config.SMTP_URL
      ? 'Mail: sending through SMTP_URL.'
      : `Mail: no SMTP_URL, writing .eml files to ${config.MAIL_DIR}.`,
  )

  const server = app.listen({ port: config.PORT, host: config.HOST, backlog: config.LISTEN_BACKLOG }, () => {
    // HOST is 127.0.0.1 by default behind TRUST_PROXY (docs/decisions/0021): say where we listen.
    console.log(
      `Jisseki is listening on ${config.HOST}:${config.PORT} (http://localhost:${config.PORT}, public address ${config.APP_URL})`,
    )
  })
  // A reverse proxy keeps its connections to the app open for reuse (nginx's upstream keepalive
  // defaults to 60 s, load balancers' idle timeouts to 60 s): the app must not close one first, or
  // the proxy's next request on it fails with a 502.
  server.keepAliveTimeout = 65_000
  server.headersTimeout = 66_000
  // SIGTERM always stops the process: no new connections, idle keep-alive ones closed at once, the
  // requests in flight get SHUTDOWN_GRACE_MS to finish — then it exits, whatever still hangs.
  const stop = () => {
    if (stopping) return
    stopping = true
    setTimeout(() => {
      console.warn(`Stopping: requests still open after ${SHUTDOWN_GRACE_MS / 1000} s were cut off.`)
      process.exit(1)
    }, SHUTDOWN_GRACE_MS)
    // The background jobs stop at once: no new runs, the one in progress (a send) finishes and is recorded.
    const backgroundStopped = background.stop()
    server.close(async () => {
      try {
        await backgroundStopped
        await db.$disconnect()
      } finally {
        process.exit(0)
      }
    })
    server.closeIdleConnections()
  }
  process.on('SIGTERM', stop)
  process.on('SIGINT', stop)
}

/**
 * WEB_CONCURRENCY > 1: this process only starts and watches the app processes (node:cluster), which
 * share PORT. The first one migrates and seeds; the others start once it listens. Each one runs
 * the background jobs (leases share the work out, docs/decisions/0029). SIGTERM stops them all.
 * A process that exits unexpectedly is started again (docs/decisions/0052).
 */
function runCluster(processes: number) {
  // Each process accepts from the shared socket itself. With node:cluster's default round-robin
  // the primary accepts and hands connections over; one handed to a process in the moment it
  // died was held open by the primary for ever, its client left hanging (docs/decisions/0052).
  cluster.schedulingPolicy = cluster.SCHED_NONE
  let stopping = false
  // The processes started and not yet exited (cluster.workers may still list one that exited).
  const running = new Set<number>()
  const crashes: number[] = []
  const fork = (startupDone: boolean) => {
    const worker = cluster.fork({ JISSEKI_STARTUP_DONE: startupDone ? '1' : '0' })
    running.add(worker.id)
    return worker
  }
  fork(false).once('listening', () => {
    if (stopping) return
    for (let i = 1; i < processes; i++) fork(true)
  })
  let listened = false
  cluster.on('listening', () => (listened = true))
  cluster.on('exit', (worker, code, signal) => {
    running.delete(worker.id)
    if (stopping) {
      if (running.size === 0) process.exit(exitCode)
      return
    }
    // The first process failed before it listened (a failed migration, a missing secret): stop.
    if (!listened) process.exit(code || 1)
    // Five deaths within a minute: something lasting (the disk, the database) — stop and say so
    // rather than start a process every second for ever.
    const now = Date.now()
    crashes.push(now)
    while (crashes.length && crashes[0] < now - 60_000) crashes.shift()
    if (crashes.length >= 5) {
      console.error('App processes keep exiting (5 within a minute): stopping.')
      stop(1)
      return
    }
    console.warn(`App process ${worker.process.pid} exited (${signal ?? code}); starting another.`)
    setTimeout(() => stopping || fork(true), 1_000 * crashes.length)
  })
  let exitCode = 0
  const stop = (code = 0) => {
    if (stopping) return
    stopping = true
    exitCode = code
    if (running.size === 0) process.exit(exitCode)
    for (const worker of Object.values(cluster.workers ?? {})) worker?.process.kill('SIGTERM')
  }
  process.on('SIGTERM', () => stop())
  process.on('SIGINT', () => stop())
}

const processes = cluster.isPrimary && !dev ? env().WEB_CONCURRENCY : 1
if (processes > 1) {
  console.log(`Starting ${processes} app processes (WEB_CONCURRENCY).`)
  runCluster(processes)
} else {
  main().catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error)
    process.exit(1)
  })
}
