import { SessionsTable } from '~/components/account-fields'
import { ChangePasswordForm, ReauthForm } from '~/components/account/own-account'
import { homePath } from '~/modules/accounts/permissions'
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { useActionData, useLoaderData } from '@remix-run/react'
import { badRequest, isAppError } from '~/utils/errors'
import { AccountActionSchema, newPasswordRefusal } from '~/modules/accounts/forms'
import {
  accountPage,
  confirmOwnEnrolment,
  endSessionsAfterPassword,
  removeSecondFactorAfterPassword,
  startEnrolmentAfterPassword,
} from '~/modules/accounts/account-security.server'
import { isSignInDelayed, type ConsoleIdentity } from '~/modules/accounts/console-users.server'
import { changeOwnPassword, sessionIdOf } from '~/modules/accounts/users.server'
import { EnrolmentForm, RecoveryCodes } from '~/components/second-factor'
import { parseWithZod } from '@conform-to/zod'
import crypto from 'node:crypto'
import { db } from '~/utils/db.server'
import { pageTitle } from '~/utils/meta'
import { clientAddress, deviceOf, sessionToken } from '~/utils/request.server'
import { refusedSecretForm } from '~/utils/secret-form.server'
import { requireAccess } from '~/modules/accounts/access.server'
import { formatDateTime } from '~/utils/time'
import { useLang, useT } from '~/utils/use-i18n'

export const meta: MetaFunction = ({ matches }) => [{ title: pageTitle(matches, 'accounts.accountTitle') }]

/** Signed-in staff with an account to manage (check-in helpers' links are ended on the seminar's page). */
async function requireOwnAccount(request: Request): Promise<ConsoleIdentity> {
  const user = await requireAccess(request, 'console')
  if (user.role === 'CHECKIN') throw redirect(homePath(user.role))
  return user
}

/** The id of this browser's session (requireAccess has checked the cookie). */
function currentSessionId(request: Request): string {
  return sessionIdOf(sessionToken(request) ?? '')
}

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireOwnAccount(request)
  return accountPage(db(), user, currentSessionId(request))
}

const PASSWORD_FIELDS = ['current', 'password', 'confirm']

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requireOwnAccount(request)
  const submission = parseWithZod(await request.formData(), { schema: AccountActionSchema })
  if (submission.status !== 'success') {
    // Only the password form is checked here; every other intent comes from our own buttons.
    if (submission.payload.intent !== 'password') throw badRequest()
    return refusedSecretForm(submission, PASSWORD_FIELDS, { status: 400 })
  }
  const change = submission.value
  // The password is asked again (and counted as a sign-in) before each change but the code's.
  const own = {
    user,
    currentSessionId: currentSessionId(request),
    device: deviceOf(request, user.email),
    address: clientAddress(request, context),
  }
  try {
    switch (change.intent) {
      case 'end-sessions': {
        // This browser stays signed in (signing out is the logout button).
        const count = await endSessionsAfterPassword(db(), {
          ...own,
          password: change.reauth,
          sessionId: change.sessionId,
        })
        const done = new URLSearchParams({ msg: 'accounts.sessionsEnded', count: String(count) })
        return redirect(`/console/account?${done}`)
      }
      case 'mfa-start':
        await startEnrolmentAfterPassword(db(), { ...own, password: change.reauth })
        return redirect('/console/account#mfa')
      case 'mfa-remove':
        await removeSecondFactorAfterPassword(db(), { ...own, password: change.reauth })
        return redirect('/console/account?msg=mfa.removed')
      case 'mfa-confirm':
        return { recoveryCodes: await confirmOwnEnrolment(db(), { ...own, code: change.code }) }
      case 'password':
        await changeOwnPassword(db(), { ...own, currentPassword: change.current, newPassword: change.password })
        return redirect('/console/account?msg=accounts.passwordChanged')
    }
  } catch (error) {
    if (change.intent === 'mfa-confirm') {
      if (!isAppError(error, 'INVALID_CODE')) throw error
      const enrolResult = { status: 'error' as const, error: { code: ['invalidCode'] } }
      return data({ enrolResult, attempt: crypto.randomUUID() }, { status: 400 })
    }
    if (change.intent !== 'password') {
      const { intent } = change
      if (isSignInDelayed(error))
        return data(
          { reauthError: 'SIGN_IN_DELAYED' as const, intent, retryAfterSeconds: error.retryAfterSeconds },
          { status: 429 },
        )
      if (isAppError(error, 'INVALID_CREDENTIALS'))
        return data({ reauthError: 'wrongPassword' as const, intent, retryAfterSeconds: 0 }, { status: 400 })
      if (isAppError(error, 'SECOND_FACTOR_REQUIRED'))
        return data({ reauthError: 'SECOND_FACTOR_REQUIRED' as const, intent, retryAfterSeconds: 0 }, { status: 409 })
      throw error
    }
    const refused = newPasswordRefusal(error)
    if (refused)
      return refusedSecretForm(submission, PASSWORD_FIELDS, { fieldErrors: { password: [refused] }, status: 400 })
    if (isSignInDelayed(error))
      return refusedSecretForm(
        submission,
        PASSWORD_FIELDS,
        { formErrors: ['SIGN_IN_DELAYED'], status: 429, retryAfterSeconds: error.retryAfterSeconds },
        { retryAfterSeconds: error.retryAfterSeconds },
      )
    if (isAppError(error, 'INVALID_CREDENTIALS'))
      return refusedSecretForm(submission, PASSWORD_FIELDS, {
        fieldErrors: { current: ['wrongPassword'] },
        status: 400,
      })
    if (isAppError(error, 'NO_PASSWORD'))
      return refusedSecretForm(submission, PASSWORD_FIELDS, { formErrors: [error.code], status: error.status })
    throw error
  }
}

/** Anyone signed in: their own password and where they are signed in. */
export default function Account() {
  const { user, hasPassword, sessions, secondFactor } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const reauth = actionData && 'reauthError' in actionData ? actionData : undefined
  const t = useT()
  const lang = useLang()
  const attempt = actionData && 'attempt' in actionData ? String(actionData.attempt) : 'first'
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
        <ChangePasswordForm
          email={user.email}
          lastResult={actionData && 'status' in actionData ? actionData : undefined}
          retryAfterSeconds={
            actionData && 'retryAfterSeconds' in actionData ? Number(actionData.retryAfterSeconds) : undefined
          }
          attempt={attempt}
        />
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
            <ReauthForm intent="mfa-start" refusal={reauth} attempt={attempt} username={user.email}>
              <button type="submit" className="button">
                {secondFactor.enrolled ? t('mfa.replace') : t('mfa.startEnrol')}
              </button>
            </ReauthForm>
          ) : null}
          {secondFactor.enrolled && !secondFactor.required ? (
            <ReauthForm intent="mfa-remove" refusal={reauth} attempt={attempt}>
              <button type="submit" className="button danger">
                {t('mfa.remove')}
              </button>
            </ReauthForm>
          ) : null}
        </>
      )}

      <h2>{t('accounts.sessionsTitle')}</h2>
      <SessionsTable sessions={sessions} endForm={others > 0 && hasPassword ? 'end-sessions' : undefined} />
      {others > 0 && hasPassword ? (
        <ReauthForm
          intent="end-sessions"
          id="end-sessions"
          refusal={reauth}
          attempt={attempt}
          label={t('mfa.passwordForSessions')}
        >
          <button type="submit" className="button" name="sessionId" value="">
            {t('accounts.endOtherSessions')}
          </button>
        </ReauthForm>
      ) : null}
    </section>
  )
}
