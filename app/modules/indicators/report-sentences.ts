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

const numberFormat = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 })

function n(value: number): string {
  if (!Number.isInteger(value) || value < 0) throw new RangeError(`Not a count: ${value}`)
  return numberFormat.format(value)
}

function plural(count: number, one: string, many: string): string {
  return `${n(count)} ${count === 1 ? one : many}`
}

function isHybrid(f: Omit<SeminarFigures, 'title'>): boolean {
  return f.inPerson > 0 && f.online > 0
}

function seminarJa(s: SeminarFigures): string {
  const split = isHybrid(s) ? `：来場${n(s.inPerson)}名、オンライン${n(s.online)}名` : ''
  const orgs = s.uniqueOrganizations > 0 ? `${n(s.uniqueOrganizations)}社` : ''
  if (s.sessionsHeld === 1) {
    return `${s.title}を開催、${n(s.personTimes)}名が参加${split}${orgs ? `（${orgs}）` : ''}`
  }
  const details = [`実人数${n(s.uniquePersons)}名`, orgs].filter(Boolean).join('、')
  return `${s.title}を${n(s.sessionsHeld)}回開催、延べ${n(s.personTimes)}名が参加${split}（${details}）`
}

function seminarEn(s: SeminarFigures): string {
  const split = isHybrid(s) ? `: ${n(s.inPerson)} in person, ${n(s.online)} online` : ''
  const orgs = s.uniqueOrganizations > 0 ? plural(s.uniqueOrganizations, 'company', 'companies') : ''
  if (s.sessionsHeld === 1) {
    return `Held ${s.title} once, ${plural(s.personTimes, 'participant', 'participants')}${split}${orgs ? ` (${orgs})` : ''}`
  }
  const times = s.sessionsHeld === 2 ? 'twice' : `${n(s.sessionsHeld)} times`
  const details = [plural(s.uniquePersons, 'unique participant', 'unique participants'), orgs]
    .filter(Boolean)
    .join(', ')
  return `Held ${s.title} ${times}, ${plural(s.personTimes, 'attendance', 'attendances')} in total${split} (${details})`
}

function totalJa(name: string, t: ProgramFigures['total']): string {
  const details = [`実人数${n(t.uniquePersons)}名`, t.uniqueOrganizations > 0 ? `${n(t.uniqueOrganizations)}社` : '']
    .filter(Boolean)
    .join('、')
  return `${name}全体で計${n(t.sessionsHeld)}回開催、延べ${n(t.personTimes)}名が参加（${details}）`
}

function totalEn(name: string, t: ProgramFigures['total']): string {
  const details = [
    plural(t.uniquePersons, 'unique participant', 'unique participants'),
    t.uniqueOrganizations > 0 ? plural(t.uniqueOrganizations, 'company', 'companies') : '',
  ]
    .filter(Boolean)
    .join(', ')
  return (
    `${name} overall: ${plural(t.sessionsHeld, 'session', 'sessions')} held, ` +
    `${plural(t.personTimes, 'attendance', 'attendances')} in total (${details})`
  )
}

/** The report sentences for a program: one per seminar held, then the program total. */
export function reportSentences(figures: ProgramFigures, lang: 'ja' | 'en'): string[] {
  const held = figures.seminars.filter((s) => s.sessionsHeld > 0)
  const seminar = lang === 'ja' ? seminarJa : seminarEn
  const total = lang === 'ja' ? totalJa : totalEn
  return [...held.map(seminar), total(figures.programName, figures.total)]
}
