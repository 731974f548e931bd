/**
 * What an API token may do (docs/decisions/0055-api.md). Shared by the console's token form and
 * the API's guard; each endpoint names the one scope it needs.
 */
export const API_SCOPES = [
  'seminars:read',
  'registrations:read',
  'registrations:write',
  'attendance:write',
  'indicators:read',
  'exports:read',
] as const

export type ApiScope = (typeof API_SCOPES)[number]

export function isApiScope(value: string): value is ApiScope {
  return (API_SCOPES as readonly string[]).includes(value)
}

/** A token's secret: the prefix, then 32 random bytes in base64url (43 characters). */
export const TOKEN_PREFIX = 'jsk_'
export const TOKEN_PATTERN = /^jsk_[A-Za-z0-9_-]{43}$/

/** Calls per minute a token may make unless its form says otherwise. */
export const DEFAULT_PER_MINUTE = 600
