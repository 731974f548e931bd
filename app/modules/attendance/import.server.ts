import crypto from 'node:crypto'
import type { Db } from '~/utils/db.server'
import { AppError } from '~/utils/errors'
import { tallyOps } from '../indicators/tally.server'
import { getSessionForCheckIn } from './checkin.server'
import {
  normalizePersonName,
  parseMeetingReport,
  presenceMinutes,
  ReportTooLarge,
  totalByPerson,
  UnknownReportFormat,
  type ParsedReport,
  type ReportRow,
  type ReportRowError,
} from './meeting-report'
import { personTextProblem } from '../privacy/person-text'
import { registerWalkIn } from './walk-in.server'
import { currentTime } from '~/utils/clock.server'
import { tokyoDate } from '~/utils/time'

/*
 * Online attendance from a meeting platform's report: upload → preview → apply.
 * The parsed report is stored with the import, so applying needs no second upload. Applying is
 * idempotent: the same file applied twice changes nothing (people it added as online walk-ins
 * are matched the second time). Report identities that match one registration are one person
 * (docs/decisions/0015-attendance-sheet-location-report-merge.md).
 */

/** An uploaded meeting report (the import form's file): stored for its preview; no file is IMPORT_FILE_REQUIRED. */
export async function uploadReport(
  db: Db,
  input: { sessionId: string; file: File | undefined; userId: string },
): Promise<string> {
  if (!input.file || input.file.size === 0) throw new AppError('IMPORT_FILE_REQUIRED')
  return createImport(db, {
    sessionId: input.sessionId,
    fileName: input.file.name,
    bytes: new Uint8Array(await input.file.arrayBuffer()),
    userId: input.userId,
  })
}

/**
 * The keys a name is matched under: as written, and with its two parts swapped, since reports
 * write "Tanaka, Jiro" or "Jiro Tanaka" (and Japanese names come in either order too).
 */
export function nameKeys(name: string): string[] {
  const parts = name
    .normalize('NFKC')
    .replace(/\s*[(（][^)）]*[)）]\s*$/, '')
    .split(/\s*,\s*|\s+/)
    .filter(Boolean)
  const keys = new Set([normalizePersonName(name)])
  if (parts.length === 2) keys.add(normalizePersonName(`${parts[1]} ${parts[0]}`))
  return [...keys].filter(Boolean)
}

export async function createImport(
  db: Db,
  input: { sessionId: string; fileName: string; bytes: Uint8Array; userId: string },
): Promise<string> {
  const session = await getSessionForCheckIn(db, input.sessionId)
  let parsed: ParsedReport
  try {
    parsed = parseMeetingReport(input.bytes)
  } catch (error) {
    if (error instanceof UnknownReportFormat) throw new AppError('UNKNOWN_REPORT_FORMAT')
    if (error instanceof ReportTooLarge)
      throw new AppError(error.what === 'rows' ? 'REPORT_TOO_MANY_ROWS' : 'REPORT_TOO_MANY_COLUMNS')
    throw error
  }
  const created = await db.attendanceImport.create({
    data: {
      sessionId: session.id,
      fileName: input.fileName.slice(0, 200),
      sha256: crypto.createHash('sha256').update(input.bytes).digest('hex'),
      format: parsed.format,
      parsed: JSON.stringify(parsed),
      createdById: input.userId,
    },
    select: { id: true },
  })
  return created.id
}

export type PreviewPerson = {
  key: string
  name: string
  email: string | null
  minutes: number
  lines: number[]
}
/**
 * One registration and the report identities that matched it (several when someone joined from
 * a phone and a PC, under two names or twice with one email): one attendance, whose minutes are
 * the identities' presence together (`presenceMinutes`: time connected twice at once counts once).
 * `name`, `email` and `key` are the first identity's; `lines` are all of theirs.
 */
export type MatchedPerson = PreviewPerson & {
  registrationId: string
  registeredName: string
  /** 'email' when any identity matched by email. */
  by: 'email' | 'name'
  alreadyRecorded: boolean
  /** The report identities merged into this person, in report order, each with its own minutes. */
  identities: PreviewPerson[]
}

/**
 * The report's dates (Japan time) when one of them is not a date of the session: most likely the
 * report of another session or meeting. Both are shown; saving is still possible.
 */
export type ReportDateMismatch = {
  /** The session's start. */
  sessionStartsAt: Date
  /** One instant per Japan date on which the report's people joined (or left), in date order. */
  reportDates: Date[]
}

export type ImportPreview = {
  importId: string
  sessionId: string
  fileName: string
  format: string
  rowCount: number
  dateMismatch: ReportDateMismatch | null
  minimumMinutes: number
  previouslyAppliedAt: Date | null
  matched: MatchedPerson[]
  belowMinimum: MatchedPerson[]
  unmatched: (PreviewPerson & { attended: boolean })[]
  errors: ReportRowError[]
}

/**
 * The report's Japan dates (of each row's join time, else its leave time) against the session's
 * (from its start to its end): null when every dated row falls on the session's dates, or when
 * the report has no times at all (some Teams reports).
 */
export function reportDateMismatch(
  rows: Pick<ReportRow, 'joinedAt' | 'leftAt'>[],
  session: { startsAt: Date; endsAt: Date },
): ReportDateMismatch | null {
  const byDate = new Map<string, Date>()
  for (const row of rows) {
    const at = row.joinedAt ?? row.leftAt
    if (!at) continue
    const day = tokyoDate(at)
    const known = byDate.get(day)
    if (!known || at < known) byDate.set(day, at)
  }
  const first = tokyoDate(session.startsAt)
  const last = tokyoDate(session.endsAt)
  const days = [...byDate.keys()].sort()
  if (days.every((day) => first <= day && day <= last)) return null
  return { sessionStartsAt: session.startsAt, reportDates: days.map((day) => byDate.get(day)!) }
}

/** The parsed report as stored (JSON): its times come back as dates. */
function readStoredReport(json: string): ParsedReport {
  const parsed = JSON.parse(json) as ParsedReport
  const date = (value: Date | string | null) => (value === null ? null : new Date(value))
  return { ...parsed, rows: parsed.rows.map((r) => ({ ...r, joinedAt: date(r.joinedAt), leftAt: date(r.leftAt) })) }
}

export async function previewImport(db: Db, importId: string, sessionId: string): Promise<ImportPreview> {
  const imported = await db.attendanceImport.findFirst({ where: { id: importId, sessionId } })
  if (!imported) throw new AppError('IMPORT_NOT_FOUND')
  const session = await getSessionForCheckIn(db, imported.sessionId)
  const parsed = readStoredReport(imported.parsed)
  const minimumMinutes = session.seminar.minOnlineMinutes
  const [registrations, recorded, earlier] = await Promise.all([
    db.registration.findMany({
      where: { seminarId: session.seminar.id, status: 'CONFIRMED' },
      select: { id: true, name: true, emailNormalized: true },
    }),
    db.attendance.findMany({ where: { sessionId: session.id }, select: { registrationId: true } }),
    db.attendanceImport.findFirst({
      where: { sessionId: session.id, sha256: imported.sha256, appliedAt: { not: null }, id: { not: imported.id } },
      orderBy: { appliedAt: 'asc' },
      select: { appliedAt: true },
    }),
  ])
  // Only real addresses: a person without email is keyed by name and organization or phone instead.
  const byEmail = new Map(
    registrations.filter((r) => r.emailNormalized.includes('@')).map((r) => [r.emailNormalized, r]),
  )
  const byName = new Map<string, (typeof registrations)[number][]>()
  for (const r of registrations) {
    for (const key of nameKeys(r.name)) byName.set(key, [...(byName.get(key) ?? []), r])
  }
  const recordedIds = new Set(recorded.map((a) => a.registrationId))

  const preview: ImportPreview = {
    importId: imported.id,
    sessionId: session.id,
    fileName: imported.fileName,
    format: imported.format,
    rowCount: parsed.rows.length,
    dateMismatch: reportDateMismatch(parsed.rows, session),
    minimumMinutes,
    previouslyAppliedAt: earlier?.appliedAt ?? null,
    matched: [],
    belowMinimum: [],
    unmatched: [],
    errors: parsed.errors,
  }
  // Each report identity is matched on its own; identities that matched one registration are then
  // one person: one attendance, their minutes together, counted against the minimum together.
  const byRegistration = new Map<
    string,
    { registration: (typeof registrations)[number]; identities: PreviewPerson[]; viaEmail: boolean }
  >()
  for (const person of totalByPerson(parsed.rows, parsed.format)) {
    const p: PreviewPerson = {
      key: person.key,
      name: person.name,
      email: person.email,
      minutes: person.minutes,
      lines: person.lines,
    }
    // Email first; a name only when exactly one registration has it.
    const viaEmail = person.email ? byEmail.get(person.email) : undefined
    const namesakes = new Set(nameKeys(person.name).flatMap((k) => byName.get(k) ?? []))
    const registration = viaEmail ?? (namesakes.size === 1 ? [...namesakes][0] : undefined)
    if (!registration) {
      preview.unmatched.push({ ...p, attended: person.minutes >= minimumMinutes })
      continue
    }
    const entry = byRegistration.get(registration.id)
    if (entry) {
      entry.identities.push(p)
      entry.viaEmail ||= Boolean(viaEmail)
    } else {
      byRegistration.set(registration.id, { registration, identities: [p], viaEmail: Boolean(viaEmail) })
    }
  }
  const rowsByLine = new Map<number, ReportRow[]>()
  for (const row of parsed.rows) rowsByLine.set(row.line, [...(rowsByLine.get(row.line) ?? []), row])
  for (const { registration, identities, viaEmail } of byRegistration.values()) {
    const [first] = identities
    const lines = identities.flatMap((i) => i.lines).sort((a, b) => a - b)
    const minutes =
      identities.length === 1
        ? first.minutes
        : presenceMinutes(
            [...new Set(lines)].flatMap((line) => rowsByLine.get(line) ?? []),
            parsed.format,
          )
    const matched: MatchedPerson = {
      key: first.key,
      name: first.name,
      email: first.email,
      minutes,
      lines,
      registrationId: registration.id,
      registeredName: registration.name,
      by: viaEmail ? 'email' : 'name',
      alreadyRecorded: recordedIds.has(registration.id),
      identities,
    }
    ;(minutes >= minimumMinutes ? preview.matched : preview.belowMinimum).push(matched)
  }
  return preview
}

/**
 * Records the preview's attendees as online attendance of the session and, for the unmatched
 * people chosen by key, registers them as online walk-ins. Attendance already recorded at the
 * door is left as it is.
 */
export async function applyImport(
  db: Db,
  input: {
    importId: string
    sessionId: string
    addUnmatchedKeys: string[]
    userId: string
    /** An organization for people added from the report (by their key), typed in the preview. */
    organizations?: Record<string, string>
  },
  now = currentTime(),
): Promise<{ attended: number; added: number }> {
  const organizations = new Map(
    Object.entries(input.organizations ?? {})
      .map(([key, name]) => [key, name.trim()] as const)
      .filter(([, name]) => name !== ''),
  )
  // Checked before anything is written: an organization is a person field (no links, no controls).
  for (const name of organizations.values()) {
    if (personTextProblem(name)) throw new AppError('IMPORT_ORGANIZATION_INVALID')
  }
  const preview = await previewImport(db, input.importId, input.sessionId)
  let attended = 0
  for (const m of preview.matched) {
    const key = { sessionId: preview.sessionId, registrationId: m.registrationId }
    const minutes = Math.round(m.minutes)
    const existing = await db.attendance.findUnique({ where: { sessionId_registrationId: key } })
    attended++
    if (existing && (existing.source !== 'IMPORT' || existing.onlineMinutes === minutes)) continue
    const audit = db.auditEvent.create({
      data: {
        actorId: input.userId,
        action: existing ? 'attendance.import-update' : 'attendance.import',
        entityType: 'Attendance',
        entityId: `${key.sessionId}:${key.registrationId}`,
        detail: JSON.stringify({ importId: input.importId, minutes, previousMinutes: existing?.onlineMinutes ?? null }),
      },
    })
    await db.$transaction([
      existing
        ? db.attendance.update({
            where: { id: existing.id },
            data: { onlineMinutes: minutes, importId: input.importId },
          })
        : db.attendance.create({
            data: {
              ...key,
              mode: 'ONLINE',
              source: 'IMPORT',
              onlineMinutes: minutes,
              importId: input.importId,
              checkedInAt: now,
              recordedById: input.userId,
            },
          }),
      audit,
      // New attendance counts; a changed number of minutes stays above the minimum.
      ...(existing ? [] : await tallyOps(db, [{ ...key, mode: 'ONLINE' as const, onlineMinutes: minutes }], 1)),
    ])
  }
  const chosen = new Set(input.addUnmatchedKeys)
  let added = 0
  for (const u of preview.unmatched) {
    if (!chosen.has(u.key) || !u.attended) continue
    // They attended online: they count even beyond the online capacity (recorded as such).
    await registerWalkIn(
      db,
      {
        sessionId: preview.sessionId,
        name: u.name,
        email: u.email,
        organizationName: organizations.get(u.key) ?? null,
        mode: 'ONLINE',
        overrideCapacity: true,
        userId: input.userId,
        source: 'IMPORT',
        onlineMinutes: Math.round(u.minutes),
      },
      now,
    )
    added++
  }
  await db.attendanceImport.update({ where: { id: input.importId }, data: { appliedAt: now } })
  return { attended: attended + added, added }
}
