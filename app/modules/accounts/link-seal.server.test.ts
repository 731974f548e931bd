import { describe, expect, it } from 'vitest'
import { openLinkToken, sealLinkToken } from './link-seal.server'

const SECRET = 'a-test-identity-secret-of-enough-length-0123456789'
const TOKEN = 'Q2hvb3NlIGEgdG9rZW4gb2YgMzIgYnl0ZXMgaW4gYmFzZTY0dXJs'

describe('sealed link tokens (docs/decisions/0021)', () => {
  it('opens what was sealed for the same user under the same secret, and never holds the token in clear', () => {
    const sealed = sealLinkToken(TOKEN, 'user-1', SECRET)
    expect(sealed).not.toContain(TOKEN)
    expect(openLinkToken(sealed, 'user-1', SECRET)).toBe(TOKEN)
    // Sealed afresh each time.
    expect(sealLinkToken(TOKEN, 'user-1', SECRET)).not.toBe(sealed)
  })

  it('opens nothing for another user, another secret, a changed value or a raw token', () => {
    const sealed = sealLinkToken(TOKEN, 'user-1', SECRET)
    expect(openLinkToken(sealed, 'user-2', SECRET)).toBeNull()
    expect(openLinkToken(sealed, 'user-1', `${SECRET}-rotated`)).toBeNull()
    const tampered = sealed.slice(0, -2) + (sealed.endsWith('AA') ? 'BB' : 'AA')
    expect(openLinkToken(tampered, 'user-1', SECRET)).toBeNull()
    expect(openLinkToken(TOKEN, 'user-1', SECRET)).toBeNull()
    expect(openLinkToken(null, 'user-1', SECRET)).toBeNull()
    expect(openLinkToken(sealed, null, SECRET)).toBeNull()
  })
})
