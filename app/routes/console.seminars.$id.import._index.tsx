import { requireAccess } from '~/modules/accounts/access.server'
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { useActionData, useLoaderData } from '@remix-run/react'
import { ImportUpload } from '~/components/spreadsheet/import-upload'
import { SeminarUploadSchema } from '~/modules/spreadsheet/import-forms'
import { seminarImportsPage, uploadSpreadsheet } from '~/modules/spreadsheet/import.server'
import { formatBytes, isBodyLimitError, readUploadForm } from '~/utils/body-limits.server'
import { db } from '~/utils/db.server'
import { isAppError } from '~/utils/errors'
import { pageTitle } from '~/utils/meta'
import { requireIntent, requireParam } from '~/utils/route.server'

export const meta: MetaFunction = ({ matches }) => [{ title: pageTitle(matches, 'imports.title.SEMINAR') }]

export async function loader({ request, params }: LoaderFunctionArgs) {
  const seminarId = requireParam(params, 'id')
  await requireAccess(request, 'seminars.manage', { seminarId })
  return seminarImportsPage(db(), seminarId, new URL(request.url).searchParams)
}

/** A registrant list or attendance list read and stored for its mapping and preview (docs/decisions/0034). */
export async function action({ request, params }: ActionFunctionArgs) {
  const seminarId = requireParam(params, 'id')
  const user = await requireAccess(request, 'seminars.manage', { seminarId })
  // Counted as it arrives (docs/decisions/0019-request-limits.md): a larger file stops at the limit.
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
  const form = requireIntent(formData, SeminarUploadSchema)
  try {
    const importId = await uploadSpreadsheet(db(), {
      target: { kind: 'SEMINAR', seminarId },
      file: form.file,
      userId: user.id,
    })
    return redirect(`/console/seminars/${seminarId}/import/${importId}`)
  } catch (error) {
    if (!isAppError(error)) throw error
    return data({ error: error.messageKey, limit: '' }, { status: error.status })
  }
}

export default function SeminarImport() {
  const page = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  return (
    <ImportUpload
      kind="SEMINAR"
      back={{ to: `/console/seminars/${page.seminar.id}`, label: page.seminar.title }}
      subtitle={page.seminar.title}
      imports={page.imports}
      paging={page.paging}
      basePath={`/console/seminars/${page.seminar.id}/import`}
      error={actionData?.error ?? null}
      limit={actionData?.limit ?? ''}
    />
  )
}
