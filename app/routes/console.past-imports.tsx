import { requireAccess } from '~/modules/accounts/access.server'
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { useActionData, useLoaderData } from '@remix-run/react'
import { ImportUpload } from '~/components/spreadsheet/import-upload'
import { PastUploadSchema } from '~/modules/spreadsheet/import-forms'
import { pastImportsPage, uploadSpreadsheet } from '~/modules/spreadsheet/import.server'
import { formatBytes, isBodyLimitError, readUploadForm } from '~/utils/body-limits.server'
import { db } from '~/utils/db.server'
import { isAppError } from '~/utils/errors'
import { pageTitle } from '~/utils/meta'
import { requireIntent } from '~/utils/route.server'
import { useT } from '~/utils/use-i18n'

export const meta: MetaFunction = ({ matches }) => [{ title: pageTitle(matches, 'imports.title.PAST') }]

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireAccess(request, 'seminars.manage', 'narrowed-list')
  return pastImportsPage(db(), user, new URL(request.url).searchParams)
}

/** Past seminars read from a spreadsheet and stored for their mapping and preview (docs/decisions/0034). */
export async function action({ request }: ActionFunctionArgs) {
  const user = await requireAccess(request, 'seminars.manage', 'narrowed-list')
  const formData = await readUploadForm(request).catch((error: unknown) => {
    if (isBodyLimitError(error)) return error
    throw error
  })
  if (isBodyLimitError(formData))
    return data(
      formData.reason === 'bytes'
        ? { error: 'limits.fileTooLarge', limit: formatBytes(formData.limit) }
        : { error: 'limits.tooManyFields', limit: String(formData.limit) },
      { status: formData.status },
    )
  const form = requireIntent(formData, PastUploadSchema)
  // Only into a program of one's own (the form offers no other).
  await requireAccess(request, 'seminars.manage', { programId: form.programId })
  try {
    const importId = await uploadSpreadsheet(db(), {
      target: { kind: 'PAST', programId: form.programId },
      categoryId: form.categoryId,
      file: form.file,
      userId: user.id,
    })
    return redirect(`/console/programs/${form.programId}/import/${importId}`)
  } catch (error) {
    if (!isAppError(error)) throw error
    return data({ error: error.messageKey, limit: '' }, { status: error.status })
  }
}

export default function PastImports() {
  const page = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const t = useT()
  return (
    <ImportUpload
      kind="PAST"
      back={{ to: '/console', label: t('console.seminars') }}
      imports={page.imports}
      paging={page.paging}
      basePath={(row) => `/console/programs/${row.programId}/import/${row.id}`}
      programs={page.programs}
      categories={page.categories}
      error={actionData?.error ?? null}
      limit={actionData?.limit ?? ''}
    />
  )
}
