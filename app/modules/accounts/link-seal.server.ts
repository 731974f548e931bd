import crypto from 'node:crypto'
import { identitySecret } from '../privacy/identity.server'

/*
 * A set-password link's token on its way through the outbox (docs/decisions/0021). The outbox
 * row must carry it from the transaction that makes the link to the worker that sends the
 * message (possibly another process, possibly after a restart), but nothing that reads the
 * database — a backup, an admin page, a query — should find a working link there. So the row
 * holds the token sealed (AES-256-GCM) under a key derived from the server's identity secret
 * (docs/decisions/0014), bound to the user it is for; the worker opens it only to render the
 * message and the row forgets it once the message is sent or has failed for good.
 */

const PREFIX = 'sealed-link:v1:'

function key(secret: string): Buffer {
  return crypto.createHmac('sha256', secret).update('outbox-link-seal:v1').digest()
}

/** The token sealed for the outbox row of a message to `userId`. */
export function sealLinkToken(token: string, userId: string, secret = identitySecret()): string {
  const iv = crypto.randomBytes(12)
  const cipher = crypto.createCipheriv('aes-256-gcm', key(secret), iv)
  cipher.setAAD(Buffer.from(`link:${userId}`))
  const sealed = Buffer.concat([cipher.update(token, 'utf8'), cipher.final()])
  return PREFIX + Buffer.concat([iv, cipher.getAuthTag(), sealed]).toString('base64url')
}

/** The token again, or null when the value is not a token sealed for `userId` under this secret. */
export function openLinkToken(value: string | null, userId: string | null, secret = identitySecret()): string | null {
  if (!value?.startsWith(PREFIX) || !userId) return null
  const raw = Buffer.from(value.slice(PREFIX.length), 'base64url')
  if (raw.length < 12 + 16 + 1) return null
  try {
    const decipher = crypto.createDecipheriv('aes-256-gcm', key(secret), raw.subarray(0, 12))
    decipher.setAAD(Buffer.from(`link:${userId}`))
    decipher.setAuthTag(raw.subarray(12, 28))
    return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString('utf8')
  } catch {
    return null
  }
}
