import { z } from 'zod'
import type { Db } from '~/utils/db.server'
import { AppError } from '~/utils/errors'
import type { Lang } from '~/utils/i18n'
import { translator } from '~/utils/i18n.server'
import { formatDateTime } from '~/utils/time'
import { recordExport } from '../audit/audit.server'
import type { Download, ExportFormat } from '../exports/download.server'
import { csvStream, xlsxStream, type Row } from '../exports/tabular.server'
import { answersByRegistration, rosterQuestionColumns } from '../questions/questions.server'
import { normalizeKana } from './identity'
import { ROSTER_STATUSES, type RosterStatus } from './roster-statuses'
import { completionSummaries, type CompletionSummary } from '../completion/completion.server'

/*
 * The registrant roster (名簿) before the event: who is confirmed, waiting or cancelled, sorted by
 * reading so a name is found as in a paper list — printed, or as CSV/XLSX.
 */

/**
 * `?status=CONFIRMED&status=WAITLISTED` (default: those who hold a place, or `fallback`); anything
 * else is ignored.
 */
export function rosterStatuses(url: string, fallback: RosterStatus[] = ['CONFIRMED', 'WAITLISTED']): RosterStatus[] {
  const asked = new URL(url).searchParams.getAll('status')
  const known = z.array(z.enum(ROSTER_STATUSES).catch('CONFIRMED')).parse(asked)
  return asked.length ? ROSTER_STATUSES.filter((s) => known.includes(s)) : fallback
}

/**
 * Katakana and hiragana sort together (やまだ and ヤマダ are one reading), then by name; people
 * without a reading come last, by name.
 */
export function byReading(a: { furigana: string; name: string }, b: { furigana: string; name: string }) {
  const ra = normalizeKana(a.furigana)
  const rb = normalizeKana(b.furigana)
  if (!ra !== !rb) return ra ? -1 : 1
  return ra.localeCompare(rb, 'ja') || a.name.localeCompare(b.name, 'ja')
}

/** The seminar's registrations of these statuses, by reading. */
export async function roster(db: Db, seminarId: string, statuses: RosterStatus[]) {
  const seminar = await db.seminar.findUnique({
    where: { id: seminarId },
    select: {
      id: true,
      title: true,
      sessions: { select: { number: true, startsAt: true }, orderBy: { number: 'asc' } },
    },
  })
  if (!seminar) throw new AppError('SEMINAR_NOT_FOUND')
  const people = await db.registration.findMany({
    where: { seminarId, status: { in: statuses } },
    select: {
      id: true,
      name: true,
      furigana: true,
      organizationName: true,
      email: true,
      phone: true,
      mode: true,
      status: true,
      waitlistPosition: true,
      code: true,
      source: true,
      createdAt: true,
    },
  })
  // The seminar's own questions become columns: those asked now, then removed ones someone answered.
  const questions = await rosterQuestionColumns(db, seminarId)
  const answers = questions.length
    ? await answersByRegistration(
        db,
        people.map((p) => p.id),
      )
    : new Map()
  // 修了 of each one, for a series (docs/decisions/0050-completion-rules.md); null otherwise.
  const completion = await completionSummaries(
    db,
    seminarId,
    people.map((p) => p.id),
  )
  return {
    seminar,
    statuses,
    completion,
    questions: questions.map((q) => ({ id: q.id, label: q.label, retired: !!q.retiredAt })),
    people: people
      .sort(byReading)
      .map((p) => ({ ...p, answers: questions.map((q) => answers.get(p.id)?.get(q.id) ?? '') })),
  }
}

export type Roster = Awaited<ReturnType<typeof roster>>

/**
 * Name cards (名札) to print for the seminar: one per registration of these statuses (the page's
 * default is those confirmed), in the roster's order — by reading, katakana and hiragana together
 * — so the cards are laid out on the reception table as the roster lists them.
 */
export async function nameCards(db: Db, seminarId: string, statuses: RosterStatus[]) {
  const seminar = await db.seminar.findUnique({ where: { id: seminarId }, select: { id: true, title: true } })
  if (!seminar) throw new AppError('SEMINAR_NOT_FOUND')
  const people = await db.registration.findMany({
    where: { seminarId, status: { in: statuses } },
    select: { id: true, name: true, furigana: true, organizationName: true },
  })
  return { seminar, statuses, cards: people.sort(byReading) }
}

export function rosterTable(r: Roster, lang: Lang): { header: string[]; rows: Row[] } {
  const t = translator(lang)
  const header = [
    t('roster.number'),
    t('form.name'),
    t('form.furigana'),
    t('console.organization'),
    t('form.email'),
    t('onBehalf.phone'),
    t('console.mode'),
    t('manage.status'),
    t('console.code'),
    t('roster.source'),
    t('console.registeredAt'),
    ...(r.completion ? [t('completion.rosterColumn')] : []),
    ...r.questions.map((q) => q.label),
  ]
  const rows = r.people.map((p, i) => [
    i + 1,
    p.name,
    p.furigana,
    p.organizationName,
    p.email || null,
    p.phone,
    t(`mode.${p.mode}`),
    t(`manage.status.${p.status}`, { position: p.waitlistPosition ?? '' }),
    p.code,
    t(`roster.source.${p.source}`),
    formatDateTime(p.createdAt, lang),
    ...(r.completion ? [completionCell(r.completion[p.id], t)] : []),
    ...p.answers,
  ])
  return { header, rows }
}

/** 「修了 5/5」 or 「未修了 3/4」: the list's badge in words. */
function completionCell(c: CompletionSummary | undefined, t: ReturnType<typeof translator>): string {
  if (!c) return ''
  return `${t(c.completed ? 'completion.completed' : 'completion.notCompleted')} ${c.attended}/${c.needed}`
}

async function* each(rows: Row[]) {
  yield* rows
}

/** The roster as a CSV or XLSX download; personal data, so the download is recorded first. */
export async function rosterFile(
  db: Db,
  input: { seminarId: string; statuses: RosterStatus[]; userId: string; lang: Lang; format: ExportFormat },
): Promise<Download> {
  const r = await roster(db, input.seminarId, input.statuses)
  await recordExport(db, input.userId, 'seminar-roster', {
    seminarId: r.seminar.id,
    statuses: input.statuses,
    format: input.format,
  })
  const { header, rows } = rosterTable(r, input.lang)
  const t = translator(input.lang)
  const body =
    input.format === 'csv'
      ? csvStream(header, each(rows))
      : xlsxStream([
          {
            name: t('roster.title'),
            columns: header.map((h, i) => ({ header: h, width: [6, 20, 20, 28, 28, 16, 10, 18, 12, 10, 20][i] ?? 24 })),
            rows: each(rows),
          },
        ])
  return {
    body,
    format: input.format,
    names: {
      fileName: `${r.seminar.title}_${t('roster.title')}.${input.format}`,
      asciiName: `roster-seminar-${r.seminar.id}.${input.format}`,
    },
  }
}
