import type { Db } from '~/utils/db.server'
import { db as appDb } from '~/utils/db.server'
import { redirect } from '@remix-run/node'
import { translator } from '~/utils/i18n.server'
import { getLang, optionalStaff } from '~/utils/request.server'
import { notFound } from '~/utils/errors'
import { refusedResponse } from '../audit/security-log.server'
import {
  CONSOLE_ROLES,
  isUnscoped,
  roleMay,
  roleScope,
  type ConsoleRoleName,
  type Forbidden,
  type Permission,
} from './permissions'
import type { ConsoleIdentity } from './console-users.server'

/**
 * What a request acts on, when the permission depends on which program or seminar it is.
 * 'narrowed-list': a page that shows only what `visibleProgramIds` allows. Without a target, a
 * request concerns every program, which only roles with an unlimited scope may make.
 */
export type AccessTarget = { programId: string } | { seminarId: string } | { sessionId: string } | 'narrowed-list'

/** The program and seminar behind a target; null when it does not exist. */
async function resolveTarget(
  db: Db,
  target: Exclude<AccessTarget, 'narrowed-list'>,
): Promise<{ programId: string; seminarId: string | null } | null> {
  if ('programId' in target) return { programId: target.programId, seminarId: null }
  if ('seminarId' in target) {
    const seminar = await db.seminar.findUnique({ where: { id: target.seminarId }, select: { programId: true } })
    return seminar ? { programId: seminar.programId, seminarId: target.seminarId } : null
  }
  const session = await db.session.findUnique({
    where: { id: target.sessionId },
    select: { seminarId: true, seminar: { select: { programId: true } } },
  })
  return session ? { programId: session.seminar.programId, seminarId: session.seminarId } : null
}

/** Whether the user may act on the target: the role grants the permission and the target is theirs. */
export async function mayAccess(
  db: Db,
  user: ConsoleIdentity,
  permission: Permission,
  target?: AccessTarget,
): Promise<boolean | 'not-found'> {
  if (!roleMay(user.role, permission)) return false
  const scope = roleScope(user.role)
  if (!target) return scope === 'all' || isUnscoped(permission)
  if (target === 'narrowed-list') return true
  const resolved = await resolveTarget(db, target)
  if (!resolved) return 'not-found'
  if (scope === 'all') return true
  if (scope === 'assigned-programs') {
    const assigned = await db.programAssignment.count({ where: { userId: user.id, programId: resolved.programId } })
    return assigned > 0
  }
  if (!resolved.seminarId) return false
  const assigned = await db.seminarAssignment.count({ where: { userId: user.id, seminarId: resolved.seminarId } })
  return assigned > 0
}

/** Signed-in staff, or a redirect to the login page that comes back here. */
async function signedInStaff(request: Request): Promise<ConsoleIdentity> {
  const user = await optionalStaff(request)
  if (!user) {
    const url = new URL(request.url)
    throw redirect(`/console/login?redirectTo=${encodeURIComponent(url.pathname + url.search)}`)
  }
  return user
}

/**
 * The one guard of console loaders and actions: signed-in staff whose role grants the permission for
 * this target, or a redirect to sign in (not signed in), 403 (not theirs) or 404 (no such thing).
 */
export async function requireAccess(
  request: Request,
  permission: Permission,
  target?: AccessTarget,
): Promise<ConsoleIdentity> {
  const user = await signedInStaff(request)
  const allowed = await mayAccess(appDb(), user, permission, target)
  if (allowed === 'not-found') throw notFound()
  if (!allowed) {
    await refusedResponse(appDb(), user, {
      permission,
      role: user.role,
      ...(target === 'narrowed-list' ? {} : target),
    })
    throw forbidden(request, user.role, permission)
  }
  return user
}

/**
 * The 403 answer of a refused request: which roles hold the permission, named in the person's
 * language ("管理者、または事業担当"), and whether their own role does (then the program or
 * seminar is not one assigned to them).
 */
export function forbidden(request: Request, role: ConsoleRoleName, permission: Permission): Response {
  const lang = getLang(request)
  const t = translator(lang)
  const roles = new Intl.ListFormat(lang, { type: 'disjunction' }).format(
    CONSOLE_ROLES.filter((r) => roleMay(r, permission)).map((r) => t(`accounts.role.${r}`)),
  )
  const body: Forbidden = { forbidden: { roles, ownRoleMay: roleMay(role, permission) } }
  return Response.json(body, { status: 403, headers: { 'Cache-Control': 'private, no-store' } })
}

/**
 * For a refusal shown beside a form instead of as the 403 page: whether the signed-in user's role
 * grants a permission that is not tied to a program or seminar (no target to check, as
 * `years.reopen`). A refusal is recorded in the security log as requireAccess records it.
 */
export async function grantedOrRecorded(user: ConsoleIdentity, permission: Permission): Promise<boolean> {
  if (roleMay(user.role, permission)) return true
  await refusedResponse(appDb(), user, { permission, role: user.role })
  return false
}

/** The programs whose seminars the user sees: null for all of them. */
export async function visibleProgramIds(db: Db, user: ConsoleIdentity): Promise<string[] | null> {
  const scope = roleScope(user.role)
  if (scope === 'all') return null
  if (scope === 'assigned-programs') {
    const rows = await db.programAssignment.findMany({ where: { userId: user.id }, select: { programId: true } })
    return rows.map((r) => r.programId)
  }
  return []
}
