import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node'
import { Link, useActionData, useLoaderData } from '@remix-run/react'
import { QuestionEditor } from '~/components/questions/question-editor'
import { requireAccess } from '~/modules/accounts/access.server'
import { questionEditorAction, questionEditorPage } from '~/modules/questions/editor.server'
import { db } from '~/utils/db.server'
import { titled } from '~/utils/meta'
import { requireParam } from '~/utils/route.server'
import { useT } from '~/utils/use-i18n'

export const meta = titled('questions.templateTitle')

/** A program's question template: the registration questions its seminars copy (docs/decisions/0046). */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const programId = requireParam(params, 'programId')
  const user = await requireAccess(request, 'programs.manage', { programId })
  return questionEditorPage(db(), user, { programId }, 'REGISTRATION')
}

export async function action({ request, params }: ActionFunctionArgs) {
  const programId = requireParam(params, 'programId')
  const user = await requireAccess(request, 'programs.manage', { programId })
  return questionEditorAction(
    request,
    await request.formData(),
    user,
    { programId },
    'REGISTRATION',
    `/console/programs/${programId}/questions`,
  )
}

export default function ProgramQuestionTemplate() {
  const page = useLoaderData<typeof loader>()
  const reply = useActionData<typeof action>()
  const t = useT()
  return (
    <section>
      <p>
        <Link to="/console/programs">← {t('console.programs')}</Link>
      </p>
      <h1>
        {t('questions.templateTitle')}: {page.owner.title}
      </h1>
      <p className="lead">{t('questions.templateLead')}</p>
      <QuestionEditor form="REGISTRATION" questions={page.questions} copySources={page.copySources} reply={reply} />
    </section>
  )
}
