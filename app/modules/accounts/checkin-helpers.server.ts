import crypto from 'node:crypto'
import type { Db } from '~/utils/db.server'
import { AppError } from '~/utils/errors'
import { endOfTokyoDay, tokyoDate } from '~/utils/time'
import { hashToken } from './console-users.server'
import { isSessionToday } from '../attendance/checkin.server'
import { currentTime } from '~/utils/clock.server'

/*
 * Check-in helpers (受付ヘルパー): people at the door, often on a borrowed phone, who may only
 * check people in for one seminar. An organizer creates a link; whoever opens it and confirms
 * gets a console session with the CHECKIN role for that seminar until the link expires. Each
 * link is a console user of its own (role CHECKIN, no password, an address that never receives
 * mail), so every check-in made through it is attributed to it in the records and the audit trail.
 */

const DAY_MS = 24 * 3600_000
/** The longest a link may stay valid: a series' sessions, not a standing account. */
export const MAX_LINK_DAYS = 31

/** The default end of a link: the day of the seminar's last session (or today), in Japan time. */
export async function defaultLinkDay(db: Db, seminarId: string, now = currentTime()): Promise<string> {
  const last = await db.session.findFirst({
    where: { seminarId },
    orderBy: { endsAt: 'desc' },
    select: { endsAt: true },
  })
  const day = last && last.endsAt > now ? last.endsAt : now
  return tokyoDate(day)
}

export async function createCheckinHelper(
  db: Db,
  input: { seminarId: string; label: string; validUntilDay: string; createdById: string },
  now = currentTime(),
): Promise<{ userId: string; token: string; expiresAt: Date }> {
  const label = input.label.trim()
  if (!label || label.length > 50) throw new AppError('HELPER_LABEL')
  const expiresAt = endOfTokyoDay(input.validUntilDay)
  if (!expiresAt || expiresAt <= now || expiresAt.getTime() - now.getTime() > MAX_LINK_DAYS * DAY_MS)
    throw new AppError('HELPER_VALID_UNTIL')
  const token = crypto.randomBytes(32).toString('base64url')
  const userId = crypto.randomUUID()
  await db.$transaction([
    db.consoleUser.create({
      data: {
        id: userId,
        // Unique and never mailed: .invalid cannot exist (RFC 2606).
        email: `checkin-${userId}@helpers.invalid`,
        name: label,
        passwordHash: null,
        role: 'CHECKIN',
        accessExpiresAt: expiresAt,
        seminars: { create: { seminarId: input.seminarId } },
        accountTokens: { create: { id: hashToken(token), purpose: 'CHECKIN_LINK', expiresAt } },
      },
    }),
    db.auditEvent.create({
      data: {
        actorId: input.createdById,
        action: 'checkin-helper.create',
        entityType: 'Seminar',
        entityId: input.seminarId,
        detail: JSON.stringify({ helperId: userId, label, expiresAt: expiresAt.toISOString() }),
      },
    }),
  ])
  return { userId, token, expiresAt }
}

/** The helper a link signs in, while the link is valid; null otherwise. */
export async function helperForLink(db: Db, token: string, now = currentTime()) {
  const row = await db.accountToken.findUnique({
    where: { id: hashToken(token) },
    select: {
      purpose: true,
      expiresAt: true,
      user: {
        select: {
          id: true,
          name: true,
          role: true,
          disabledAt: true,
          seminars: { select: { seminar: { select: { id: true, title: true } } } },
        },
      },
    },
  })
  if (!row || row.purpose !== 'CHECKIN_LINK' || row.expiresAt <= now) return null
  if (row.user.role !== 'CHECKIN' || row.user.disabledAt) return null
  return {
    userId: row.user.id,
    label: row.user.name,
    expiresAt: row.expiresAt,
    seminars: row.user.seminars.map((s) => s.seminar),
  }
}

/** The links made for a seminar, newest first. */
export function listCheckinHelpers(db: Db, seminarId: string) {
  return db.consoleUser.findMany({
    where: { role: 'CHECKIN', seminars: { some: { seminarId } } },
    orderBy: { createdAt: 'desc' },
    select: { id: true, name: true, accessExpiresAt: true, disabledAt: true, createdAt: true },
  })
}

/** Ends a link at once: the helper is disabled and every phone it opened is signed out. */
export async function revokeCheckinHelper(
  db: Db,
  input: { seminarId: string; helperId: string; actorId: string },
  now = currentTime(),
): Promise<boolean> {
  const helper = await db.consoleUser.findFirst({
    where: { id: input.helperId, role: 'CHECKIN', seminars: { some: { seminarId: input.seminarId } } },
    select: { id: true, disabledAt: true },
  })
  if (!helper) return false
  if (helper.disabledAt) return true
  await db.$transaction([
    db.consoleUser.update({ where: { id: helper.id }, data: { disabledAt: now } }),
    db.consoleSignIn.deleteMany({ where: { userId: helper.id } }),
    db.auditEvent.create({
      data: {
        actorId: input.actorId,
        action: 'checkin-helper.revoke',
        entityType: 'Seminar',
        entityId: input.seminarId,
        detail: JSON.stringify({ helperId: helper.id }),
      },
    }),
  ])
  return true
}

/** The sessions a helper checks people in for (their home page): today's first, then the others earliest first. */
export async function helperSessions(db: Db, userId: string, now = currentTime()) {
  const sessions = await db.session.findMany({
    where: { seminar: { checkinHelpers: { some: { userId } } } },
    orderBy: { startsAt: 'asc' },
    select: { id: true, number: true, startsAt: true, endsAt: true, seminar: { select: { title: true } } },
  })
  // Today's sessions (Japan date) first, then the others in date order: the door is today's.
  const marked = sessions.map((s) => ({ ...s, today: isSessionToday(s, now) }))
  return [...marked.filter((s) => s.today), ...marked.filter((s) => !s.today)]
}
