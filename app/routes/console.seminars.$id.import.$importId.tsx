import { requireAccess } from '~/modules/accounts/access.server'
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Link, useActionData, useLoaderData, useSearchParams } from '@remix-run/react'
import { ImportReview } from '~/components/spreadsheet/import-review'
import { ImportActionSchema } from '~/modules/spreadsheet/import-forms'
import { actOnImport, importPage, type ImportTarget } from '~/modules/spreadsheet/import.server'
import { db } from '~/utils/db.server'
import { isAppError } from '~/utils/errors'
import { pageTitle } from '~/utils/meta'
import { requireIntent, requireParam } from '~/utils/route.server'
import { useT } from '~/utils/use-i18n'

export const meta: MetaFunction = ({ matches }) => [{ title: pageTitle(matches, 'imports.title.SEMINAR') }]

export async function loader({ request, params }: LoaderFunctionArgs) {
  const seminarId = requireParam(params, 'id')
  const importId = requireParam(params, 'importId')
  await requireAccess(request, 'seminars.manage', { seminarId })
  return importPage(db(), { kind: 'SEMINAR', seminarId }, importId)
}

/** The mapping chosen, the import applied as previewed, or undone (docs/decisions/0034). */
export async function action({ request, params }: ActionFunctionArgs) {
  const seminarId = requireParam(params, 'id')
  const importId = requireParam(params, 'importId')
  const user = await requireAccess(request, 'seminars.manage', { seminarId })
  const form = requireIntent(await request.formData(), ImportActionSchema)
  const target: ImportTarget = { kind: 'SEMINAR', seminarId }
  try {
    const done = await actOnImport(db(), { target, importId, userId: user.id, form })
    return redirect(`/console/seminars/${seminarId}/import/${importId}${done ? `?done=${done}` : ''}`)
  } catch (error) {
    if (!isAppError(error)) throw error
    return data(
      { error: error.messageKey, sendMail: form.intent === 'apply' && form.sendMail },
      { status: error.status },
    )
  }
}

export default function SeminarImportReview() {
  const page = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const [search] = useSearchParams()
  const t = useT()
  const done = search.get('done')
  return (
    <section>
      <p>
        <Link to={`/console/seminars/${page.target.id}`}>← {page.target.title}</Link>
        {' · '}
        <Link to={`/console/seminars/${page.target.id}/import`}>{t('imports.back')}</Link>
      </p>
      <h1>{t('imports.title.SEMINAR')}</h1>
      {done === 'applied' || done === 'undone' ? (
        <p className="notice" role="status">
          {t(done === 'applied' ? 'imports.doneApplied' : 'imports.doneUndone')}
        </p>
      ) : null}
      <ImportReview data={page} error={actionData?.error ?? null} sendMail={actionData?.sendMail ?? false} />
    </section>
  )
}
