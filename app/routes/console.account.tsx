import { NewPasswordFields, SessionsTable } from '~/components/account-fields'
import { homePath } from '~/modules/accounts/permissions'
import { getFormProps, getInputProps, useForm } from '@conform-to/react'
import { parseWithZod } from '@conform-to/zod'
import crypto from 'node:crypto'
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, useActionData, useLoaderData } from '@remix-run/react'
import { Field } from '~/components/field'
import { isAppError } from '~/utils/errors'
import { ChangePasswordSchema } from '~/modules/accounts/forms'
import {
  confirmOwnEnrolment,
  endSessionsAfterPassword,
  removeSecondFactorAfterPassword,
  secondFactorState,
  startEnrolmentAfterPassword,
} from '~/modules/accounts/account-security.server'
import { isSignInDelayed } from '~/modules/accounts/staff.server'
import { changeOwnPassword, hasPassword, listSessions, sessionIdOf } from '~/modules/accounts/users.server'
import { EnrolmentForm, RecoveryCodes } from '~/components/second-factor'
import { recordChange } from '~/modules/audit/security-log.server'
import { db } from '~/utils/db.server'
import { pageTitle } from '~/utils/meta'
import { clientAddress, deviceOf, sessionToken } from '~/utils/request.server'
import { requireAccess } from '~/modules/accounts/access.server'
import { formatDateTime } from '~/utils/time'
import { useLang, useT } from '~/utils/use-i18n'

export const meta: MetaFunction = ({ matches }) => [{ title: pageTitle(matches, 'accounts.accountTitle') }]

/** The id of this browser's session (requireAccess has checked the cookie). */
function currentSessionId(request: Request): string {
  return sessionIdOf(sessionToken(request) ?? '')
}

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireAccess(request, 'console')
  // Check-in helpers have no account to manage (their link is ended on the seminar's page).
  if (user.role === 'CHECKIN') throw redirect(homePath(user.role))
  const currentId = currentSessionId(request)
  const [sessions, withPassword, secondFactor] = await Promise.all([
    listSessions(db(), user.id),
    hasPassword(db(), user.id),
    secondFactorState(db(), user, currentId),
  ])
  return {
    user: { name: user.name, email: user.email, role: user.role },
    hasPassword: withPassword,
    secondFactor,
    sessions: sessions.map((s) => ({ ...s, current: s.id === currentId })),
  }
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requireAccess(request, 'console')
  // Check-in helpers have no account to manage (their link is ended on the seminar's page).
  if (user.role === 'CHECKIN') throw redirect(homePath(user.role))
  const formData = await request.formData()
  const intent = formData.get('intent')
  const currentId = currentSessionId(request)
  // The password is asked again before ending other sessions or changing the second factor.
  if (intent === 'end-sessions' || intent === 'mfa-start' || intent === 'mfa-remove') {
    const reauth = {
      user,
      password: String(formData.get('reauth') ?? ''),
      device: deviceOf(request, user.email),
      address: clientAddress(request, context),
    }
    try {
      if (intent === 'end-sessions') {
        const count = await endSessionsAfterPassword(db(), {
          ...reauth,
          sessionId: String(formData.get('sessionId') ?? ''),
          // This browser stays signed in (signing out is the logout button).
          currentSessionId: currentId,
        })
        await recordChange(db(), 'sessions.end', user, 'StaffUser', user.id, { count })
        return redirect(
          `/console/account?${new URLSearchParams({ msg: 'accounts.sessionsEnded', count: String(count) })}`,
        )
      }
      if (intent === 'mfa-start') {
        await startEnrolmentAfterPassword(db(), { ...reauth, currentSessionId: currentId })
        return redirect('/console/account#mfa')
      }
      await removeSecondFactorAfterPassword(db(), reauth)
      await recordChange(db(), 'second-factor.remove', user, 'StaffUser', user.id)
      return redirect('/console/account?msg=mfa.removed')
    } catch (error) {
      if (isSignInDelayed(error))
        return data(
          { reauthError: 'SIGN_IN_DELAYED', intent, retryAfterSeconds: error.retryAfterSeconds },
          { status: 429 },
        )
      if (isAppError(error, 'INVALID_CREDENTIALS'))
        return data({ reauthError: 'wrongPassword', intent, retryAfterSeconds: 0 }, { status: 400 })
      if (isAppError(error, 'SECOND_FACTOR_REQUIRED'))
        return data({ reauthError: 'SECOND_FACTOR_REQUIRED', intent, retryAfterSeconds: 0 }, { status: 409 })
      throw error
    }
  }
  if (intent === 'mfa-confirm') {
    try {
      const recoveryCodes = await confirmOwnEnrolment(db(), {
        user,
        code: String(formData.get('code') ?? ''),
        currentSessionId: currentId,
      })
      await recordChange(db(), 'second-factor.enrol', user, 'StaffUser', user.id)
      return { recoveryCodes }
    } catch (error) {
      if (!isAppError(error, 'INVALID_CODE')) throw error
      return data(
        {
          enrolResult: { status: 'error' as const, error: { code: ['invalidCode'] } },
          attempt: crypto.randomUUID(),
        },
        { status: 400 },
      )
    }
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
      device: deviceOf(request, user.email),
      address: clientAddress(request, context),
    })
    await recordChange(db(), 'password.change', user, 'StaffUser', user.id)
  } catch (error) {
    if (isAppError(error, 'PASSWORD_COMMON') || isAppError(error, 'PASSWORD_CONTEXT'))
      return data(
        {
          ...submission.reply({
            fieldErrors: { password: [error.code === 'PASSWORD_COMMON' ? 'passwordCommon' : 'passwordContext'] },
            hideFields: hide,
          }),
          attempt: crypto.randomUUID(),
        },
        { status: 400 },
      )
    if (isSignInDelayed(error))
      return data(
        {
          ...submission.reply({ formErrors: ['SIGN_IN_DELAYED'], hideFields: hide }),
          attempt: crypto.randomUUID(),
          retryAfterSeconds: error.retryAfterSeconds,
        },
        { status: 429, headers: { 'Retry-After': String(error.retryAfterSeconds) } },
      )
    if (isAppError(error, 'INVALID_CREDENTIALS'))
      return data(
        {
          ...submission.reply({ fieldErrors: { current: ['wrongPassword'] }, hideFields: hide }),
          attempt: crypto.randomUUID(),
        },
        { status: 400 },
      )
    if (isAppError(error, 'NO_PASSWORD'))
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
  const { user, hasPassword, sessions, secondFactor } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const lastResult = actionData && 'status' in actionData ? actionData : undefined
  const reauth = actionData && 'reauthError' in actionData ? actionData : undefined
  const t = useT()
  const lang = useLang()
  const [form, fields] = useForm({
    id: 'password',
    lastResult,
    shouldValidate: 'onSubmit',
    shouldRevalidate: 'onInput',
    onValidate: ({ formData }) => parseWithZod(formData, { schema: ChangePasswordSchema }),
  })
  const attempt = actionData && 'attempt' in actionData ? String(actionData.attempt) : 'first'
  const reauthMessage = (intent: string) =>
    reauth?.intent === intent ? (
      <div className="error-summary" role="alert">
        {reauth.reauthError === 'SIGN_IN_DELAYED'
          ? t('mfa.signInDelayed', { seconds: reauth.retryAfterSeconds })
          : reauth.reauthError === 'SECOND_FACTOR_REQUIRED'
            ? t('accounts.error.SECOND_FACTOR_REQUIRED')
            : t('field.wrongPassword')}
      </div>
    ) : null
  const reauthField = (intent: string, label = t('accounts.currentPassword')) => (
    <div className="field">
      <label htmlFor={`reauth-${intent}`}>{label}</label>
      <p className="hint">{t('mfa.reauthNote')}</p>
      <input
        id={`reauth-${intent}`}
        type="password"
        name="reauth"
        required
        autoComplete="current-password"
        key={`reauth-${intent}-${attempt}-${reauth?.intent ?? ''}`}
      />
    </div>
  )
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
              {form.errors.includes('SIGN_IN_DELAYED')
                ? t('mfa.signInDelayed', {
                    seconds: actionData && 'retryAfterSeconds' in actionData ? Number(actionData.retryAfterSeconds) : 1,
                  })
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

      <h2 id="mfa">{t('mfa.sectionTitle')}</h2>
      {actionData && 'recoveryCodes' in actionData ? (
        <>
          <p role="status">{t('mfa.enrolled')}</p>
          <RecoveryCodes codes={actionData.recoveryCodes} />
        </>
      ) : (
        <>
          <p>
            {secondFactor.enrolled && secondFactor.enabledAt
              ? t('mfa.stateOn', {
                  date: formatDateTime(new Date(secondFactor.enabledAt), lang),
                  count: secondFactor.recoveryLeft,
                })
              : t('mfa.stateOff')}
          </p>
          {secondFactor.required ? <p className="hint">{t('mfa.requiredNote')}</p> : null}
          {secondFactor.enrolment ? (
            <EnrolmentForm
              enrolment={secondFactor.enrolment}
              lastResult={actionData && 'enrolResult' in actionData ? actionData.enrolResult : undefined}
              intent="mfa-confirm"
              attempt={attempt}
            />
          ) : hasPassword ? (
            <Form method="post" className="form">
              <input type="hidden" name="intent" value="mfa-start" />
              <input type="text" name="username" value={user.email} autoComplete="username" readOnly hidden />
              {reauthMessage('mfa-start')}
              {reauthField('mfa-start')}
              <button type="submit" className="button">
                {secondFactor.enrolled ? t('mfa.replace') : t('mfa.startEnrol')}
              </button>
            </Form>
          ) : null}
          {secondFactor.enrolled && !secondFactor.required ? (
            <Form method="post" className="form">
              <input type="hidden" name="intent" value="mfa-remove" />
              {reauthMessage('mfa-remove')}
              {reauthField('mfa-remove')}
              <button type="submit" className="button danger">
                {t('mfa.remove')}
              </button>
            </Form>
          ) : null}
        </>
      )}

      <h2>{t('accounts.sessionsTitle')}</h2>
      <SessionsTable sessions={sessions} endForm={others > 0 && hasPassword ? 'end-sessions' : undefined} />
      {others > 0 && hasPassword ? (
        <Form method="post" id="end-sessions" className="form">
          <input type="hidden" name="intent" value="end-sessions" />
          {reauthMessage('end-sessions')}
          {reauthField('end-sessions', t('mfa.passwordForSessions'))}
          <button type="submit" className="button" name="sessionId" value="">
            {t('accounts.endOtherSessions')}
          </button>
        </Form>
      ) : null}
    </section>
  )
}
