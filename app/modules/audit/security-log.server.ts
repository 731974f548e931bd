import type { Db } from '~/utils/db.server'
import type { Prisma } from '~/generated/prisma/client'
import { userForSignIn } from '../accounts/console-users.server'
import { currentRequestMeta } from '~/utils/request-context.server'
import { addressFrom } from '~/utils/request.server'
import type { Lang } from '~/utils/i18n'
import type { Download } from '../exports/download.server'
import type { Row } from '../exports/tabular.server'
import { logCsvFile } from './audit.server'
import { LogPeriodSchema, logChoice, logFilterFrom } from './filter'
import { currentTime } from '~/utils/clock.server'
import { readPage } from '~/utils/paging'

/*
 * The security log (docs/decisions/0023-security-log.md). Each event is stored
 * (admins read it under /console/security) and written to stdout as one JSON line carrying the
 * request id that the response's X-Request-Id header shows, for the office's log system:
 *   {"log":"security","time":…,"type":"sign-in","outcome":"failure","actor":{"id":…,"email":…},
 *    "address":"203.0.113.7","requestId":…,"method":"POST","path":"/console/login",
 *    "target":null,"detail":{"reason":"INVALID_CREDENTIALS"}}
 * Only staff appear as actors (staff are not participants). No participant's name, email or other
 * personal data, and no password, token or code, ever goes into an event: targets are ids, details
 * are ids, role and field names, numbers and reason codes.
 */

/** Every event type. Callers outside this module (the second factor, the slow-down) use these names. */
export const SECURITY_EVENT_TYPES = [
  /** A password sign-in: success, or failure (wrong password, unknown email, disabled account). */
  'sign-in',
  /** Refused before the password was checked: too many failures for the email (lockout). */
  'sign-in.lockout',
  /** Slowed down (a delay or a wait before the next try) after failures: for the slow-down logic. */
  'sign-in.slow-down',
  /** Refused by the per-address sign-in rate limit. */
  'sign-in.rate-limited',
  'sign-out',
  /** A check-in helper link opened a console session (success) or was not valid (failure). */
  'helper-link.use',
  /** Second factor (TOTP): enrolled, removed by its owner, reset by an admin, recovery codes renewed. */
  'second-factor.enrol',
  'second-factor.remove',
  'second-factor.reset',
  'second-factor.recovery-codes',
  /** The second step of a sign-in: a TOTP or recovery code accepted (success) or refused (failure). */
  'second-factor.verify',
  /** A 403: the role or the program/seminar does not allow it, or a cross-site form post. */
  'access.refused',
  'program.create',
  /** A program saved; detail names the changed fields, with the retention period before and after. */
  'program.update',
  'seminar.create',
  'seminar.update',
  'seminar.publish',
  'seminar.unpublish',
  'seminar.cancel',
  /** A seminar a spreadsheet import created (docs/decisions/0034), removed by undoing the import. */
  'seminar.delete',
  'session.create',
  'session.update',
  'session.delete',
  /** Console accounts: invitation, role or program changes, disabling, enabling. */
  'user.invite',
  'user.update',
  'user.disable',
  'user.enable',
  /** An invitation or password-reset link sent by an admin. */
  'user.link-sent',
  /** "Forgot your password?" asked for an email (sent only if it is an active account's). */
  'password.reset-request',
  /** A password set through an invitation or reset link, or changed by its owner. */
  'password.set',
  'password.change',
  /** Other sessions of an account ended (by the user or an admin). */
  'sessions.end',
  /** A second factor set up (at sign-in or on the account page), reset by an admin, or removed by its owner. */
  'second-factor.enrol',
  'second-factor.reset',
  'second-factor.remove',
] as const

export type SecurityEventType = (typeof SECURITY_EVENT_TYPES)[number]
export const SECURITY_OUTCOMES = ['success', 'failure', 'refused'] as const
export type SecurityOutcome = (typeof SECURITY_OUTCOMES)[number]

export type SecurityDetail = Record<string, string | number | boolean | null | undefined>

export type SecurityEventInput = {
  type: SecurityEventType
  outcome: SecurityOutcome
  /** The staff user who acted; the email is looked up when only the id is given. */
  actor?: { id: string; email?: string } | null
  target?: { type: string; id: string } | null
  detail?: SecurityDetail
  /** Default: the request being served (app/utils/request-context.server.ts). */
  requestId?: string
  address?: string
  now?: Date
}

/** Keys never written, whatever a caller passes: a person's data or a secret. */
const FORBIDDEN_KEYS = /name|mail|furigana|phone|password|token|secret|code|otp|hash/i
/**
 * Path segments that are link tokens (32 random bytes, base64url: 43 characters), also with the
 * `.data` suffix Remix's single fetch adds to a form posted with JavaScript (`/checkin/<token>.data`).
 */
const TOKEN_SEGMENT = /^[A-Za-z0-9_-]{40,}(?=(\.data)?$)/

function cleanDetail(detail: SecurityDetail = {}): Record<string, string | number | boolean | null> {
  const out: Record<string, string | number | boolean | null> = {}
  for (const [key, value] of Object.entries(detail)) {
    if (value === undefined || FORBIDDEN_KEYS.test(key)) continue
    out[key] = typeof value === 'string' ? value.slice(0, 200) : value
  }
  return out
}

/** The path without its query, link tokens replaced (a manage or helper link must not be logged). */
export function loggablePath(path: string | undefined): string | null {
  if (!path) return null
  return path
    .split('?')[0]
    .split('/')
    .map((segment) => segment.replace(TOKEN_SEGMENT, ':token'))
    .join('/')
    .slice(0, 200)
}

/**
 * Records a security event: stores it and writes its JSON line to stdout. Never throws: a failure
 * to store is reported on stderr (the line is already out), so a refusal or a sign-in is not
 * turned into an error by its own record.
 */
export async function recordSecurityEvent(db: Db, event: SecurityEventInput): Promise<void> {
  const meta = currentRequestMeta()
  const at = event.now ?? currentTime()
  const requestId = event.requestId ?? meta?.requestId ?? 'none'
  const address = event.address ?? (meta ? addressFrom(meta.forwardedFor, meta.socketAddress) : 'unknown')
  const detail = cleanDetail(event.detail)
  try {
    let actor = event.actor ?? null
    if (actor && !actor.email) {
      const user = await db.consoleUser.findUnique({ where: { id: actor.id }, select: { email: true } })
      actor = { id: actor.id, email: user?.email }
    }
    const line = {
      log: 'security',
      time: at.toISOString(),
      type: event.type,
      outcome: event.outcome,
      actor: actor ? { id: actor.id, email: actor.email ?? null } : null,
      address,
      requestId,
      method: meta?.method ?? null,
      path: loggablePath(meta?.path),
      target: event.target ?? null,
      detail,
    }
    process.stdout.write(JSON.stringify(line) + '\n')
    await db.securityEvent.create({
      data: {
        at,
        type: event.type,
        outcome: event.outcome,
        actorId: actor?.id ?? null,
        actorEmail: actor?.email ?? null,
        address,
        requestId,
        targetType: event.target?.type ?? null,
        targetId: event.target?.id ?? null,
        detail: JSON.stringify({ ...detail, ...(line.path ? { path: line.path } : {}) }),
      },
    })
  } catch (error) {
    console.error(
      `Security log: could not store a ${event.type} event: ${error instanceof Error ? error.message : error}`,
    )
  }
}

/** A 403 for the guards, recorded first: who, which permission, on what. */
export async function refusedResponse(
  db: Db,
  actor: { id: string; email: string } | null,
  detail: SecurityDetail = {},
  target?: { type: string; id: string } | null,
): Promise<Response> {
  await recordSecurityEvent(db, { type: 'access.refused', outcome: 'refused', actor, target, detail })
  return new Response('Forbidden', { status: 403 })
}

/** How each result of a sign-in attempt is recorded; any other error code is a failure. */
const SIGN_IN_RESULTS: Record<string, { type: SecurityEventType; outcome: SecurityOutcome }> = {
  success: { type: 'sign-in', outcome: 'success' },
  RATE_LIMITED: { type: 'sign-in.rate-limited', outcome: 'refused' },
  TOO_MANY_ATTEMPTS: { type: 'sign-in.lockout', outcome: 'refused' },
  SLOWED_DOWN: { type: 'sign-in.slow-down', outcome: 'refused' },
}

/**
 * A password sign-in's record: 'success', or the error code it was refused with (INVALID_CREDENTIALS,
 * ACCOUNT_DISABLED, TOO_MANY_ATTEMPTS, RATE_LIMITED, SLOWED_DOWN …). The email is named only when
 * it is a staff account's (then with its id); an unknown address someone typed may be anyone's.
 */
export function recordSignIn(db: Db, email: string, result: string, detail: SecurityDetail = {}): Promise<void> {
  const { type, outcome } = SIGN_IN_RESULTS[result] ?? { type: 'sign-in', outcome: 'failure' }
  return recordForEmail(db, type, outcome, email, { ...(result === 'success' ? {} : { reason: result }), ...detail })
}

/**
 * An event about whoever an email typed on a public page names (sign-in, forgot password): the
 * staff account when there is one; otherwise no actor and not the address (it may be anyone's).
 */
export async function recordForEmail(
  db: Db,
  type: SecurityEventType,
  outcome: SecurityOutcome,
  email: string,
  detail: SecurityDetail = {},
): Promise<void> {
  const user = await db.consoleUser
    .findUnique({ where: { email: email.trim().toLowerCase() }, select: { id: true, email: true } })
    .catch(() => null)
  await recordSecurityEvent(db, { type, outcome, actor: user, detail: { ...detail, knownAccount: Boolean(user) } })
}

/** A sign-out, named by the session it ends (recorded before the session is gone). */
export async function recordSignOut(db: Db, sessionToken: string): Promise<void> {
  const user = await userForSignIn(db, sessionToken).catch(() => null)
  await recordSecurityEvent(db, { type: 'sign-out', outcome: user ? 'success' : 'failure', actor: user })
}

/** A change made in the console (program, seminar, session, account), by whom and to what. */
export function recordChange(
  db: Db,
  type: SecurityEventType,
  actor: { id: string; email?: string } | null | undefined,
  targetType: string,
  targetId: string,
  detail: SecurityDetail = {},
): Promise<void> {
  return recordSecurityEvent(db, {
    type,
    outcome: 'success',
    actor,
    target: { type: targetType, id: targetId },
    detail,
  })
}

/** The fields of a record that differ, by name (values only where they are numbers or booleans). */
export function changedFields<T extends Record<string, unknown>>(
  before: T | null | undefined,
  after: Partial<T>,
): SecurityDetail {
  const detail: SecurityDetail = {}
  const changed: string[] = []
  for (const [key, value] of Object.entries(after)) {
    const old = before?.[key] ?? null
    const now = value ?? null
    const same = old instanceof Date && now instanceof Date ? old.getTime() === now.getTime() : old === now
    if (same) continue
    changed.push(key)
    if (typeof value === 'number' || typeof value === 'boolean') {
      detail[`${key}.from`] = typeof old === 'number' || typeof old === 'boolean' ? old : null
      detail[`${key}.to`] = value
    }
  }
  detail.changed = changed.join(',')
  return detail
}

/** One year, then pruned by the retention job (the office's log system keeps the JSON lines longer). */
export const SECURITY_EVENT_RETENTION_DAYS = 365

export async function pruneSecurityEvents(db: Db, now = currentTime()): Promise<number> {
  const before = new Date(now.getTime() - SECURITY_EVENT_RETENTION_DAYS * 86400_000)
  const { count } = await db.securityEvent.deleteMany({ where: { at: { lt: before } } })
  return count
}

export type SecurityFilter = { type?: string; outcome?: string; from?: Date; to?: Date }

/** The security log's filter: an event type, an outcome, and the period (modules/audit/filter.ts). */
const SecurityFilterSchema = LogPeriodSchema.extend({
  type: logChoice(SECURITY_EVENT_TYPES),
  outcome: logChoice(SECURITY_OUTCOMES),
})

/** The page's filter from its query (?type=&outcome=&from=YYYY-MM-DD&to=YYYY-MM-DD, Japan dates, "to" inclusive). */
export function securityFilterFrom(params: URLSearchParams): SecurityFilter {
  return logFilterFrom(SecurityFilterSchema, params)
}

function where(filter: SecurityFilter): Prisma.SecurityEventWhereInput {
  return {
    ...(filter.type ? { type: filter.type } : {}),
    ...(filter.outcome ? { outcome: filter.outcome } : {}),
    ...(filter.from || filter.to
      ? { at: { ...(filter.from ? { gte: filter.from } : {}), ...(filter.to ? { lt: filter.to } : {}) } }
      : {}),
  }
}

const SELECT = {
  id: true,
  at: true,
  type: true,
  outcome: true,
  actorId: true,
  actorEmail: true,
  address: true,
  requestId: true,
  targetType: true,
  targetId: true,
  detail: true,
} as const

/** Newest first; `skip` for a later page. */
export function listSecurityEvents(db: Db, filter: SecurityFilter = {}, take = 200, skip = 0) {
  return db.securityEvent.findMany({
    where: where(filter),
    orderBy: [{ at: 'desc' }, { id: 'desc' }],
    skip,
    take,
    select: SELECT,
  })
}

/** The security log page: a page (50, newest first, `?page=`) of the events its query's filter matches. */
export async function securityLogPage(db: Db, params: URLSearchParams) {
  const filter = securityFilterFrom(params)
  const { rows: events, paging } = await readPage(
    params,
    () => db.securityEvent.count({ where: where(filter) }),
    ({ skip, take }) => listSecurityEvents(db, filter, take, skip),
  )
  return { events, paging }
}

/** Every matching event, oldest first, in batches (the CSV export). */
export async function* securityRows(db: Db, filter: SecurityFilter = {}, batchSize = 1000): AsyncGenerator<Row> {
  let cursor: string | undefined
  for (;;) {
    const batch = await db.securityEvent.findMany({
      where: where(filter),
      orderBy: { id: 'asc' },
      take: batchSize,
      ...(cursor ? { skip: 1, cursor: { id: cursor } } : {}),
      select: SELECT,
    })
    if (batch.length === 0) return
    cursor = batch[batch.length - 1].id
    for (const e of batch)
      yield [
        e.at.toISOString(),
        e.type,
        e.outcome,
        e.actorId ?? '',
        e.actorEmail ?? '',
        e.address,
        e.requestId,
        e.targetType ?? '',
        e.targetId ?? '',
        e.detail,
      ]
  }
}

export const SECURITY_HEADER = {
  ja: [
    '日時(UTC)',
    '種類',
    '結果',
    '操作者ID',
    '操作者メール',
    '接続元',
    'リクエストID',
    '対象の種類',
    '対象ID',
    '内容',
  ],
  en: [
    'Time (UTC)',
    'Type',
    'Outcome',
    'Actor id',
    'Actor email',
    'Address',
    'Request id',
    'Target type',
    'Target id',
    'Detail',
  ],
}

/** The security log as a CSV file: every event matching the page's filter, oldest first. */
export async function securityLogCsvFile(
  db: Db,
  userId: string,
  params: URLSearchParams,
  lang: Lang,
  now = currentTime(),
): Promise<Download> {
  return logCsvFile(
    db,
    { userId, kind: 'security-log', params, now },
    {
      header: SECURITY_HEADER[lang],
      rows: securityRows(db, securityFilterFrom(params)),
      name: 'セキュリティ記録',
      asciiName: 'security-log',
    },
  )
}
