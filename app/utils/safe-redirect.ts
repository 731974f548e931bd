/**
 * The same-site path check, with no server dependencies: request.server.ts re-exports it for the
 * routes, and the request-limit middleware (server.ts, outside the Remix build) uses it for the
 * refusal page's way back.
 */

const REDIRECT_BASE = 'http://jisseki.invalid'

/** A path the browser reads as this site's: one leading slash, then neither "/" nor "\\". */
function isSameSitePath(path: string): boolean {
  if (!/^\/(?![/\\])/.test(path)) return false
  // eslint-disable-next-line no-control-regex -- control characters are exactly what is refused
  if (/[\u0000-\u001f\u007f\\]/.test(path)) return false
  return new URL(path, REDIRECT_BASE).origin === REDIRECT_BASE
}

/**
 * Only paths on this site: never an open redirect (docs/decisions/0021). Browsers ignore tabs
 * and newlines in URLs and read "\\" as "/", so anything but a plain same-origin path falls
 * back. The check runs on the value as given AND on the form the URL parser normalizes it to
 * (dot segments, %2e), which is what goes into the Location header: "/.//evil.example" is
 * "//evil.example" once normalized, a link to another site. Slashes doubled further on are
 * made one. The result is checked once more as the browser will read the header, and must read
 * back as itself.
 */
export function safeRedirectPath(value: FormDataEntryValue | string | null | undefined, fallback = '/'): string {
  const s = typeof value === 'string' ? value : ''
  if (!isSameSitePath(s)) return fallback
  const url = new URL(s, REDIRECT_BASE)
  if (!isSameSitePath(url.pathname)) return fallback
  // Remix collapses "//" inside a redirect's path itself, with a warning on the server log.
  const location = url.pathname.replace(/\/{2,}/g, '/') + url.search + url.hash
  if (!isSameSitePath(location)) return fallback
  const reread = new URL(location, REDIRECT_BASE)
  return reread.pathname + reread.search + reread.hash === location ? location : fallback
}
