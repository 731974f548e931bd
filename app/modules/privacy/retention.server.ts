import fs from 'node:fs/promises'
import path from 'node:path'
import { flushErasedData, type Db } from '~/utils/db.server'
import { Prisma } from '~/generated/prisma/client'
import { env } from '~/utils/env.server'
import { AppError } from '~/utils/errors'
import { nameKeys } from '../attendance/import.server'
import type { ParsedReport } from '../attendance/meeting-report'
import { fiscalYearOf, fiscalYearRange } from '~/utils/time'
import { normalizeEmail } from '../registration/identity'
import { newManageToken } from '../registration/registrations.server'
import { emptyStaleImports } from '../spreadsheet/import.server'
import { DELETED_CODE_PREFIX } from './deleted-code'
import { currentTime } from '~/utils/clock.server'

/*
 * Retention of personal data (docs/decisions/0012-retention.md; APPI art. 22;
 * docs/domain.md#removing-personal-data-never-moves-a-figure).
 *
 * A registration's personal data (name, furigana, email, the meeting-report rows and audit
 * details that name the person, copies of the messages sent to them) is kept until the end of
 * the program's retention period, counted in fiscal years after the fiscal year of the seminar's
 * first session, and then removed by `anonymizeExpired`. A participant's deletion request is
 * carried out by staff with `deletePersonalData`.
 *
 * What makes every reported number survive: nothing that counts is touched. The registration row
 * stays with its personId, organizationId, role, status, mode, source, dates and the company's
 * (non-personal) attributes: organization name, corporate number, industry, in/outside the city.
 * Attendances, tallies, snapshots and adjustments are not touched either. The Person row stays
 * too (its id is what counts a person once, 実人数); only its name and email are removed, and only
 * once none of its registrations holds them any more.
 */

export { PRIVACY_VERSION } from './notice'

/** What an anonymized registration or person is called from then on. */
export const ANONYMIZED_NAME = '（削除済み）'

/** Personal data is kept this many fiscal years after the seminar's fiscal year unless the program says otherwise. */
export const DEFAULT_RETENTION_YEARS = 3

/** Registrations anonymized per transaction by the scheduled job. */
export const RETENTION_BATCH_SIZE = 500

/** The parsed rows of a meeting report once its session is past retention. */
export const ANONYMIZED_IMPORT = JSON.stringify({ rows: [], errors: [], anonymized: true })

/** Keys of AuditEvent details that hold a person's data. */
const PERSONAL_DETAIL_KEYS = new Set(['name', 'furigana', 'email', 'emailNormalized', 'phone'])

/** Seminar ids per query (an `IN` list of this size is fine on SQLite and PostgreSQL). */
const CHUNK = 500

export type AnonymizeReason = 'RETENTION' | 'REQUEST'

export type AnonymizeResult = {
  /** Registrations whose personal data was removed now (already anonymized ones are not counted). */
  registrations: number
  /** Persons anonymized because none of their registrations holds personal data any more. */
  persons: number
  /** Meeting-report imports whose rows were removed (all of them, or the rows naming these people). */
  imports: number
}

/** When a seminar counts as held for retention: its first session, or its creation without sessions. */
export function seminarStart(seminar: { createdAt: Date; sessions: { startsAt: Date }[] }): Date {
  let first: Date | null = null
  for (const s of seminar.sessions) if (first === null || s.startsAt < first) first = s.startsAt
  return first ?? seminar.createdAt
}

function validYears(retentionYears: number): number {
  // The console allows 1–10; anything else in the database must never reach an upcoming seminar.
  return Number.isFinite(retentionYears) ? Math.max(1, Math.trunc(retentionYears)) : DEFAULT_RETENTION_YEARS
}

/**
 * The instant from which personal data of a seminar that started at `seminarStartsAt` is past
 * retention: 1 April 00:00 Japan time of the fiscal year after the last one it is kept in. A
 * seminar of FY2023 kept 3 years is kept through FY2026 and is past retention from
 * 2027-04-01T00:00+09:00.
 */
export function retentionCutoff(seminarStartsAt: Date, retentionYears: number): Date {
  return fiscalYearRange(fiscalYearOf(seminarStartsAt) + validYears(retentionYears) + 1).start
}

/** Past retention: the current fiscal year is later than the seminar's fiscal year + retentionYears. */
export function isPastRetention(seminarStartsAt: Date, retentionYears: number, now = currentTime()): boolean {
  return now >= retentionCutoff(seminarStartsAt, retentionYears)
}

/**
 * Seminars that started before this instant are past retention now: those of fiscal years up to
 * FY(now) − retentionYears − 1.
 */
function expiredBefore(retentionYears: number, now: Date): Date {
  return fiscalYearRange(fiscalYearOf(now) - validYears(retentionYears)).start
}

function chunks<T>(items: T[], size = CHUNK): T[][] {
  const result: T[][] = []
  for (let i = 0; i < items.length; i += size) result.push(items.slice(i, i + size))
  return result
}

/** The detail JSON without a person's data, or null when it holds none. */
function scrubDetail(detail: string): string | null {
  let value: unknown
  try {
    value = JSON.parse(detail)
  } catch {
    return null
  }
  let changed = false
  const scrub = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(scrub)
    if (v === null || typeof v !== 'object') return v
    const out: Record<string, unknown> = {}
    for (const [k, inner] of Object.entries(v)) {
      if (PERSONAL_DETAIL_KEYS.has(k)) changed = true
      else out[k] = scrub(inner)
    }
    return out
  }
  const scrubbed = scrub(value)
  return changed ? JSON.stringify(scrubbed) : null
}

/** The report without the rows (and row errors) that name one of these people, or null when none does. */
function scrubImport(parsedJson: string, emails: Set<string>, names: Set<string>): string | null {
  let parsed: ParsedReport
  try {
    parsed = JSON.parse(parsedJson) as ParsedReport
  } catch {
    return null
  }
  const rows = Array.isArray(parsed.rows) ? parsed.rows : []
  const errors = Array.isArray(parsed.errors) ? parsed.errors : []
  const named = (row: ParsedReport['rows'][number]) =>
    (row.email !== null && emails.has(normalizeEmail(row.email))) || nameKeys(row.name ?? '').some((k) => names.has(k))
  const keptRows = rows.filter((r) => !named(r))
  const errorText = (text: string) => {
    const lower = text.normalize('NFKC').toLowerCase()
    return [...emails].some((e) => lower.includes(e))
  }
  const keptErrors = errors.filter((e) => !errorText(e.text ?? ''))
  if (keptRows.length === rows.length && keptErrors.length === errors.length) return null
  return JSON.stringify({ ...parsed, rows: keptRows, errors: keptErrors })
}

/** Removes the .eml copies; a file already gone is fine. Never outside the mail directory. */
async function removeMailCopies(files: string[], mailDir: string) {
  const root = path.resolve(mailDir)
  for (const file of files) {
    const full = path.resolve(root, file)
    if (!full.startsWith(root + path.sep)) continue
    await fs.rm(full, { force: true })
  }
}

/**
 * Removes the personal data of these registrations, in one transaction: name, furigana and email
 * (the normalized email becomes `deleted:<id>`, which matches nobody), the active-email and
 * submission keys, the manage token (replaced, so old links stop working) and the slip's check-in
 * secrets (QR token cleared, code `deleted:<id>`: the old slip checks nobody in). Their unsent
 * messages are deleted; sent ones stay as a record without their .eml copy and error text. Audit
 * details naming them lose the name and email; meeting-report rows naming them are removed. A
 * person none of whose registrations keeps personal data is anonymized too, keeping its id.
 * Their survey responses keep their answers but no longer name the invitation (so the person).
 * Counted fields (person, organization, role, status, mode, attendances, tallies) never change.
 * Registrations already anonymized are skipped. One audit event records the reason and count.
 */
export async function anonymizeRegistrations(
  db: Db,
  registrationIds: string[],
  options: {
    reason: AnonymizeReason
    userId?: string | null
    now?: Date
    mailDir?: string
    /** What the audit event is about (a deletion request: the person); by default the registrations. */
    subject?: { type: string; id: string }
  },
): Promise<AnonymizeResult> {
  const now = options.now ?? currentTime()
  const rows =
    registrationIds.length === 0
      ? []
      : (
          await Promise.all(
            chunks([...new Set(registrationIds)]).map((ids) =>
              db.registration.findMany({
                where: { id: { in: ids }, anonymizedAt: null },
                select: { id: true, personId: true, seminarId: true, name: true, emailNormalized: true },
              }),
            ),
          )
        ).flat()
  // No personal data in it: the reason and how many.
  const audit = (count: number) =>
    db.auditEvent.create({
      data: {
        actorId: options.userId ?? null,
        action: 'registration.anonymize',
        entityType: options.subject?.type ?? 'Registration',
        entityId: options.subject?.id ?? (registrationIds.length === 1 ? registrationIds[0] : 'batch'),
        detail: JSON.stringify({ reason: options.reason, count }),
      },
      select: { id: true },
    })
  if (rows.length === 0) {
    // A deletion request is recorded even when nothing was left to delete.
    if (options.reason === 'REQUEST') await audit(0)
    return { registrations: 0, persons: 0, imports: 0 }
  }
  const ids = rows.map((r) => r.id)
  const seminarIds = [...new Set(rows.map((r) => r.seminarId))]
  const personIds = [...new Set(rows.map((r) => r.personId))]

  const sessions = await db.session.findMany({
    where: { seminarId: { in: seminarIds } },
    select: { id: true, seminarId: true },
  })
  const sessionsBySeminar = new Map<string, string[]>()
  for (const s of sessions) sessionsBySeminar.set(s.seminarId, [...(sessionsBySeminar.get(s.seminarId) ?? []), s.id])
  // Attendance events are keyed "<sessionId>:<registrationId>" (check-in, walk-in, import, marking).
  const attendanceKeys = rows.flatMap((r) => (sessionsBySeminar.get(r.seminarId) ?? []).map((s) => `${s}:${r.id}`))

  const events = (
    await Promise.all([
      ...chunks(ids).map((chunk) =>
        db.auditEvent.findMany({
          where: { entityType: 'Registration', entityId: { in: chunk } },
          select: { id: true, detail: true },
        }),
      ),
      ...chunks(attendanceKeys).map((chunk) =>
        db.auditEvent.findMany({
          where: { entityType: 'Attendance', entityId: { in: chunk } },
          select: { id: true, detail: true },
        }),
      ),
    ])
  )
    .flat()
    .flatMap((e) => {
      const detail = scrubDetail(e.detail)
      return detail === null ? [] : [{ id: e.id, detail }]
    })

  // Meeting reports of their sessions: the rows with their email or name go.
  const emails = new Set(rows.map((r) => r.emailNormalized).filter((e) => e.includes('@')))
  const names = new Set(rows.flatMap((r) => nameKeys(r.name)))
  const imports = (
    await Promise.all(
      chunks(sessions.map((s) => s.id)).map((chunk) =>
        db.attendanceImport.findMany({
          where: { sessionId: { in: chunk }, parsed: { not: ANONYMIZED_IMPORT } },
          select: { id: true, parsed: true },
        }),
      ),
    )
  )
    .flat()
    .flatMap((i) => {
      const parsed = scrubImport(i.parsed, emails, names)
      return parsed === null ? [] : [{ id: i.id, parsed }]
    })

  // The file copies go first: should the transaction fail, nothing personal is left behind in
  // them, and the rows that named them are simply handled again on the next run.
  const copies = await db.outboxMessage.findMany({
    where: { registrationId: { in: ids }, emlFile: { not: null } },
    select: { emlFile: true },
  })
  await removeMailCopies(
    copies.map((c) => c.emlFile!),
    options.mailDir ?? env().MAIL_DIR,
  )

  // Four statements whatever the batch size: the values that differ per row (the deleted-email
  // key, a fresh manage token) in plain SQL that SQLite and PostgreSQL read alike, the rest
  // through the query API. Each pair is conditional on the row not being anonymized yet.
  const idList = Prisma.join(ids)
  const tokens = Prisma.join(
    ids.map((id) => Prisma.sql`WHEN ${id} THEN ${newManageToken()}`),
    ' ',
  )
  const personList = Prisma.join(personIds)
  const results = await db.$transaction([
    // The slip's secrets go too: its QR token is cleared and its code becomes `deleted:<id>`, which
    // no typed code can match (typed codes are upper-cased), so an old slip checks nobody in.
    db.$executeRaw`UPDATE "Registration" SET "emailNormalized" = 'deleted:' || "id", "code" = ${DELETED_CODE_PREFIX} || "id",
        "checkinToken" = NULL, "manageToken" = CASE "id" ${tokens} END
      WHERE "id" IN (${idList}) AND "anonymizedAt" IS NULL`,
    db.registration.updateMany({
      where: { id: { in: ids }, anonymizedAt: null },
      data: {
        name: ANONYMIZED_NAME,
        furigana: '',
        email: '',
        phone: null,
        activeEmailKey: null,
        submissionKey: null,
        anonymizedAt: now,
      },
    }),
    // After the registrations above, in the same transaction: a person is anonymized only when
    // none of its registrations keeps personal data.
    db.$executeRaw`UPDATE "Person" SET "emailNormalized" = 'deleted:' || "id"
      WHERE "id" IN (${personList}) AND "anonymizedAt" IS NULL
        AND NOT EXISTS (SELECT 1 FROM "Registration" r WHERE r."personId" = "Person"."id" AND r."anonymizedAt" IS NULL)`,
    db.person.updateMany({
      where: { id: { in: personIds }, anonymizedAt: null, emailNormalized: { startsWith: 'deleted:' } },
      data: { name: ANONYMIZED_NAME, furigana: '', anonymizedAt: now },
    }),
    db.outboxMessage.deleteMany({ where: { registrationId: { in: ids }, status: { in: ['PENDING', 'FAILED'] } } }),
    db.outboxMessage.updateMany({
      where: { registrationId: { in: ids }, status: 'SENT' },
      data: { emlFile: null, lastError: null },
    }),
    // Free-text answers to the seminar's questions may name anyone; the chosen answers, yes/no and
    // numbers are kept for the figures, with the registration no longer naming anyone (ADR 0046).
    db.answer.deleteMany({
      where: { registrationId: { in: ids }, question: { kind: { in: ['SHORT_TEXT', 'LONG_TEXT'] } } },
    }),
    // Their survey responses keep every answer, comments too (the office's results), but no longer
    // name the invitation, which names the registration (docs/decisions/0048).
    db.surveyResponse.updateMany({
      where: { invitation: { registrationId: { in: ids } } },
      data: { invitationId: null },
    }),
    // Certificates issued keep their code, kind, seminar and dates (the verification page still says
    // the code was issued), but not the name and organization printed, nor the PDF that carries them.
    db.certificate.updateMany({
      where: { registrationId: { in: ids } },
      data: { holderName: '', holderOrganization: null, pdf: null },
    }),
    ...events.map((e) => db.auditEvent.update({ where: { id: e.id }, data: { detail: e.detail } })),
    ...imports.map((i) => db.attendanceImport.update({ where: { id: i.id }, data: { parsed: i.parsed } })),
    audit(rows.length),
  ])
  const registrations = (results[1] as { count: number }).count
  const persons = (results[3] as { count: number }).count
  // The former values are still in the SQLite WAL until it is checkpointed: empty it now.
  await flushErasedData(db)
  if (registrations !== rows.length) {
    // Another process anonymized some of them at the same moment: record what this call did.
    const last = results[results.length - 1] as { id: string }
    await db.auditEvent.update({
      where: { id: last.id },
      data: { detail: JSON.stringify({ reason: options.reason, count: registrations }) },
    })
  }
  return { registrations, persons, imports: imports.length }
}

/**
 * The scheduled job: anonymizes every registration past its program's retention period (in
 * batches of `batchSize`, one transaction each) and empties the meeting reports imported for the
 * sessions of those seminars. Cheap when there is nothing to do: a query for the expired seminars,
 * one for their registrations not yet anonymized, one for their reports.
 */
export async function anonymizeExpired(
  db: Db,
  now = currentTime(),
  options: { batchSize?: number; mailDir?: string; maxRegistrations?: number } = {},
): Promise<AnonymizeResult> {
  const batchSize = options.batchSize ?? RETENTION_BATCH_SIZE
  // Spreadsheets uploaded and never applied: their rows go after a month (docs/decisions/0034).
  const staleSheets = await emptyStaleImports(db, now)
  const programs = await db.program.findMany({ select: { id: true, retentionYears: true } })
  const byYears = new Map<number, string[]>()
  for (const p of programs) {
    const years = validYears(p.retentionYears)
    byYears.set(years, [...(byYears.get(years) ?? []), p.id])
  }
  if (byYears.size === 0) return { registrations: 0, persons: 0, imports: staleSheets }
  // A seminar is past retention when its first session (or, without sessions, its creation) is
  // before its program's threshold: some session before it is the same as the first one being so.
  const seminars = await db.seminar.findMany({
    where: {
      OR: [...byYears].map(([years, programIds]) => {
        const before = expiredBefore(years, now)
        return {
          programId: { in: programIds },
          OR: [
            { sessions: { some: { startsAt: { lt: before } } } },
            { sessions: { none: {} }, createdAt: { lt: before } },
          ],
        }
      }),
    },
    select: { id: true },
    orderBy: { id: 'asc' },
  })
  const result: AnonymizeResult = { registrations: 0, persons: 0, imports: staleSheets }
  for (const seminarIds of chunks(seminars.map((s) => s.id))) {
    // Reports first: emptied as a whole, so the registrations below need not look into them.
    const cleared = await db.attendanceImport.updateMany({
      where: { session: { seminarId: { in: seminarIds } }, parsed: { not: ANONYMIZED_IMPORT } },
      data: { parsed: ANONYMIZED_IMPORT },
    })
    if (cleared.count > 0) {
      result.imports += cleared.count
      await db.auditEvent.create({
        data: {
          action: 'attendance-import.anonymize',
          entityType: 'AttendanceImport',
          entityId: 'batch',
          detail: JSON.stringify({ reason: 'RETENTION', count: cleared.count }),
        },
      })
    }
    let after = ''
    for (;;) {
      const batch = await db.registration.findMany({
        where: { seminarId: { in: seminarIds }, anonymizedAt: null, id: { gt: after } },
        select: { id: true },
        orderBy: { id: 'asc' },
        take: batchSize,
      })
      if (batch.length === 0) break
      after = batch[batch.length - 1].id
      const done = await anonymizeRegistrations(
        db,
        batch.map((r) => r.id),
        { reason: 'RETENTION', now, mailDir: options.mailDir },
      )
      result.registrations += done.registrations
      result.persons += done.persons
      result.imports += done.imports
      // A share per call: a first run over years of data must not crowd out the app's requests.
      if (options.maxRegistrations !== undefined && result.registrations >= options.maxRegistrations) return result
      if (batch.length < batchSize) break
    }
  }
  // Reports emptied without any registration left to anonymize: their rows leave the WAL too.
  if (result.imports > 0) await flushErasedData(db)
  return result
}

/**
 * A participant's deletion request, carried out by staff: every registration of the same person
 * (whichever seminar) loses its personal data, and so does the person. Returns how many
 * registrations were anonymized now.
 */
export async function deletePersonalData(
  db: Db,
  input: { registrationId: string; userId: string | null; now?: Date; mailDir?: string },
): Promise<number> {
  const registration = await db.registration.findUnique({
    where: { id: input.registrationId },
    select: { personId: true },
  })
  if (!registration) throw new AppError('REGISTRATION_NOT_FOUND')
  const all = await db.registration.findMany({
    where: { personId: registration.personId, anonymizedAt: null },
    select: { id: true },
  })
  const result = await anonymizeRegistrations(db, all.length ? all.map((r) => r.id) : [input.registrationId], {
    reason: 'REQUEST',
    userId: input.userId,
    now: input.now,
    mailDir: input.mailDir,
    subject: { type: 'Person', id: registration.personId },
  })
  return result.registrations
}

/** What a deletion request would remove: the person's registrations that still hold personal data. */
export async function deletionPreview(db: Db, registrationId: string) {
  const registration = await db.registration.findUnique({
    where: { id: registrationId },
    select: {
      id: true,
      personId: true,
      name: true,
      email: true,
      organizationName: true,
      anonymizedAt: true,
    },
  })
  if (!registration) return null
  const registrations = await db.registration.findMany({
    where: { personId: registration.personId, anonymizedAt: null },
    select: {
      id: true,
      status: true,
      waitlistPosition: true,
      createdAt: true,
      seminar: {
        select: {
          id: true,
          title: true,
          programId: true,
          sessions: { select: { startsAt: true }, orderBy: { startsAt: 'asc' }, take: 1 },
        },
      },
    },
    orderBy: { createdAt: 'asc' },
  })
  return {
    registration,
    registrations: registrations.map((r) => ({
      id: r.id,
      status: r.status,
      waitlistPosition: r.waitlistPosition,
      seminarId: r.seminar.id,
      seminarTitle: r.seminar.title,
      programId: r.seminar.programId,
      startsAt: r.seminar.sessions[0]?.startsAt ?? null,
    })),
  }
}
