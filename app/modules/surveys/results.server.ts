import type { Db } from '~/utils/db.server'
import { AppError } from '~/utils/errors'
import type { Lang } from '~/utils/i18n'
import { fiscalYearOf, fiscalYearRange } from '~/utils/time'
import {
  inLanguage,
  parseChoices,
  SATISFACTION_POINTS,
  SATISFACTION_WORDS,
  type QuestionKind,
} from '../questions/definitions'

/*
 * What a seminar's survey found (docs/decisions/0048-survey-results-and-rates.md): how many were
 * asked and answered, each choice question's counts, numbers' means and the free comments — and
 * the same rates over a program's seminars of a fiscal year.
 */

/** A response rate or a share in percent with one decimal (92.3); null when nothing to divide by. */
export function percent(part: number, whole: number): number | null {
  return whole > 0 ? Math.round((part * 1000) / whole) / 10 : null
}

export type Bar = { label: string; count: number; removed?: true }

export type QuestionResult = {
  id: string
  kind: QuestionKind
  label: string
  retired: boolean
  /** Responses that answered it. */
  answered: number
  /** Choice, yes/no and satisfaction questions: one bar per choice, in the question's order. */
  bars: Bar[]
  /** Number questions. */
  number?: { count: number; mean: number | null; min: number | null; max: number | null }
  /** Free-text questions: the comments, in the order of the responses' ids (random when anonymous). */
  comments: string[]
}

type StoredAnswer = { value: string; text: string }

function parseValue(value: string): unknown {
  try {
    return JSON.parse(value)
  } catch {
    return null
  }
}

/**
 * One question's answers counted. A choice removed since keeps its bar under the words it was
 * answered in (the answer's `text`), after the current choices.
 */
export function countAnswers(
  q: { id: string; kind: QuestionKind; label: string; labelEn: string | null; choices: string; retired: boolean },
  answers: StoredAnswer[],
  lang: Lang,
): QuestionResult {
  const result: QuestionResult = {
    id: q.id,
    kind: q.kind,
    label: inLanguage(lang, q.label, q.labelEn),
    retired: q.retired,
    answered: answers.length,
    bars: [],
    comments: [],
  }
  const counts = new Map<string, Bar>()
  const bar = (key: string, label: string, removed = false) => {
    const b = counts.get(key) ?? { label, count: 0, ...(removed ? { removed: true as const } : {}) }
    counts.set(key, b)
    return b
  }
  switch (q.kind) {
    case 'SATISFACTION':
      for (const p of SATISFACTION_POINTS) bar(String(p), SATISFACTION_WORDS[p][lang])
      for (const a of answers) {
        const p = Number(parseValue(a.value))
        if (SATISFACTION_WORDS[p]) bar(String(p), '').count++
      }
      break
    case 'YES_NO':
      bar('yes', lang === 'en' ? 'Yes' : 'はい')
      bar('no', lang === 'en' ? 'No' : 'いいえ')
      for (const a of answers) {
        const v = parseValue(a.value)
        if (v === 'yes' || v === 'no') bar(v, '').count++
      }
      break
    case 'ONE_CHOICE':
    case 'MANY_CHOICES': {
      for (const c of parseChoices(q.choices)) bar(`k:${c.key}`, inLanguage(lang, c.label, c.labelEn))
      for (const a of answers) {
        const v = parseValue(a.value)
        const keys = Array.isArray(v) ? v.map(String) : v === null ? [] : [String(v)]
        // The words were written in the keys' order, joined with 「、」.
        const words = keys.length === 1 ? [a.text] : a.text.split('、')
        keys.forEach((key, i) => {
          const known = counts.get(`k:${key}`)
          if (known && !known.removed) known.count++
          else {
            const label = words.length === keys.length ? words[i] : key
            bar(`w:${label}`, label, true).count++
          }
        })
      }
      break
    }
    case 'NUMBER': {
      const values = answers.map((a) => Number(parseValue(a.value))).filter((n) => Number.isFinite(n))
      result.number = {
        count: values.length,
        mean: values.length ? Math.round((values.reduce((s, n) => s + n, 0) / values.length) * 10) / 10 : null,
        min: values.length ? Math.min(...values) : null,
        max: values.length ? Math.max(...values) : null,
      }
      break
    }
    case 'SHORT_TEXT':
    case 'LONG_TEXT':
      result.comments = answers.map((a) => a.text).filter((t) => t.trim() !== '')
      break
  }
  result.bars = [...counts.values()]
  return result
}

/** The survey questions of a seminar that have results to show: current ones, then retired ones answered. */
export async function surveyQuestions(db: Db, seminarId: string) {
  const rows = await db.question.findMany({
    where: { seminarId, form: 'SURVEY', OR: [{ retiredAt: null }, { surveyAnswers: { some: {} } }] },
    orderBy: { position: 'asc' },
    select: { id: true, kind: true, label: true, labelEn: true, choices: true, retiredAt: true },
  })
  return rows
    .map((q) => ({ ...q, kind: q.kind as QuestionKind, retired: q.retiredAt !== null }))
    .sort((a, b) => Number(a.retired) - Number(b.retired))
}

/** A seminar's survey results, for the console's results page. */
export async function seminarSurveyResults(db: Db, seminarId: string, lang: Lang) {
  const seminar = await db.seminar.findUnique({
    where: { id: seminarId },
    select: {
      id: true,
      title: true,
      titleEn: true,
      programId: true,
      sessions: { select: { startsAt: true }, orderBy: { startsAt: 'asc' }, take: 1 },
      survey: { select: { id: true, anonymous: true, enabled: true } },
    },
  })
  if (!seminar) throw new AppError('SEMINAR_NOT_FOUND')
  const surveyId = seminar.survey?.id ?? ''
  const [invitations, responses, questions] = await Promise.all([
    db.surveyInvitation.count({ where: { surveyId } }),
    db.surveyResponse.count({ where: { surveyId } }),
    surveyQuestions(db, seminarId),
  ])
  const answers = await db.surveyAnswer.findMany({
    where: { response: { surveyId } },
    // The response's id orders comments: random in an anonymous survey, so not the order of answering.
    orderBy: [{ responseId: 'asc' }],
    select: { questionId: true, value: true, text: true },
  })
  const byQuestion = new Map<string, StoredAnswer[]>()
  for (const a of answers) byQuestion.set(a.questionId, [...(byQuestion.get(a.questionId) ?? []), a])
  return {
    seminar: {
      id: seminar.id,
      title: inLanguage(lang, seminar.title, seminar.titleEn),
      programId: seminar.programId,
      // The fiscal year the program's survey totals count it in (its first session's).
      fiscalYear: seminar.sessions[0] ? fiscalYearOf(seminar.sessions[0].startsAt) : null,
    },
    survey: seminar.survey ? { anonymous: seminar.survey.anonymous, enabled: seminar.survey.enabled } : null,
    invitations,
    responses,
    rate: percent(responses, invitations),
    questions: questions.map((q) => countAnswers(q, byQuestion.get(q.id) ?? [], lang)),
  }
}

export type SeminarSurveyResults = Awaited<ReturnType<typeof seminarSurveyResults>>

/**
 * A response's satisfaction: its answer to the first satisfaction question of its survey it
 * answered (the overall one; further scales are about parts of the seminar). Keyed by response id.
 */
export async function satisfactionByResponse(db: Db, surveyIds: string[]): Promise<Map<string, number>> {
  const rows = await db.surveyAnswer.findMany({
    where: { response: { surveyId: { in: surveyIds } }, question: { kind: 'SATISFACTION' } },
    select: { responseId: true, value: true, question: { select: { position: true } } },
  })
  const first = new Map<string, { position: number; point: number }>()
  for (const r of rows) {
    const point = Number(parseValue(r.value))
    if (!SATISFACTION_WORDS[point]) continue
    const seen = first.get(r.responseId)
    if (!seen || r.question.position < seen.position) first.set(r.responseId, { position: r.question.position, point })
  }
  return new Map([...first].map(([id, f]) => [id, f.point]))
}

/** The seminars of a program whose first session falls in the fiscal year (Japan time). */
async function seminarsOfYear(db: Db, programId: string, fiscalYear: number) {
  const { start, end } = fiscalYearRange(fiscalYear)
  const seminars = await db.seminar.findMany({
    where: { programId, sessions: { some: {} } },
    select: {
      id: true,
      title: true,
      titleEn: true,
      sessions: { select: { startsAt: true }, orderBy: { startsAt: 'asc' }, take: 1 },
      survey: { select: { id: true } },
    },
  })
  return seminars
    .filter((s) => s.sessions[0].startsAt >= start && s.sessions[0].startsAt < end)
    .sort((a, b) => a.sessions[0].startsAt.getTime() - b.sessions[0].startsAt.getTime())
}

/**
 * A program's survey figures for a fiscal year: per seminar and together, the response rate and
 * the satisfaction distribution (points 5 to 1 of each response's overall satisfaction).
 */
export async function programSurveyResults(db: Db, programId: string, fiscalYear: number, lang: Lang) {
  const program = await db.program.findUnique({
    where: { id: programId },
    select: { id: true, name: true, nameEn: true },
  })
  if (!program) throw new AppError('NOT_FOUND')
  const seminars = await seminarsOfYear(db, programId, fiscalYear)
  const surveyIds = seminars.flatMap((s) => (s.survey ? [s.survey.id] : []))
  const [invitations, responses, points] = await Promise.all([
    db.surveyInvitation.groupBy({ by: ['surveyId'], where: { surveyId: { in: surveyIds } }, _count: { _all: true } }),
    db.surveyResponse.findMany({ where: { surveyId: { in: surveyIds } }, select: { id: true, surveyId: true } }),
    satisfactionByResponse(db, surveyIds),
  ])
  const invited = new Map(invitations.map((i) => [i.surveyId, i._count._all]))
  const empty = () => Object.fromEntries(SATISFACTION_POINTS.map((p) => [p, 0])) as Record<number, number>
  const total = { invitations: 0, responses: 0, satisfaction: empty(), rated: 0 }
  const rows = seminars.map((s) => {
    const id = s.survey?.id
    const mine = id ? responses.filter((r) => r.surveyId === id) : []
    const satisfaction = empty()
    let rated = 0
    for (const r of mine) {
      const p = points.get(r.id)
      if (p) {
        satisfaction[p]++
        rated++
      }
    }
    const row = {
      id: s.id,
      title: inLanguage(lang, s.title, s.titleEn),
      startsAt: s.sessions[0].startsAt,
      invitations: id ? (invited.get(id) ?? 0) : 0,
      responses: mine.length,
      satisfaction,
      rated,
    }
    total.invitations += row.invitations
    total.responses += row.responses
    total.rated += rated
    for (const p of SATISFACTION_POINTS) total.satisfaction[p] += satisfaction[p]
    return { ...row, rate: percent(row.responses, row.invitations) }
  })
  return {
    program: { id: program.id, name: inLanguage(lang, program.name, program.nameEn) },
    fiscalYear,
    seminars: rows,
    total: { ...total, rate: percent(total.responses, total.invitations) },
    satisfactionWords: SATISFACTION_POINTS.map((p) => ({ point: p, label: SATISFACTION_WORDS[p][lang] })),
  }
}

export type ProgramSurveyResults = Awaited<ReturnType<typeof programSurveyResults>>
