import crypto from 'node:crypto'
import type { Db } from '~/utils/db.server'
import { Prisma } from '~/generated/prisma/client'
import { APP_ERRORS, AppError, isUniqueViolation, type AppErrorCode } from '~/utils/errors'
import type { MessageKey } from '~/utils/i18n'
import { currentTime } from '~/utils/clock.server'
import { fiscalYearOf, fromTokyoWallClock, tokyoDate, tokyoWallClock } from '~/utils/time'
import { visibleProgramIds } from '../accounts/access.server'
import { recordChange } from '../audit/security-log.server'
import type { ConsoleIdentity } from '../accounts/console-users.server'
import { categoryOptions } from '../categories/categories.server'
import { tallyOps, type CountableAttendance } from '../indicators/tally.server'
import { listPrograms } from '../scheduling/seminars.server'
import { queueMessage } from '../mail/outbox.server'
import { personIdentityHash } from '../privacy/identity.server'
import { normalizeOrganizationName, personKey } from '../registration/identity'
import {
  newCheckinToken,
  newManageToken,
  newRegistrationCode,
  upsertOrganization,
} from '../registration/registrations.server'
import { guessMapping, mappingSignature } from './columns'
import { planImport, titleKey, type ImportKind, type ImportPlan, type Known } from './import-plan'
import { readSpreadsheet } from './read.server'
import { toRecords } from './records'
import { IMPORT_FIELDS, type ColumnMapping, type ImportField, type Sheet } from './types'
import { readPage } from '~/utils/paging'

/*
 * Spreadsheet imports (docs/decisions/0034-spreadsheet-imports.md): upload → mapping → preview →
 * apply → (undo). The file's rows are stored with the import; nothing else is written until it is
 * applied, and then everything in one transaction: persons, organizations, registrations (source
 * IMPORT, no consent, no mail unless asked), attendance (source IMPORT) with the indicator tallies,
 * past seminars and sessions, and a SpreadsheetImportItem for each thing created, which is what an
 * undo removes.
 */

/** Into one seminar (registrants and their attendance), or past seminars of a program. */
export type ImportTarget = { kind: 'SEMINAR'; seminarId: string } | { kind: 'PAST'; programId: string }

type Client = Db

const SAMPLE_ROWS = 3

function targetWhere(target: ImportTarget) {
  return target.kind === 'SEMINAR'
    ? { kind: 'SEMINAR', seminarId: target.seminarId }
    : { kind: 'PAST', programId: target.programId }
}

/** Reads an uploaded file and stores it for its mapping and preview; returns the import's id. */
export async function uploadSpreadsheet(
  db: Db,
  input: { target: ImportTarget; file: File | undefined; categoryId?: string | null; userId: string },
): Promise<string> {
  if (!input.file || input.file.size === 0) throw new AppError('IMPORT_FILE_REQUIRED')
  if (input.target.kind === 'SEMINAR') {
    const seminar = await db.seminar.findUnique({ where: { id: input.target.seminarId }, select: { id: true } })
    if (!seminar) throw new AppError('SEMINAR_NOT_FOUND')
  } else {
    const category = input.categoryId
      ? await db.category.findUnique({ where: { id: input.categoryId }, select: { id: true } })
      : null
    if (!category) throw new AppError('CATEGORY_NOT_FOUND')
  }
  const sheet = await readSpreadsheet(new Uint8Array(await input.file.arrayBuffer()), input.file.name)
  const preset = await db.importPreset.findUnique({ where: { signature: mappingSignature(sheet.headers) } })
  const mapping = preset
    ? fitMapping(JSON.parse(preset.mapping) as ColumnMapping, sheet.headers.length)
    : guessMapping(sheet.headers)
  const created = await db.spreadsheetImport.create({
    data: {
      ...targetWhere(input.target),
      categoryId: input.target.kind === 'PAST' ? input.categoryId : null,
      fileName: sheet.fileName.slice(0, 200),
      format: sheet.format,
      sha256: sheet.sha256,
      headers: JSON.stringify(sheet.headers),
      rows: JSON.stringify(sheet.rows),
      mapping: JSON.stringify(mapping),
      createdById: input.userId,
    },
    select: { id: true },
  })
  return created.id
}

/** A mapping as long as the header row: missing columns not imported, unknown fields dropped. */
function fitMapping(mapping: (string | null | undefined)[], length: number): ColumnMapping {
  return Array.from({ length }, (_, i) => {
    const field = mapping[i]
    return field && (IMPORT_FIELDS as readonly string[]).includes(field) ? (field as ImportField) : null
  })
}

async function findImport(db: Client, target: ImportTarget, importId: string) {
  const found = await db.spreadsheetImport.findFirst({ where: { id: importId, ...targetWhere(target) } })
  if (!found) throw new AppError('IMPORT_NOT_FOUND')
  return found
}

type StoredImport = Awaited<ReturnType<typeof findImport>>

function sheetOf(stored: StoredImport): Sheet {
  return {
    fileName: stored.fileName,
    format: stored.format === 'xlsx' ? 'xlsx' : 'csv',
    sha256: stored.sha256,
    headers: JSON.parse(stored.headers) as string[],
    rows: JSON.parse(stored.rows) as Sheet['rows'],
  }
}

/** The mapping chosen on the page (one field or 'none' per column); remembered for files with the same headers. */
export async function saveMapping(
  db: Db,
  input: { target: ImportTarget; importId: string; columns: (string | undefined)[]; userId: string },
  now = currentTime(),
): Promise<void> {
  const stored = await findImport(db, input.target, input.importId)
  if (stored.appliedAt) throw new AppError('IMPORT_ALREADY_APPLIED')
  const headers = JSON.parse(stored.headers) as string[]
  const mapping = fitMapping(
    input.columns.map((c) => (c === 'none' ? null : c)),
    headers.length,
  )
  const json = JSON.stringify(mapping)
  const signature = mappingSignature(headers)
  await db.$transaction([
    db.spreadsheetImport.update({ where: { id: stored.id }, data: { mapping: json } }),
    db.importPreset.upsert({
      where: { signature },
      // Presets serve every program: named by nothing of the file (its name may name people or
      // another program's business), only by when it was saved.
      create: { signature, name: '', mapping: json, savedById: input.userId, savedAt: now },
      update: { name: '', mapping: json, savedById: input.userId, savedAt: now },
    }),
  ])
}

/** Splits a list for `IN (…)` lists of bounded length. */
function chunks<T>(items: T[], size: number): T[][] {
  const out: T[][] = []
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size))
  return out
}

function wall(date: Date) {
  const w = tokyoWallClock(date)
  return `${String(w.hour).padStart(2, '0')}:${String(w.minute).padStart(2, '0')}`
}

/** What the database holds that the plan needs. */
async function loadKnown(db: Client, stored: StoredImport, sheet: Sheet, mapping: ColumnMapping, keys: string[]) {
  const sessionSelect = {
    select: { id: true, number: true, startsAt: true, endsAt: true },
    orderBy: { number: 'asc' as const },
  }
  let seminars: {
    id: string
    title: string
    mode: 'IN_PERSON' | 'ONLINE' | 'HYBRID'
    sessions: { id: string; number: number; startsAt: Date; endsAt: Date }[]
  }[]
  if (stored.kind === 'SEMINAR') {
    const seminar = await db.seminar.findUnique({
      where: { id: stored.seminarId ?? '' },
      select: { id: true, title: true, mode: true, sessions: sessionSelect },
    })
    if (!seminar) throw new AppError('SEMINAR_NOT_FOUND')
    seminars = [seminar]
  } else {
    const titleColumn = mapping.indexOf('seminarTitle')
    const titles = new Set(sheet.rows.map((r) => titleKey(r.cells[titleColumn] ?? '')))
    const all = await db.seminar.findMany({
      where: { programId: stored.programId ?? '', status: { not: 'CANCELLED' } },
      select: { id: true, title: true, mode: true, sessions: sessionSelect },
      orderBy: { createdAt: 'asc' },
    })
    seminars = all.filter((s) => titles.has(titleKey(s.title)))
  }
  const seminarIds = seminars.map((s) => s.id)
  const registrations = await db.registration.findMany({
    where: { seminarId: { in: seminarIds }, activeEmailKey: { not: null } },
    select: { id: true, seminarId: true, activeEmailKey: true, mode: true },
  })
  const recorded = await db.attendance.findMany({
    where: { registration: { seminarId: { in: seminarIds }, activeEmailKey: { not: null } } },
    select: { sessionId: true, registrationId: true },
  })
  const persons = new Map<string, string>()
  const byHash = new Map(keys.map((k) => [personIdentityHash(k), k]))
  const wanted = new Set(keys)
  for (const part of chunks(keys, 200)) {
    const hashes = part.map((k) => personIdentityHash(k))
    const found = await db.person.findMany({
      where: { OR: [{ identityHash: { in: hashes } }, { emailNormalized: { in: part } }] },
      select: { id: true, identityHash: true, emailNormalized: true },
    })
    for (const p of found) {
      const key = (p.identityHash && byHash.get(p.identityHash)) || p.emailNormalized
      if (wanted.has(key) && !persons.has(key)) persons.set(key, p.id)
    }
  }
  const known: Known = {
    seminars: seminars.map((s) => ({
      id: s.id,
      title: s.title,
      mode: s.mode,
      sessions: s.sessions.map((x) => ({
        id: x.id,
        number: x.number,
        date: tokyoDate(x.startsAt),
        start: wall(x.startsAt),
        end: wall(x.endsAt),
      })),
    })),
    registrations: registrations.map((r) => ({
      id: r.id,
      seminarId: r.seminarId,
      key: r.activeEmailKey!,
      mode: r.mode,
    })),
    attendances: new Set(recorded.map((a) => `${a.sessionId}:${a.registrationId}`)),
    persons,
  }
  return { known, sessions: new Map(seminars.flatMap((s) => s.sessions.map((x) => [x.id, x]))) }
}

async function planOf(db: Client, stored: StoredImport) {
  const sheet = sheetOf(stored)
  const mapping = fitMapping(JSON.parse(stored.mapping ?? '[]') as ColumnMapping, sheet.headers.length)
  const { records, errors } = toRecords(sheet, mapping)
  const keys = [...new Set(records.map((r) => personKey(r.person)).filter((k): k is string => k !== null))]
  const { known, sessions } = await loadKnown(db, stored, sheet, mapping, keys)
  const plan = planImport({
    kind: stored.kind as ImportKind,
    headers: sheet.headers,
    mapping,
    records,
    recordErrors: errors,
    lines: sheet.rows.map((r) => r.line),
    typedNames: new Map(sheet.rows.map((r) => [r.line, (r.cells[mapping.indexOf('name')] ?? '').trim()])),
    known,
  })
  return { sheet, mapping, plan, sessions }
}

/** A digest of what the preview listed: applying refuses when what it would do is not what was shown. */
export function planDigest(plan: ImportPlan): string {
  return crypto
    .createHash('sha256')
    .update(JSON.stringify({ rows: plan.rows, counts: plan.counts, problems: plan.mappingProblems }))
    .digest('hex')
    .slice(0, 32)
}

export type ImportSummary = ImportPlan['counts'] & { mailed: number }

/** The import's page: the mapping form, the preview, or what was applied and whether it can be undone. */
export async function importPage(db: Db, importTarget: ImportTarget, importId: string) {
  const stored = await findImport(db, importTarget, importId)
  const { sheet, mapping, plan, sessions } = await planOf(db, stored)
  const closedYears = stored.appliedAt ? [] : await closedYearsOf(db, plan, sessions)
  const sameFileApplied = await db.spreadsheetImport.findFirst({
    where: {
      ...targetWhere(importTarget),
      sha256: stored.sha256,
      appliedAt: { not: null },
      undoneAt: null,
      id: { not: stored.id },
    },
    select: { id: true, appliedAt: true },
  })
  const preset = await db.importPreset.findUnique({
    where: { signature: mappingSignature(sheet.headers) },
    select: { name: true, savedAt: true },
  })
  let undoRefusal: MessageKey | null = null
  if (stored.appliedAt && !stored.undoneAt) {
    const blocker = await undoBlocker(db, stored.id)
    undoRefusal = blocker ? APP_ERRORS[blocker].message : null
  }
  // What the page links back to: the seminar, or the program (by its name).
  const seminar = stored.seminarId
    ? await db.seminar.findUnique({ where: { id: stored.seminarId }, select: { id: true, title: true } })
    : null
  const program = stored.programId
    ? await db.program.findUnique({ where: { id: stored.programId }, select: { id: true, name: true } })
    : null
  const target = seminar ?? (program ? { id: program.id, title: program.name } : null)
  if (!target) throw new AppError('IMPORT_NOT_FOUND')
  return {
    target,
    import: {
      id: stored.id,
      kind: stored.kind as ImportKind,
      fileName: stored.fileName,
      format: stored.format,
      createdAt: stored.createdAt,
      appliedAt: stored.appliedAt,
      undoneAt: stored.undoneAt,
      sendMail: stored.sendMail,
      summary: stored.summary ? (JSON.parse(stored.summary) as ImportSummary) : null,
    },
    headers: sheet.headers,
    samples: sheet.rows.slice(0, SAMPLE_ROWS).map((r) => r.cells),
    mapping,
    preset,
    sameFileApplied,
    plan,
    closedYears,
    undoRefusal,
    digest: planDigest(plan),
  }
}

/** The imports of a seminar or program, newest first, 50 a page (`?page=`), for the upload page. */
export async function importsOf(db: Db, target: ImportTarget, params = new URLSearchParams()) {
  const where = targetWhere(target)
  const { rows, paging } = await readPage(
    params,
    () => db.spreadsheetImport.count({ where }),
    (slice) =>
      db.spreadsheetImport.findMany({
        where,
        orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
        ...slice,
        select: { id: true, fileName: true, createdAt: true, appliedAt: true, undoneAt: true, summary: true },
      }),
  )
  return {
    imports: rows.map((r) => ({ ...r, summary: r.summary ? (JSON.parse(r.summary) as ImportSummary) : null })),
    paging,
  }
}

/** Fiscal years that are closed (and not reopened) among these. */
async function closedAmong(db: Client, years: Set<number>): Promise<number[]> {
  if (years.size === 0) return []
  const rows = await db.fiscalYearClose.findMany({
    where: { fiscalYear: { in: [...years] }, reopenedAt: null },
    select: { fiscalYear: true },
  })
  return rows.map((r) => r.fiscalYear).sort()
}

/** The seminars that get a registration or an attendance. */
function touchedSeminars(plan: ImportPlan): Set<string> {
  return new Set([...plan.registrations.map((r) => r.seminarKey), ...plan.attendances.map((a) => a.seminarKey)])
}

/** Closed fiscal years the plan would touch: every session of a seminar that gets a registration or attendance. */
async function closedYearsOf(db: Client, plan: ImportPlan, sessions: Map<string, { startsAt: Date }>) {
  const touched = touchedSeminars(plan)
  const years = new Set<number>()
  for (const seminar of plan.seminars) {
    if (!touched.has(seminar.key)) continue
    for (const s of seminar.sessions) {
      years.add(fiscalYearOf(s.id ? sessions.get(s.id)!.startsAt : instantOf(s.date, s.start)))
    }
  }
  return closedAmong(db, years)
}

function instantOf(date: string, time: string): Date {
  const [year, month, day] = date.split('-').map(Number)
  const [hour, minute] = time.split(':').map(Number)
  const at = fromTokyoWallClock({ year, month, day, hour, minute })
  if (!at) throw new AppError('BAD_REQUEST')
  return at
}

/**
 * The import's row, locked for the transaction (on PostgreSQL; SQLite writes one at a time): an
 * apply or undo sent twice at once waits for the first and then sees what it did.
 */
async function lockImport(tx: Client, importId: string): Promise<void> {
  await tx.$executeRaw`UPDATE "SpreadsheetImport" SET "format" = "format" WHERE "id" = ${importId}`
}

/**
 * Someone registering one of the file's people, or another import of them, at the very moment of
 * applying makes an insert fail on a unique key: the whole import is rolled back and the person is
 * asked to look at the preview again (409), not shown a server error.
 */
async function answeringRaces<T>(transaction: Promise<T>): Promise<T> {
  try {
    return await transaction
  } catch (error) {
    if (isUniqueViolation(error)) throw new AppError('IMPORT_PREVIEW_CHANGED')
    throw error
  }
}

/**
 * Applies an import as previewed, in one transaction. Refused, with nothing written: an import
 * already applied, the same file already applied to the same seminar or program, a mapping or
 * rows with errors, a preview that no longer matches (`digest`), a closed fiscal year, or more
 * new registrations than free seats.
 */
export async function applySpreadsheetImport(
  db: Db,
  input: { target: ImportTarget; importId: string; userId: string; sendMail: boolean; digest: string },
  now = currentTime(),
): Promise<ImportSummary> {
  const applied = await answeringRaces(
    db.$transaction(async (txClient) => {
      const tx = txClient as unknown as Db
      await lockImport(tx, input.importId)
      const stored = await findImport(tx, input.target, input.importId)
      if (stored.appliedAt) throw new AppError('IMPORT_ALREADY_APPLIED')
      const same = await tx.spreadsheetImport.findFirst({
        where: { ...targetWhere(input.target), sha256: stored.sha256, appliedAt: { not: null }, undoneAt: null },
        select: { id: true },
      })
      if (same) throw new AppError('IMPORT_SAME_FILE_APPLIED')
      // The seminar's queue row first: seats and waiting lists of a target seminar stay put meanwhile.
      if (stored.kind === 'SEMINAR')
        await tx.$executeRaw`UPDATE "Seminar" SET "queueVersion" = "queueVersion" + 1 WHERE "id" = ${stored.seminarId}`
      const { plan, sessions } = await planOf(tx, stored)
      if (plan.mappingProblems.length > 0 || plan.counts.errors > 0) throw new AppError('IMPORT_HAS_ERRORS')
      if (planDigest(plan) !== input.digest) throw new AppError('IMPORT_PREVIEW_CHANGED')
      if (plan.counts.newRegistrations === 0 && plan.counts.newAttendances === 0)
        throw new AppError('IMPORT_NOTHING_TO_DO')

      if ((await closedYearsOf(tx, plan, sessions)).length > 0) throw new AppError('IMPORT_YEAR_CLOSED')
      const touched = touchedSeminars(plan)

      const items: { kind: string; entityId: string }[] = []
      const seminarIds = new Map<string, string>()
      const sessionIds = new Map<string, string>()
      const sessionStarts = new Map<string, Date>()
      const futureSeminars = new Set<string>()

      // Seminars and sessions (past imports).
      for (const seminar of plan.seminars) {
        let seminarId = seminar.id
        if (!seminarId) {
          if (!touched.has(seminar.key)) continue
          const starts = seminar.sessions
            .map((s) => instantOf(s.date, s.start))
            .sort((a, b) => a.getTime() - b.getTime())
          const mode = seminar.modes.length > 1 ? 'HYBRID' : (seminar.modes[0] ?? 'IN_PERSON')
          seminarId = crypto.randomUUID()
          await tx.seminar.create({
            data: {
              id: seminarId,
              programId: stored.programId!,
              categoryId: stored.categoryId,
              title: seminar.title,
              status: 'PUBLISHED',
              mode,
              registrationOpensAt: starts[0],
              registrationClosesAt: starts[0],
              publishedAt: now,
              // Held before: no reminders or thank-yous are ever sent for it.
              thankYouQueuedAt: now,
              createdAt: now,
            },
          })
          items.push({ kind: 'seminar', entityId: seminarId })
        }
        seminarIds.set(seminar.key, seminarId)
        for (const s of seminar.sessions) {
          let sessionId = s.id
          let startsAt = s.id ? sessions.get(s.id)!.startsAt : instantOf(s.date, s.start)
          if (!sessionId) {
            sessionId = crypto.randomUUID()
            startsAt = instantOf(s.date, s.start)
            await tx.session.create({
              data: {
                id: sessionId,
                seminarId,
                number: s.number,
                startsAt,
                endsAt: instantOf(s.date, s.end),
                reminderQueuedAt: now,
              },
            })
            items.push({ kind: 'session', entityId: sessionId })
          }
          sessionIds.set(`${seminar.key}|${s.key}`, sessionId)
          sessionStarts.set(sessionId, startsAt)
          if (startsAt > now) futureSeminars.add(seminar.key)
        }
      }

      // Seats first: refused before anything is written when the new registrations do not fit.
      const newRegistrations = plan.registrations.filter((r) => r.registrationId === null)
      const seats = new Map<string, { IN_PERSON: number; ONLINE: number }>()
      for (const r of newRegistrations) {
        const seminarId = seminarIds.get(r.seminarKey)!
        const count = seats.get(seminarId) ?? { IN_PERSON: 0, ONLINE: 0 }
        count[r.mode]++
        seats.set(seminarId, count)
      }
      for (const [seminarId, count] of seats) {
        const seminar = await tx.seminar.findUniqueOrThrow({
          where: { id: seminarId },
          select: {
            status: true,
            capacityInPerson: true,
            capacityOnline: true,
            seatsTakenInPerson: true,
            seatsTakenOnline: true,
          },
        })
        if (seminar.status === 'CANCELLED') throw new AppError('IMPORT_SEMINAR_CANCELLED')
        for (const [mode, capacity, taken] of [
          ['IN_PERSON', seminar.capacityInPerson, seminar.seatsTakenInPerson],
          ['ONLINE', seminar.capacityOnline, seminar.seatsTakenOnline],
        ] as const) {
          if (capacity !== null && count[mode] > 0 && taken + count[mode] > capacity)
            throw new AppError('IMPORT_OVER_CAPACITY')
        }
        await tx.seminar.update({
          where: { id: seminarId },
          data: {
            seatsTakenInPerson: { increment: count.IN_PERSON },
            seatsTakenOnline: { increment: count.ONLINE },
            queueVersion: { increment: 1 },
          },
        })
      }

      // Persons: known ones as they are (an old file does not rename anyone); new ones created. They
      // were looked for inside this transaction, so a plain insert is right (a registration of the
      // same person at this very moment makes the insert fail and the import with it: apply again).
      const personIds = new Map<string, string>()
      const personRecords = new Map(plan.persons.map((p) => [p.key, p]))
      const needed = new Set(newRegistrations.map((r) => r.personKey))
      const newPersons: Prisma.PersonCreateManyInput[] = []
      for (const p of plan.persons) {
        if (p.personId) {
          personIds.set(p.key, p.personId)
          continue
        }
        if (!needed.has(p.key)) continue
        const id = crypto.randomUUID()
        personIds.set(p.key, id)
        newPersons.push({
          id,
          emailNormalized: p.key,
          identityHash: personIdentityHash(p.key),
          name: p.record.person.name,
          furigana: p.record.person.furigana,
          createdAt: now,
        })
        items.push({ kind: 'person', entityId: id })
      }
      for (const part of chunks(newPersons, 100)) await tx.person.createMany({ data: part })

      // Organizations, each looked up once per file.
      const organizations = new Map<string, string | null>()
      const organizationOf = async (name: string | null, corporateNumber: string | null) => {
        const key = JSON.stringify([corporateNumber, name ? normalizeOrganizationName(name) : ''])
        if (organizations.has(key)) return organizations.get(key)!
        const existed = await organizationExists(tx, name, corporateNumber)
        const id = await upsertOrganization(tx, name, corporateNumber)
        if (id && !existed) items.push({ kind: 'organization', entityId: id })
        organizations.set(key, id)
        return id
      }

      // Registrations: confirmed, source IMPORT, no consent.
      const registrationIds = new Map<string, string>()
      for (const r of plan.registrations) {
        if (r.registrationId) registrationIds.set(`${r.seminarKey}|${r.personKey}`, r.registrationId)
      }
      const rows: Prisma.RegistrationCreateManyInput[] = []
      const mail: { seminarId: string; registrationId: string }[] = []
      for (const r of newRegistrations) {
        const person = personRecords.get(r.personKey)!.record.person
        const seminarId = seminarIds.get(r.seminarKey)!
        const id = crypto.randomUUID()
        rows.push({
          id,
          seminarId,
          personId: personIds.get(r.personKey)!,
          organizationId: await organizationOf(person.organizationName, person.corporateNumber),
          name: person.name,
          furigana: person.furigana,
          email: person.email?.trim() ?? '',
          emailNormalized: r.personKey,
          activeEmailKey: r.personKey,
          organizationName: person.organizationName,
          corporateNumber: person.corporateNumber,
          industry: person.industry,
          inCity: person.inCity,
          phone: person.phone,
          mode: r.mode,
          status: 'CONFIRMED',
          source: 'IMPORT',
          enteredById: input.userId,
          language: 'ja',
          manageToken: newManageToken(),
          code: newRegistrationCode(),
          checkinToken: newCheckinToken(),
          consentedAt: null,
          privacyVersion: null,
          createdAt: now,
        })
        items.push({ kind: 'registration', entityId: id })
        registrationIds.set(`${r.seminarKey}|${r.personKey}`, id)
        if (input.sendMail && stored.kind === 'SEMINAR' && person.email && futureSeminars.has(r.seminarKey))
          mail.push({ seminarId, registrationId: id })
      }
      for (const part of chunks(rows, 30)) await tx.registration.createMany({ data: part })
      for (const m of mail) await queueMessage(tx, { kind: 'CONFIRMED', ...m }, now)
      const mailed = mail.length

      // Attendance, with the indicator tallies in the same transaction.
      const attendances: CountableAttendance[] = []
      const attendanceRows: Prisma.AttendanceCreateManyInput[] = []
      for (const a of plan.attendances) {
        const sessionId = sessionIds.get(`${a.seminarKey}|${a.sessionKey}`)!
        const registrationId = registrationIds.get(`${a.seminarKey}|${a.personKey}`)!
        const startsAt = sessionStarts.get(sessionId)!
        const id = crypto.randomUUID()
        attendanceRows.push({
          id,
          sessionId,
          registrationId,
          mode: a.mode,
          source: 'IMPORT',
          checkedInAt: startsAt < now ? startsAt : now,
          recordedById: input.userId,
        })
        items.push({ kind: 'attendance', entityId: id })
        attendances.push({ sessionId, registrationId, mode: a.mode, onlineMinutes: null })
      }
      for (const part of chunks(attendanceRows, 100)) await tx.attendance.createMany({ data: part })
      await runTallies(tx, attendances, 1)

      for (const part of chunks(items, 200)) {
        await tx.spreadsheetImportItem.createMany({ data: part.map((i) => ({ ...i, importId: stored.id })) })
      }
      const summary: ImportSummary = { ...plan.counts, mailed }
      const { count } = await tx.spreadsheetImport.updateMany({
        where: { id: stored.id, appliedAt: null },
        // The rows' personal data now lives in the registrations (under retention, 0012): not kept twice.
        data: {
          appliedAt: now,
          appliedById: input.userId,
          sendMail: input.sendMail,
          summary: JSON.stringify(summary),
          rows: '[]',
        },
      })
      if (count !== 1) throw new AppError('IMPORT_ALREADY_APPLIED')
      await tx.auditEvent.create({
        data: {
          actorId: input.userId,
          action: 'spreadsheet-import.apply',
          entityType: 'SpreadsheetImport',
          entityId: stored.id,
          // No file name: it often names people (「山田様ほか申込者.xlsx」); the hash identifies the file.
          detail: JSON.stringify({
            sha256: stored.sha256,
            ...targetWhere(input.target),
            ...summary,
          }),
          at: now,
        },
      })
      const created = items.filter((i) => i.kind === 'seminar').map((i) => i.entityId)
      return { summary, created, programId: stored.programId }
    }),
  )
  // Seminars are changes of the security log (0023), recorded once committed.
  for (const seminarId of applied.created)
    await recordChange(db, 'seminar.create', { id: input.userId }, 'Seminar', seminarId, {
      programId: applied.programId,
      importId: input.importId,
    })
  return applied.summary
}

async function organizationExists(db: Client, name: string | null, corporateNumber: string | null): Promise<boolean> {
  const normalizedName = name ? normalizeOrganizationName(name) : ''
  if (!corporateNumber && !normalizedName) return true
  const found = await db.organization.findFirst({
    where: {
      OR: [
        ...(corporateNumber ? [{ corporateNumber }] : []),
        ...(normalizedName ? [{ normalizedName, ...(corporateNumber ? { corporateNumber: null } : {}) }] : []),
      ],
    },
    select: { id: true },
  })
  return Boolean(found)
}

/*
 * An import may have created thousands of rows: the statements about them select them through
 * the import's items (a subquery) instead of lists of ids, which would pass the databases' limits
 * on bound parameters.
 */
const itemsOf = (importId: string, kind: string) =>
  Prisma.sql`SELECT "entityId" FROM "SpreadsheetImportItem" WHERE "importId" = ${importId} AND "kind" = ${kind}`

async function exists(db: Client, query: Prisma.Sql): Promise<boolean> {
  const rows = await db.$queryRaw<unknown[]>`SELECT 1 AS "found" WHERE EXISTS (${query})`
  return rows.length > 0
}

/** Why an applied import can no longer be undone, or null when it can. */
async function undoBlocker(db: Client, importId: string): Promise<AppErrorCode | null> {
  const registrations = itemsOf(importId, 'registration')
  const attendances = itemsOf(importId, 'attendance')
  const seminars = itemsOf(importId, 'seminar')
  const sessions = itemsOf(importId, 'session')
  if (
    await exists(
      db,
      Prisma.sql`SELECT 1 FROM "Registration" WHERE "id" IN (${registrations})
        AND (CAST("status" AS TEXT) <> 'CONFIRMED' OR "anonymizedAt" IS NOT NULL)`,
    )
  )
    return 'IMPORT_UNDO_CHANGED'
  if (
    await exists(
      db,
      Prisma.sql`SELECT 1 FROM "Attendance" WHERE "registrationId" IN (${registrations}) AND "id" NOT IN (${attendances})`,
    )
  )
    return 'IMPORT_UNDO_CHECKED_IN'
  if (
    (await exists(
      db,
      Prisma.sql`SELECT 1 FROM "Registration" WHERE "seminarId" IN (${seminars}) AND "id" NOT IN (${registrations})`,
    )) ||
    (await exists(db, Prisma.sql`SELECT 1 FROM "IndicatorSeminar" WHERE "seminarId" IN (${seminars})`)) ||
    (await exists(
      db,
      Prisma.sql`SELECT 1 FROM "Attendance" WHERE "sessionId" IN (${sessions}) AND "id" NOT IN (${attendances})`,
    ))
  )
    return 'IMPORT_UNDO_SEMINAR_USED'
  const starts = await db.$queryRaw<{ startsAt: Date | string }[]>`SELECT DISTINCT "startsAt" FROM "Session"
    WHERE "id" IN (SELECT "sessionId" FROM "Attendance" WHERE "id" IN (${attendances}))
      OR "seminarId" IN (SELECT "seminarId" FROM "Registration" WHERE "id" IN (${registrations}))
      OR "id" IN (${sessions})`
  const closed = await closedAmong(db, new Set(starts.map((s) => fiscalYearOf(new Date(s.startsAt)))))
  if (closed.length > 0) return 'IMPORT_YEAR_CLOSED'
  return null
}

/** The tallies of many attendances, a few hundred at a time (each batch as one attendance change would be). */
async function runTallies(tx: Db, attendances: CountableAttendance[], sign: 1 | -1): Promise<void> {
  for (const part of chunks(attendances, 200)) {
    for (const op of await tallyOps(tx, part, sign)) await op
  }
}

/**
 * Undoes an applied import as a whole, in one transaction: its attendance (and their tallies),
 * registrations (their seats given back, their queued mail dropped), the sessions and seminars
 * it created, and the persons and organizations it created that nothing else refers to now.
 * Refused when something since depends on it (a check-in, a cancellation, another registration
 * in a seminar it created) or a fiscal year it touches is closed.
 */
export async function undoSpreadsheetImport(
  db: Db,
  input: { target: ImportTarget; importId: string; userId: string },
  now = currentTime(),
): Promise<void> {
  const removed = await db.$transaction(async (txClient) => {
    const tx = txClient as unknown as Db
    await lockImport(tx, input.importId)
    const stored = await findImport(tx, input.target, input.importId)
    if (!stored.appliedAt) throw new AppError('IMPORT_NOT_APPLIED')
    if (stored.undoneAt) throw new AppError('IMPORT_ALREADY_UNDONE')
    const registrationItems = itemsOf(stored.id, 'registration')
    const attendanceItems = itemsOf(stored.id, 'attendance')
    // The seminars' queue rows first (the lock every seat change takes), then look.
    const seats = await tx.$queryRaw<{ seminarId: string; mode: string; count: number | bigint }[]>`
      SELECT "seminarId", CAST("mode" AS TEXT) AS "mode", COUNT(*) AS "count" FROM "Registration"
      WHERE "id" IN (${registrationItems}) GROUP BY "seminarId", "mode"`
    for (const seminarId of new Set(seats.map((s) => s.seminarId)))
      await tx.$executeRaw`UPDATE "Seminar" SET "queueVersion" = "queueVersion" + 1 WHERE "id" = ${seminarId}`
    const blocker = await undoBlocker(tx, stored.id)
    if (blocker) throw new AppError(blocker)

    const attendances = await tx.$queryRaw<CountableAttendance[]>`
      SELECT "sessionId", "registrationId", CAST("mode" AS TEXT) AS "mode", "onlineMinutes" FROM "Attendance"
      WHERE "id" IN (${attendanceItems})`
    await runTallies(tx, attendances, -1)
    await tx.$executeRaw`DELETE FROM "Attendance" WHERE "id" IN (${attendanceItems})`
    // Queued mail goes with the registration (cascade); sent mail stays in the sent-mail log.
    await tx.$executeRaw`DELETE FROM "Registration" WHERE "id" IN (${registrationItems})`
    const created = await tx.spreadsheetImportItem.findMany({
      where: { importId: stored.id, kind: 'seminar' },
      select: { entityId: true },
    })
    const createdSeminars = new Set(created.map((c) => c.entityId))
    for (const s of seats) {
      if (createdSeminars.has(s.seminarId)) continue
      const count = Number(s.count)
      await tx.seminar.update({
        where: { id: s.seminarId },
        data: {
          ...(s.mode === 'ONLINE'
            ? { seatsTakenOnline: { decrement: count } }
            : { seatsTakenInPerson: { decrement: count } }),
          queueVersion: { increment: 1 },
        },
      })
    }
    await tx.$executeRaw`DELETE FROM "Session" WHERE "id" IN (${itemsOf(stored.id, 'session')})`
    await tx.$executeRaw`DELETE FROM "Seminar" WHERE "id" IN (${itemsOf(stored.id, 'seminar')})`
    await tx.$executeRaw`DELETE FROM "Person" WHERE "id" IN (${itemsOf(stored.id, 'person')})
      AND NOT EXISTS (SELECT 1 FROM "Registration" r WHERE r."personId" = "Person"."id")`
    await tx.$executeRaw`DELETE FROM "Organization" WHERE "id" IN (${itemsOf(stored.id, 'organization')})
      AND NOT EXISTS (SELECT 1 FROM "Registration" r WHERE r."organizationId" = "Organization"."id")`
    const { count } = await tx.spreadsheetImport.updateMany({
      where: { id: stored.id, undoneAt: null },
      data: { undoneAt: now, undoneById: input.userId },
    })
    if (count !== 1) throw new AppError('IMPORT_ALREADY_UNDONE')
    await tx.auditEvent.create({
      data: {
        actorId: input.userId,
        action: 'spreadsheet-import.undo',
        entityType: 'SpreadsheetImport',
        entityId: stored.id,
        detail: JSON.stringify({
          ...targetWhere(input.target),
          removed: { registrations: seats.reduce((n, s) => n + Number(s.count), 0), attendances: attendances.length },
        }),
        at: now,
      },
    })
    return created.map((c) => c.entityId)
  })
  for (const seminarId of removed)
    await recordChange(db, 'seminar.delete', { id: input.userId }, 'Seminar', seminarId, { importId: input.importId })
}

/** The seminar's upload page: the seminar and a page of its imports. */
export async function seminarImportsPage(db: Db, seminarId: string, params = new URLSearchParams()) {
  const seminar = await db.seminar.findUnique({ where: { id: seminarId }, select: { id: true, title: true } })
  if (!seminar) throw new AppError('SEMINAR_NOT_FOUND')
  return { seminar, ...(await importsOf(db, { kind: 'SEMINAR', seminarId }, params)) }
}

/** The past seminars' upload page: the programs the user may add seminars to, the categories, and their imports. */
export async function pastImportsPage(db: Db, user: ConsoleIdentity, params = new URLSearchParams()) {
  const programIds = await visibleProgramIds(db, user)
  const programs = await listPrograms(db, programIds)
  const where = { kind: 'PAST' as const, programId: { in: programs.map((p) => p.id) } }
  const { rows: imports, paging } = await readPage(
    params,
    () => db.spreadsheetImport.count({ where }),
    (slice) =>
      db.spreadsheetImport.findMany({
        where,
        orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
        ...slice,
        select: {
          id: true,
          programId: true,
          fileName: true,
          createdAt: true,
          appliedAt: true,
          undoneAt: true,
          summary: true,
        },
      }),
  )
  return {
    programs: programs.map((p) => ({ id: p.id, code: p.code, name: p.name, nameEn: p.nameEn })),
    categories: await categoryOptions(db),
    imports: imports.map((r) => ({ ...r, summary: r.summary ? (JSON.parse(r.summary) as ImportSummary) : null })),
    paging,
  }
}

/**
 * One action of the import's page: the mapping chosen (stored and remembered), the import applied
 * as previewed, or undone. Returns what was done for the page's message (null for a mapping).
 */
export async function actOnImport(
  db: Db,
  input: {
    target: ImportTarget
    importId: string
    userId: string
    form:
      | { intent: 'map'; columns: string[] }
      | { intent: 'apply'; digest: string; sendMail: boolean }
      | { intent: 'undo' }
  },
): Promise<'applied' | 'undone' | null> {
  const { form, ...rest } = input
  if (form.intent === 'map') {
    await saveMapping(db, { ...rest, columns: form.columns })
    return null
  }
  if (form.intent === 'apply') {
    await applySpreadsheetImport(db, { ...rest, sendMail: form.sendMail, digest: form.digest })
    return 'applied'
  }
  await undoSpreadsheetImport(db, rest)
  return 'undone'
}

/** How long a file uploaded and never applied keeps its rows (names, addresses). */
export const UNAPPLIED_IMPORT_DAYS = 30

/**
 * Retention of uploaded files (docs/decisions/0012, 0034): an import never applied loses its rows
 * after UNAPPLIED_IMPORT_DAYS (its file name and date stay in the list). An applied one lost them
 * when it was applied. Returns how many were emptied.
 */
export async function emptyStaleImports(db: Db, now = currentTime()): Promise<number> {
  const { count } = await db.spreadsheetImport.updateMany({
    where: {
      appliedAt: null,
      createdAt: { lt: new Date(now.getTime() - UNAPPLIED_IMPORT_DAYS * 86_400_000) },
      rows: { not: '[]' },
    },
    data: { rows: '[]' },
  })
  return count
}
