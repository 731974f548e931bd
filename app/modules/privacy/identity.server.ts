import crypto from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import type { Db } from '~/utils/db.server'
import { Prisma } from '~/generated/prisma/client'
import { isPostgresUrl, sqlitePath } from '~/utils/database-url'
import { env, type Env } from '~/utils/env.server'

/*
 * Keyed pseudonymous identity (docs/decisions/0014-keyed-identity-and-unique-evidence.md;
 * docs/domain.md#the-same-person-the-same-organization). A person is the same across seminars when their normalized
 * email matches. Once their personal data is removed (retention, deletion request) the email is gone, but the keyed
 * hash of it stays on the Person row: a record typed in later with the same email finds the same person, so unique
 * counts (実人数) stay right. The hash is HMAC-SHA256 under a server-side secret: without the secret nobody can test
 * an email against it. It is never shown or exported.
 */

/** Name of the file that holds the generated secret of an SQLite installation, beside the database. */
export const SECRET_FILE_SUFFIX = '.identity-secret'

export const IDENTITY_SECRET_MIN_LENGTH = 32

/**
 * The identity secret: IDENTITY_SECRET when set. Otherwise, on SQLite, a random one generated once
 * into `<database file>.identity-secret` (mode 0600) and read from there ever after; on PostgreSQL
 * (several app servers must share it) there is no safe default, and this throws naming the variable.
 */
export function resolveIdentitySecret(config: Pick<Env, 'IDENTITY_SECRET' | 'DATABASE_URL'>): string {
  if (config.IDENTITY_SECRET) return config.IDENTITY_SECRET
  if (isPostgresUrl(config.DATABASE_URL)) {
    throw new Error(
      'IDENTITY_SECRET is not set: on PostgreSQL every app server needs the same secret of at least 32 characters ' +
        '(for example the output of `openssl rand -base64 48`). Keep it: persons whose data was removed are matched by it.',
    )
  }
  const file = sqlitePath(config.DATABASE_URL) + SECRET_FILE_SUFFIX
  const read = () => {
    const secret = fs.readFileSync(file, 'utf8').trim()
    if (secret.length < IDENTITY_SECRET_MIN_LENGTH)
      throw new Error(
        `${file} holds no identity secret of ${IDENTITY_SECRET_MIN_LENGTH}+ characters: set IDENTITY_SECRET.`,
      )
    return secret
  }
  if (fs.existsSync(file)) return read()
  fs.mkdirSync(path.dirname(file), { recursive: true })
  try {
    // 'wx': exactly one process creates it; another one starting at the same moment reads it.
    fs.writeFileSync(file, crypto.randomBytes(48).toString('base64url') + '\n', { flag: 'wx', mode: 0o600 })
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error
  }
  return read()
}

let cached: { key: string; secret: string } | undefined

/** The secret of this process (from `env()`), resolved once. */
export function identitySecret(): string {
  const config = env()
  const key = `${config.DATABASE_URL}\n${config.IDENTITY_SECRET ?? ''}`
  if (cached?.key !== key) cached = { key, secret: resolveIdentitySecret(config) }
  return cached.secret
}

/** The keyed identity of a person: HMAC-SHA256 of the normalized email, hex. */
export function personIdentityHash(emailNormalized: string, secret = identitySecret()): string {
  return crypto.createHmac('sha256', secret).update(`person:${emailNormalized}`).digest('hex')
}

/**
 * A stable short code for a person, shown instead of the name once it is removed: derived from
 * the row id (not from the email or the keyed hash), so it tells nothing about who it was.
 */
export function pseudonymCode(id: string): string {
  return crypto.createHash('sha256').update(`pseudonym:${id}`).digest('hex').slice(0, 10).toUpperCase()
}

/**
 * Gives every person that still has its email, and no keyed identity for the current secret yet,
 * its keyed identity (rows written before this existed, or by other tools). Runs at start;
 * idempotent and batched. Anonymized persons whose email was removed earlier cannot get one.
 */
export async function backfillIdentityHashes(db: Db, options: { batchSize?: number } = {}): Promise<number> {
  const batchSize = options.batchSize ?? 1000
  const secret = identitySecret()
  let done = 0
  let after = ''
  for (;;) {
    const rows = await db.person.findMany({
      where: { anonymizedAt: null, id: { gt: after }, NOT: { emailNormalized: { startsWith: 'deleted:' } } },
      select: { id: true, emailNormalized: true, identityHash: true },
      orderBy: { id: 'asc' },
      take: batchSize,
    })
    if (rows.length === 0) break
    after = rows[rows.length - 1].id
    const candidates = rows
      .map((r) => ({ id: r.id, hash: personIdentityHash(r.emailNormalized, secret), old: r.identityHash }))
      .filter((r) => r.hash !== r.old)
    // A hash another row already holds (an anonymized person, then a row for the same email made
    // outside the app) stays where it is: the row without it keeps matching by its email.
    const taken = new Set(
      candidates.length === 0
        ? []
        : (
            await db.person.findMany({
              where: { identityHash: { in: candidates.map((r) => r.hash) } },
              select: { identityHash: true },
            })
          ).map((r) => r.identityHash),
    )
    const stale = candidates.filter((r) => !taken.has(r.hash))
    if (stale.length > 0) {
      const cases = Prisma.join(
        stale.map((r) => Prisma.sql`WHEN ${r.id} THEN ${r.hash}`),
        ' ',
      )
      const count = await db.$executeRaw`UPDATE "Person" SET "identityHash" = CASE "id" ${cases} END
        WHERE "id" IN (${Prisma.join(stale.map((r) => r.id))})`
      done += count
    }
    if (rows.length < batchSize) break
  }
  return done
}
