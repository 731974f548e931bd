import { RoleAndProgramFields, SessionsTable } from '~/components/account-fields'
import { getFormProps, getInputProps, useForm } from '@conform-to/react'
import { parseWithZod } from '@conform-to/zod'
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react'
import { Field } from '~/components/field'
import { badRequest, isAppError } from '~/utils/errors'
import { UserActionSchema, UserEditSchema } from '~/modules/accounts/forms'
import { changeUser, userPage } from '~/modules/accounts/users.server'
import { db } from '~/utils/db.server'
import { pageTitle } from '~/utils/meta'
import { sessionToken } from '~/utils/request.server'
import { requireAccess } from '~/modules/accounts/access.server'
import { requireParam } from '~/utils/route.server'
import { formatDateTime } from '~/utils/time'
import { useLang, useT } from '~/utils/use-i18n'

export const meta: MetaFunction = ({ matches }) => [{ title: pageTitle(matches, 'accounts.userTitle') }]

export async function loader({ request, params }: LoaderFunctionArgs) {
  const admin = await requireAccess(request, 'users.manage')
  return userPage(db(), admin, requireParam(params, 'id'), sessionToken(request))
}

export async function action({ request, params }: ActionFunctionArgs) {
  const admin = await requireAccess(request, 'users.manage')
  const id = requireParam(params, 'id')
  const submission = parseWithZod(await request.formData(), { schema: UserActionSchema })
  if (submission.status !== 'success') {
    // Only the details form is typed; any other intent comes from our buttons.
    if (submission.payload.intent !== 'update') throw badRequest()
    return data({ intent: 'update', error: undefined, result: submission.reply() }, { status: 400 })
  }
  const { intent } = submission.value
  // One's own second factor and sessions change on the account page, after the password.
  if (id === admin.id && intent === 'reset-second-factor') throw redirect('/console/account#mfa')
  if (id === admin.id && (intent === 'end-session' || intent === 'end-all-sessions')) throw redirect('/console/account')
  try {
    const { msg, vars } = await changeUser(db(), admin, id, submission.value)
    return redirect(`/console/users/${id}?${new URLSearchParams({ msg, ...vars })}`)
  } catch (error) {
    // No such user (or a check-in helper) escapes as its 404; other refusals show on the page.
    if (!isAppError(error) || error.code === 'USER_NOT_FOUND') throw error
    if (error.code === 'OWN_ADMIN_ROLE') {
      const result = submission.reply({ fieldErrors: { role: ['ownAdminRole'] } })
      return data({ intent, error: undefined, result }, { status: 409 })
    }
    return data({ intent, error: error.messageKey, result: undefined }, { status: error.status })
  }
}

/** Admins: one person's account — name, role, programs, access, set-password links, sessions. */
export default function UserPage() {
  const { user, self, sessions, programs } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const t = useT()
  const lang = useLang()
  const [form, fields] = useForm({
    id: `user-${user.id}`,
    lastResult: actionData?.intent === 'update' ? actionData.result : undefined,
    shouldValidate: 'onSubmit',
    shouldRevalidate: 'onInput',
    defaultValue: { name: user.name, role: user.role, programIds: user.programIds },
    onValidate: ({ formData }) => parseWithZod(formData, { schema: UserEditSchema }),
  })
  const when = (d: string | Date) => formatDateTime(new Date(d), lang)
  return (
    <section>
      <p>
        <Link to="/console/users">← {t('accounts.usersTitle')}</Link>
      </p>
      <h1>{user.name}</h1>
      {actionData?.error ? (
        <div className="error-summary" role="alert">
          {t(actionData.error)}
        </div>
      ) : null}
      <dl className="facts">
        <dt>{t('accounts.email')}</dt>
        <dd>{user.email}</dd>
        <dt>{t('accounts.state')}</dt>
        <dd>
          <span className="chip">{t(`accounts.state.${user.state}`)}</span>
          {user.disabledAt ? (
            <div className="muted">{t('accounts.disabledSince', { date: when(user.disabledAt) })}</div>
          ) : null}
        </dd>
        <dt>{t('accounts.createdAt')}</dt>
        <dd>{when(user.createdAt)}</dd>
      </dl>

      <h2>{t('accounts.details')}</h2>
      <Form method="post" {...getFormProps(form)} className="form" noValidate>
        <input type="hidden" name="intent" value="update" />
        {Object.keys(form.allErrors).length > 0 ? (
          <div className="error-summary" role="alert">
            {t('form.errorSummary')}
          </div>
        ) : null}
        <Field
          id={fields.name.id}
          label={t('accounts.name')}
          required
          errorId={fields.name.errorId}
          errors={fields.name.errors}
          t={t}
        >
          <input {...getInputProps(fields.name, { type: 'text' })} autoComplete="off" />
        </Field>
        <RoleAndProgramFields
          role={fields.role}
          programIds={fields.programIds}
          programs={programs}
          roleHint={self ? t('accounts.ownRoleHint') : t('accounts.roleHint')}
        />
        <button type="submit" className="button button-primary">
          {t('console.save')}
        </button>
      </Form>

      {user.state !== 'disabled' ? (
        <>
          <h2>{t('accounts.linkTitle')}</h2>
          <p className="hint">
            {user.state === 'invited' ? t('accounts.linkHintInvited') : t('accounts.linkHintActive')}
          </p>
          {user.pendingLink ? (
            <p className="muted">
              {t(`accounts.pendingLink.${user.pendingLink.purpose}`, { date: when(user.pendingLink.expiresAt) })}
            </p>
          ) : null}
          <Form method="post">
            <input type="hidden" name="intent" value="send-link" />
            <button type="submit" className="button">
              {user.state === 'invited' ? t('accounts.resendInvitation') : t('accounts.sendReset')}
            </button>
          </Form>
        </>
      ) : null}

      <h2>{t('accounts.sessionsTitle')}</h2>
      {sessions.length === 0 ? (
        <p>{t('accounts.sessionsNone')}</p>
      ) : (
        <>
          <SessionsTable sessions={sessions} canEnd={!self} />
          {self ? (
            <p>
              <Link to="/console/account">{t('accounts.accountTitle')}</Link>
            </p>
          ) : (
            <Form method="post">
              <input type="hidden" name="intent" value="end-all-sessions" />
              <button type="submit" className="button">
                {t('accounts.endAllSessions')}
              </button>
            </Form>
          )}
        </>
      )}

      <h2>{t('mfa.adminResetTitle')}</h2>
      <p>{user.secondFactor ? t('mfa.userHasFactor') : t('mfa.userNoFactor')}</p>
      {user.secondFactor && !self ? (
        <Form method="post">
          <input type="hidden" name="intent" value="reset-second-factor" />
          <p className="hint">{t('mfa.adminResetLead')}</p>
          <button type="submit" className="button button-danger">
            {t('mfa.adminReset')}
          </button>
        </Form>
      ) : null}

      <h2>{t('accounts.access')}</h2>
      {self ? (
        <p className="hint">{t('accounts.error.OWN_ACCOUNT_DISABLE')}</p>
      ) : user.state === 'disabled' ? (
        <Form method="post">
          <input type="hidden" name="intent" value="enable" />
          <p className="hint">{t('accounts.enableHint')}</p>
          <button type="submit" className="button">
            {t('accounts.enable')}
          </button>
        </Form>
      ) : (
        <Form method="post">
          <input type="hidden" name="intent" value="disable" />
          <p className="hint">{t('accounts.disableHint')}</p>
          <button type="submit" className="button button-danger">
            {t('accounts.disable')}
          </button>
        </Form>
      )}
    </section>
  )
}
