import { AsyncLocalStorage } from 'node:async_hooks'
import crypto from 'node:crypto'

/**
 * What the security log needs to know about the request being served, wherever it is written
 * (a guard deep in a module has no load context): its id and the client's address. server.ts's
 * first middleware runs the rest of the request inside `runWithRequestMeta`. The store lives on
 * globalThis so that server.ts's bundle and the app's build (and Vite's dev modules) share it.
 */
export type RequestMeta = {
  requestId: string
  /** The socket's remote address. */
  socketAddress?: string
  /** The X-Forwarded-For header as received (read only under TRUST_PROXY, by clientAddress()). */
  forwardedFor?: string
  method?: string
  /** The path asked for (the security log drops the query and link tokens). */
  path?: string
}

const KEY = Symbol.for('jisseki.requestMeta')
const holder = globalThis as unknown as Record<symbol, AsyncLocalStorage<RequestMeta> | undefined>
const storage: AsyncLocalStorage<RequestMeta> = (holder[KEY] ??= new AsyncLocalStorage<RequestMeta>())

export function runWithRequestMeta<T>(meta: RequestMeta, fn: () => T): T {
  return storage.run(meta, fn)
}

/** The request being served; undefined outside one (jobs, tests that call modules directly). */
export function currentRequestMeta(): RequestMeta | undefined {
  return storage.getStore()
}

const INCOMING_ID = /^[A-Za-z0-9._:@-]{8,128}$/

/**
 * The id of a request: the X-Request-Id a trusted reverse proxy set (only with TRUST_PROXY, and
 * only if it looks like an id), else a new random UUID. Anyone can send the header, so without a
 * proxy of ours it is ignored: a client must not choose the id under which its requests are logged.
 */
export function requestIdFor(incoming: string | string[] | undefined, trustProxy: boolean): string {
  const value = Array.isArray(incoming) ? incoming[0] : incoming
  if (trustProxy && value && INCOMING_ID.test(value)) return value
  return crypto.randomUUID()
}

declare module '@remix-run/node' {
  /** What server.ts's getLoadContext passes to loaders and actions. */
  interface AppLoadContext {
    cspNonce?: string
    /** The socket's remote address (clientAddress() reads X-Forwarded-For only under TRUST_PROXY). */
    clientAddress?: string
    /** The id in the response's X-Request-Id header and in the security log's JSON lines. */
    requestId?: string
  }
}
