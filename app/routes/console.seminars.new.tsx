import { parseWithZod } from '@conform-to/zod'
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node'
import { Link, useActionData, useLoaderData } from '@remix-run/react'
import { SeminarForm } from '~/components/seminar-form'
import { requireAccess } from '~/modules/accounts/access.server'
import { SeminarSchema } from '~/modules/scheduling/forms'
import { createSeminarBy, newSeminarForm } from '~/modules/scheduling/seminar-editing.server'
import { db } from '~/utils/db.server'
import { isAppError } from '~/utils/errors'
import { useT } from '~/utils/use-i18n'
import { titled } from '~/utils/meta'

export const meta = titled('console.newSeminar')

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireAccess(request, 'seminars.manage', 'narrowed-list')
  return newSeminarForm(db(), user)
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireAccess(request, 'seminars.manage', 'narrowed-list')
  const submission = parseWithZod(await request.formData(), { schema: SeminarSchema })
  if (submission.status !== 'success') return data(submission.reply(), { status: 400 })
  // Only into a program of one's own (the form offers no other).
  await requireAccess(request, 'seminars.manage', { programId: submission.value.programId })
  try {
    const seminar = await createSeminarBy(db(), user, submission.value)
    // Next: add its sessions, then publish.
    return redirect(`/console/seminars/${seminar.id}/edit?msg=console.saved`)
  } catch (error) {
    // A stale form's category (merged away since): refused beside the field.
    if (!isAppError(error, 'CATEGORY_NOT_FOUND')) throw error
    return data(submission.reply({ fieldErrors: { categoryId: ['unknownCategory'] } }), { status: 400 })
  }
}

export default function NewSeminar() {
  const { programs, categories, defaults } = useLoaderData<typeof loader>()
  const lastResult = useActionData<typeof action>()
  const t = useT()
  return (
    <section>
      <h1>{t('console.newSeminar')}</h1>
      {programs.length === 0 ? (
        <p className="notice">
          <Link to="/console/programs">{t('console.noPrograms')}</Link>
        </p>
      ) : (
        <SeminarForm programs={programs} categories={categories} defaults={defaults} lastResult={lastResult} />
      )}
    </section>
  )
}
