import type { Db } from '~/utils/db.server'
import { notFound } from '~/utils/errors'
import type { Lang } from '~/utils/i18n'
import { fiscalYearLabel, formatDate, formatSessionTime, tokyoDate } from '~/utils/time'
import { SATISFACTION_WORDS } from '../questions/definitions'
import type { RateEvidence } from '../surveys/rates.server'
import type { CompletersEvidence } from '../completion/completion.server'
import { recordExport } from '../audit/audit.server'
import type { Download } from '../exports/download.server'
import { csvStream, type Row } from '../exports/tabular.server'
import { evidence, type Evidence } from './evidence.server'
import { closedFigure, closedFigureNotes } from './year-close.server'

/*
 * The distinct persons / organizations behind a unique count, as CSV for Excel: one row per
 * member (its pseudonym code, name, the spellings merged into it, its counted records), then the
 * total, which equals the actual (docs/decisions/0014-keyed-identity-and-unique-evidence.md).
 */

const HEADERS = {
  ja: {
    no: 'No.',
    code: '識別番号',
    name: '氏名・組織名',
    corporateNumber: '法人番号',
    spellings: '記録上の表記',
    attendances: '出席回数',
    records: '数えた出席記録',
    person: '参加者 #',
    organization: '組織 #',
    anonymized: '（個人情報は削除済み）',
    session: (n: number) => `第${n}回`,
    total: '合計',
    program: '事業',
    seminar: 'セミナー',
    sessionNo: '回',
    time: '日時',
    personTimes: '延べ人数',
    persons: '実人数（日程内）',
    organizations: '社数（日程内）',
    fileName: '実績の内訳',
    firstSession: '初回',
    respondent: '回答者',
    answeredOn: '回答日',
    satisfaction: '満足度',
    counted: '分子に数える',
    yes: '○',
    anonymousSurvey: '（匿名）',
    responses: '回答数',
    invitations: '依頼数',
    rate: '割合',
    lastSession: '最終回',
    completer: '修了者',
    organizationName: '所属',
    attendedOf: '出席回数/必要回数',
    completersOf: (n: number) => `修了者 ${n}名`,
  },
  en: {
    no: 'No.',
    code: 'Code',
    name: 'Name',
    corporateNumber: 'Corporate number',
    spellings: 'Spellings in the records',
    attendances: 'Attendances',
    records: 'Attendance records counted',
    person: 'Participant #',
    organization: 'Organization #',
    anonymized: '(personal data removed)',
    session: (n: number) => `session ${n}`,
    total: 'Total',
    program: 'Program',
    seminar: 'Seminar',
    sessionNo: 'Session',
    time: 'Date and time',
    personTimes: 'Person-times',
    persons: 'Persons (in the session)',
    organizations: 'Organizations (in the session)',
    fileName: 'evidence',
    firstSession: 'First session',
    respondent: 'Respondent',
    answeredOn: 'Answered on',
    satisfaction: 'Satisfaction',
    counted: 'In the numerator',
    yes: 'yes',
    anonymousSurvey: '(anonymous)',
    responses: 'Responses',
    invitations: 'Invitations',
    rate: 'Rate',
    lastSession: 'Last session',
    completer: 'Completer',
    organizationName: 'Organization',
    attendedOf: 'Attended/needed',
    completersOf: (n: number) => `${n} completed`,
  },
}

/** The rows of the distinct-member list, the total last; `withNames` false leaves persons' names out. */
export function evidenceMemberRows(ev: Evidence, lang: Lang, withNames: boolean): Row[] {
  const h = HEADERS[lang]
  const members = ev.members
  if (!members) return []
  const persons = members.kind === 'PERSONS'
  const rows: Row[] = members.list.map((m, k) => [
    k + 1,
    `${persons ? h.person : h.organization}${m.code}`,
    persons && (!withNames || m.name === null) ? (m.anonymized ? h.anonymized : '') : (m.name ?? ''),
    m.corporateNumber,
    persons && !withNames ? '' : m.spellings.join(' / '),
    m.records.length,
    m.records.map((r) => `${formatDate(r.startsAt, lang)} ${r.seminarTitle} ${h.session(r.sessionNumber)}`).join('; '),
  ])
  // The total: how many members (the actual) and how many records they were counted from.
  rows.push([], [h.total, `${members.total} ${ev.indicator.unit}`, null, null, null, countRecords(members.list), null])
  return rows
}

function countRecords(list: { records: unknown[] }[]): number {
  return list.reduce((sum, m) => sum + m.records.length, 0)
}

/**
 * The evidence as CSV: for unique persons / organizations the distinct members with the total
 * (the actual); for other rules the sessions counted with their person-times and its total.
 */
export function evidenceCsv(
  ev: Evidence,
  lang: Lang,
  withNames: boolean,
  /** A closed year's notes (year-close.server.ts `closedFigureNotes`): the records are today's. */
  notes: string[] = [],
): ReadableStream<Uint8Array> {
  const h = HEADERS[lang]
  if (ev.completers) {
    const rows = evidenceCompleterRows(ev.completers, lang, withNames)
    if (notes.length) rows.push([], ...notes.map((n) => [n]))
    return csvStream(
      [h.seminar, h.lastSession, h.no, h.code, h.completer, h.organizationName, h.attendedOf],
      (async function* () {
        yield* rows
      })(),
    )
  }
  if (ev.survey) {
    const rows = evidenceRateRows(ev.survey, lang, withNames)
    if (notes.length) rows.push([], ...notes.map((n) => [n]))
    return csvStream(
      [h.seminar, h.firstSession, h.no, h.respondent, h.answeredOn, h.satisfaction, h.counted],
      (async function* () {
        yield* rows
      })(),
    )
  }
  const header = ev.members
    ? [h.no, h.code, h.name, h.corporateNumber, h.spellings, h.attendances, h.records]
    : [h.program, h.seminar, h.sessionNo, h.time, h.personTimes, h.persons, h.organizations]
  const rows = ev.members ? evidenceMemberRows(ev, lang, withNames) : evidenceSessionRows(ev, lang)
  if (notes.length) rows.push([], ...notes.map((n) => [n]))
  return csvStream(
    header,
    (async function* () {
      yield* rows
    })(),
  )
}

/**
 * The responses behind a survey rate, seminar by seminar: each respondent counted in the
 * denominator (for a response rate, each response) and whether they count in the numerator; then
 * per seminar and in total the numerator, the denominator and the rate. Names only `withNames`
 * and never for an anonymous survey.
 */
export function evidenceRateRows(survey: RateEvidence, lang: Lang, withNames: boolean): Row[] {
  const h = HEADERS[lang]
  const satisfaction = survey.rule === 'SATISFACTION_RATE'
  const rows: Row[] = []
  for (const s of survey.seminars) {
    s.rows.forEach((r, k) =>
      rows.push([
        s.title,
        tokyoDate(s.startsAt),
        k + 1,
        s.anonymous ? h.anonymousSurvey : withNames ? r.name : null,
        r.answeredOn ? tokyoDate(r.answeredOn) : null,
        r.point === null ? null : (SATISFACTION_WORDS[r.point]?.[lang] ?? String(r.point)),
        r.counted ? h.yes : null,
      ]),
    )
    rows.push([
      s.title,
      tokyoDate(s.startsAt),
      null,
      null,
      null,
      satisfaction
        ? `${s.numerator} / ${s.denominator}`
        : `${h.responses} ${s.responses} / ${h.invitations} ${s.invitations}`,
      s.numerator,
    ])
  }
  rows.push(
    [],
    [
      h.total,
      null,
      null,
      null,
      null,
      `${survey.numerator} / ${survey.denominator}`,
      survey.rate === null ? null : `${h.rate} ${survey.rate.toFixed(1)}%`,
    ],
  )
  return rows
}

/**
 * Who completed, seminar by seminar (修了者数): the 受付番号 always, name and organization only
 * `withNames`; per seminar and in total the number of completers (the actual).
 */
export function evidenceCompleterRows(completers: CompletersEvidence, lang: Lang, withNames: boolean): Row[] {
  const h = HEADERS[lang]
  const rows: Row[] = []
  for (const s of completers.seminars) {
    s.people.forEach((p, k) =>
      rows.push([
        s.title,
        tokyoDate(s.lastSessionStartsAt),
        k + 1,
        p.code,
        withNames && !p.anonymized ? p.name : p.anonymized ? h.anonymized : null,
        withNames && !p.anonymized ? p.organizationName : null,
        `${p.attendedCount}/${s.rule.needed}`,
      ]),
    )
    rows.push([s.title, tokyoDate(s.lastSessionStartsAt), null, null, h.completersOf(s.people.length), null, null])
  }
  rows.push([], [h.total, null, null, null, h.completersOf(completers.total), null, null])
  return rows
}

/** The sessions counted, each with its own start and end, and the total person-times. */
export function evidenceSessionRows(ev: Evidence, lang: Lang): Row[] {
  const h = HEADERS[lang]
  const rows: Row[] = ev.sessions.map((s) => [
    s.seminar.program.name,
    s.seminar.title,
    s.number,
    formatSessionTime(s.startsAt, s.endsAt, lang),
    s.personTimes,
    s.persons,
    s.organizations,
  ])
  rows.push([], [h.total, null, null, null, ev.sessions.reduce((sum, s) => sum + s.personTimes, 0), null, null])
  return rows
}

export function evidenceFileNames(ev: Evidence, fiscalYear: number, lang: Lang) {
  const code = ev.indicator.code.replace(/[^A-Za-z0-9_-]/g, '_')
  return {
    fileName: `${HEADERS[lang].fileName}_${ev.indicator.code}_${fiscalYearLabel(fiscalYear, lang)}.csv`,
    asciiName: `evidence-${code}-${fiscalYear}.csv`,
  }
}

/**
 * The evidence of an actual as a CSV file (404 for no such indicator), with a closed year's notes.
 * Names only `withNames` (the right to read personal data); the download is recorded either way.
 */
export async function evidenceFile(
  db: Db,
  input: { indicatorId: string; fiscalYear: number; userId: string; withNames: boolean; lang: Lang },
): Promise<Download> {
  const { fiscalYear, withNames, lang } = input
  const result = await evidence(db, input.indicatorId, fiscalYear)
  if (!result) throw notFound()
  await recordExport(db, input.userId, 'indicator-evidence', {
    indicatorId: result.indicator.id,
    fiscalYear,
    withNames,
  })
  const notes = closedFigureNotes(await closedFigure(db, result.indicator.id, fiscalYear), lang)
  return {
    body: evidenceCsv(result, lang, withNames, notes),
    format: 'csv',
    names: evidenceFileNames(result, fiscalYear, lang),
  }
}
