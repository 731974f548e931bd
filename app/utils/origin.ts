/**
 * A state-changing request (anything but GET/HEAD/OPTIONS) whose Origin names another site is
 * refused before it reaches the app: cross-site request forgery protection on top of SameSite=Lax
 * cookies. Requests without Origin (old clients, curl) pass; "null" and garbage do not.
 */
export function isCrossSiteRequest(
  method: string,
  origin: string | undefined,
  host: string | undefined,
  appUrl: string,
): boolean {
  if (['GET', 'HEAD', 'OPTIONS'].includes(method.toUpperCase()) || origin === undefined) return false
  let originHost: string
  try {
    originHost = new URL(origin).host
  } catch {
    return true
  }
  return originHost !== host && originHost !== new URL(appUrl).host
}
