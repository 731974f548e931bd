import { parseWithZod } from '@conform-to/zod'
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node'
import { Link, useActionData, useLoaderData, useParams } from '@remix-run/react'
import { QuestionEditor, type EditorReply } from '~/components/questions/question-editor'
import { requireAccess } from '~/modules/accounts/access.server'
import { editQuestions, questionEditorPage } from '~/modules/questions/editor.server'
import { questionEditorSchema } from '~/modules/questions/forms'
import { db } from '~/utils/db.server'
import { badRequest, isAppError } from '~/utils/errors'
import { titled } from '~/utils/meta'
import { requireParam } from '~/utils/route.server'
import { useT } from '~/utils/use-i18n'

export const meta = titled('questions.registrationTitle')

const schema = questionEditorSchema('REGISTRATION')

export async function loader({ request, params }: LoaderFunctionArgs) {
  const seminarId = requireParam(params, 'id')
  const user = await requireAccess(request, 'seminars.manage', { seminarId })
  return questionEditorPage(db(), user, { seminarId }, 'REGISTRATION')
}

/** Adds, changes, moves or removes one of the seminar's registration questions, or copies others'. */
export async function action({ request, params }: ActionFunctionArgs) {
  const seminarId = requireParam(params, 'id')
  const user = await requireAccess(request, 'seminars.manage', { seminarId })
  const submission = parseWithZod(await request.formData(), { schema })
  const intent = String(submission.payload.intent ?? '')
  const questionId = typeof submission.payload.questionId === 'string' ? submission.payload.questionId : ''
  if (!['add', 'update', 'remove', 'move', 'copy'].includes(intent)) throw badRequest()
  const reply = (result: EditorReply['result'], status: number) => data({ intent, questionId, result }, { status })
  if (submission.status !== 'success') return reply(submission.reply(), 400)
  // Copying reads the other seminar's or program's questions: the user must be allowed to see them.
  if (submission.value.intent === 'copy') await requireAccess(request, 'seminars.read', submission.value.from)
  try {
    const done = await editQuestions(db(), user, { seminarId }, 'REGISTRATION', submission.value)
    const count = done.count === undefined ? '' : `&count=${done.count}`
    return redirect(`/console/seminars/${seminarId}/questions?msg=${done.message}${count}`)
  } catch (error) {
    if (!isAppError(error)) throw error
    return reply(submission.reply({ formErrors: [error.messageKey] }), error.status)
  }
}

export default function SeminarQuestions() {
  const page = useLoaderData<typeof loader>()
  const reply = useActionData<typeof action>()
  const t = useT()
  const { id } = useParams()
  return (
    <section>
      <p>
        <Link to={`/console/seminars/${id}`}>← {page.owner.title}</Link>
      </p>
      <h1>{t('questions.registrationTitle')}</h1>
      <p className="lead">{t('questions.registrationLead')}</p>
      <QuestionEditor form="REGISTRATION" questions={page.questions} copySources={page.copySources} reply={reply} />
    </section>
  )
}
