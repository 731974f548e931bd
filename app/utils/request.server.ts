import net from 'node:net'
import { currentTime } from '~/utils/clock.server'
import { redirect, type AppLoadContext } from '@remix-run/node'
import { parse as parseCookieHeader } from 'cookie'
import { derivedKey } from '~/modules/accounts/second-factor.server'
import type { SignInOptions } from '~/modules/accounts/sign-in.server'
import {
  deviceFor,
  newDeviceCookieValue,
  userForSignIn,
  type ConsoleIdentity,
} from '~/modules/accounts/console-users.server'
import { db } from './db.server'
import { cookiesAreSecure, env, proxyHops } from './env.server'
import { isLang, type Lang } from './i18n'
import { translator } from './i18n.server'

const LANG_COOKIE = 'lang'

/**
 * Cookies of the console carry the `__Host-` prefix whenever they are Secure (https): the browser
 * then keeps them to this exact host, Path=/, never set by a subdomain. On http://localhost
 * (`npm start` on one's own machine) the plain name, which a browser accepts without https.
 */
function hostCookieName(name: string): string {
  return cookiesAreSecure() ? `__Host-${name}` : name
}
const sessionCookieName = () => hostCookieName('jisseki_session')
const pendingCookieName = () => hostCookieName('jisseki_pending')
const deviceCookieName = () => hostCookieName('jisseki_device')

/**
 * One cookie of the request, through the `cookie` package Remix itself uses: a value that cannot
 * be decoded (`lang=%E0%A4%A`) is left as it is, never an error, and a malformed header gives nothing.
 */
function readCookie(request: Request, name: string): string | undefined {
  try {
    return parseCookieHeader(request.headers.get('Cookie') ?? '')[name]
  } catch {
    return undefined
  }
}

function serializeCookie(name: string, value: string, maxAgeSeconds: number, httpOnly: boolean): string {
  // No Domain attribute ever: a __Host- cookie must not have one.
  const attrs = [`${name}=${encodeURIComponent(value)}`, 'Path=/', 'SameSite=Lax', `Max-Age=${maxAgeSeconds}`]
  if (httpOnly) attrs.push('HttpOnly')
  if (cookiesAreSecure()) attrs.push('Secure')
  return attrs.join('; ')
}

/** The language the person chose with the switch (POST /lang), or null when they never did. */
export function chosenLang(request: Request): Lang | null {
  const value = readCookie(request, LANG_COOKIE)
  return isLang(value) ? value : null
}

/** Japanese unless the person switched to English (a cookie set by POST /lang). */
export function getLang(request: Request): Lang {
  const value = readCookie(request, LANG_COOKIE)
  return isLang(value) ? value : 'ja'
}

export function getT(request: Request) {
  return translator(getLang(request))
}

export function langCookie(lang: Lang): string {
  return serializeCookie(LANG_COOKIE, lang, 365 * 24 * 3600, false)
}

/** Only paths on this site (docs/decisions/0021); in its own module so server.ts can use it too. */
export { safeRedirectPath } from './safe-redirect'

export function sessionCookie(token: string): string {
  return serializeCookie(sessionCookieName(), token, env().SESSION_TTL_HOURS * 3600, true)
}

export function clearSessionCookie(): string {
  return serializeCookie(sessionCookieName(), '', 0, true)
}

export function sessionToken(request: Request): string | undefined {
  return readCookie(request, sessionCookieName())
}

/** The step between password and second factor (a few minutes; not a session). */
export function pendingCookie(token: string): string {
  return serializeCookie(pendingCookieName(), token, 15 * 60, true)
}
export function clearPendingCookie(): string {
  return serializeCookie(pendingCookieName(), '', 0, true)
}
export function pendingToken(request: Request): string | undefined {
  return readCookie(request, pendingCookieName())
}

const deviceKey = () => derivedKey('device-cookie-v1')

/** Set after a complete sign-in: this browser has signed in to this email before (a year). */
export function deviceCookie(email: string): string {
  return serializeCookie(deviceCookieName(), newDeviceCookieValue(email, deviceKey()), 365 * 24 * 3600, true)
}

/** The device id of this browser for this email (a valid device cookie), or null: a stranger. */
export function deviceOf(request: Request, email: string): string | null {
  return deviceFor(email, readCookie(request, deviceCookieName()), deviceKey())
}

/**
 * Sent on sign-out: the browser forgets this site's cache and storage. Not "cookies": that would
 * also delete the device cookie, and the next sign-in on this browser would count as a
 * stranger's (docs/decisions/0020). The session and pending cookies are cleared one by one.
 */
export const CLEAR_SITE_DATA = '"cache", "storage"'

export async function optionalStaff(request: Request): Promise<ConsoleIdentity | null> {
  const token = sessionToken(request)
  return token ? userForSignIn(db(), token, currentTime(), env().SESSION_IDLE_MINUTES) : null
}

/**
 * How many reverse proxies stand in front of the app (TRUST_PROXY: a number of hops, or
 * true/yes/on for one). Unset or 0: X-Forwarded-For is ignored, since anyone can send it.
 */
export function trustedProxyHops(value: string | undefined = process.env.TRUST_PROXY): number {
  return proxyHops(value)
}

/** An address as net.isIP understands it: no port, brackets or zone; IPv4-mapped IPv6 as IPv4. */
function plainAddress(value: string | undefined): string | null {
  let s = (value ?? '').trim()
  const v4WithPort = /^(\d{1,3}(?:\.\d{1,3}){3}):\d+$/.exec(s)
  if (v4WithPort) s = v4WithPort[1]
  const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(s)
  if (bracketed) s = bracketed[1]
  s = s.replace(/%.*$/, '').toLowerCase()
  if (s.startsWith('::ffff:') && net.isIPv4(s.slice(7))) s = s.slice(7)
  return net.isIP(s) ? s : null
}

/**
 * The address the request came from, for rate limits: `context.clientAddress` (the socket's
 * remote address, which server.ts's getLoadContext passes on), or — only when TRUST_PROXY says
 * how many reverse proxies append to X-Forwarded-For — the entry the outermost of ours added
 * (earlier entries are whatever the client sent). 'unknown' when neither gives an address.
 */
export function clientAddress(
  request: Request,
  context: AppLoadContext | undefined,
  hops = trustedProxyHops(),
): string {
  const socket = typeof context?.clientAddress === 'string' ? context.clientAddress : undefined
  return addressFrom(request.headers.get('X-Forwarded-For'), socket, hops)
}

/** clientAddress() from the X-Forwarded-For header and the socket's address (the security log's). */
export function addressFrom(
  forwardedFor: string | null | undefined,
  socket: string | undefined,
  hops = trustedProxyHops(),
): string {
  if (hops > 0) {
    const chain = (forwardedFor ?? '')
      .split(',')
      .map((entry) => entry.trim())
      .filter(Boolean)
    const forwarded = chain.length ? plainAddress(chain[Math.max(0, chain.length - hops)]) : null
    if (forwarded) return forwarded
  }
  return plainAddress(socket) ?? 'unknown'
}

/**
 * How this request signs in (app/modules/accounts/sign-in.server.ts): the session's length, this
 * browser (its user agent, and its device cookie for the email), and the client's address.
 */
export function signInOptions(request: Request, context: AppLoadContext | undefined): SignInOptions {
  return {
    ttlHours: env().SESSION_TTL_HOURS,
    userAgent: request.headers.get('User-Agent'),
    device: (email) => deviceOf(request, email),
    address: clientAddress(request, context),
  }
}

/**
 * The answer to a right password (afterPassword): signed in — the session cookie and a device
 * cookie for this email — or on to the code or enrolment step with the pending cookie.
 */
export function signInRedirect(
  step: { kind: 'session' | 'pending'; token: string; purpose?: 'VERIFY' | 'ENROL' },
  email: string,
  redirectTo: string,
): Response {
  const headers = new Headers()
  if (step.kind === 'session') {
    headers.append('Set-Cookie', sessionCookie(step.token))
    headers.append('Set-Cookie', deviceCookie(email))
    return redirect(redirectTo, { headers })
  }
  headers.append('Set-Cookie', pendingCookie(step.token))
  const next = step.purpose === 'ENROL' ? '/console/login/enrol' : '/console/login/code'
  return redirect(`${next}?${new URLSearchParams({ redirectTo })}`, { headers })
}

/** Signed in after the second-factor step: the session, a device cookie, no pending step. */
export function signedInHeaders(sessionToken: string, email: string): Headers {
  const headers = new Headers()
  headers.append('Set-Cookie', sessionCookie(sessionToken))
  headers.append('Set-Cookie', deviceCookie(email))
  headers.append('Set-Cookie', clearPendingCookie())
  return headers
}
