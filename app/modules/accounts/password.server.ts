import crypto from 'node:crypto'
import { promisify } from 'node:util'

const scrypt = promisify(crypto.scrypt) as (
  password: crypto.BinaryLike,
  salt: crypto.BinaryLike,
  keylen: number,
  options: crypto.ScryptOptions,
) => Promise<Buffer>

// scrypt at N=2^15, r=8, p=1 (OWASP's recommended minimum); 32 MiB of memory per hash.
export const PRODUCTION_SCRYPT = { N: 2 ** 15, r: 8, p: 1 }
// Tests only: ~0.6 s a hash made the suite wait minutes on hashing alone (docs/decisions/0031).
const TEST_SCRYPT = { N: 2 ** 10, r: 8, p: 1 }

/**
 * The cost new hashes are made with. TEST_PASSWORD_COST=low lowers it, but only inside a test run
 * (NODE_ENV=test and Vitest's VITEST both set): anywhere else, production above all, the variable
 * is ignored. A stored hash names its own cost, so verifying needs no setting
 * (docs/decisions/0031-fast-deterministic-tests.md).
 */
export function scryptCost(environment: Record<string, string | undefined> = process.env): typeof PRODUCTION_SCRYPT {
  const insideTestRun = environment.NODE_ENV === 'test' && Boolean(environment.VITEST)
  return insideTestRun && environment.TEST_PASSWORD_COST === 'low' ? TEST_SCRYPT : PRODUCTION_SCRYPT
}
const KEY_LENGTH = 32
const MAXMEM = 64 * 1024 * 1024

// At most two hashes at a time per process (2 cores, 32 MiB each): a flood of sign-in attempts
// waits in line instead of exhausting memory.
const MAX_CONCURRENT = 2
let running = 0
const waiting: (() => void)[] = []
async function limited<T>(fn: () => Promise<T>): Promise<T> {
  if (running >= MAX_CONCURRENT) await new Promise<void>((resolve) => waiting.push(resolve))
  running++
  try {
    return await fn()
  } finally {
    running--
    waiting.shift()?.()
  }
}

/** "scrypt$N$r$p$salt$hash", salts and hashes in base64url. */
export async function hashPassword(password: string): Promise<string> {
  const salt = crypto.randomBytes(16)
  const cost = scryptCost()
  const key = await limited(() => scrypt(password.normalize('NFKC'), salt, KEY_LENGTH, { ...cost, maxmem: MAXMEM }))
  return ['scrypt', cost.N, cost.r, cost.p, salt.toString('base64url'), key.toString('base64url')].join('$')
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, n, r, p, salt, hash] = stored.split('$')
  if (scheme !== 'scrypt' || !salt || !hash) return false
  const expected = Buffer.from(hash, 'base64url')
  const key = await limited(() =>
    scrypt(password.normalize('NFKC'), Buffer.from(salt, 'base64url'), expected.length, {
      N: Number(n),
      r: Number(r),
      p: Number(p),
      maxmem: MAXMEM,
    }),
  )
  return crypto.timingSafeEqual(key, expected)
}

// The rule lives in password-rules.ts so the forms can check it in the browser too.
export { passwordProblem } from './password-rules'
