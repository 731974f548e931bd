import type { Db } from '~/utils/db.server'
import type { Lang, MessageKey, T, Vars } from '~/utils/i18n'
import { translator } from '~/utils/i18n.server'
import { formatDateTime } from '~/utils/time'

/*
 * The audit trail as sentences in the staff's language (issue 18 point 12, docs/decisions/0042-audit-sentences-and-start.md):
 * 「山田 花子 が 佐藤 一郎 の出席を記録しました（AI活用セミナー 第2回）」. One sentence per action
 * (`audit.sentence.<action>` in app/i18n/<lang>/console.ts) and a name for the filter
 * (`audit.action.<action>`); the target is named — seminar title, session number, the person's or
 * the user's name — and the details are summarized. The page and the CSV keep the codes and the
 * raw details for auditors. audit.read is for admins, who may see every name; a participant whose
 * data was removed is 「（削除済みの参加者）」 (their registration keeps only the placeholder name).
 */

/** Every action the code writes (the test reads the audit write calls and checks this list). */
export const AUDIT_ACTIONS = [
  'attendance.checkin',
  'attendance.undo',
  'attendance.mark',
  'attendance.unmark',
  'attendance.walk-in',
  'attendance.import',
  'attendance.import-update',
  'attendance-import.anonymize',
  'registration.on-behalf',
  'registration.api',
  'registration.group',
  'registration.change',
  'registration.role',
  'registration.reissue',
  'registration.cancel',
  'registration.group-cancel',
  'registration.anonymize',
  'seminar.message',
  'seminar.cancel',
  'session.create',
  'session.update',
  'session.delete',
  'question.create',
  'question.update',
  'question.delete',
  'question.copy',
  'survey.settings',
  'lottery.settings',
  'lottery.draw',
  'lottery.lapse',
  'certificate.layout',
  'certificate.mail-setting',
  'certificate.issue',
  'checkin-helper.create',
  'checkin-helper.revoke',
  'api-token.create',
  'api-token.revoke',
  'api.call',
  'spreadsheet-import.apply',
  'spreadsheet-import.undo',
  'category.create',
  'category.rename',
  'category.merge',
  'office.bands',
  'fiscal-year.close',
  'fiscal-year.adjust',
  'fiscal-year.reopen',
  'webhook.create',
  'webhook.update',
  'webhook.rotate',
  'webhook.delete',
  'webhook.resume',
  'webhook.redeliver',
  'user.invite',
  'user.invitation-resend',
  'user.invitation-accept',
  'user.update',
  'user.disable',
  'user.enable',
  'user.sessions-end',
  'user.password-change',
  'user.password-reset-send',
  'user.password-reset-request',
  'user.password-reset',
  'user.second-factor-enrol',
  'user.recovery-code-use',
  'user.second-factor-remove',
  'user.second-factor-reset',
  'export.seminar-roster',
  'export.seminar-attendance',
  'export.survey-answers',
  'export.session-attendance',
  'export.attendance-records',
  'export.indicator-evidence',
  'export.certificate',
  'export.audit',
  'export.security-log',
] as const

export type AuditAction = (typeof AUDIT_ACTIONS)[number]

const isKnown = (action: string): action is AuditAction => (AUDIT_ACTIONS as readonly string[]).includes(action)

/** The name of an action in the staff's language, for the filter (an action no longer written: its code). */
export function auditActionLabel(t: T, action: string): string {
  return isKnown(action) ? t(`audit.action.${action}` as MessageKey) : action
}

/** The filter's choices: the actions that occur, by name, in the order of AUDIT_ACTIONS (unknown ones last). */
export function auditActionChoices(t: T, actions: string[]) {
  const rank = (a: string) => (isKnown(a) ? AUDIT_ACTIONS.indexOf(a) : AUDIT_ACTIONS.length)
  return [...actions]
    .sort((a, b) => rank(a) - rank(b) || a.localeCompare(b))
    .map((action) => ({ value: action, label: auditActionLabel(t, action) }))
}

/** What a sentence is made of: the stored event, with its actor. */
export type AuditEventRow = {
  action: string
  entityType: string
  entityId: string
  detail: string
  actor: { name: string } | null
}

type Detail = Record<string, unknown>

function parseDetail(detail: string): Detail {
  try {
    const value: unknown = JSON.parse(detail)
    return value && typeof value === 'object' && !Array.isArray(value) ? (value as Detail) : {}
  } catch {
    return {}
  }
}

const str = (v: unknown) => (typeof v === 'string' ? v : undefined)
const num = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v : 0)

/** The names the events point at, looked up once for a page or a CSV batch. */
type Names = {
  registrations: Map<string, { name: string; removed: boolean; seminarId: string }>
  sessions: Map<string, { number: number; seminarId: string }>
  seminars: Map<string, { title: string; titleEn: string | null }>
  groups: Map<string, string>
  users: Map<string, string>
  programs: Map<string, { name: string; nameEn: string | null }>
  indicators: Map<string, { name: string; nameEn: string | null }>
}

/** The ids an event names: its entity, and the ids in its details. */
function idsOf(e: AuditEventRow, d: Detail) {
  const ids = {
    registrations: [] as string[],
    sessions: [] as string[],
    seminars: [] as string[],
    groups: [] as string[],
    users: [] as string[],
    programs: [] as string[],
    indicators: [] as string[],
  }
  if (e.entityType === 'Registration') ids.registrations.push(e.entityId)
  if (e.entityType === 'Attendance') {
    const [sessionId, registrationId] = e.entityId.split(':')
    if (sessionId && registrationId) {
      ids.sessions.push(sessionId)
      ids.registrations.push(registrationId)
    }
  }
  if (e.entityType === 'Seminar') ids.seminars.push(e.entityId)
  if (e.entityType === 'Session') ids.sessions.push(e.entityId)
  if (e.entityType === 'RegistrationGroup') ids.groups.push(e.entityId)
  if (e.entityType === 'StaffUser') ids.users.push(e.entityId)
  for (const [key, list] of [
    ['seminarId', ids.seminars],
    ['sessionId', ids.sessions],
    ['programId', ids.programs],
    ['indicatorId', ids.indicators],
    ['helperId', ids.users],
    ['registrationId', ids.registrations],
  ] as const) {
    const id = str(d[key])
    if (id) list.push(id)
  }
  return ids
}

async function lookUpNames(db: Db, events: { event: AuditEventRow; detail: Detail }[]): Promise<Names> {
  const all = events.map(({ event, detail }) => idsOf(event, detail))
  const ids = <K extends keyof ReturnType<typeof idsOf>>(key: K) => [...new Set(all.flatMap((i) => i[key]))]
  const [registrations, sessions, groups, users, programs, indicators] = await Promise.all([
    db.registration.findMany({
      where: { id: { in: ids('registrations') } },
      select: { id: true, name: true, anonymizedAt: true, seminarId: true },
    }),
    db.session.findMany({
      where: { id: { in: ids('sessions') } },
      select: { id: true, number: true, seminarId: true },
    }),
    db.registrationGroup.findMany({ where: { id: { in: ids('groups') } }, select: { id: true, seminarId: true } }),
    db.consoleUser.findMany({ where: { id: { in: ids('users') } }, select: { id: true, name: true } }),
    db.program.findMany({ where: { id: { in: ids('programs') } }, select: { id: true, name: true, nameEn: true } }),
    db.indicator.findMany({ where: { id: { in: ids('indicators') } }, select: { id: true, name: true, nameEn: true } }),
  ])
  const seminarIds = new Set([
    ...ids('seminars'),
    ...registrations.map((r) => r.seminarId),
    ...sessions.map((s) => s.seminarId),
    ...groups.map((g) => g.seminarId),
  ])
  const seminars = await db.seminar.findMany({
    where: { id: { in: [...seminarIds] } },
    select: { id: true, title: true, titleEn: true },
  })
  return {
    registrations: new Map(
      registrations.map((r) => [r.id, { name: r.name, removed: r.anonymizedAt !== null, seminarId: r.seminarId }]),
    ),
    sessions: new Map(sessions.map((s) => [s.id, { number: s.number, seminarId: s.seminarId }])),
    seminars: new Map(seminars.map((s) => [s.id, { title: s.title, titleEn: s.titleEn }])),
    groups: new Map(groups.map((g) => [g.id, g.seminarId])),
    users: new Map(users.map((u) => [u.id, u.name])),
    programs: new Map(programs.map((p) => [p.id, { name: p.name, nameEn: p.nameEn }])),
    indicators: new Map(indicators.map((i) => [i.id, { name: i.name, nameEn: i.nameEn }])),
  }
}

/** A translation of a value that came as data (a status, a role), or the value itself when there is none. */
function word(t: T, key: string, fallback: unknown = ''): string {
  return t.has(key) ? t(key) : String(fallback ?? '')
}

function sentenceVars(
  t: T,
  lang: Lang,
  e: AuditEventRow,
  d: Detail,
  names: Names,
): { vars: Vars; key: MessageKey | null } {
  const actor = e.actor?.name ?? t('audit.system')
  const localized = (v: { name: string; nameEn: string | null } | undefined) =>
    v ? (lang === 'en' && v.nameEn ? v.nameEn : v.name) : undefined
  const seminarTitle = (id: string | undefined) => {
    const s = id ? names.seminars.get(id) : undefined
    return s ? (lang === 'en' && s.titleEn ? s.titleEn : s.title) : t('audit.removedSeminar')
  }
  // The registration and session the event names (an attendance: "<session>:<registration>").
  const [attSession, attRegistration] = e.entityType === 'Attendance' ? e.entityId.split(':') : []
  const registration = names.registrations.get(e.entityType === 'Registration' ? e.entityId : (attRegistration ?? ''))
  const session = names.sessions.get(str(d.sessionId) ?? attSession ?? (e.entityType === 'Session' ? e.entityId : ''))
  const person = registration && !registration.removed ? registration.name : t('audit.removedPerson')
  const seminarId =
    str(d.seminarId) ??
    session?.seminarId ??
    registration?.seminarId ??
    (e.entityType === 'Seminar' ? e.entityId : undefined) ??
    names.groups.get(e.entityId)
  const user =
    names.users.get(e.entityType === 'StaffUser' ? e.entityId : '') ??
    (e.entityType === 'StaffUser' ? t('audit.removedUser') : '')
  const list = (items: string[]) => items.join(t('audit.list'))
  const vars: Vars = {
    actor,
    person,
    user,
    seminar: seminarTitle(seminarId),
    session: session ? t('audit.session', { n: session.number }) : '',
    count: 0,
    note: '',
  }
  const importTarget = () => {
    const programId = str(d.programId)
    return programId
      ? t('audit.pastOf', { program: localized(names.programs.get(programId)) ?? programId })
      : String(vars.seminar)
  }
  const action = e.action
  if (!isKnown(action)) return { vars, key: null }
  switch (action) {
    case 'attendance.checkin':
      vars.source = word(t, `source.${str(d.source)}`, d.source)
      break
    case 'attendance.walk-in':
      vars.mode = word(t, `mode.${str(d.mode)}`, d.mode)
      // A walk-in's registration is new: its name is in the registration (until removed).
      vars.note = d.overCapacity === true ? t('audit.note.overCapacity') : ''
      break
    case 'attendance.import':
    case 'attendance.import-update':
      vars.minutes = num(d.minutes)
      vars.previous = num(d.previousMinutes)
      break
    case 'attendance-import.anonymize':
    case 'registration.anonymize':
      vars.count = num(d.count)
      vars.reason = word(t, `audit.reason.${str(d.reason)}`, d.reason)
      break
    case 'registration.on-behalf':
      vars.status = word(t, `roster.status.${str(d.status)}`, d.status)
      vars.note = d.mailed === true ? t('audit.note.mailed') : ''
      break
    case 'registration.group':
      vars.count = num(d.people)
      vars.mode = word(t, `mode.${str(d.mode)}`, d.mode)
      break
    case 'registration.change': {
      const fields = Array.isArray(d.changed) ? d.changed.filter((f): f is string => typeof f === 'string') : []
      vars.fields = list(fields.map((f) => word(t, `audit.field.${f}`, f)))
      break
    }
    case 'registration.role':
      vars.from = word(t, `console.role.${str(d.from)}`, d.from)
      vars.to = word(t, `console.role.${str(d.to)}`, d.to)
      break
    case 'registration.cancel':
      vars.status = word(t, `roster.status.${str(d.previousStatus)}`, d.previousStatus)
      break
    case 'registration.group-cancel':
      vars.count = num(d.cancelled)
      break
    case 'seminar.message':
      vars.audience = word(t, `mail.audience.${str(d.audience)}`, d.audience)
      vars.subject = str(d.subject) ?? ''
      vars.count = num(d.recipients)
      break
    case 'seminar.cancel':
      vars.count = num(d.notified)
      vars.reason = str(d.reason) ?? ''
      break
    case 'session.create':
    case 'session.update':
    case 'session.delete':
      // The session as it is numbered now; a deleted one by the number it had (kept in the details).
      vars.session = session
        ? t('audit.session', { n: session.number })
        : num(d.number)
          ? t('audit.session', { n: num(d.number) })
          : t('audit.removedSession')
      break
    case 'question.create':
    case 'question.update':
    case 'question.delete':
    case 'question.copy': {
      // A seminar's form, or a program's template (no seminar in the details).
      const programId = str(d.programId)
      vars.target =
        programId && !str(d.seminarId)
          ? t('audit.templateOf', { program: localized(names.programs.get(programId)) ?? programId })
          : String(vars.seminar)
      vars.label = str(d.label) ?? ''
      vars.count = num(d.count)
      vars.note = d.kept === true ? t('audit.note.answersKept') : ''
      break
    }
    case 'survey.settings':
      vars.state = [t(d.enabled === true ? 'audit.survey.on' : 'audit.survey.off')]
        .concat(d.anonymous === true ? [t('audit.survey.anonymous')] : [])
        .join(t('audit.list'))
      break
    case 'lottery.settings': {
      const drawAt = new Date(str(d.drawAt) ?? '')
      vars.state =
        d.allocation === 'LOTTERY'
          ? t('audit.lottery.lottery', {
              drawAt: Number.isNaN(drawAt.getTime()) ? '' : formatDateTime(drawAt, lang),
            })
          : t('audit.lottery.firstCome')
      break
    }
    case 'lottery.draw':
      vars.count = num(d.applications)
      vars.won = num(d.won)
      vars.waitlisted = num(d.waitlisted)
      vars.notSelected = num(d.notSelected)
      break
    case 'registration.api':
      vars.status = word(t, `roster.status.${str(d.status)}`, d.status)
      vars.token = str(d.apiToken) ?? ''
      break
    case 'api-token.create':
    case 'api-token.revoke':
      vars.token = str(d.name) ?? ''
      break
    case 'api.call':
      vars.token = str(d.token) ?? ''
      vars.call = [str(d.method), str(d.path)].filter(Boolean).join(' ')
      vars.status = typeof d.status === 'number' ? String(d.status) : ''
      break
    case 'checkin-helper.create':
      vars.label = str(d.label) ?? names.users.get(str(d.helperId) ?? '') ?? ''
      vars.until = str(d.expiresAt) ? formatDateTime(new Date(String(d.expiresAt)), lang) : ''
      break
    case 'checkin-helper.revoke':
      vars.label = names.users.get(str(d.helperId) ?? '') ?? t('audit.removedUser')
      break
    case 'spreadsheet-import.apply':
      vars.target = importTarget()
      vars.rows = num(d.rows)
      vars.registrations = num(d.newRegistrations)
      vars.attendances = num(d.newAttendances)
      break
    case 'spreadsheet-import.undo': {
      const removed = (d.removed ?? {}) as Detail
      vars.target = importTarget()
      vars.registrations = num(removed.registrations)
      vars.attendances = num(removed.attendances)
      break
    }
    case 'category.create':
      vars.name = lang === 'en' ? (str(d.nameEn) ?? str(d.name) ?? '') : (str(d.name) ?? '')
      break
    case 'category.rename':
    case 'category.merge': {
      const pick = (v: unknown) => {
        const c = (v ?? {}) as Detail
        return lang === 'en' ? (str(c.nameEn) ?? str(c.name) ?? '') : (str(c.name) ?? '')
      }
      vars.from = pick(action === 'category.rename' ? d.from : d.merged)
      vars.to = pick(action === 'category.rename' ? d.to : d.into)
      vars.seminars = num(d.seminars)
      vars.indicators = num(d.indicators)
      break
    }
    case 'office.bands':
      vars.bands =
        d.bandsEnabled === false
          ? t('audit.bands.off')
          : t('audit.bands.on', { a: num(d.bandA), b: num(d.bandB), c: num(d.bandC) })
      break
    case 'fiscal-year.close':
    case 'fiscal-year.adjust':
    case 'fiscal-year.reopen':
      vars.year = e.entityId
      vars.count = num(d.indicators)
      vars.reason = str(d.reason) ?? ''
      break
    case 'webhook.create':
    case 'webhook.update':
    case 'webhook.rotate':
    case 'webhook.delete':
    case 'webhook.resume':
    case 'webhook.redeliver':
      vars.url = str(d.url) ?? ''
      vars.event = str(d.type) ?? ''
      break
    case 'user.invite':
      vars.role = word(t, `accounts.role.${str(d.role)}`, d.role)
      break
    case 'user.update': {
      const before = (d.before ?? {}) as Detail
      const after = (d.after ?? {}) as Detail
      const changes: string[] = []
      if (before.name !== after.name) changes.push(t('audit.change.name'))
      if (before.role !== after.role)
        changes.push(
          t('audit.change.role', {
            from: word(t, `accounts.role.${str(before.role)}`, before.role),
            to: word(t, `accounts.role.${str(after.role)}`, after.role),
          }),
        )
      if (JSON.stringify(before.programIds) !== JSON.stringify(after.programIds))
        changes.push(t('audit.change.programs'))
      vars.changes = changes.length ? list(changes) : t('audit.change.none')
      break
    }
    case 'certificate.layout': {
      const program = localized(names.programs.get(str(d.programId) ?? e.entityId))
      vars.program = program ?? t('audit.certificate.someProgram')
      vars.note =
        d.seal === 'replaced'
          ? t('audit.certificate.sealReplaced')
          : d.seal === 'removed'
            ? t('audit.certificate.sealRemoved')
            : ''
      break
    }
    case 'certificate.mail-setting':
      vars.state = t(d.enabled === true ? 'audit.survey.on' : 'audit.survey.off')
      break
    case 'certificate.issue':
    case 'export.certificate': {
      vars.kind = t(
        d.kind === 'COMPLETION'
          ? 'audit.certificate.completion'
          : d.kind === 'ATTENDANCE'
            ? 'audit.certificate.attendance'
            : 'audit.certificate.any',
      )
      const holder = names.registrations.get(str(d.registrationId) ?? '')
      if (action === 'export.certificate')
        vars.person = holder && !holder.removed ? holder.name : t('audit.removedPerson')
      break
    }
    case 'user.sessions-end':
      vars.count = num(d.sessions)
      break
    case 'export.seminar-roster': {
      const statuses = Array.isArray(d.statuses) ? d.statuses.filter((s): s is string => typeof s === 'string') : []
      vars.statuses = list(statuses.map((s) => word(t, `roster.status.${s}`, s)))
      vars.format = (str(d.format) ?? '').toUpperCase()
      break
    }
    case 'export.survey-answers':
      vars.format = (str(d.format) ?? '').toUpperCase()
      break
    case 'export.attendance-records':
      vars.year = num(d.fiscalYear)
      vars.format = (str(d.format) ?? '').toUpperCase()
      break
    case 'export.indicator-evidence':
      vars.indicator = localized(names.indicators.get(str(d.indicatorId) ?? '')) ?? t('audit.removedIndicator')
      vars.year = num(d.fiscalYear)
      vars.note = d.withNames === true ? t('audit.note.withNames') : ''
      break
    case 'export.audit':
    case 'export.security-log': {
      const parts: string[] = []
      const filtered = str(d.action) || str(d.type) || str(d.outcome)
      if (str(d.action)) parts.push(auditActionLabel(t, String(d.action)))
      if (!str(d.action) && filtered) parts.push([str(d.type), str(d.outcome)].filter(Boolean).join(' / '))
      if (str(d.from) || str(d.to)) parts.push(t('audit.period', { from: str(d.from) ?? '', to: str(d.to) ?? '' }))
      vars.filter = parts.length ? list(parts) : t('audit.all')
      break
    }
    default:
      break
  }
  return { vars, key: `audit.sentence.${action}` as MessageKey }
}

/** Sentences for events that all name looked-up targets. */
export function sentencesOf(lang: Lang, events: AuditEventRow[], names: Names): string[] {
  const t = translator(lang)
  return events.map((e) => {
    const { vars, key } = sentenceVars(t, lang, e, parseDetail(e.detail), names)
    return key ? t(key, vars) : t('audit.unknownAction', { action: e.action })
  })
}

/** Each event as a sentence in `lang`, naming its targets (one query per kind of target for them all). */
export async function describeAuditEvents(db: Db, events: AuditEventRow[], lang: Lang): Promise<string[]> {
  const names = await lookUpNames(
    db,
    events.map((event) => ({ event, detail: parseDetail(event.detail) })),
  )
  return sentencesOf(lang, events, names)
}
