/**
 * Who may do what in the console (docs/decisions/0013-roles-and-accounts.md). Shared by server
 * and browser: the server enforces it in every loader and action (access.server.ts), pages use
 * it only to hide what would be refused.
 */
export const CONSOLE_ROLES = ['ADMIN', 'STAFF', 'ORGANIZER', 'CHECKIN'] as const
export type ConsoleRoleName = (typeof CONSOLE_ROLES)[number]

export type Permission =
  /** The console itself and one's own account (password, second factor, sign-ins): every role. */
  | 'console'
  /** Users, invitations, roles, sessions of others. */
  | 'users.manage'
  /** The audit trail and its export. */
  | 'audit.read'
  /** Every participant message sent (holds personal data of all seminars). */
  | 'mail.read'
  /** Programs (事業): create, rename, retention period. */
  | 'programs.manage'
  /** Indicators, plans, manual figures, year-end close, accepting differences. */
  | 'indicators.manage'
  /** Reopening a closed fiscal year. */
  | 'years.reopen'
  /** Totals for reports: participation, evaluation sheets, report sentences. */
  | 'totals.export'
  /** A seminar's page, registrations and attendance lists. */
  | 'seminars.read'
  /** Creating, editing, cancelling seminars; registrations, attendance, imports, messages. */
  | 'seminars.manage'
  /** Downloads of names and attendance, and carrying out deletion requests. */
  | 'personal-data.export'
  /** Check-in at the door, including walk-ins. */
  | 'checkin'
  /** API tokens for other systems: make, list, revoke (docs/decisions/0055-api.md). */
  | 'api.manage'
  /** Webhook endpoints, their secrets and delivery logs (docs/decisions/0056-webhooks.md). */
  | 'webhooks.manage'

const GRANTS: Record<ConsoleRoleName, readonly Permission[]> = {
  ADMIN: [
    'console',
    'users.manage',
    'audit.read',
    'mail.read',
    'programs.manage',
    'indicators.manage',
    'years.reopen',
    'totals.export',
    'seminars.read',
    'seminars.manage',
    'personal-data.export',
    'checkin',
    'api.manage',
    'webhooks.manage',
  ],
  STAFF: ['console', 'programs.manage', 'indicators.manage', 'totals.export', 'seminars.read', 'personal-data.export'],
  ORGANIZER: ['console', 'seminars.read', 'seminars.manage', 'personal-data.export', 'checkin'],
  CHECKIN: ['console', 'checkin'],
}

/** What the 403 page says (app/root.tsx): which roles may, or that theirs may but not here (access.server.ts). */
export type Forbidden = { forbidden: { roles: string; ownRoleMay: boolean } }

/** Permissions about no program or seminar: not narrowed by the role's scope. */
const UNSCOPED: readonly Permission[] = ['console']

export function isUnscoped(permission: Permission): boolean {
  return UNSCOPED.includes(permission)
}

export function roleMay(role: ConsoleRoleName, permission: Permission): boolean {
  return GRANTS[role].includes(permission)
}

/**
 * How far a role's grants reach: every program, the programs assigned to the user, or the
 * seminars assigned to the user.
 */
export function roleScope(role: ConsoleRoleName): 'all' | 'assigned-programs' | 'assigned-seminars' {
  if (role === 'ORGANIZER') return 'assigned-programs'
  if (role === 'CHECKIN') return 'assigned-seminars'
  return 'all'
}

/** Where a signed-in user lands: helpers have nothing but check-in. */
export function homePath(role: ConsoleRoleName): string {
  return role === 'CHECKIN' ? '/console/checkin' : '/console'
}
