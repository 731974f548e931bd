import dns from 'node:dns'
import net from 'node:net'
import { env } from '~/utils/env.server'

/*
 * Where webhooks may go (docs/decisions/0056-webhooks.md): HTTPS to a public address. Plain HTTP
 * only to this machine (127.0.0.0/8, ::1, localhost), and only while loopback is allowed: outside
 * production, or with WEBHOOK_ALLOW_LOOPBACK=true. Private, link-local, unique-local, multicast
 * and unspecified addresses are refused always, so the console cannot be used to reach the
 * office's internal network or a cloud metadata service (169.254.169.254). A name is checked
 * when registered if it is an address, and every address it resolves to is checked again when
 * each request is made (a name may point elsewhere later).
 */

const blocked = new net.BlockList()
for (const [net4, prefix] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['224.0.0.0', 4],
  ['240.0.0.0', 4],
] as const)
  blocked.addSubnet(net4, prefix, 'ipv4')
for (const [net6, prefix] of [
  // Unspecified, and IPv4-compatible (::10.0.0.1); ::1 is told apart as loopback first.
  ['::', 96],
  // Prefixes that carry an IPv4 address inside: NAT64 (64:ff9b::10.0.0.1 reaches 10.0.0.1 on an
  // IPv6-only host), local-use NAT64, 6to4 and Teredo. Judged as a whole rather than decoded.
  ['64:ff9b::', 96],
  ['64:ff9b:1::', 48],
  ['2002::', 16],
  ['2001::', 32],
  // Discard-only, unique-local, site-local (deprecated), link-local, multicast.
  ['100::', 64],
  ['fc00::', 7],
  ['fec0::', 10],
  ['fe80::', 10],
  ['ff00::', 8],
] as const)
  blocked.addSubnet(net6, prefix, 'ipv6')

const loopback = new net.BlockList()
loopback.addSubnet('127.0.0.0', 8, 'ipv4')
loopback.addAddress('::1', 'ipv6')

/** An IPv4 address written as IPv6 (::ffff:10.0.0.1) is judged as the IPv4 address. */
function plain(address: string): { address: string; family: 'ipv4' | 'ipv6' } {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address)
  if (mapped) return { address: mapped[1]!, family: 'ipv4' }
  return { address, family: net.isIPv6(address) ? 'ipv6' : 'ipv4' }
}

export type AddressVerdict = 'public' | 'loopback' | 'blocked'

export function addressVerdict(address: string): AddressVerdict {
  const a = plain(address)
  if (loopback.check(a.address, a.family)) return 'loopback'
  if (blocked.check(a.address, a.family)) return 'blocked'
  return 'public'
}

/** Whether webhooks may go to this machine (see above). */
export function loopbackAllowed(config = env()): boolean {
  return config.NODE_ENV !== 'production' || config.WEBHOOK_ALLOW_LOOPBACK
}

function isLocalhostName(host: string): boolean {
  return host === 'localhost' || host.endsWith('.localhost')
}

/** The refusal of an endpoint's URL (an i18n key of field.*), or null when it may be used. */
export function webhookUrlProblem(value: string, allowLoopback = loopbackAllowed()): string | null {
  let url: URL
  try {
    url = new URL(value)
  } catch {
    return 'webhookUrl'
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return 'webhookUrl'
  if (url.username || url.password) return 'webhookUrlCredentials'
  const host = url.hostname.replace(/^\[|\]$/g, '').toLowerCase()
  const verdict = net.isIP(host) ? addressVerdict(host) : isLocalhostName(host) ? 'loopback' : 'public'
  if (verdict === 'blocked') return 'webhookUrlPrivate'
  if (verdict === 'loopback') return allowLoopback ? null : 'webhookUrlPrivate'
  if (url.protocol !== 'https:') return 'webhookUrlHttps'
  return null
}

/**
 * A dns.lookup for the request: refuses a name that resolves to an address webhooks may not go
 * to, so the check made at registration cannot be passed by changing the name's records.
 */
export function guardedLookup(allowLoopback = loopbackAllowed()): net.LookupFunction {
  return (hostname, options, callback) => {
    dns.lookup(hostname, { ...options, all: true }, (error, addresses) => {
      if (error) return callback(error, '', 0)
      const list = addresses as dns.LookupAddress[]
      const refused = list.find((a) => {
        const verdict = addressVerdict(a.address)
        return verdict === 'blocked' || (verdict === 'loopback' && !allowLoopback)
      })
      if (refused || list.length === 0) {
        // Not which address: the attempt log would otherwise map the office's internal names.
        const reason = new Error(`${hostname} resolves to no address where webhooks may go`)
        return callback(Object.assign(reason, { code: 'EWEBHOOKADDRESS' }), '', 0)
      }
      if ((options as dns.LookupOptions).all) return callback(null, list as never, 0)
      callback(null, list[0]!.address, list[0]!.family)
    })
  }
}
