import { requireAccess } from '~/modules/accounts/access.server'
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react'
import { SessionTime } from '~/components/seminar-bits'
import { getSessionForCheckIn } from '~/modules/attendance/checkin.server'
import { applyImport, createImport, previewImport, type MatchedPerson } from '~/modules/attendance/import.server'
import { formatBytes, isBodyLimitError, readUploadForm } from '~/utils/body-limits.server'
import { db } from '~/utils/db.server'
import { isAppError } from '~/utils/errors'
import type { T } from '~/utils/i18n'
import { pageTitle } from '~/utils/meta'
import { formatDateTime } from '~/utils/time'
import { useLang, useT } from '~/utils/use-i18n'

export const meta: MetaFunction = ({ matches }) => [{ title: pageTitle(matches, 'import.title') }]

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireAccess(request, 'seminars.manage', { sessionId: params.sessionId ?? '' })
  const session = await getSessionForCheckIn(db(), params.sessionId ?? '').catch(() => null)
  if (!session) throw new Response('Not found', { status: 404 })
  const importId = new URL(request.url).searchParams.get('import')
  const preview = importId ? await previewImport(db(), importId, session.id).catch(() => null) : null
  return { session, preview, missingImport: Boolean(importId && !preview) }
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireAccess(request, 'seminars.manage', { sessionId: params.sessionId ?? '' })
  const sessionId = params.sessionId ?? ''
  // Counted as it arrives (docs/decisions/0019-request-limits.md): a larger file stops at the limit.
  const form = await readUploadForm(request).catch((error: unknown) => {
    if (isBodyLimitError(error)) return error
    throw error
  })
  if (isBodyLimitError(form))
    return data(
      form.reason === 'bytes'
        ? { error: 'limits.fileTooLarge', limit: formatBytes(form.limit) }
        : { error: 'limits.tooManyFields', limit: String(form.limit) },
      { status: form.status },
    )
  if (form.get('intent') === 'apply') {
    try {
      const { attended, added } = await applyImport(db(), {
        importId: String(form.get('importId') ?? ''),
        sessionId,
        addUnmatchedKeys: form.getAll('add').map(String),
        userId: user.id,
      })
      return redirect(
        `/console/sessions/${sessionId}/attendance?msg=import.applied&attended=${attended}&added=${added}`,
      )
    } catch (error) {
      if (!isAppError(error)) throw error
      return data({ error: error.messageKey }, { status: error.status })
    }
  }
  const file = form.get('file')
  if (!(file instanceof File) || file.size === 0) return data({ error: 'import.fileRequired' }, { status: 400 })
  try {
    const importId = await createImport(db(), {
      sessionId,
      fileName: file.name,
      bytes: new Uint8Array(await file.arrayBuffer()),
      userId: user.id,
    })
    return redirect(`/console/sessions/${sessionId}/import?import=${importId}`)
  } catch (error) {
    if (!isAppError(error)) throw error
    return data({ error: error.messageKey }, { status: error.status })
  }
}

function PeopleTable({ people, t, label }: { people: MatchedPerson[]; t: T; label: string }) {
  if (people.length === 0) return <p className="muted">{t('import.none')}</p>
  return (
    <div className="table-wrap">
      <table className="data" aria-label={label}>
        <thead>
          <tr>
            <th scope="col">{t('form.name')}</th>
            <th scope="col">{t('form.email')}</th>
            <th scope="col">{t('attendance.minutes')}</th>
            <th scope="col">{t('console.registrations')}</th>
          </tr>
        </thead>
        <tbody>
          {people.map((p) => (
            <tr key={p.key}>
              <td>
                {p.name}
                {p.identities.length > 1 ? (
                  <div className="merged">
                    <span className="chip">{t('import.merged', { count: p.identities.length })}</span>
                    <ul className="muted">
                      {p.identities.map((i) => (
                        <li key={i.key}>
                          {t('import.mergedIdentity', { name: i.name, minutes: Math.round(i.minutes) })}
                        </li>
                      ))}
                    </ul>
                  </div>
                ) : null}
              </td>
              <td>{p.email ?? ''}</td>
              <td>{Math.round(p.minutes)}</td>
              <td>
                {p.registeredName} <span className="muted">({t(`import.matchedBy.${p.by}`)})</span>
                {p.alreadyRecorded ? <span className="chip">{t('import.alreadyRecorded')}</span> : null}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  )
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
        <Form method="post">
          <input type="hidden" name="intent" value="apply" />
          <input type="hidden" name="importId" value={preview.importId} />
          <h2>{t('import.preview')}</h2>
          <p>
            {preview.fileName} — {t('import.format', { format: preview.format, rows: preview.rowCount })}
          </p>
          <p>{t('import.minimum', { minutes: preview.minimumMinutes })}</p>
          {preview.previouslyAppliedAt ? (
            <p className="notice">
              {t('import.sameFile', { date: formatDateTime(new Date(preview.previouslyAppliedAt), lang) })}
            </p>
          ) : null}
          {[...preview.matched, ...preview.belowMinimum].some((m) => m.identities.length > 1) ? (
            <p className="hint">{t('import.mergedHint')}</p>
          ) : null}
          <h3>
            {t('import.matched')} ({preview.matched.length})
          </h3>
          <PeopleTable people={preview.matched} t={t} label={t('import.matched')} />
          <h3>
            {t('import.below')} ({preview.belowMinimum.length})
          </h3>
          <PeopleTable people={preview.belowMinimum} t={t} label={t('import.below')} />
          <h3>
            {t('import.unmatched')} ({preview.unmatched.length})
          </h3>
          {preview.unmatched.length === 0 ? (
            <p className="muted">{t('import.none')}</p>
          ) : (
            <>
              <p className="hint">{t('import.unmatchedHint')}</p>
              <div className="table-wrap">
                <table className="data" aria-label={t('import.unmatched')}>
                  <thead>
                    <tr>
                      <th scope="col">{t('walkIn.title')}</th>
                      <th scope="col">{t('form.name')}</th>
                      <th scope="col">{t('form.email')}</th>
                      <th scope="col">{t('attendance.minutes')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {preview.unmatched.map((u) => (
                      <tr key={u.key}>
                        <td>
                          <input
                            type="checkbox"
                            name="add"
                            value={u.key}
                            disabled={!u.attended}
                            aria-label={`${t('walkIn.title')}: ${u.name}`}
                          />
                        </td>
                        <td>{u.name}</td>
                        <td>{u.email ?? ''}</td>
                        <td>{Math.round(u.minutes)}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            </>
          )}
          <h3>
            {t('import.errors')} ({preview.errors.length})
          </h3>
          {preview.errors.length === 0 ? (
            <p className="muted">{t('import.none')}</p>
          ) : (
            <ul aria-label={t('import.errors')}>
              {preview.errors.map((e) => (
                <li key={e.line}>
                  {t('import.line', { line: e.line })}: {t(`import.reason.${e.reason}`)} — <code>{e.text}</code>
                </li>
              ))}
            </ul>
          )}
          <div className="actions">
            <button type="submit" className="button button-primary">
              {t('import.apply')}
            </button>
            <Link to={`/console/sessions/${session.id}/import`}>{t('import.again')}</Link>
          </div>
        </Form>
      )}
    </section>
  )
}
