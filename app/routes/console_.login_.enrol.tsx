import crypto from 'node:crypto'
import { parseWithZod } from '@conform-to/zod'
import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Link, useActionData, useLoaderData, useSearchParams } from '@remix-run/react'
import { EnrolmentForm, RecoveryCodes } from '~/components/second-factor'
import { isAppError } from '~/utils/errors'
import { CodeSchema } from '~/modules/accounts/forms'
import { enrolmentForPending, signInWithEnrolment } from '~/modules/accounts/sign-in.server'
import { isSignInDelayed } from '~/modules/accounts/console-users.server'
import { db } from '~/utils/db.server'
import { pageTitle } from '~/utils/meta'
import {
  clearPendingCookie,
  pendingToken,
  safeRedirectPath,
  signedInHeaders,
  signInOptions,
} from '~/utils/request.server'
import { useT } from '~/utils/use-i18n'

/**
 * Enrolment forced right after the password, for a role that must have a second factor: nothing
 * else opens until a first code confirms the secret shown. Then the recovery codes, once.
 */

export const meta: MetaFunction = ({ matches }) => [
  { title: pageTitle(matches, 'mfa.enrolTitle') },
  { name: 'robots', content: 'noindex' },
]

// The secret and the recovery codes are on this page: never cached.
export const headers = () => ({ 'Cache-Control': 'no-store' })

export async function loader({ request }: LoaderFunctionArgs) {
  const enrolment = await enrolmentForPending(db(), pendingToken(request))
  return { enrolment: enrolment ? { secret: enrolment.secret, qrSvg: enrolment.qrSvg } : null }
}

export async function action({ request, context }: ActionFunctionArgs) {
  const formData = await request.formData()
  const submission = parseWithZod(formData, { schema: CodeSchema })
  if (submission.status !== 'success')
    return data({ result: submission.reply({ hideFields: ['code'] }), attempt: crypto.randomUUID() }, { status: 400 })
  try {
    const done = await signInWithEnrolment(
      db(),
      pendingToken(request),
      submission.value.code,
      signInOptions(request, context),
    )
    return data(
      { recoveryCodes: done.recoveryCodes, next: safeRedirectPath(submission.value.redirectTo, '/console') },
      { headers: signedInHeaders(done.token, done.user.email) },
    )
  } catch (error) {
    if (isAppError(error, 'SIGN_IN_EXPIRED'))
      return data({ expired: true }, { status: 410, headers: { 'Set-Cookie': clearPendingCookie() } })
    const delayed = isSignInDelayed(error)
    if (!delayed && !isAppError(error, 'INVALID_CODE')) throw error
    return data(
      {
        result: submission.reply({ fieldErrors: { code: ['invalidCode'] }, hideFields: ['code'] }),
        attempt: crypto.randomUUID(),
      },
      delayed ? { status: 429, headers: { 'Retry-After': String(error.retryAfterSeconds) } } : { status: 400 },
    )
  }
}

export default function SignInEnrol() {
  const { enrolment } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const [searchParams] = useSearchParams()
  const t = useT()
  if (actionData && 'recoveryCodes' in actionData)
    return (
      <article className="narrow">
        <h1>{t('mfa.enrolTitle')}</h1>
        <p role="status">{t('mfa.enrolled')}</p>
        <RecoveryCodes codes={actionData.recoveryCodes} />
        <p>
          <a className="button button-primary" href={actionData.next}>
            {t('mfa.continue')}
          </a>
        </p>
      </article>
    )
  if (!enrolment || (actionData && 'expired' in actionData))
    return (
      <article className="narrow">
        <h1>{t('mfa.enrolTitle')}</h1>
        <p role="alert">{t('mfa.expired')}</p>
        <p>
          <Link to="/console/login">{t('mfa.startOver')}</Link>
        </p>
      </article>
    )
  return (
    <article className="narrow">
      <h1>{t('mfa.enrolTitle')}</h1>
      <p className="lead">{t('mfa.enrolRequired')}</p>
      <EnrolmentForm
        enrolment={enrolment}
        lastResult={actionData && 'result' in actionData ? actionData.result : undefined}
        redirectTo={searchParams.get('redirectTo') ?? ''}
        attempt={actionData && 'attempt' in actionData ? String(actionData.attempt) : 'first'}
      />
    </article>
  )
}
