import crypto from 'node:crypto'
import type { Db } from '~/utils/db.server'
import { env } from '~/utils/env.server'
import { AppError, notFound } from '~/utils/errors'
import { currentTime } from '~/utils/clock.server'
import { recordExport } from '../audit/audit.server'
import type { CertificateKindName } from './forms'
import { certificateLayout } from './layout.server'
import { renderCertificatePdf, type CertificateContent } from './pdf.server'
import { seriesAttendance, type SeriesAttendance } from './series.server'

/*
 * Certificates (受講証明書・修了証, docs/decisions/0051-certificates.md): issued once per registration
 * and kind, with an unguessable verification code stored with the issue record; the PDF is drawn
 * once, at issue, from a copy of what it prints kept on that record, and its bytes are sent on
 * every download. Issuing writes, so it is
 * reached only by POST (the participant's link, the console) or by the background job.
 */

/** Crockford's base32 without I, L, O, U: a code read from paper is typed without confusion. */
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ'

/** 16 characters, 80 random bits. */
export function newCertificateCode(): string {
  const bytes = crypto.randomBytes(10)
  let bits = 0
  let value = 0
  let out = ''
  for (const b of bytes) {
    value = (value << 8) | b
    bits += 8
    while (bits >= 5) {
      out += ALPHABET[(value >>> (bits - 5)) & 31]
      bits -= 5
    }
  }
  return out
}

/** A code as typed or read: case, spaces and hyphens do not matter; null when it cannot be one. */
export function normalizeCode(typed: string): string | null {
  const code = typed.normalize('NFKC').toUpperCase().replace(/[\s-]/g, '').replace(/[IL]/g, '1').replace(/O/g, '0')
  return /^[0-9A-HJKMNP-TV-Z]{16}$/.test(code) ? code : null
}

/** "ABCD-EFGH-JKMN-PQRS": how a code is printed. */
export function formatCode(code: string): string {
  return code.match(/.{1,4}/g)?.join('-') ?? code
}

export function verifyUrl(code: string): string {
  return new URL(`/c/${code}`, env().APP_URL).href
}

export type Eligibility = {
  attendance: SeriesAttendance
  /** The kinds this registration may be issued now. */
  kinds: CertificateKindName[]
  /** Why none: anonymized, not a confirmed registration (cancelled, waitlisted, not drawn), or attended no counted session. */
  refusal: 'CERTIFICATE_ANONYMIZED' | 'CERTIFICATE_NOT_CONFIRMED' | 'CERTIFICATE_NOT_ATTENDED' | null
  issued: { kind: CertificateKindName; code: string; issuedAt: Date }[]
}

/** What a registration may be issued, and what it was. */
export async function certificateEligibility(db: Db, registrationId: string): Promise<Eligibility> {
  const registration = await db.registration.findUnique({
    where: { id: registrationId },
    select: {
      anonymizedAt: true,
      status: true,
      role: true,
      certificates: { select: { kind: true, code: true, issuedAt: true }, orderBy: { kind: 'asc' } },
    },
  })
  if (!registration) throw new AppError('REGISTRATION_NOT_FOUND')
  const attendance = await seriesAttendance(db, registrationId)
  // Only a confirmed registration is certified: a cancelled, waitlisted or undrawn one is not, even
  // with an attendance recorded (a check-in before the cancellation, a mistaken mark).
  const refusal = registration.anonymizedAt
    ? 'CERTIFICATE_ANONYMIZED'
    : registration.status !== 'CONFIRMED'
      ? 'CERTIFICATE_NOT_CONFIRMED'
      : attendance.attendedCount === 0
        ? 'CERTIFICATE_NOT_ATTENDED'
        : null
  const kinds: CertificateKindName[] = refusal
    ? []
    : attendance.completed
      ? ['ATTENDANCE', 'COMPLETION']
      : ['ATTENDANCE']
  return { attendance, kinds, refusal, issued: registration.certificates }
}

/** What a certificate prints, copied onto its row at issue; the person's fields are emptied by anonymization. */
type Snapshot = {
  programName: string
  sessions: { number: number; startsAt: string; mode: 'IN_PERSON' | 'ONLINE' }[]
  totalSessions: number
  /** Every session date of the seminar, for the verification page. */
  dates: string[]
  layout: Omit<CertificateContent['layout'], 'seal'>
}

function readSnapshot(json: string): Partial<Snapshot> {
  try {
    return JSON.parse(json) as Partial<Snapshot>
  } catch {
    return {}
  }
}

/**
 * The certificate of this kind for the registration: issued now (a new code), or the one issued
 * before. A registration that may not have it is told why (AppError). Issuing copies what is
 * printed onto the row (name, organization, seminar, sessions, layout) and draws the PDF once from
 * that copy; every later download sends those bytes (docs/decisions/0051-certificates.md).
 */
export async function issueCertificate(
  db: Db,
  registrationId: string,
  kind: CertificateKindName,
  now = currentTime(),
): Promise<{ code: string; created: boolean }> {
  const eligibility = await certificateEligibility(db, registrationId)
  if (eligibility.refusal) throw new AppError(eligibility.refusal)
  if (!eligibility.kinds.includes(kind)) throw new AppError('CERTIFICATE_NOT_COMPLETED')
  const existing = eligibility.issued.find((c) => c.kind === kind)
  if (existing) return { code: existing.code, created: false }
  const registration = await db.registration.findUniqueOrThrow({
    where: { id: registrationId },
    select: {
      seminarId: true,
      name: true,
      organizationName: true,
      seminar: {
        select: {
          title: true,
          programId: true,
          program: { select: { name: true } },
          sessions: { orderBy: { startsAt: 'asc' }, select: { startsAt: true } },
        },
      },
    },
  })
  const layout = await certificateLayout(db, registration.seminar.programId)
  const code = newCertificateCode()
  const sessions = eligibility.attendance.sessions
    .filter((s) => kind === 'COMPLETION' || s.attended)
    .map((s) => ({ number: s.number, startsAt: s.startsAt, mode: s.mode ?? ('IN_PERSON' as const) }))
  const layoutValues = {
    officeName: layout.officeName,
    attendanceTitle: layout.attendanceTitle,
    completionTitle: layout.completionTitle,
    body: layout.body,
    signerTitle: layout.signerTitle,
    signerName: layout.signerName,
    dateStyle: layout.dateStyle,
  }
  const snapshot: Snapshot = {
    programName: registration.seminar.program.name,
    sessions: sessions.map((s) => ({ ...s, startsAt: s.startsAt.toISOString() })),
    totalSessions: registration.seminar.sessions.length,
    dates: registration.seminar.sessions.map((s) => s.startsAt.toISOString()),
    layout: layoutValues,
  }
  const pdf = await renderCertificatePdf({
    kind,
    layout: { ...layoutValues, seal: layout.sealImage },
    name: registration.name,
    organizationName: registration.organizationName,
    seminarTitle: registration.seminar.title,
    programName: snapshot.programName,
    sessions,
    totalSessions: snapshot.totalSessions,
    issuedAt: now,
    code: formatCode(code),
    verifyUrl: verifyUrl(code),
  })
  try {
    const created = await db.certificate.create({
      data: {
        code,
        registrationId,
        seminarId: registration.seminarId,
        kind,
        issuedAt: now,
        holderName: registration.name,
        holderOrganization: registration.organizationName,
        seminarTitle: registration.seminar.title,
        snapshot: JSON.stringify(snapshot),
        pdf: new Uint8Array(pdf),
      },
      select: { code: true },
    })
    return { code: created.code, created: true }
  } catch (error) {
    // Issued at the same moment by another request (a double click): that one stands.
    const raced = await db.certificate.findUnique({
      where: { registrationId_kind: { registrationId, kind } },
      select: { code: true },
    })
    if (raced) return { code: raced.code, created: false }
    throw error
  }
}

/**
 * The PDF of a certificate already issued to this registration, as it was drawn at issue (never
 * drawn again); null when none of that kind was issued. Refused once the registration is
 * anonymized (its bytes are gone).
 */
export async function certificatePdf(
  db: Db,
  registrationId: string,
  kind: CertificateKindName,
): Promise<{ pdf: Buffer; filename: string } | null> {
  const certificate = await db.certificate.findUnique({
    where: { registrationId_kind: { registrationId, kind } },
    select: { code: true, pdf: true, registration: { select: { anonymizedAt: true } } },
  })
  if (!certificate) return null
  if (certificate.registration.anonymizedAt || !certificate.pdf) throw new AppError('CERTIFICATE_ANONYMIZED')
  return {
    pdf: Buffer.from(certificate.pdf),
    filename: `${kind === 'COMPLETION' ? 'completion' : 'attendance'}-${certificate.code}.pdf`,
  }
}

/**
 * Initials of a name as a verification page shows them: 山田 花子 → 山・花, Hanako Yamada → H.Y.
 * A name without spaces gives its first character only.
 */
export function nameInitials(name: string): string {
  const parts = name.normalize('NFKC').trim().split(/\s+/).filter(Boolean)
  if (parts.length === 0) return ''
  const firsts = parts.map((p) => Array.from(p)[0]!)
  return firsts.every((c) => /[A-Za-z]/.test(c)) ? firsts.map((c) => `${c.toUpperCase()}.`).join('') : firsts.join('・')
}

export type Verification = {
  kind: CertificateKindName
  seminarTitle: string
  /** The seminar's session dates, in order. */
  dates: Date[]
  issuedAt: Date
  /** null once the person is anonymized: then only that the code was issued is confirmed. */
  initials: string | null
}

/** What the public verification page confirms of a code; null for an unknown code. */
export async function verifyCertificate(db: Db, typed: string): Promise<Verification | null> {
  const code = normalizeCode(typed)
  if (!code) return null
  const certificate = await db.certificate.findUnique({
    where: { code },
    select: {
      kind: true,
      issuedAt: true,
      holderName: true,
      seminarTitle: true,
      snapshot: true,
      registration: { select: { anonymizedAt: true } },
    },
  })
  if (!certificate) return null
  // Read from what was printed at issue, not from the registration as it is now.
  const snapshot = readSnapshot(certificate.snapshot)
  return {
    kind: certificate.kind,
    seminarTitle: certificate.seminarTitle,
    dates: (snapshot.dates ?? []).map((d) => new Date(d)),
    issuedAt: certificate.issuedAt,
    initials:
      certificate.registration.anonymizedAt || !certificate.holderName ? null : nameInitials(certificate.holderName),
  }
}

// ---------------------------------------------------------------- the participant's link

/** The registration of a manage token (/r/:token), or not found. */
async function ownRegistrationId(db: Db, token: string): Promise<string> {
  const found = /^[A-Za-z0-9_-]{43}$/.test(token)
    ? await db.registration.findUnique({ where: { manageToken: token }, select: { id: true } })
    : null
  if (!found) throw notFound()
  return found.id
}

/** The participant's certificate page: the sessions and what they may be issued. Reads only. */
export async function ownCertificatePage(db: Db, token: string) {
  const registrationId = await ownRegistrationId(db, token)
  const registration = await db.registration.findUniqueOrThrow({
    where: { id: registrationId },
    select: { seminar: { select: { title: true, titleEn: true } } },
  })
  const eligibility = await certificateEligibility(db, registrationId)
  return {
    token,
    seminar: registration.seminar,
    sessions: eligibility.attendance.sessions.map((s) => ({
      number: s.number,
      startsAt: s.startsAt,
      attended: s.attended,
    })),
    attendedCount: eligibility.attendance.attendedCount,
    kinds: eligibility.kinds,
    refusal: eligibility.refusal,
  }
}

/** The participant asks for a certificate: issued (once), or why not. */
export async function issueOwnCertificate(db: Db, token: string, kind: CertificateKindName): Promise<void> {
  await issueCertificate(db, await ownRegistrationId(db, token), kind)
}

/** The PDF of the participant's certificate of this kind, if it was issued; null otherwise. */
export async function ownCertificatePdf(db: Db, token: string, kind: CertificateKindName) {
  return certificatePdf(db, await ownRegistrationId(db, token), kind)
}

// ---------------------------------------------------------------- the console

/** The registration, if it is this seminar's; not found otherwise. */
async function registrationOfSeminar(db: Db, seminarId: string, registrationId: string): Promise<string> {
  const found = await db.registration.findFirst({ where: { id: registrationId, seminarId }, select: { id: true } })
  if (!found) throw notFound()
  return found.id
}

/** A registration's certificates as its console page shows them: what may be issued, what was. */
export async function staffCertificates(db: Db, seminarId: string, registrationId: string) {
  const e = await certificateEligibility(db, await registrationOfSeminar(db, seminarId, registrationId))
  return {
    kinds: e.kinds,
    refusal: e.refusal,
    issued: e.issued.map((c) => ({ kind: c.kind, code: formatCode(c.code), issuedAt: c.issuedAt })),
  }
}

/**
 * Staff issue a registration's certificate (or find the one issued), for the download that follows;
 * a certificate issued now is in the audit trail with who issued it.
 */
export async function staffIssueCertificate(
  db: Db,
  seminarId: string,
  registrationId: string,
  kind: CertificateKindName,
  userId: string,
): Promise<void> {
  const id = await registrationOfSeminar(db, seminarId, registrationId)
  const { code, created } = await issueCertificate(db, id, kind)
  if (created)
    await db.auditEvent.create({
      data: {
        actorId: userId,
        action: 'certificate.issue',
        entityType: 'Registration',
        entityId: id,
        detail: JSON.stringify({ kind, seminarId, code }),
      },
    })
}

/** A registration's certificate for staff: personal data, so the download is in the audit trail. */
export async function staffCertificatePdf(
  db: Db,
  seminarId: string,
  registrationId: string,
  kind: CertificateKindName,
  userId: string,
) {
  const file = await certificatePdf(db, await registrationOfSeminar(db, seminarId, registrationId), kind)
  if (file) await recordExport(db, userId, 'certificate', { seminarId, registrationId, kind })
  return file
}

/** A seminar's certificate page in the console: the mail setting and how many were issued. */
export async function seminarCertificatesPage(db: Db, seminarId: string) {
  const seminar = await db.seminar.findUnique({
    where: { id: seminarId },
    select: {
      id: true,
      title: true,
      certificatesByMail: true,
      certificatesQueuedAt: true,
      program: { select: { id: true, name: true } },
    },
  })
  if (!seminar) throw new AppError('SEMINAR_NOT_FOUND')
  const counts = await db.certificate.groupBy({ by: ['kind'], where: { seminarId }, _count: { _all: true } })
  const issued = (kind: CertificateKindName) => counts.find((c) => c.kind === kind)?._count._all ?? 0
  return { seminar, issued: { ATTENDANCE: issued('ATTENDANCE'), COMPLETION: issued('COMPLETION') } }
}

/** Turns the certificate mail after the last session on or off (in the audit trail). */
export async function setCertificatesByMail(
  db: Db,
  seminarId: string,
  enabled: boolean,
  userId: string | null,
): Promise<void> {
  await db.$transaction([
    db.seminar.update({ where: { id: seminarId }, data: { certificatesByMail: enabled } }),
    db.auditEvent.create({
      data: {
        actorId: userId,
        action: 'certificate.mail-setting',
        entityType: 'Seminar',
        entityId: seminarId,
        detail: JSON.stringify({ enabled }),
      },
    }),
  ])
}
