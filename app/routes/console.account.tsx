import { NewPasswordFields, SessionsTable } from '~/components/account-fields'
import { homePath } from '~/modules/accounts/permissions'
import { getFormProps, getInputProps, useForm } from '@conform-to/react'
import { parseWithZod } from '@conform-to/zod'
import crypto from 'node:crypto'
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, useActionData, useLoaderData } from '@remix-run/react'
import { Field } from '~/components/field'
import { isAccountError } from '~/modules/accounts/account-errors'
import { ChangePasswordSchema } from '~/modules/accounts/forms'
import { changeOwnPassword, endSessions, hasPassword, listSessions, sessionIdOf } from '~/modules/accounts/users.server'
import { recordChange } from '~/modules/audit/security-log.server'
import { db } from '~/utils/db.server'
import { isDomainError } from '~/utils/errors'
import { pageTitle } from '~/utils/meta'
import { requireStaff, sessionToken } from '~/utils/request.server'
import { useT } from '~/utils/use-i18n'

export const meta: MetaFunction = ({ matches }) => [{ title: pageTitle(matches, 'accounts.accountTitle') }]

/** The id of this browser's session (requireStaff has checked the cookie). */
function currentSessionId(request: Request): string {
  return sessionIdOf(sessionToken(request) ?? '')
}

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireStaff(request)
  // Check-in helpers have no account to manage (their link is ended on the seminar's page).
  if (user.role === 'CHECKIN') throw redirect(homePath(user.role))
  const currentId = currentSessionId(request)
  const [sessions, withPassword] = await Promise.all([listSessions(db(), user.id), hasPassword(db(), user.id)])
  return {
    user: { name: user.name, email: user.email, role: user.role },
    hasPassword: withPassword,
    sessions: sessions.map((s) => ({ ...s, current: s.id === currentId })),
  }
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireStaff(request)
  // Check-in helpers have no account to manage (their link is ended on the seminar's page).
  if (user.role === 'CHECKIN') throw redirect(homePath(user.role))
  const formData = await request.formData()
  const intent = formData.get('intent')
  const currentId = currentSessionId(request)
  if (intent === 'end-session' || intent === 'end-other-sessions') {
    const count = await endSessions(db(), {
      actorId: user.id,
      userId: user.id,
      sessionId: intent === 'end-session' ? String(formData.get('sessionId') ?? '') : undefined,
      // This browser stays signed in (signing out is the logout button).
      exceptId: currentId,
    })
    await recordChange(db(), 'sessions.end', user, 'StaffUser', user.id, { count })
    return redirect(`/console/account?${new URLSearchParams({ msg: 'accounts.sessionsEnded', count: String(count) })}`)
  }
  if (intent !== 'password') throw new Response('Bad request', { status: 400 })
  const hide = ['current', 'password', 'confirm']
  const submission = parseWithZod(formData, { schema: ChangePasswordSchema })
  // `attempt` renews the password inputs, so a refused password never stays in a field.
  if (submission.status !== 'success')
    return data({ ...submission.reply({ hideFields: hide }), attempt: crypto.randomUUID() }, { status: 400 })
  try {
    await changeOwnPassword(db(), {
      user,
      currentPassword: submission.value.current,
      newPassword: submission.value.password,
      currentSessionId: currentId,
    })
    await recordChange(db(), 'password.change', user, 'StaffUser', user.id)
  } catch (error) {
    if (isDomainError(error, 'INVALID_CREDENTIALS'))
      return data(
        {
          ...submission.reply({ fieldErrors: { current: ['wrongPassword'] }, hideFields: hide }),
          attempt: crypto.randomUUID(),
        },
        { status: 400 },
      )
    if (isDomainError(error, 'TOO_MANY_ATTEMPTS') || isAccountError(error, 'NO_PASSWORD'))
      return data(
        { ...submission.reply({ formErrors: [error.code], hideFields: hide }), attempt: crypto.randomUUID() },
        { status: error.status },
      )
    throw error
  }
  return redirect('/console/account?msg=accounts.passwordChanged')
}

/** Anyone signed in: their own password and where they are signed in. */
export default function Account() {
  const { user, hasPassword, sessions } = useLoaderData<typeof loader>()
  const lastResult = useActionData<typeof action>()
  const t = useT()
  const [form, fields] = useForm({
    id: 'password',
    lastResult,
    shouldValidate: 'onSubmit',
    shouldRevalidate: 'onInput',
    onValidate: ({ formData }) => parseWithZod(formData, { schema: ChangePasswordSchema }),
  })
  const attempt = lastResult && 'attempt' in lastResult ? String(lastResult.attempt) : 'first'
  const others = sessions.filter((s) => !s.current).length
  return (
    <section>
      <h1>{t('accounts.accountTitle')}</h1>
      <dl className="facts">
        <dt>{t('accounts.name')}</dt>
        <dd>{user.name}</dd>
        <dt>{t('accounts.email')}</dt>
        <dd>{user.email}</dd>
        <dt>{t('accounts.role')}</dt>
        <dd>{t(`accounts.role.${user.role}`)}</dd>
      </dl>

      <h2>{t('accounts.changePassword')}</h2>
      {!hasPassword ? (
        <p>{t('accounts.noPasswordNote')}</p>
      ) : (
        <Form method="post" {...getFormProps(form)} className="form" noValidate>
          <input type="hidden" name="intent" value="password" />
          {form.errors?.length ? (
            <div className="error-summary" role="alert" id={form.errorId}>
              {form.errors.includes('TOO_MANY_ATTEMPTS')
                ? t('errors.TOO_MANY_ATTEMPTS')
                : t('accounts.error.NO_PASSWORD')}
            </div>
          ) : Object.keys(form.allErrors).length > 0 ? (
            <div className="error-summary" role="alert">
              {t('form.errorSummary')}
            </div>
          ) : null}
          {/* For password managers: whose password this is. */}
          <input type="text" name="username" value={user.email} autoComplete="username" readOnly hidden />
          <Field
            id={fields.current.id}
            label={t('accounts.currentPassword')}
            required
            errorId={fields.current.errorId}
            errors={fields.current.errors}
            t={t}
          >
            <input
              {...getInputProps(fields.current, { type: 'password' })}
              key={`current-${attempt}`}
              autoComplete="current-password"
            />
          </Field>
          <NewPasswordFields password={fields.password} confirm={fields.confirm} attempt={attempt} />
          <p className="hint">{t('accounts.changePasswordNote')}</p>
          <button type="submit" className="button button-primary">
            {t('accounts.changePasswordSubmit')}
          </button>
        </Form>
      )}

      <h2>{t('accounts.sessionsTitle')}</h2>
      <SessionsTable sessions={sessions} />
      {others > 0 ? (
        <Form method="post">
          <input type="hidden" name="intent" value="end-other-sessions" />
          <button type="submit" className="button">
            {t('accounts.endOtherSessions')}
          </button>
        </Form>
      ) : null}
    </section>
  )
}
