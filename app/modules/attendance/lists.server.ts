import { toCsv } from '~/utils/csv'
import type { Db } from '~/utils/db.server'
import { AppError } from '~/utils/errors'
import { recordExport } from '../audit/audit.server'
import { shownCode } from '../privacy/deleted-code'
import { getSessionForCheckIn } from './checkin.server'
import type { Lang } from '~/utils/i18n'
import { translator } from '~/utils/i18n.server'
import { formatDateTime } from '~/utils/time'
import { slicePage } from '~/utils/paging'
import type { AttendanceMode, AttendanceSource } from '~/generated/prisma/client'

export type AttendanceRow = {
  sessionNumber: number
  sessionStartsAt: Date
  registrationId: string
  name: string
  furigana: string
  organizationName: string | null
  email: string
  code: string
  registeredMode: AttendanceMode
  mode: AttendanceMode
  source: AttendanceSource
  onlineMinutes: number | null
  checkedInAt: Date
  recordedBy: string | null
}

const ATTENDANCE_FIELDS = {
  mode: true,
  source: true,
  onlineMinutes: true,
  checkedInAt: true,
  recordedBy: { select: { name: true } },
  session: { select: { number: true, startsAt: true } },
  registration: {
    select: { id: true, name: true, furigana: true, organizationName: true, email: true, code: true, mode: true },
  },
} as const

type AttendanceRecord = {
  mode: AttendanceMode
  source: AttendanceSource
  onlineMinutes: number | null
  checkedInAt: Date
  recordedBy: { name: string } | null
  session: { number: number; startsAt: Date }
  registration: {
    id: string
    name: string
    furigana: string
    organizationName: string | null
    email: string
    code: string
    mode: AttendanceMode
  }
}

const attendanceWhere = (scope: { seminarId: string; sessionId?: string }) => ({
  session: { seminarId: scope.seminarId },
  ...(scope.sessionId ? { sessionId: scope.sessionId } : {}),
})

function attendanceRow(a: AttendanceRecord): AttendanceRow {
  return {
    sessionNumber: a.session.number,
    sessionStartsAt: a.session.startsAt,
    registrationId: a.registration.id,
    name: a.registration.name,
    furigana: a.registration.furigana,
    organizationName: a.registration.organizationName,
    email: a.registration.email,
    code: shownCode(a.registration.code),
    registeredMode: a.registration.mode,
    mode: a.mode,
    source: a.source,
    onlineMinutes: a.onlineMinutes,
    checkedInAt: a.checkedInAt,
    recordedBy: a.recordedBy?.name ?? null,
  }
}

/** Japanese order of names; one collator for every comparison (localeCompare(…, 'ja') makes one each time). */
const compareJa = new Intl.Collator('ja').compare

/** The order of attendance lists: by session, then furigana, then name. */
const byAttendanceOrder = (
  x: { sessionNumber: number; furigana: string; name: string },
  y: { sessionNumber: number; furigana: string; name: string },
) => x.sessionNumber - y.sessionNumber || compareJa(x.furigana, y.furigana) || compareJa(x.name, y.name)

/** Who attended: one session, or every session of a seminar (by session, then name). */
export async function listAttendance(
  db: Db,
  scope: { seminarId: string; sessionId?: string },
): Promise<AttendanceRow[]> {
  const rows = await db.attendance.findMany({ where: attendanceWhere(scope), select: ATTENDANCE_FIELDS })
  return rows.map(attendanceRow).sort(byAttendanceOrder)
}

/**
 * One page of `listAttendance` (50 rows, `?page=`; app/utils/paging.ts), in the same order, and
 * how many attended each session (by session number). Read in two steps, as the console's
 * seminar list is (docs/decisions/0041): every record's sort key (a few columns), sorted in code
 * with the Japanese collation; then the page's rows in full (issue 22: 1,500 records, 50 rendered).
 */
export async function attendancePage(
  db: Db,
  scope: { seminarId: string; sessionId?: string },
  params: URLSearchParams,
) {
  // Flat reads joined here (relation reads of 1,500 records cost several times more).
  const [keys, people, sessions] = await Promise.all([
    db.attendance.findMany({
      where: attendanceWhere(scope),
      select: { id: true, sessionId: true, registrationId: true },
    }),
    db.registration.findMany({
      where: { attendances: { some: attendanceWhere(scope) } },
      select: { id: true, name: true, furigana: true },
    }),
    db.session.findMany({ where: { seminarId: scope.seminarId }, select: { id: true, number: true } }),
  ])
  const person = new Map(people.map((p) => [p.id, p]))
  const number = new Map(sessions.map((s) => [s.id, s.number]))
  const sorted = keys
    .flatMap((k) => {
      const p = person.get(k.registrationId)
      const sessionNumber = number.get(k.sessionId)
      // Added between the reads: on the next request.
      return p && sessionNumber !== undefined ? [{ id: k.id, sessionNumber, name: p.name, furigana: p.furigana }] : []
    })
    .sort((x, y) => byAttendanceOrder(x, y) || (x.id < y.id ? -1 : x.id > y.id ? 1 : 0))
  const bySession: Record<number, number> = {}
  for (const k of sorted) bySession[k.sessionNumber] = (bySession[k.sessionNumber] ?? 0) + 1
  const { rows: page, paging } = slicePage(sorted, params)
  const records = await db.attendance.findMany({
    where: { id: { in: page.map((k) => k.id) } },
    select: { id: true, ...ATTENDANCE_FIELDS },
  })
  const byId = new Map(records.map((r) => [r.id, r]))
  // A record deleted between the two reads is left out.
  const rows = page.flatMap((k) => {
    const record = byId.get(k.id)
    return record ? [attendanceRow(record)] : []
  })
  return { rows, paging, bySession }
}

/**
 * Confirmed registrations with whether each attended the session: the post-hoc marking sheet.
 * Each row carries the id of the attendance it shows, so that submitting the sheet applies only
 * what the person changed (`markAttendance` with `shown`).
 */
export async function attendanceSheet(db: Db, seminarId: string, sessionId: string) {
  // Two flat reads joined here: a nested `attendances` read of 2,000 registrations costs several
  // times more (issue 22).
  const [registrations, attendances] = await Promise.all([
    db.registration.findMany({
      where: { seminarId, status: 'CONFIRMED' },
      orderBy: [{ furigana: 'asc' }, { name: 'asc' }],
      select: { id: true, name: true, furigana: true, organizationName: true, mode: true, source: true },
    }),
    db.attendance.findMany({
      // The session's records; those of registrations not confirmed are not on the sheet.
      where: { sessionId },
      select: { id: true, registrationId: true, source: true, mode: true, checkedInAt: true },
    }),
  ])
  const byRegistration = new Map(attendances.map(({ registrationId, ...a }) => [registrationId, a] as const))
  return registrations.map((r) => ({ ...r, attendance: byRegistration.get(r.id) ?? null }))
}

/** The attendance list as CSV (UTF-8 with BOM), headers in the staff member's language. */
export async function attendanceCsv(
  db: Db,
  scope: { seminarId: string; sessionId?: string },
  lang: Lang,
): Promise<string> {
  const t = translator(lang)
  const rows = await listAttendance(db, scope)
  return toCsv(
    [
      t('attendance.session'),
      t('seminar.sessions'),
      t('form.name'),
      t('form.furigana'),
      t('console.organization'),
      t('form.email'),
      t('console.code'),
      t('attendance.mode'),
      t('attendance.source'),
      t('attendance.minutes'),
      t('attendance.at'),
      t('attendance.recordedBy'),
    ],
    rows.map((r) => [
      r.sessionNumber,
      formatDateTime(r.sessionStartsAt, lang),
      r.name,
      r.furigana,
      r.organizationName,
      r.email,
      r.code,
      t(`mode.${r.mode}`),
      t(`source.${r.source}`),
      r.onlineMinutes,
      formatDateTime(r.checkedInAt, lang),
      r.recordedBy,
    ]),
  )
}

/** A seminar's attendance as a CSV download, recorded in the audit trail as an export of personal data. */
export async function seminarAttendanceExport(
  db: Db,
  input: { seminarId: string; userId: string; lang: Lang },
): Promise<{ names: { fileName: string; asciiName: string }; body: string }> {
  const seminar = await db.seminar.findUnique({ where: { id: input.seminarId }, select: { id: true, title: true } })
  if (!seminar) throw new AppError('SEMINAR_NOT_FOUND')
  await recordExport(db, input.userId, 'seminar-attendance', { seminarId: seminar.id })
  const body = await attendanceCsv(db, { seminarId: seminar.id }, input.lang)
  return { names: { fileName: `${seminar.title}_出欠.csv`, asciiName: `attendance-seminar-${seminar.id}.csv` }, body }
}

/** One session's attendance as a CSV download, recorded in the audit trail as an export of personal data. */
export async function sessionAttendanceExport(
  db: Db,
  input: { sessionId: string; userId: string; lang: Lang },
): Promise<{ names: { fileName: string; asciiName: string }; body: string }> {
  const session = await getSessionForCheckIn(db, input.sessionId)
  await recordExport(db, input.userId, 'session-attendance', { sessionId: session.id })
  const body = await attendanceCsv(db, { seminarId: session.seminar.id, sessionId: session.id }, input.lang)
  return {
    names: {
      fileName: `${session.seminar.title}_第${session.number}回_出欠.csv`,
      asciiName: `attendance-seminar-${session.seminar.id}-session-${session.number}.csv`,
    },
    body,
  }
}
