import { getFormProps, getInputProps, useForm } from '@conform-to/react'
import { parseWithZod } from '@conform-to/zod'
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, useActionData, useLoaderData } from '@remix-run/react'
import { ErrorSummary, Field, FieldError, TextField } from '~/components/field'
import { requireAccess } from '~/modules/accounts/access.server'
import { ApiTokenPageSchema, ApiTokenSchema } from '~/modules/api/forms'
import { API_SCOPES, DEFAULT_PER_MINUTE } from '~/modules/api/scopes'
import { apiTokensPage, createApiToken, revokeApiToken } from '~/modules/api/tokens.server'
import { db } from '~/utils/db.server'
import { badRequest } from '~/utils/errors'
import { pageTitle } from '~/utils/meta'
import type { MessageKey } from '~/utils/i18n'
import { formatDateTime } from '~/utils/time'
import { useLang, useT } from '~/utils/use-i18n'

/** API tokens for other systems, and the endpoints they call (docs/decisions/0055-api.md). Admins only. */

export const meta: MetaFunction = ({ matches }) => [{ title: pageTitle(matches, 'api.title') }]

export const headers = () => ({ 'Cache-Control': 'private, no-store' })

export async function loader({ request }: LoaderFunctionArgs) {
  await requireAccess(request, 'api.manage')
  return apiTokensPage(db())
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireAccess(request, 'api.manage')
  const submission = parseWithZod(await request.formData(), { schema: ApiTokenPageSchema })
  if (submission.status !== 'success') {
    if (submission.payload.intent === 'revoke') throw badRequest()
    return data({ result: submission.reply(), created: null }, { status: 400 })
  }
  const value = submission.value
  if (value.intent === 'revoke') {
    await revokeApiToken(db(), value.id, user.id)
    return redirect('/console/api-tokens?msg=api.revoked')
  }
  const made = await createApiToken(db(), value, user.id)
  if ('fieldErrors' in made)
    return data({ result: submission.reply({ fieldErrors: made.fieldErrors }), created: null }, { status: made.status })
  // The secret is in this answer only: the page shows it once, and the database keeps its hash.
  return data({ result: submission.reply({ resetForm: true }), created: { name: value.name, secret: made.secret } })
}

const asDate = (v: Date | string) => new Date(v)

export default function ApiTokens() {
  const { tokens, programs, operations } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const t = useT()
  const lang = useLang()
  const [form, fields] = useForm({
    id: 'api-token',
    lastResult: actionData?.result,
    shouldValidate: 'onSubmit',
    shouldRevalidate: 'onInput',
    onValidate: ({ formData }) => parseWithZod(formData, { schema: ApiTokenSchema }),
  })
  const typed = (value: unknown): string[] => [value].flat().filter((v): v is string => typeof v === 'string')
  const chosenScopes = typed(fields.scopes.initialValue)
  const chosenPrograms = typed(fields.programIds.initialValue)
  const programName = (id: string) => {
    const p = programs.find((x) => x.id === id)
    return p ? (lang === 'en' && p.nameEn ? p.nameEn : p.name) : id
  }
  const created = actionData?.created
  return (
    <section>
      <h1>{t('api.title')}</h1>
      <p className="muted">{t('api.lead')}</p>
      {created ? (
        <div className="notice" role="status">
          <h2>{t('api.createdTitle', { name: created.name })}</h2>
          <p>{t('api.createdOnce')}</p>
          <p>
            <label htmlFor="api-token-secret">{t('api.secret')}</label>
            <input id="api-token-secret" type="text" readOnly value={created.secret} className="code" size={52} />
          </p>
        </div>
      ) : null}
      {tokens.length === 0 ? (
        <p className="notice">{t('api.none')}</p>
      ) : (
        <div className="table-wrap" tabIndex={0} role="region" aria-label={t('api.listTitle')}>
          <table className="data">
            <thead>
              <tr>
                <th scope="col">{t('api.name')}</th>
                <th scope="col">{t('api.scopes')}</th>
                <th scope="col">{t('api.programs')}</th>
                <th scope="col">{t('api.expiresAt')}</th>
                <th scope="col">{t('api.lastUsed')}</th>
                <th scope="col">{t('api.state')}</th>
                <th scope="col">{t('console.actions')}</th>
              </tr>
            </thead>
            <tbody>
              {tokens.map((token) => (
                <tr key={token.id}>
                  <td>
                    {token.name}
                    <div className="muted">
                      <code>{token.prefix}…</code>{' '}
                      {t('api.createdBy', {
                        name: token.createdBy.name,
                        at: formatDateTime(asDate(token.createdAt), lang),
                      })}
                    </div>
                  </td>
                  <td>{token.scopes.join(', ')}</td>
                  <td>
                    {token.programIds.length
                      ? token.programIds.map(programName).join(t('audit.list'))
                      : t('api.allPrograms')}
                  </td>
                  <td>{token.expiresAt ? formatDateTime(asDate(token.expiresAt), lang) : t('api.noExpiry')}</td>
                  <td>{token.lastUsedAt ? formatDateTime(asDate(token.lastUsedAt), lang) : t('api.neverUsed')}</td>
                  <td>{t(`api.state.${token.state}`)}</td>
                  <td>
                    {token.state === 'revoked' ? null : (
                      <Form method="post">
                        <input type="hidden" name="intent" value="revoke" />
                        <input type="hidden" name="id" value={token.id} />
                        <button type="submit" className="link-button" aria-label={`${token.name}: ${t('api.revoke')}`}>
                          {t('api.revoke')}
                        </button>
                      </Form>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}

      <h2>{t('api.new')}</h2>
      <Form method="post" {...getFormProps(form)} className="form" noValidate>
        <ErrorSummary
          id={`${form.id}-errors`}
          formErrors={form.errors}
          fields={[
            { id: fields.name.id, label: t('api.name'), errors: fields.name.errors },
            { id: fields.scopes.id, label: t('api.scopes'), errors: fields.scopes.errors },
            { id: fields.programIds.id, label: t('api.programs'), errors: fields.programIds.errors },
            { id: fields.expiresAt.id, label: t('api.expiresAt'), errors: fields.expiresAt.errors },
            { id: fields.perMinute.id, label: t('api.perMinute'), errors: fields.perMinute.errors },
          ]}
          t={t}
        />
        <input type="hidden" name="intent" value="create" />
        <TextField meta={fields.name} label={t('api.name')} required t={t} />
        <fieldset
          id={fields.scopes.id}
          className={`field${fields.scopes.errors?.length ? ' field-invalid' : ''}`}
          aria-describedby={fields.scopes.errorId}
        >
          <legend>
            {t('api.scopes')}
            <span className="required" aria-hidden="true">
              {' '}
              *
            </span>
          </legend>
          {API_SCOPES.map((scope) => (
            <label className="choice" key={scope}>
              <input type="checkbox" name="scopes" value={scope} defaultChecked={chosenScopes.includes(scope)} />{' '}
              <code>{scope}</code> {t(`api.scope.${scope}`)}
            </label>
          ))}
          <FieldError id={fields.scopes.errorId} errors={fields.scopes.errors} t={t} />
        </fieldset>
        <fieldset
          id={fields.programIds.id}
          className={`field${fields.programIds.errors?.length ? ' field-invalid' : ''}`}
          aria-describedby={`${fields.programIds.errorId} api-programs-hint`}
        >
          <legend>{t('api.programs')}</legend>
          <p className="hint" id="api-programs-hint">
            {t('api.programsHint')}
          </p>
          {programs.map((p) => (
            <label className="choice" key={p.id}>
              <input type="checkbox" name="programIds" value={p.id} defaultChecked={chosenPrograms.includes(p.id)} />{' '}
              {lang === 'en' && p.nameEn ? p.nameEn : p.name} ({p.code})
            </label>
          ))}
          <FieldError id={fields.programIds.errorId} errors={fields.programIds.errors} t={t} />
        </fieldset>
        <Field
          id={fields.expiresAt.id}
          label={t('api.expiresAt')}
          hint={t('api.expiresAtHint')}
          hintId="api-expires-hint"
          errorId={fields.expiresAt.errorId}
          errors={fields.expiresAt.errors}
          t={t}
        >
          <input {...getInputProps(fields.expiresAt, { type: 'datetime-local' })} aria-describedby="api-expires-hint" />
        </Field>
        <Field
          id={fields.perMinute.id}
          label={t('api.perMinute')}
          hint={t('api.perMinuteHint', { count: DEFAULT_PER_MINUTE })}
          hintId="api-per-minute-hint"
          errorId={fields.perMinute.errorId}
          errors={fields.perMinute.errors}
          t={t}
        >
          <input
            {...getInputProps(fields.perMinute, { type: 'text' })}
            inputMode="numeric"
            aria-describedby="api-per-minute-hint"
          />
        </Field>
        <button type="submit" className="button button-primary">
          {t('api.create')}
        </button>
      </Form>

      <h2>{t('api.endpoints')}</h2>
      <p>
        {t('api.endpointsLead')} <a href="/api/v1/openapi.json">/api/v1/openapi.json</a>
      </p>
      <div className="table-wrap" tabIndex={0} role="region" aria-label={t('api.endpoints')}>
        <table className="data">
          <thead>
            <tr>
              <th scope="col">{t('api.endpoint')}</th>
              <th scope="col">{t('api.scopes')}</th>
              <th scope="col">{t('api.endpointWhat')}</th>
            </tr>
          </thead>
          <tbody>
            {operations.map((op) => (
              <tr key={`${op.method} ${op.path}`}>
                <td>
                  <code>{`${op.method.toUpperCase()} /api/v1${op.path}`}</code>
                </td>
                <td>
                  <code>{op.scope}</code>
                </td>
                <td>{t(`api.op.${op.key}` as MessageKey)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  )
}
