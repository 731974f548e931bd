import { requireAccess } from '~/modules/accounts/access.server'
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react'
import { ImportPreview } from '~/components/attendance/import-preview'
import { SessionTime } from '~/components/seminar-bits'
import { importPage } from '~/modules/attendance/console-pages.server'
import { ImportSchema, ImportSearchSchema, searchOf } from '~/modules/attendance/forms'
import { applyImport, uploadReport } from '~/modules/attendance/import.server'
import { formatBytes, isBodyLimitError, readUploadForm } from '~/utils/body-limits.server'
import { db } from '~/utils/db.server'
import { isAppError } from '~/utils/errors'
import { pageTitle } from '~/utils/meta'
import { requireIntent, requireParam } from '~/utils/route.server'
import { useLang, useT } from '~/utils/use-i18n'

export const meta: MetaFunction = ({ matches }) => [{ title: pageTitle(matches, 'import.title') }]

export async function loader({ request, params }: LoaderFunctionArgs) {
  const sessionId = requireParam(params, 'sessionId')
  await requireAccess(request, 'seminars.manage', { sessionId })
  return importPage(db(), sessionId, searchOf(request.url, ImportSearchSchema))
}

export async function action({ request, params }: ActionFunctionArgs) {
  const sessionId = requireParam(params, 'sessionId')
  const user = await requireAccess(request, 'seminars.manage', { sessionId })
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
  const form = requireIntent(formData, ImportSchema)
  try {
    if (form.intent === 'apply') {
      const organizations = Object.fromEntries(form.orgKey.map((key, i) => [key, form.orgName[i] ?? '']))
      const input = { importId: form.importId, sessionId, addUnmatchedKeys: form.add, userId: user.id, organizations }
      const { attended, added } = await applyImport(db(), input)
      return redirect(
        `/console/sessions/${sessionId}/attendance?msg=import.applied&attended=${attended}&added=${added}`,
      )
    }
    const importId = await uploadReport(db(), { sessionId, file: form.file, userId: user.id })
    return redirect(`/console/sessions/${sessionId}/import?import=${importId}`)
  } catch (error) {
    // A report that cannot be read or applied: said above the form.
    if (!isAppError(error)) throw error
    // What was typed in the preview comes back with the message.
    const typed = form.intent === 'apply' ? { add: form.add, orgKey: form.orgKey, orgName: form.orgName } : null
    return data({ error: error.messageKey, typed }, { status: error.status })
  }
}

export default function ImportReport() {
  const { session, preview, missingImport } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const t = useT()
  const lang = useLang()
  const error = actionData?.error ?? (missingImport ? 'errors.IMPORT_NOT_FOUND' : null)
  const limit = actionData && 'limit' in actionData ? String(actionData.limit) : ''
  return (
    <section>
      <p>
        <Link to={`/console/sessions/${session.id}/attendance`}>← {t('attendance.title')}</Link>
      </p>
      <h1>{t('import.title')}</h1>
      <p>
        {session.seminar.title}{' '}
        {session.seminar._count.sessions > 1 ? (
          <strong>{t('seminar.session', { number: session.number })} </strong>
        ) : null}
        <SessionTime startsAt={session.startsAt} endsAt={session.endsAt} lang={lang} />
      </p>
      {error && t.has(error) ? (
        <p className="error-summary" role="alert">
          {t(error, { limit })}
        </p>
      ) : null}
      {!preview ? (
        <Form method="post" encType="multipart/form-data" className="form">
          <p>{t('import.intro')}</p>
          <div className="field">
            <label htmlFor="file">{t('import.file')}</label>
            <input id="file" name="file" type="file" accept=".csv,.txt,text/csv" required />
          </div>
          <button type="submit" className="button button-primary">
            {t('import.upload')}
          </button>
        </Form>
      ) : (
        <ImportPreview
          preview={preview}
          sessionId={session.id}
          typed={actionData && 'typed' in actionData ? actionData.typed : null}
        />
      )}
    </section>
  )
}
