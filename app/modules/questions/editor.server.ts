import type { SubmissionResult } from '@conform-to/react'
import { parseWithZod } from '@conform-to/zod'
import { data, redirect } from '@remix-run/node'
import { db, type Db } from '~/utils/db.server'
import { AppError, badRequest, isAppError } from '~/utils/errors'
import { requireAccess, visibleProgramIds } from '../accounts/access.server'
import type { ConsoleIdentity } from '../accounts/console-users.server'
import { questionEditorSchema, type QuestionEditorIntent } from './forms'
import {
  addQuestion,
  copyQuestions,
  moveQuestion,
  questionsForEditing,
  removeQuestion,
  updateQuestion,
  type QuestionFormName,
  type QuestionOwner,
} from './questions.server'

/*
 * The question editor of a seminar's form or of a program's template (docs/decisions/0046-questions.md).
 */

/** What the editor shows: the owner, its questions, and where questions can be copied from. */
export async function questionEditorPage(db: Db, user: ConsoleIdentity, owner: QuestionOwner, form: QuestionFormName) {
  const named =
    'seminarId' in owner
      ? await db.seminar.findUnique({ where: { id: owner.seminarId }, select: { title: true } })
      : await db.program.findUnique({ where: { id: owner.programId }, select: { name: true } })
  if (!named) throw new AppError('NOT_FOUND')
  const programIds = await visibleProgramIds(db, user)
  const hasQuestions = { questions: { some: { form, retiredAt: null } } }
  const [questions, seminars, programs] = await Promise.all([
    questionsForEditing(db, owner, form),
    db.seminar.findMany({
      where: {
        ...hasQuestions,
        ...('seminarId' in owner ? { id: { not: owner.seminarId } } : {}),
        ...(programIds ? { programId: { in: programIds } } : {}),
      },
      orderBy: { createdAt: 'desc' },
      take: 200,
      select: { id: true, title: true },
    }),
    db.program.findMany({
      where: {
        ...hasQuestions,
        ...('programId' in owner ? { id: { not: owner.programId } } : {}),
        ...(programIds ? { id: { in: programIds } } : {}),
      },
      orderBy: { code: 'asc' },
      select: { id: true, name: true },
    }),
  ])
  return {
    owner: { ...owner, title: 'name' in named ? named.name : named.title },
    form,
    questions,
    copySources: [
      ...programs.map((p) => ({ value: `program:${p.id}`, label: p.name, template: true })),
      ...seminars.map((s) => ({ value: `seminar:${s.id}`, label: s.title, template: false })),
    ],
  }
}

/**
 * Carries out one editor intent; returns the message key of what happened. Copying needs read
 * access to the source, which the route checks before calling this.
 */
export async function editQuestions(
  db: Db,
  user: ConsoleIdentity,
  owner: QuestionOwner,
  form: QuestionFormName,
  intent: QuestionEditorIntent,
): Promise<{ message: string; count?: number }> {
  switch (intent.intent) {
    case 'add':
      await addQuestion(db, user.id, owner, form, intent.question)
      return { message: 'questions.added' }
    case 'update':
      await updateQuestion(db, user.id, owner, intent.questionId, intent.question)
      return { message: 'questions.saved' }
    case 'remove': {
      const { retired } = await removeQuestion(db, user.id, owner, intent.questionId)
      return { message: retired ? 'questions.retired' : 'questions.removed' }
    }
    case 'move':
      await moveQuestion(db, owner, intent.questionId, intent.direction)
      return { message: 'questions.moved' }
    case 'copy': {
      const count = await copyQuestions(db, user.id, intent.from, owner, form)
      return { message: 'questions.copied', count }
    }
  }
}

/**
 * The editor page's action, shared by a seminar's registration questions, its survey's and a
 * program's template (the form data is read by the route, which may handle other intents): parses the
 * intent, checks that a copy's source may be read, carries it out and redirects back to `pagePath`
 * with what happened; a refused form comes back beside its form with what was typed.
 */
export async function questionEditorAction(
  request: Request,
  formData: FormData,
  user: ConsoleIdentity,
  owner: QuestionOwner,
  form: QuestionFormName,
  pagePath: string,
) {
  const submission = parseWithZod(formData, { schema: questionEditorSchema(form) })
  const intent = String(submission.payload.intent ?? '')
  const questionId = typeof submission.payload.questionId === 'string' ? submission.payload.questionId : ''
  if (!['add', 'update', 'remove', 'move', 'copy'].includes(intent)) throw badRequest()
  const reply = (result: SubmissionResult<string[]>, status: number) => data({ intent, questionId, result }, { status })
  if (submission.status !== 'success') return reply(submission.reply(), 400)
  // Copying reads another seminar's or program's questions: the user must be allowed to see them.
  if (submission.value.intent === 'copy') await requireAccess(request, 'seminars.read', submission.value.from)
  try {
    const done = await editQuestions(db(), user, owner, form, submission.value)
    const count = done.count === undefined ? '' : `&count=${done.count}`
    return redirect(`${pagePath}?msg=${done.message}${count}`)
  } catch (error) {
    if (!isAppError(error)) throw error
    return reply(submission.reply({ formErrors: [error.messageKey] }), error.status)
  }
}
