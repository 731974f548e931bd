import crypto from 'node:crypto'
import type { Db } from '~/utils/db.server'
import { AppError } from '~/utils/errors'
import { currentTime } from '~/utils/clock.server'
import {
  answerWords,
  parseChoices,
  type AnswerValue,
  type Answers,
  type AskedQuestion,
  type Choice,
  type QuestionKind,
} from './definitions'

/*
 * An organizer's own questions, stored (docs/decisions/0046-questions.md): read for a form, the
 * answers written with the registration they belong to, and read back in words.
 */

export type QuestionFormName = 'REGISTRATION' | 'SURVEY'

type QuestionRow = {
  id: string
  kind: string
  label: string
  labelEn: string | null
  choices: string
  asSelect: boolean
  required: boolean
}

const ASKED = {
  id: true,
  kind: true,
  label: true,
  labelEn: true,
  choices: true,
  asSelect: true,
  required: true,
} as const

export function toAsked(q: QuestionRow): AskedQuestion {
  return { ...q, kind: q.kind as QuestionKind, choices: parseChoices(q.choices) }
}

/** The questions a seminar's form asks now, in order (retired ones left out). */
export async function askedQuestions(db: Db, seminarId: string, form: QuestionFormName): Promise<AskedQuestion[]> {
  // Plain SQL, read alike by SQLite and PostgreSQL: every registration form sent reads it (the query
  // API costs several times more per call); booleans come back as 0/1 from SQLite.
  const rows = await db.$queryRaw<
    (Omit<QuestionRow, 'asSelect' | 'required'> & { asSelect: unknown; required: unknown })[]
  >`
    SELECT "id", CAST("kind" AS TEXT) AS "kind", "label", "labelEn", "choices", "asSelect", "required"
    FROM "Question" WHERE "seminarId" = ${seminarId} AND CAST("form" AS TEXT) = ${form} AND "retiredAt" IS NULL
    ORDER BY "position" ASC`
  return rows.map((q) => toAsked({ ...q, asSelect: Boolean(q.asSelect), required: Boolean(q.required) }))
}

/**
 * A form's answers as they are stored, registration's or survey's: what was sent (JSON), the words
 * (Japanese) and the question's label when given. Nothing chosen is no answer, as an empty text is.
 */
export function answersInWords(questions: AskedQuestion[], answers: Answers | undefined) {
  return questions.flatMap((q) => {
    const value = answers?.[q.id]
    if (value === undefined || (Array.isArray(value) && value.length === 0)) return []
    return [
      { questionId: q.id, value: JSON.stringify(value), text: answerWords(q, value, 'ja'), questionLabel: q.label },
    ]
  })
}

/** The rows of a registration's answers, in words as they are when given. */
export function answerRows(
  registrationId: string,
  questions: AskedQuestion[],
  answers: Answers | undefined,
  now: Date,
) {
  return answersInWords(questions, answers).map((a) => ({
    id: crypto.randomUUID(),
    registrationId,
    ...a,
    createdAt: now,
    updatedAt: now,
  }))
}

/** The statement that writes a new registration's answers (in the registration's own batch). */
export function insertAnswers(
  db: Db,
  registrationId: string,
  questions: AskedQuestion[],
  answers: Answers | undefined,
  now: Date,
) {
  const data = answerRows(registrationId, questions, answers, now)
  return data.length ? [db.answer.createMany({ data })] : []
}

/**
 * The statements that replace a registration's answers to the questions asked now (a change
 * through the participant's link, or by staff): answers to retired questions stay as they were.
 */
export function replaceAnswers(
  db: Pick<Db, 'answer'>,
  registrationId: string,
  questions: AskedQuestion[],
  answers: Answers | undefined,
  now: Date,
) {
  const data = answerRows(registrationId, questions, answers, now)
  return [
    db.answer.deleteMany({ where: { registrationId, questionId: { in: questions.map((q) => q.id) } } }),
    ...(data.length ? [db.answer.createMany({ data })] : []),
  ]
}

/** One answer as staff and the participant read it. */
export type AnswerShown = {
  questionId: string
  /** The question's label now, and when answered if it differed. */
  label: string
  labelWhenAnswered: string | null
  /** The answer in words, as it was given. */
  text: string
  /** The question has been removed since. */
  retired: boolean
}

/** A registration's answers, in the questions' order (those removed since last). */
export async function registrationAnswers(db: Db, registrationId: string): Promise<AnswerShown[]> {
  const rows = await db.answer.findMany({
    where: { registrationId },
    select: {
      text: true,
      questionLabel: true,
      question: { select: { id: true, label: true, position: true, retiredAt: true } },
    },
  })
  return rows
    .sort(
      (a, b) =>
        Number(!!a.question.retiredAt) - Number(!!b.question.retiredAt) || a.question.position - b.question.position,
    )
    .map((a) => ({
      questionId: a.question.id,
      label: a.question.label,
      labelWhenAnswered: a.questionLabel !== a.question.label ? a.questionLabel : null,
      text: a.text,
      retired: !!a.question.retiredAt,
    }))
}

/** A registration's answers as the form's values (`answers.<id>`), for changing them. */
export async function answerFormValues(db: Db, registrationId: string): Promise<Record<string, string | string[]>> {
  const rows = await db.answer.findMany({ where: { registrationId }, select: { questionId: true, value: true } })
  return Object.fromEntries(
    rows.map((r) => {
      const v = JSON.parse(r.value) as AnswerValue
      return [r.questionId, Array.isArray(v) ? v : String(v)]
    }),
  )
}

/** Answers of many registrations (a roster), keyed by registration then question. */
export async function answersByRegistration(
  db: Db,
  registrationIds: string[],
): Promise<Map<string, Map<string, string>>> {
  const byRegistration = new Map<string, Map<string, string>>()
  // In slices: SQLite binds at most 32,766 values in one statement.
  for (let i = 0; i < registrationIds.length; i += 5000) {
    const rows = await db.answer.findMany({
      where: { registrationId: { in: registrationIds.slice(i, i + 5000) } },
      select: { registrationId: true, questionId: true, text: true },
    })
    for (const r of rows) {
      const m = byRegistration.get(r.registrationId) ?? new Map<string, string>()
      m.set(r.questionId, r.text)
      byRegistration.set(r.registrationId, m)
    }
  }
  return byRegistration
}

/** The columns a roster gets for a seminar's registration questions: current ones, then retired ones answered. */
export async function rosterQuestionColumns(db: Db, seminarId: string) {
  const rows = await db.question.findMany({
    where: { seminarId, form: 'REGISTRATION', OR: [{ retiredAt: null }, { answers: { some: {} } }] },
    orderBy: [{ position: 'asc' }],
    select: { id: true, label: true, retiredAt: true },
  })
  return rows.sort((a, b) => Number(!!a.retiredAt) - Number(!!b.retiredAt))
}

/** Where a question lives: a seminar's form, or a program's template. */
export type QuestionOwner = { seminarId: string } | { programId: string }

export type QuestionInput = {
  kind: QuestionKind
  label: string
  labelEn: string | null
  /** One choice per line, 「日本語 | English」. */
  choiceLines: { label: string; labelEn: string | null }[]
  asSelect: boolean
  required: boolean
}

/**
 * The choices of an edited question: a line whose Japanese words match an existing choice keeps
 * that choice's key (its answers stay with it); other lines are new choices.
 */
export function choicesFromLines(lines: QuestionInput['choiceLines'], existing: Choice[]): Choice[] {
  const used = new Set<string>()
  return lines.map((line) => {
    const same = existing.find((c) => c.label === line.label && !used.has(c.key))
    const key = same?.key ?? crypto.randomBytes(6).toString('base64url')
    used.add(key)
    return { key, label: line.label, labelEn: line.labelEn }
  })
}

const ownerWhere = (owner: QuestionOwner) =>
  'seminarId' in owner ? { seminarId: owner.seminarId } : { programId: owner.programId }

/** All questions of an owner's form for its editor, with how many answers each has. */
export async function questionsForEditing(db: Db, owner: QuestionOwner, form: QuestionFormName) {
  const rows = await db.question.findMany({
    where: { ...ownerWhere(owner), form },
    orderBy: { position: 'asc' },
    select: { ...ASKED, retiredAt: true, _count: { select: { answers: true, surveyAnswers: true } } },
  })
  return rows.map((r) => ({
    ...toAsked(r),
    retired: !!r.retiredAt,
    answerCount: r._count.answers + r._count.surveyAnswers,
  }))
}

export type EditableQuestion = Awaited<ReturnType<typeof questionsForEditing>>[number]

async function nextPosition(db: Db, owner: QuestionOwner, form: QuestionFormName) {
  const last = await db.question.aggregate({ where: { ...ownerWhere(owner), form }, _max: { position: true } })
  return (last._max.position ?? 0) + 1
}

function questionData(input: QuestionInput, existing: Choice[]) {
  const choosing = input.kind === 'ONE_CHOICE' || input.kind === 'MANY_CHOICES'
  return {
    kind: input.kind,
    label: input.label,
    labelEn: input.labelEn,
    choices: JSON.stringify(choosing ? choicesFromLines(input.choiceLines, existing) : []),
    asSelect: input.kind === 'ONE_CHOICE' && input.asSelect,
    required: input.required,
  }
}

function questionAudit(
  db: Db,
  actorId: string,
  action: 'question.create' | 'question.update' | 'question.delete' | 'question.copy',
  questionId: string,
  detail: Record<string, unknown>,
) {
  return db.auditEvent.create({
    data: { actorId, action, entityType: 'Question', entityId: questionId, detail: JSON.stringify(detail) },
  })
}

/** Adds a question at the end of the form. */
export async function addQuestion(
  db: Db,
  actorId: string,
  owner: QuestionOwner,
  form: QuestionFormName,
  input: QuestionInput,
  now = currentTime(),
) {
  const id = crypto.randomUUID()
  const position = await nextPosition(db, owner, form)
  await db.$transaction([
    db.question.create({
      data: { id, ...ownerWhere(owner), form, position, ...questionData(input, []), createdAt: now, updatedAt: now },
    }),
    questionAudit(db, actorId, 'question.create', id, { ...owner, form, label: input.label }),
  ])
  return id
}

async function ownedQuestion(db: Db, owner: QuestionOwner, questionId: string) {
  const q = await db.question.findFirst({
    where: { id: questionId, ...ownerWhere(owner) },
    select: { id: true, kind: true, choices: true, form: true, position: true, label: true, retiredAt: true },
  })
  if (!q || q.retiredAt) throw new AppError('QUESTION_NOT_FOUND')
  return q
}

/**
 * Changes a question. Its kind cannot change once it has answers (a number read as a choice would
 * mean nothing): such a change is refused; the answers keep the words they were given in.
 */
export async function updateQuestion(
  db: Db,
  actorId: string,
  owner: QuestionOwner,
  questionId: string,
  input: QuestionInput,
  now = currentTime(),
) {
  const q = await ownedQuestion(db, owner, questionId)
  if (q.kind !== input.kind && (await hasAnswers(db, questionId))) {
    throw new AppError('QUESTION_KIND_ANSWERED')
  }
  await db.$transaction([
    db.question.update({
      where: { id: questionId },
      data: { ...questionData(input, parseChoices(q.choices)), updatedAt: now },
    }),
    questionAudit(db, actorId, 'question.update', questionId, { ...owner, form: q.form, label: input.label }),
  ])
}

/** Whether anyone answered the question, at registration or in a survey (deleting it would lose those answers). */
async function hasAnswers(db: Db, questionId: string) {
  const [answers, surveyAnswers] = await Promise.all([
    db.answer.count({ where: { questionId } }),
    db.surveyAnswer.count({ where: { questionId } }),
  ])
  return answers + surveyAnswers > 0
}

/** Removes a question: deleted when nobody answered it, else retired (its answers stay readable). */
export async function removeQuestion(
  db: Db,
  actorId: string,
  owner: QuestionOwner,
  questionId: string,
  now = currentTime(),
) {
  const q = await ownedQuestion(db, owner, questionId)
  const answered = await hasAnswers(db, questionId)
  await db.$transaction([
    answered
      ? db.question.update({ where: { id: questionId }, data: { retiredAt: now, updatedAt: now } })
      : db.question.delete({ where: { id: questionId } }),
    questionAudit(db, actorId, 'question.delete', questionId, {
      ...owner,
      form: q.form,
      label: q.label,
      kept: answered,
    }),
  ])
  return { retired: answered }
}

/** Moves a question one place up or down among the form's questions asked now. */
export async function moveQuestion(
  db: Db,
  owner: QuestionOwner,
  questionId: string,
  direction: 'up' | 'down',
  now = currentTime(),
) {
  const q = await ownedQuestion(db, owner, questionId)
  const neighbour = await db.question.findFirst({
    where: {
      ...ownerWhere(owner),
      form: q.form,
      retiredAt: null,
      position: direction === 'up' ? { lt: q.position } : { gt: q.position },
    },
    orderBy: { position: direction === 'up' ? 'desc' : 'asc' },
    select: { id: true, position: true },
  })
  if (!neighbour) return
  await db.$transaction([
    db.question.update({ where: { id: q.id }, data: { position: neighbour.position, updatedAt: now } }),
    db.question.update({ where: { id: neighbour.id }, data: { position: q.position, updatedAt: now } }),
  ])
}

/**
 * Copies the questions asked now by another seminar or a program's template to the end of this
 * owner's form (new questions: their answers start empty). Returns how many were copied.
 */
export async function copyQuestions(
  db: Db,
  actorId: string,
  from: QuestionOwner,
  to: QuestionOwner,
  form: QuestionFormName,
  now = currentTime(),
): Promise<number> {
  const source = await db.question.findMany({
    where: { ...ownerWhere(from), form, retiredAt: null },
    orderBy: { position: 'asc' },
    select: { kind: true, label: true, labelEn: true, choices: true, asSelect: true, required: true },
  })
  if (!source.length) return 0
  const start = await nextPosition(db, to, form)
  await db.$transaction([
    db.question.createMany({
      data: source.map((q, i) => ({
        ...q,
        id: crypto.randomUUID(),
        ...ownerWhere(to),
        form,
        position: start + i,
        createdAt: now,
        updatedAt: now,
      })),
    }),
    questionAudit(db, actorId, 'question.copy', 'seminarId' in to ? to.seminarId : to.programId, {
      ...to,
      from,
      form,
      count: source.length,
    }),
  ])
  return source.length
}
