/**
 * What an import would do, worked out without writing anything (docs/decisions/0034-spreadsheet-imports.md).
 * Pure: the caller gives the records and what the database already holds; the same plan is shown
 * as the preview and carried out by applying. No server imports: the preview page may use the types.
 */
import { personKey } from '../registration/identity'
import { columnLabel } from './columns'
import type { ColumnMapping, ImportField, ImportRecord, RowError } from './types'

export { columnLabel }

export type ImportKind = 'SEMINAR' | 'PAST'

/** A problem with the mapping as a whole: nothing can be previewed until it is fixed. */
export type MappingProblem = { message: string; params?: Record<string, string | number> }

/** A session a row refers to: an existing one (id) or one a past import creates (key). */
export type SessionRef = { seminarKey: string; sessionKey: string }

export type RowOutcome = {
  line: number
  name: string
  /**
   * new: a person not known before; known: a person known from other seminars, a new registration;
   * registered: already registered for this seminar (nothing new but attendance); same-person: a
   * later row of a person already in the file, for another session; duplicate: the same person and
   * session as an earlier row (skipped); error: not imported (see errors).
   */
  kind: 'new' | 'known' | 'registered' | 'same-person' | 'duplicate' | 'error'
  /** The line of the first row of this person (duplicate, same-person). */
  firstLine?: number
  errors?: RowError[]
  /** Attendances this row adds (sessions marked ○ not recorded yet). */
  attendances: number
  /** Sessions marked ○ that are recorded already. */
  alreadyAttended: number
}

export type PlannedSession = {
  key: string
  /** An existing session, or null for one the import creates. */
  id: string | null
  number: number
  date: string
  start: string
  end: string
}

export type PlannedSeminar = {
  key: string
  /** An existing seminar, or null for one the import creates. */
  id: string | null
  title: string
  sessions: PlannedSession[]
  modes: ('IN_PERSON' | 'ONLINE')[]
}

export type PlannedPerson = {
  key: string
  line: number
  record: ImportRecord
  /** A Person already known under this key (email or name key), or null. */
  personId: string | null
}

export type PlannedRegistration = {
  seminarKey: string
  personKey: string
  line: number
  /** The registration already there, or null for a new one. */
  registrationId: string | null
  mode: 'IN_PERSON' | 'ONLINE'
}

export type PlannedAttendance = {
  seminarKey: string
  sessionKey: string
  personKey: string
  mode: 'IN_PERSON' | 'ONLINE'
}

export type ImportPlan = {
  mappingProblems: MappingProblem[]
  rows: RowOutcome[]
  seminars: PlannedSeminar[]
  persons: PlannedPerson[]
  registrations: PlannedRegistration[]
  attendances: PlannedAttendance[]
  counts: {
    rows: number
    newPersons: number
    knownPersons: number
    registered: number
    samePerson: number
    duplicates: number
    errors: number
    newRegistrations: number
    newAttendances: number
    newSeminars: number
    newSessions: number
  }
}

/** What the database holds that the plan needs, read by the caller (import.server.ts). */
export type Known = {
  /** SEMINAR: the seminar. PAST: the program's seminars with these titles. */
  seminars: {
    id: string
    title: string
    mode: 'IN_PERSON' | 'ONLINE' | 'HYBRID'
    sessions: { id: string; number: number; date: string; start: string; end: string }[]
  }[]
  /** Active registrations of those seminars by seminar id and activeEmailKey. */
  registrations: { id: string; seminarId: string; key: string; mode: 'IN_PERSON' | 'ONLINE' }[]
  /** Attendances recorded for those registrations: `${sessionId}:${registrationId}`. */
  attendances: Set<string>
  /** Persons known under these keys (email or name key). */
  persons: Map<string, string>
}

const SINGLE_FIELDS: ImportField[] = [
  'name',
  'furigana',
  'email',
  'organizationName',
  'corporateNumber',
  'industry',
  'inCity',
  'phone',
  'mode',
  'attended',
  'seminarTitle',
  'sessionDate',
  'sessionStart',
  'sessionEnd',
  'sessionNumber',
]

/** The Japan date a session header names: 2024/6/1, 2024-06-01, 2024年6月1日, 令和6年6月1日 → "2024-06-01". */
export function headerDate(header: string): string | null {
  const s = header.normalize('NFKC')
  const western = /(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})/.exec(s)
  if (western) return isoDate(Number(western[1]), Number(western[2]), Number(western[3]))
  const era = /(令和|平成|r|h)\s*(\d{1,2}|元)\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})/i.exec(s)
  if (era) {
    const n = era[2] === '元' ? 1 : Number(era[2])
    const year = era[1] === '令和' || era[1].toLowerCase() === 'r' ? 2018 + n : 1988 + n
    return isoDate(year, Number(era[3]), Number(era[4]))
  }
  return null
}

function isoDate(year: number, month: number, day: number): string | null {
  const d = new Date(Date.UTC(year, month - 1, day))
  if (d.getUTCFullYear() !== year || d.getUTCMonth() !== month - 1 || d.getUTCDate() !== day) return null
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`
}

/** The session number a header names: 第1回, 1回目, 第１回, Session 1, #1, or a bare number. */
export function headerNumber(header: string): number | null {
  const s = header.normalize('NFKC').trim()
  const m = /第\s*(\d+)\s*回|(\d+)\s*回目?|session\s*(\d+)|#\s*(\d+)|^(\d+)$/i.exec(s)
  if (!m) return null
  const n = Number(m[1] ?? m[2] ?? m[3] ?? m[4] ?? m[5])
  return Number.isInteger(n) && n > 0 ? n : null
}

/** The seminar key of a past seminar: its title, NFKC, spaces folded. */
export function titleKey(title: string): string {
  return title.normalize('NFKC').replace(/\s+/g, ' ').trim()
}

/** Problems of the mapping itself, before any row is looked at. */
export function mappingProblems(
  kind: ImportKind,
  headers: string[],
  mapping: ColumnMapping,
  seminarSessions: { number: number; date: string }[],
): MappingProblem[] {
  const problems: MappingProblem[] = []
  const columns = (field: ImportField) => mapping.flatMap((f, i) => (f === field ? [i] : []))
  if (columns('name').length === 0) problems.push({ message: 'imports.mapping.nameRequired' })
  for (const field of SINGLE_FIELDS) {
    const at = columns(field)
    if (at.length > 1)
      problems.push({
        message: 'imports.mapping.twice',
        params: { field, columns: at.map((i) => columnLabel(headers, i)).join(', ') },
      })
  }
  const sessionColumns = columns('session')
  const attended = columns('attended').length > 0
  const byRow = columns('sessionNumber').length > 0 || columns('sessionDate').length > 0
  if (kind === 'SEMINAR') {
    for (const i of sessionColumns) {
      if (!sessionOfHeader(headers[i] ?? '', seminarSessions))
        problems.push({ message: 'imports.mapping.sessionHeader', params: { column: columnLabel(headers, i) } })
    }
    if (attended && !byRow && seminarSessions.length !== 1) problems.push({ message: 'imports.mapping.whichSession' })
  } else {
    if (columns('seminarTitle').length === 0) problems.push({ message: 'imports.mapping.titleRequired' })
    if (columns('sessionDate').length === 0 && sessionColumns.length === 0)
      problems.push({ message: 'imports.mapping.dateRequired' })
    for (const i of sessionColumns) {
      if (!headerDate(headers[i] ?? ''))
        problems.push({ message: 'imports.mapping.sessionHeaderDate', params: { column: columnLabel(headers, i) } })
    }
    if (sessionColumns.length > 0 && columns('sessionDate').length > 0)
      problems.push({ message: 'imports.mapping.bothSessionForms' })
  }
  return problems
}

/** The session of an existing seminar a header names: by its number (第2回) or its date. */
export function sessionOfHeader<S extends { number: number; date: string }>(header: string, sessions: S[]): S | null {
  const date = headerDate(header)
  if (date) {
    const onDate = sessions.filter((s) => s.date === date)
    if (onDate.length === 1) return onDate[0]
    const n = headerNumber(header.replace(/\d{4}\s*[-/.年]\s*\d{1,2}\s*[-/.月]\s*\d{1,2}\s*日?/, ''))
    return onDate.find((s) => s.number === n) ?? null
  }
  // 6/1 or 6月1日 without a year: the session on that month and day, when only one is.
  const monthDay = /(?:^|\D)(\d{1,2})\s*[/月]\s*(\d{1,2})(?:日|\D|$)/.exec(header.normalize('NFKC'))
  if (monthDay && !/回/.test(header)) {
    const suffix = `-${monthDay[1].padStart(2, '0')}-${monthDay[2].padStart(2, '0')}`
    const onDay = sessions.filter((s) => s.date.endsWith(suffix))
    return onDay.length === 1 ? onDay[0] : null
  }
  const n = headerNumber(header)
  return n === null ? null : (sessions.find((s) => s.number === n) ?? null)
}

/** The seminar's mode a person attends in when the file does not say. */
function defaultMode(mode: 'IN_PERSON' | 'ONLINE' | 'HYBRID'): 'IN_PERSON' | 'ONLINE' {
  return mode === 'ONLINE' ? 'ONLINE' : 'IN_PERSON'
}

/**
 * The plan: every row's outcome and what would be created. `records` and `recordErrors` come from
 * toRecords; rows with errors are listed and keep the import from being applied.
 */
export function planImport(input: {
  kind: ImportKind
  headers: string[]
  mapping: ColumnMapping
  records: ImportRecord[]
  recordErrors: RowError[]
  /** Every line of the sheet's rows, in order (a line with errors may have no record). */
  lines: number[]
  /** The name as typed on each line, shown for a line that has errors (and so no record). */
  typedNames?: Map<number, string>
  known: Known
}): ImportPlan {
  const { kind, headers, mapping, known } = input
  const column = (field: ImportField) => {
    const i = mapping.indexOf(field)
    return i < 0 ? columnLabel(headers, mapping.indexOf('name')) : columnLabel(headers, i)
  }
  const sessionHeaders = mapping.flatMap((f, i) => (f === 'session' ? [headers[i] ?? ''] : []))
  const hasAttended = mapping.includes('attended')
  const target = kind === 'SEMINAR' ? known.seminars[0] : null
  const problems = mappingProblems(
    kind,
    headers,
    mapping,
    (target?.sessions ?? []).map((s) => ({ number: s.number, date: s.date })),
  )
  const plan: ImportPlan = {
    mappingProblems: problems,
    rows: [],
    seminars: [],
    persons: [],
    registrations: [],
    attendances: [],
    counts: {
      rows: input.lines.length,
      newPersons: 0,
      knownPersons: 0,
      registered: 0,
      samePerson: 0,
      duplicates: 0,
      errors: 0,
      newRegistrations: 0,
      newAttendances: 0,
      newSeminars: 0,
      newSessions: 0,
    },
  }
  if (problems.length > 0) return plan

  const errorsByLine = new Map<number, RowError[]>()
  for (const e of input.recordErrors) errorsByLine.set(e.line, [...(errorsByLine.get(e.line) ?? []), e])
  const recordByLine = new Map(input.records.map((r) => [r.line, r]))

  // Seminars: the target, or the program's seminars found by title and the ones to create.
  const seminars = new Map<string, PlannedSeminar>()
  const seminarModes = new Map<string, 'IN_PERSON' | 'ONLINE' | 'HYBRID' | null>()
  if (target) {
    seminars.set(target.id, {
      key: target.id,
      id: target.id,
      title: target.title,
      sessions: target.sessions.map((s) => ({ key: s.id, ...s })),
      modes: [],
    })
    seminarModes.set(target.id, target.mode)
  }
  const seminarOf = (title: string): PlannedSeminar => {
    const key = titleKey(title)
    let seminar = seminars.get(key)
    if (!seminar) {
      const existing = known.seminars.find((s) => titleKey(s.title) === key)
      seminar = {
        key,
        id: existing?.id ?? null,
        title: existing?.title ?? key,
        sessions: (existing?.sessions ?? []).map((s) => ({ key: s.id, ...s })),
        modes: [],
      }
      seminars.set(key, seminar)
      seminarModes.set(key, existing?.mode ?? null)
    }
    return seminar
  }
  /** A past seminar's session on a date (and number, when given): found or planned. */
  const sessionOn = (
    seminar: PlannedSeminar,
    date: string,
    number: number | null,
    start: string | null,
    end: string | null,
  ): PlannedSession => {
    const found = seminar.sessions.find((s) => s.date === date && (number === null || s.number === number))
    if (found) return found
    const session: PlannedSession = {
      key: `new:${date}:${number ?? ''}`,
      id: null,
      number: number ?? 0,
      date,
      start: start ?? '00:00',
      end: end ?? (start ? start : '23:59'),
    }
    if (session.end <= session.start) session.end = '23:59'
    seminar.sessions.push(session)
    return session
  }

  const registrationByKey = new Map(known.registrations.map((r) => [`${r.seminarId}|${r.key}`, r]))
  const firstLineOfPerson = new Map<string, number>()
  const seenPersonSession = new Map<string, number>()
  const plannedRegistrations = new Map<string, PlannedRegistration>()
  const plannedAttendances = new Set<string>()

  for (const line of input.lines) {
    const record = recordByLine.get(line)
    const rowErrors = [...(errorsByLine.get(line) ?? [])]
    const name = record?.person.name ?? input.typedNames?.get(line)?.slice(0, 100) ?? ''
    if (!record || rowErrors.length > 0) {
      plan.rows.push({ line, name, kind: 'error', errors: rowErrors, attendances: 0, alreadyAttended: 0 })
      continue
    }
    const key = personKey(record.person)
    if (!key) {
      rowErrors.push({ line, column: column('email'), field: 'email', message: 'imports.row.contactRequired' })
    }
    // The seminar and the sessions this row speaks of.
    let seminar: PlannedSeminar | null = target ? seminars.get(target.id)! : null
    if (kind === 'PAST') {
      if (!record.event.seminarTitle?.trim()) {
        rowErrors.push({
          line,
          column: column('seminarTitle'),
          field: 'seminarTitle',
          message: 'imports.row.titleMissing',
        })
      } else seminar = seminarOf(record.event.seminarTitle)
    }
    const marks: { session: PlannedSession | null; attended: boolean | null; field: ImportField; column: string }[] = []
    if (seminar) {
      if (mapping.includes('sessionDate') || mapping.includes('sessionNumber') || (hasAttended && target)) {
        let session: PlannedSession | null = null
        if (kind === 'PAST') {
          if (!record.event.sessionDate)
            rowErrors.push({
              line,
              column: column('sessionDate'),
              field: 'sessionDate',
              message: 'imports.row.dateMissing',
            })
          else
            session = sessionOn(
              seminar,
              record.event.sessionDate,
              record.event.sessionNumber,
              record.event.sessionStart,
              record.event.sessionEnd,
            )
        } else if (record.event.sessionNumber !== null || record.event.sessionDate !== null) {
          session =
            seminar.sessions.find(
              (s) =>
                (record.event.sessionNumber === null || s.number === record.event.sessionNumber) &&
                (record.event.sessionDate === null || s.date === record.event.sessionDate),
            ) ?? null
          if (!session) {
            const field: ImportField = record.event.sessionNumber !== null ? 'sessionNumber' : 'sessionDate'
            rowErrors.push({
              line,
              column: column(field),
              field,
              message: 'imports.row.noSuchSession',
              params: { value: String(record.event.sessionNumber ?? record.event.sessionDate) },
            })
          }
        } else if (hasAttended && seminar.sessions.length === 1) {
          session = seminar.sessions[0]
        } else if (hasAttended) {
          const field: ImportField = mapping.includes('sessionNumber') ? 'sessionNumber' : 'sessionDate'
          rowErrors.push({ line, column: column(field), field, message: 'imports.row.sessionMissing' })
        }
        // A past seminar's row says it took place; whether this person came is 出欠 (present when absent).
        if (session)
          marks.push({
            session,
            attended: hasAttended ? record.event.attended : kind === 'PAST' ? true : null,
            field: 'attended',
            column: column('attended'),
          })
      }
      record.event.sessions.forEach((mark, index) => {
        const header = sessionHeaders[index] ?? mark.header
        const session =
          kind === 'SEMINAR'
            ? sessionOfHeader(header, seminar.sessions)
            : sessionOn(
                seminar,
                headerDate(header) ?? '',
                headerNumber(header.replace(/\d{4}\s*[-/.年]\s*\d{1,2}\s*[-/.月]\s*\d{1,2}\s*日?/, '')),
                null,
                null,
              )
        marks.push({ session, attended: mark.attended, field: 'session', column: header })
      })
    }
    // The mode: as the file says, else the seminar's.
    const seminarMode = seminar ? (seminarModes.get(seminar.key) ?? null) : null
    const mode = record.person.mode ?? (seminarMode ? defaultMode(seminarMode) : 'IN_PERSON')
    if (seminarMode && seminarMode !== 'HYBRID' && seminarMode !== mode) {
      rowErrors.push({ line, column: column('mode'), field: 'mode', message: 'imports.row.modeNotOffered' })
    }
    if (rowErrors.length > 0 || !key || !seminar) {
      plan.rows.push({ line, name, kind: 'error', errors: rowErrors, attendances: 0, alreadyAttended: 0 })
      continue
    }

    // Who: the same person as an earlier row, already registered, known elsewhere, or new.
    const sessionKeys = marks.map((m) => m.session!.key).sort()
    const personSessionKey = `${seminar.key}|${key}|${sessionKeys.join(',')}`
    const earlierSame = seenPersonSession.get(personSessionKey)
    if (earlierSame !== undefined) {
      plan.rows.push({ line, name, kind: 'duplicate', firstLine: earlierSame, attendances: 0, alreadyAttended: 0 })
      plan.counts.duplicates++
      continue
    }
    seenPersonSession.set(personSessionKey, line)
    const registrationKey = `${seminar.key}|${key}`
    const existing = seminar.id ? registrationByKey.get(`${seminar.id}|${key}`) : undefined
    const firstLine = firstLineOfPerson.get(key)
    let kindOfRow: RowOutcome['kind']
    if (existing) kindOfRow = plannedRegistrations.has(registrationKey) ? 'same-person' : 'registered'
    else if (plannedRegistrations.has(registrationKey)) kindOfRow = 'same-person'
    else if (firstLine !== undefined) kindOfRow = 'same-person'
    else kindOfRow = known.persons.has(key) ? 'known' : 'new'
    if (!firstLineOfPerson.has(key)) {
      firstLineOfPerson.set(key, line)
      plan.persons.push({ key, line, record, personId: known.persons.get(key) ?? null })
    }
    if (!plannedRegistrations.has(registrationKey)) {
      const registration: PlannedRegistration = {
        seminarKey: seminar.key,
        personKey: key,
        line,
        registrationId: existing?.id ?? null,
        mode: existing?.mode ?? mode,
      }
      plannedRegistrations.set(registrationKey, registration)
      plan.registrations.push(registration)
      if (!seminar.modes.includes(registration.mode)) seminar.modes.push(registration.mode)
    }
    const registration = plannedRegistrations.get(registrationKey)!
    let attendances = 0
    let alreadyAttended = 0
    for (const mark of marks) {
      if (mark.attended !== true || !mark.session) continue
      const attendanceKey = `${seminar.key}|${mark.session.key}|${key}`
      const recorded =
        registration.registrationId !== null &&
        mark.session.id !== null &&
        known.attendances.has(`${mark.session.id}:${registration.registrationId}`)
      if (recorded || plannedAttendances.has(attendanceKey)) {
        alreadyAttended++
        continue
      }
      plannedAttendances.add(attendanceKey)
      plan.attendances.push({
        seminarKey: seminar.key,
        sessionKey: mark.session.key,
        personKey: key,
        mode: registration.mode,
      })
      attendances++
    }
    plan.rows.push({
      line,
      name,
      kind: kindOfRow,
      ...(kindOfRow === 'same-person' ? { firstLine: firstLine ?? registration.line } : {}),
      attendances,
      alreadyAttended,
    })
  }

  // Numbers for the sessions a past import creates: after the seminar's sessions, by date.
  for (const seminar of seminars.values()) {
    const used = new Set(seminar.sessions.filter((s) => s.id !== null || s.number > 0).map((s) => s.number))
    let next = Math.max(0, ...seminar.sessions.map((s) => s.number))
    for (const s of [...seminar.sessions]
      .filter((s) => s.id === null && s.number === 0)
      .sort((a, b) => (a.date < b.date ? -1 : 1))) {
      next++
      while (used.has(next)) next++
      s.number = next
      used.add(next)
    }
    seminar.sessions.sort((a, b) => a.number - b.number)
  }
  plan.seminars = [...seminars.values()]

  for (const row of plan.rows) {
    if (row.kind === 'error') plan.counts.errors++
    if (row.kind === 'new') plan.counts.newPersons++
    if (row.kind === 'known') plan.counts.knownPersons++
    if (row.kind === 'registered') plan.counts.registered++
    if (row.kind === 'same-person') plan.counts.samePerson++
  }
  plan.counts.newRegistrations = plan.registrations.filter((r) => r.registrationId === null).length
  plan.counts.newAttendances = plan.attendances.length
  plan.counts.newSeminars = plan.seminars.filter((s) => s.id === null).length
  plan.counts.newSessions = plan.seminars.flatMap((s) => s.sessions).filter((s) => s.id === null).length
  return plan
}
