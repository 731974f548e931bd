/**
 * Sentences for staff to paste into annual reports (事業報告書, 事業評価調書の実施結果), in the
 * style of the published reports, e.g. 「AI普及啓発セミナーを2回開催、計109人が参加」,
 * 「計5回開催 延べ235名参加」, 「169名参加：来場55名、オンライン114名」, 「DX学校の開催（22社参加）」.
 *
 * Rules:
 * - One sentence per seminar, in the order given, for seminars with at least one session held;
 *   seminars with 0 sessions held are skipped.
 * - One session: 「{title}を開催、{personTimes}名が参加」 (with one session, person-times are persons).
 * - Several sessions: 「{title}を{k}回開催、延べ{personTimes}名が参加（実人数{uniquePersons}名）」.
 * - When there are both in-person and online attendances, the split of person-times follows the
 *   person-times directly: 「…名が参加：来場{inPerson}名、オンライン{online}名」.
 * - When uniqueOrganizations > 0, the companies are added in the closing parenthesis:
 *   「（{m}社）」 for one session, 「（実人数{u}名、{m}社）」 for several (one parenthesis, not two).
 * - Then one sentence for the program total, always:
 *   「{programName}全体で計{sessions}回開催、延べ{personTimes}名が参加（実人数{uniquePersons}名、{orgs}社）」;
 *   「、{orgs}社」 is left out when orgs is 0, as for seminars.
 * - The wording (ReportWording, per program) replaces 延べ by 計, 名 by 人, and leaves out 実人数 or
 *   社数; a parenthesis left empty is left out.
 * - Numbers carry thousands separators (1,234). Titles and program names are used as given: no
 *   quotes (「」) are added or removed. Sentences carry no closing 「。」, so they can be joined
 *   either as bullet lines or with 「。」.
 * - English follows the same rules: 'Held {title} once, 85 participants', 'Held {title} twice,
 *   109 attendances in total (80 unique participants)', ': 55 in person, 114 online',
 *   '(22 companies)', '{programName} overall: 12 sessions held, …', with singular forms for 1.
 */

export type SeminarFigures = {
  title: string
  sessionsHeld: number
  personTimes: number // 延べ: every attendance counts
  uniquePersons: number // 実人数
  uniqueOrganizations: number
  inPerson: number // attendances in person
  online: number // attendances online
}

export type ProgramFigures = { programName: string; seminars: SeminarFigures[]; total: Omit<SeminarFigures, 'title'> }

/**
 * The office's wording, per program: 「延べ」 or 「計」 before a total of attendances, 「名」 or 「人」
 * as the counter (Japanese only), and whether 実人数 and 社数 are added (both languages). With
 * 計 / 人 and neither added, a two-session seminar reads 「AI普及啓発セミナーを2回開催、計109人が参加」.
 */
export type ReportWording = {
  totalWord: '延べ' | '計'
  counter: '名' | '人'
  uniquePersons: boolean
  companies: boolean
}

export const DEFAULT_WORDING: ReportWording = { totalWord: '延べ', counter: '名', uniquePersons: true, companies: true }

const numberFormat = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 })

function n(value: number): string {
  if (!Number.isInteger(value) || value < 0) throw new RangeError(`Not a count: ${value}`)
  return numberFormat.format(value)
}

const englishPlural = new Intl.PluralRules('en')

function plural(count: number, one: string, many: string): string {
  return `${n(count)} ${englishPlural.select(count) === 'one' ? one : many}`
}

function isHybrid(f: Omit<SeminarFigures, 'title'>): boolean {
  return f.inPerson > 0 && f.online > 0
}

function seminarJa(s: SeminarFigures, w: ReportWording): string {
  const c = w.counter
  const split = isHybrid(s) ? `：来場${n(s.inPerson)}${c}、オンライン${n(s.online)}${c}` : ''
  const orgs = w.companies && s.uniqueOrganizations > 0 ? `${n(s.uniqueOrganizations)}社` : ''
  if (s.sessionsHeld === 1) {
    return `${s.title}を開催、${n(s.personTimes)}${c}が参加${split}${orgs ? `（${orgs}）` : ''}`
  }
  const details = [w.uniquePersons ? `実人数${n(s.uniquePersons)}${c}` : '', orgs].filter(Boolean).join('、')
  return `${s.title}を${n(s.sessionsHeld)}回開催、${w.totalWord}${n(s.personTimes)}${c}が参加${split}${details ? `（${details}）` : ''}`
}

function seminarEn(s: SeminarFigures, w: ReportWording): string {
  const split = isHybrid(s) ? `: ${n(s.inPerson)} in person, ${n(s.online)} online` : ''
  const orgs = w.companies && s.uniqueOrganizations > 0 ? plural(s.uniqueOrganizations, 'company', 'companies') : ''
  if (s.sessionsHeld === 1) {
    return `Held ${s.title} once, ${plural(s.personTimes, 'participant', 'participants')}${split}${orgs ? ` (${orgs})` : ''}`
  }
  const times = s.sessionsHeld === 2 ? 'twice' : `${n(s.sessionsHeld)} times`
  const details = [w.uniquePersons ? plural(s.uniquePersons, 'unique participant', 'unique participants') : '', orgs]
    .filter(Boolean)
    .join(', ')
  return `Held ${s.title} ${times}, ${plural(s.personTimes, 'attendance', 'attendances')} in total${split}${details ? ` (${details})` : ''}`
}

function totalJa(name: string, t: ProgramFigures['total'], w: ReportWording): string {
  const c = w.counter
  const details = [
    w.uniquePersons ? `実人数${n(t.uniquePersons)}${c}` : '',
    w.companies && t.uniqueOrganizations > 0 ? `${n(t.uniqueOrganizations)}社` : '',
  ]
    .filter(Boolean)
    .join('、')
  return `${name}全体で計${n(t.sessionsHeld)}回開催、${w.totalWord}${n(t.personTimes)}${c}が参加${details ? `（${details}）` : ''}`
}

function totalEn(name: string, t: ProgramFigures['total'], w: ReportWording): string {
  const details = [
    w.uniquePersons ? plural(t.uniquePersons, 'unique participant', 'unique participants') : '',
    w.companies && t.uniqueOrganizations > 0 ? plural(t.uniqueOrganizations, 'company', 'companies') : '',
  ]
    .filter(Boolean)
    .join(', ')
  return (
    `${name} overall: ${plural(t.sessionsHeld, 'session', 'sessions')} held, ` +
    `${plural(t.personTimes, 'attendance', 'attendances')} in total${details ? ` (${details})` : ''}`
  )
}

/** The report sentences for a program: one per seminar held, then the program total. */
export function reportSentences(
  figures: ProgramFigures,
  lang: 'ja' | 'en',
  wording: ReportWording = DEFAULT_WORDING,
): string[] {
  const held = figures.seminars.filter((s) => s.sessionsHeld > 0)
  const seminar = lang === 'ja' ? seminarJa : seminarEn
  const total = lang === 'ja' ? totalJa : totalEn
  return [...held.map((s) => seminar(s, wording)), total(figures.programName, figures.total, wording)]
}

/** A program's stored wording, with anything unknown read as the default. */
export function wordingOf(program: {
  reportTotalWord: string
  reportCounter: string
  reportUniquePersons: boolean
  reportCompanies: boolean
}): ReportWording {
  return {
    totalWord: program.reportTotalWord === '計' ? '計' : '延べ',
    counter: program.reportCounter === '人' ? '人' : '名',
    uniquePersons: program.reportUniquePersons,
    companies: program.reportCompanies,
  }
}

/**
 * The sentence of a rate indicator (docs/decisions/0048-survey-results-and-rates.md): its name,
 * the rate with one decimal and the count behind it — 「参加者満足度 92.3%（回答 118件）」, or for a
 * response rate 「アンケート回答率 85.0%（依頼 139件）」. Without a count (a rate entered by hand)
 * the parenthesis is left out.
 */
export function rateSentence(
  r: { name: string; rule: 'SATISFACTION_RATE' | 'RESPONSE_RATE'; rate: number; basis: number | null },
  lang: 'ja' | 'en',
): string {
  const rate = `${r.rate.toFixed(1)}%`
  if (r.basis === null) return `${r.name} ${rate}`
  if (lang === 'ja') return `${r.name} ${rate}（${r.rule === 'SATISFACTION_RATE' ? '回答' : '依頼'} ${n(r.basis)}件）`
  const what = r.rule === 'SATISFACTION_RATE' ? plural(r.basis, 'response', 'responses') : `${n(r.basis)} invited`
  return `${r.name} ${rate} (${what})`
}

/**
 * The sentence of a series' completers (修了者数, docs/decisions/0050-completion-rules.md):
 * 「AI人材育成プログラム（全5回）修了者 41名」 in the program's counter (名 or 人); for an indicator's
 * frozen figure without its seminars, the indicator's name instead of the title and no （全N回）.
 */
export function completerSentence(
  c: { title: string; sessions: number | null; count: number; counter?: '名' | '人' },
  lang: 'ja' | 'en',
): string {
  const counter = c.counter ?? '名'
  if (c.sessions === null) return lang === 'ja' ? `${c.title} ${n(c.count)}${counter}` : `${c.title}: ${n(c.count)}`
  if (lang === 'ja') return `${c.title}（全${n(c.sessions)}回）修了者 ${n(c.count)}${counter}`
  return `${c.title} (${plural(c.sessions, 'session', 'sessions')}): ${n(c.count)} completed`
}
