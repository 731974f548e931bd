import type { Db } from '~/utils/db.server'
import { env } from '~/utils/env.server'
import { notFound } from '~/utils/errors'
import { recordSecurityEvent } from '../audit/security-log.server'
import { slipQrDataUrl } from '../registration/slip.server'
import { createCheckinHelper, helperForLink } from './checkin-helpers.server'
import { startSignIn } from './console-users.server'
import { currentTime } from '~/utils/clock.server'

/*
 * A check-in helper's link as people meet it (checkin-helpers.server.ts makes and ends helpers):
 * shown once with its QR code on the seminar's page, then opened on the helper's phone, where GET
 * only shows what it is for and POST signs in.
 */

/**
 * A new helper link as the seminar's page shows it, once: the address and its QR code (only the
 * link's hash is kept).
 */
export async function createCheckinHelperLink(
  db: Db,
  input: { seminarId: string; label: string; validUntilDay: string; createdById: string },
  now = currentTime(),
): Promise<{ url: string; label: string; qr: string }> {
  const helper = await createCheckinHelper(db, input, now)
  const url = new URL(`/checkin/${helper.token}`, env().APP_URL).href
  return { url, label: input.label, qr: await slipQrDataUrl(url) }
}

/** What a valid link's page shows before it is used: who it is for, until when, which seminars. */
export async function helperLinkPage(db: Db, token: string) {
  const helper = await helperForLink(db, token)
  if (!helper) throw notFound()
  return { label: helper.label, expiresAt: helper.expiresAt, seminars: helper.seminars.map((s) => s.title) }
}

/**
 * Signs the link's helper in: a console session that ends with the link at the latest, recorded
 * in the security log. A link that is not (or no longer) valid is recorded too, then not found.
 */
export async function startHelperSession(
  db: Db,
  input: { token: string; userAgent?: string },
  now = currentTime(),
): Promise<string> {
  const helper = await helperForLink(db, input.token, now)
  if (!helper) {
    await recordSecurityEvent(db, { type: 'helper-link.use', outcome: 'failure' })
    throw notFound()
  }
  const hoursLeft = (helper.expiresAt.getTime() - now.getTime()) / 3600_000
  const session = await startSignIn(
    db,
    helper.userId,
    Math.min(env().SESSION_TTL_HOURS, hoursLeft),
    now,
    input.userAgent,
  )
  await recordSecurityEvent(db, { type: 'helper-link.use', outcome: 'success', actor: { id: helper.userId } })
  return session
}
