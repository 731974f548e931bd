import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node'
import { Link, useActionData, useLoaderData, useParams } from '@remix-run/react'
import { QuestionEditor } from '~/components/questions/question-editor'
import { requireAccess } from '~/modules/accounts/access.server'
import { questionEditorAction, questionEditorPage } from '~/modules/questions/editor.server'
import { db } from '~/utils/db.server'
import { titled } from '~/utils/meta'
import { requireParam } from '~/utils/route.server'
import { useT } from '~/utils/use-i18n'

export const meta = titled('questions.registrationTitle')

export async function loader({ request, params }: LoaderFunctionArgs) {
  const seminarId = requireParam(params, 'id')
  const user = await requireAccess(request, 'seminars.manage', { seminarId })
  return questionEditorPage(db(), user, { seminarId }, 'REGISTRATION')
}

/** Adds, changes, moves or removes one of the seminar's registration questions, or copies others'. */
export async function action({ request, params }: ActionFunctionArgs) {
  const seminarId = requireParam(params, 'id')
  const user = await requireAccess(request, 'seminars.manage', { seminarId })
  return questionEditorAction(
    request,
    await request.formData(),
    user,
    { seminarId },
    'REGISTRATION',
    `/console/seminars/${seminarId}/questions`,
  )
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
