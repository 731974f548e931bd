import crypto from 'node:crypto'

/*
 * Webhook signatures, the Standard Webhooks scheme (docs/decisions/0056-webhooks.md): the
 * signature is HMAC-SHA256 of "<Webhook-Id>.<Webhook-Timestamp>.<body>" under the secret's bytes
 * (the base64 after "whsec_"), sent base64-encoded as "v1,<signature>".
 */

export const SECRET_PREFIX = 'whsec_'

/** A new secret: 32 random bytes, "whsec_" and base64. */
export function newWebhookSecret(): string {
  return SECRET_PREFIX + crypto.randomBytes(32).toString('base64')
}

function secretKey(secret: string): Buffer {
  return Buffer.from(secret.startsWith(SECRET_PREFIX) ? secret.slice(SECRET_PREFIX.length) : secret, 'base64')
}

/** The Webhook-Signature header's value for one message. */
export function webhookSignature(secret: string, id: string, timestamp: number, body: string): string {
  const mac = crypto.createHmac('sha256', secretKey(secret)).update(`${id}.${timestamp}.${body}`).digest('base64')
  return `v1,${mac}`
}

/**
 * What a receiver does: true when one of the header's space-separated signatures is the body's
 * (compared in constant time) and the timestamp is within `toleranceSeconds` of `nowSeconds`.
 */
export function verifyWebhook(
  secret: string,
  headers: { id: string; timestamp: string; signature: string },
  body: string,
  options: { nowSeconds?: number; toleranceSeconds?: number } = {},
): boolean {
  const timestamp = Number(headers.timestamp)
  if (!Number.isInteger(timestamp)) return false
  const now = options.nowSeconds ?? Math.floor(Date.now() / 1000)
  if (Math.abs(now - timestamp) > (options.toleranceSeconds ?? 300)) return false
  const expected = Buffer.from(webhookSignature(secret, headers.id, timestamp, body).slice(3), 'base64')
  return headers.signature.split(' ').some((part) => {
    const [version, value] = part.split(',')
    if (version !== 'v1' || !value) return false
    const given = Buffer.from(value, 'base64')
    return given.length === expected.length && crypto.timingSafeEqual(given, expected)
  })
}
