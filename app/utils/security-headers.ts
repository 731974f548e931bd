import crypto from 'node:crypto'

/**
 * Security headers for every response (docs/decisions/0011-security.md). Scripts run only from
 * our own origin or with the per-response nonce Remix puts on its inline scripts; nothing may
 * frame the site; forms post only to it.
 */
export function newCspNonce(): string {
  return crypto.randomBytes(16).toString('base64')
}

export function securityHeaders(options: { nonce: string; https: boolean; dev: boolean }): Record<string, string> {
  const csp = [
    "default-src 'self'",
    // Vite's development client injects inline scripts of its own.
    `script-src 'self' 'nonce-${options.nonce}'${options.dev ? " 'unsafe-inline'" : ''}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    `connect-src 'self'${options.dev ? ' ws: wss:' : ''}`,
    "media-src 'self' blob:",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ')
  return {
    'Content-Security-Policy': csp,
    'X-Content-Type-Options': 'nosniff',
    'X-Frame-Options': 'DENY',
    // Manage links carry a secret in their path: never send it to another site.
    'Referrer-Policy': 'same-origin',
    'Cross-Origin-Opener-Policy': 'same-origin',
    'Permissions-Policy': 'camera=(self), microphone=(), geolocation=(), payment=()',
    ...(options.https ? { 'Strict-Transport-Security': 'max-age=31536000; includeSubDomains' } : {}),
  }
}
