import crypto from 'node:crypto'
import type { Db } from '~/utils/db.server'
import { currentTime } from '~/utils/clock.server'
import { isApiScope, TOKEN_PATTERN, TOKEN_PREFIX, type ApiScope } from './scopes'
import type { ApiTokenInput } from './forms'
import { API_OPERATIONS } from './openapi.server'
import { roleMay } from '../accounts/permissions'

/*
 * API tokens (docs/decisions/0055-api.md). An admin makes one in the console; its secret
 * (`jsk_` + 32 random bytes, base64url) is shown once and kept only as its SHA-256, so neither the
 * database nor a backup holds a usable token. Revoked or expired tokens are refused like unknown
 * ones. Calls act in the name of the admin who made the token (the audit trail's actor), with the
 * token named in every event's details.
 */

/** The stored form of a secret: SHA-256, hex. A high-entropy secret needs no salt or slow hash. */
export function tokenHash(secret: string): string {
  return crypto.createHash('sha256').update(secret).digest('hex')
}

export function newTokenSecret(): string {
  return TOKEN_PREFIX + crypto.randomBytes(32).toString('base64url')
}

export type ApiTokenRefusal = { status: 400; fieldErrors: Record<string, string[]> }

/**
 * Makes a token; returns its id and the secret, which nobody can see again. Refused (field errors)
 * when a program named is unknown or the expiry has passed.
 */
export async function createApiToken(
  db: Db,
  input: ApiTokenInput,
  userId: string,
  now = currentTime(),
): Promise<{ id: string; secret: string } | ApiTokenRefusal> {
  const programIds = [...new Set(input.programIds)]
  if (programIds.length) {
    const found = await db.program.count({ where: { id: { in: programIds } } })
    if (found !== programIds.length) return { status: 400, fieldErrors: { programIds: ['apiProgramUnknown'] } }
  }
  if (input.expiresAt && input.expiresAt <= now) return { status: 400, fieldErrors: { expiresAt: ['apiExpiryPast'] } }
  const secret = newTokenSecret()
  const scopes = [...new Set(input.scopes)]
  const token = await db.$transaction(async (tx) => {
    const created = await tx.apiToken.create({
      data: {
        name: input.name,
        tokenHash: tokenHash(secret),
        prefix: secret.slice(0, TOKEN_PREFIX.length + 6),
        scopes: scopes.join(' '),
        programIds: JSON.stringify(programIds),
        perMinute: input.perMinute,
        expiresAt: input.expiresAt ?? null,
        createdById: userId,
        createdAt: now,
      },
      select: { id: true },
    })
    await tx.auditEvent.create({
      data: {
        actorId: userId,
        action: 'api-token.create',
        entityType: 'ApiToken',
        entityId: created.id,
        detail: JSON.stringify({ name: input.name, scopes, programIds, expiresAt: input.expiresAt ?? null }),
        at: now,
      },
    })
    return created
  })
  return { id: token.id, secret }
}

/** Revokes a token at once; revoking twice (or an unknown id) changes nothing and says false. */
export async function revokeApiToken(db: Db, id: string, userId: string, now = currentTime()): Promise<boolean> {
  return db.$transaction(async (tx) => {
    const { count } = await tx.apiToken.updateMany({ where: { id, revokedAt: null }, data: { revokedAt: now } })
    if (!count) return false
    const token = await tx.apiToken.findUniqueOrThrow({ where: { id }, select: { name: true } })
    await tx.auditEvent.create({
      data: {
        actorId: userId,
        action: 'api-token.revoke',
        entityType: 'ApiToken',
        entityId: id,
        detail: JSON.stringify({ name: token.name }),
        at: now,
      },
    })
    return true
  })
}

/** The console's list: newest first, with who made each, its scopes, programs and last use. */
export async function apiTokensPage(db: Db, now = currentTime()) {
  const [tokens, programs] = await Promise.all([
    db.apiToken.findMany({
      orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
      take: 500,
      select: {
        id: true,
        name: true,
        prefix: true,
        scopes: true,
        programIds: true,
        perMinute: true,
        expiresAt: true,
        revokedAt: true,
        lastUsedAt: true,
        createdAt: true,
        createdBy: { select: { name: true } },
      },
    }),
    db.program.findMany({ orderBy: { code: 'asc' }, select: { id: true, code: true, name: true, nameEn: true } }),
  ])
  return {
    programs,
    // The endpoints the page lists (their descriptions are the page's own strings): only these
    // fields reach the browser, not the OpenAPI description.
    operations: API_OPERATIONS.map(({ method, path, scope, key }) => ({ method, path, scope, key })),
    tokens: tokens.map((t) => ({
      ...t,
      scopes: t.scopes.split(' ').filter(isApiScope),
      programIds: parseProgramIds(t.programIds),
      state: t.revokedAt
        ? ('revoked' as const)
        : t.expiresAt && t.expiresAt <= now
          ? ('expired' as const)
          : ('active' as const),
    })),
  }
}

function parseProgramIds(text: string): string[] {
  try {
    const value: unknown = JSON.parse(text)
    return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : []
  } catch {
    return []
  }
}

/** A token that may be used: who made it, what it may do and where. */
export type ApiCaller = {
  tokenId: string
  name: string
  userId: string
  scopes: ApiScope[]
  /** null: every program. */
  programIds: string[] | null
  perMinute: number
}

/**
 * The token a request's `Authorization: Bearer …` names, if it is one in force; null otherwise
 * (no header, another scheme, unknown, revoked or expired — told apart only in the security log).
 * The lookup is by the secret's hash: nothing compares secrets character by character.
 */
export async function authenticateApiToken(
  db: Db,
  authorization: string | null,
  now = currentTime(),
): Promise<{ caller: ApiCaller } | { refused: 'missing' | 'unknown' | 'revoked' | 'expired' | 'maker-without-right' }> {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? '')
  if (!match) return { refused: 'missing' }
  const secret = match[1]
  if (!TOKEN_PATTERN.test(secret)) return { refused: 'unknown' }
  const token = await db.apiToken.findUnique({
    where: { tokenHash: tokenHash(secret) },
    include: { createdBy: { select: { role: true, disabledAt: true } } },
  })
  if (!token) return { refused: 'unknown' }
  if (token.revokedAt) return { refused: 'revoked' }
  if (token.expiresAt && token.expiresAt <= now) return { refused: 'expired' }
  // A token acts in the name of the admin who made it: never with more than they may now
  // (disabled, or no longer an admin), as their console session would not.
  if (token.createdBy.disabledAt || !roleMay(token.createdBy.role, 'api.manage'))
    return { refused: 'maker-without-right' }
  const programIds = parseProgramIds(token.programIds)
  return {
    caller: {
      tokenId: token.id,
      name: token.name,
      userId: token.createdById,
      scopes: token.scopes.split(' ').filter(isApiScope),
      programIds: programIds.length ? programIds : null,
      perMinute: token.perMinute,
    },
  }
}

/** How long an Idempotency-Key's answer is kept for a retry: a day, as Stripe and others do. */
export const IDEMPOTENCY_KEEP_MS = 24 * 3600_000

/** Forgets the answers of Idempotency-Keys older than a day (the hourly pruning job). */
export async function pruneIdempotencyKeys(db: Db, now = currentTime()): Promise<number> {
  const { count } = await db.apiIdempotencyKey.deleteMany({
    where: { createdAt: { lt: new Date(now.getTime() - IDEMPOTENCY_KEEP_MS) } },
  })
  return count
}
