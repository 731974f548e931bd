import type { Db } from '~/utils/db.server'
import { isRecordNotFound } from '~/utils/errors'
import { queueMessages } from '../mail/outbox.server'
import { THANK_YOU_WINDOW_MS, thankYouTime } from '../mail/scheduler.server'
import { certificateEligibility, certificatePdf, issueCertificate } from './certificates.server'

const DAY = 24 * 3600_000

/*
 * Certificates by mail (docs/decisions/0051-certificates.md): for the seminars whose organizer
 * turned it on, at the thank-you's time (10:00 Japan time the day after the last session), every
 * attendee with an address is issued their certificates and one CERTIFICATE message is queued;
 * the PDFs are drawn here, once, when each is issued; delivery (render.server.ts) attaches the bytes stored.
 */
export async function queueCertificateMails(db: Db, now: Date): Promise<number> {
  const seminars = await db.seminar.findMany({
    where: {
      certificatesByMail: true,
      certificatesQueuedAt: null,
      status: 'PUBLISHED',
      sessions: { some: { endsAt: { gte: new Date(now.getTime() - THANK_YOU_WINDOW_MS - 2 * DAY), lte: now } } },
    },
    select: { id: true, sessions: { select: { endsAt: true }, orderBy: { endsAt: 'desc' }, take: 1 } },
  })
  let queued = 0
  for (const seminar of seminars) {
    const lastEnd = seminar.sessions[0]?.endsAt
    if (!lastEnd || thankYouTime(lastEnd) > now || now.getTime() - lastEnd.getTime() > THANK_YOU_WINDOW_MS) continue
    const attendees = await db.registration.findMany({
      where: {
        seminarId: seminar.id,
        role: 'PARTICIPANT',
        status: 'CONFIRMED',
        source: { not: 'IMPORT' },
        email: { not: '' },
        anonymizedAt: null,
        attendances: { some: {} },
      },
      select: { id: true },
    })
    const mailed: string[] = []
    for (const r of attendees) {
      // Issuing is idempotent (one certificate per registration and kind): a tick that stopped
      // half-way issues nothing twice when the next one runs.
      const eligibility = await certificateEligibility(db, r.id)
      if (eligibility.kinds.length === 0) continue
      for (const kind of eligibility.kinds) await issueCertificate(db, r.id, kind, now)
      mailed.push(r.id)
    }
    try {
      await db.$transaction([
        db.seminar.update({
          where: { id: seminar.id, certificatesQueuedAt: null },
          data: { certificatesQueuedAt: now },
        }),
        queueMessages(
          db,
          mailed.map((id) => ({ kind: 'CERTIFICATE' as const, seminarId: seminar.id, registrationId: id })),
          now,
        ),
      ])
      queued += mailed.length
    } catch (error) {
      if (!isRecordNotFound(error)) throw error
    }
  }
  return queued
}

/** The PDFs a CERTIFICATE message carries: every certificate issued to the registration. */
export async function certificateAttachments(db: Db, registrationId: string) {
  const issued = await db.certificate.findMany({
    where: { registrationId, registration: { anonymizedAt: null } },
    select: { kind: true },
    orderBy: { kind: 'asc' },
  })
  const files = []
  for (const { kind } of issued) {
    const file = await certificatePdf(db, registrationId, kind)
    if (file) files.push({ filename: file.filename, content: file.pdf, contentType: 'application/pdf' })
  }
  return files
}
