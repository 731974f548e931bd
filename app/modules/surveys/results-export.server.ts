import type { Db } from '~/utils/db.server'
import { AppError } from '~/utils/errors'
import type { Lang } from '~/utils/i18n'
import { translator } from '~/utils/i18n.server'
import { tokyoDate } from '~/utils/time'
import { recordExport } from '../audit/audit.server'
import type { Download, ExportFormat } from '../exports/download.server'
import { csvStream, xlsxStream, type Row } from '../exports/tabular.server'
import { inLanguage } from '../questions/definitions'
import { surveyQuestions } from './results.server'

/*
 * Every answer of a seminar's survey as a table: one row per response, a column per question, in
 * the words each answer was given (docs/decisions/0048-survey-results-and-rates.md). An anonymous
 * survey's rows name nobody, carry no day, and come in the order of their random ids.
 */

export async function surveyAnswersTable(db: Db, seminarId: string, lang: Lang) {
  const t = translator(lang)
  const seminar = await db.seminar.findUnique({
    where: { id: seminarId },
    select: {
      id: true,
      title: true,
      titleEn: true,
      survey: { select: { id: true, anonymous: true } },
      sessions: { select: { id: true, number: true } },
    },
  })
  if (!seminar) throw new AppError('SEMINAR_NOT_FOUND')
  const anonymous = seminar.survey?.anonymous ?? false
  const questions = await surveyQuestions(db, seminarId)
  const responses = await db.surveyResponse.findMany({
    where: { surveyId: seminar.survey?.id ?? '' },
    orderBy: anonymous ? [{ id: 'asc' }] : [{ answeredOn: 'asc' }, { id: 'asc' }],
    select: {
      id: true,
      sessionId: true,
      answeredOn: true,
      answers: { select: { questionId: true, text: true } },
      invitation: { select: { registration: { select: { name: true, email: true, organizationName: true } } } },
    },
  })
  const sessionNumber = new Map(seminar.sessions.map((s) => [s.id, s.number]))
  const header = [
    t('surveyResults.number'),
    ...(anonymous ? [] : [t('form.name'), t('console.organization'), t('form.email'), t('surveyResults.answeredOn')]),
    t('surveyResults.round'),
    ...questions.map((q) => inLanguage(lang, q.label, q.labelEn)),
  ]
  const rows: Row[] = responses.map((r, i) => {
    // An anonymous survey's responses name no invitation; should one ever do, it still shows nobody.
    const person = anonymous ? null : (r.invitation?.registration ?? null)
    const words = new Map(r.answers.map((a) => [a.questionId, a.text]))
    const n = r.sessionId ? sessionNumber.get(r.sessionId) : undefined
    return [
      i + 1,
      ...(anonymous
        ? []
        : [person?.name ?? null, person?.organizationName ?? null, person?.email || null, tokyoDate(r.answeredOn)]),
      n === undefined ? t('surveyResults.wholeSeminar') : t('surveyResults.session', { n }),
      ...questions.map((q) => words.get(q.id) ?? null),
    ]
  })
  return {
    seminar: { id: seminar.id, title: inLanguage(lang, seminar.title, seminar.titleEn) },
    anonymous,
    header,
    rows,
  }
}

async function* each(rows: Row[]) {
  yield* rows
}

/** The survey's answers as a CSV or XLSX download; recorded first (it may name people, its comments anyone). */
export async function surveyAnswersFile(
  db: Db,
  input: { seminarId: string; userId: string; lang: Lang; format: ExportFormat },
): Promise<Download> {
  const table = await surveyAnswersTable(db, input.seminarId, input.lang)
  await recordExport(db, input.userId, 'survey-answers', {
    seminarId: table.seminar.id,
    format: input.format,
    anonymous: table.anonymous,
  })
  const t = translator(input.lang)
  const body =
    input.format === 'csv'
      ? csvStream(table.header, each(table.rows))
      : xlsxStream([
          {
            name: t('surveyResults.sheet'),
            columns: table.header.map((h, i) => ({ header: h, width: i === 0 ? 6 : 24 })),
            rows: each(table.rows),
          },
        ])
  return {
    body,
    format: input.format,
    names: {
      fileName: `${table.seminar.title}_${t('surveyResults.sheet')}.${input.format}`,
      asciiName: `survey-answers-${table.seminar.id}.${input.format}`,
    },
  }
}
