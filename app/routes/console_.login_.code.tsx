import crypto from 'node:crypto'
import { getFormProps, getInputProps, useForm } from '@conform-to/react'
import { parseWithZod } from '@conform-to/zod'
import {
  data,
  redirect,
  type ActionFunctionArgs,
  type HeadersFunction,
  type LoaderFunctionArgs,
  type MetaFunction,
} from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useSearchParams } from '@remix-run/react'
import { Field } from '~/components/field'
import { isAppError } from '~/utils/errors'
import { CodeSchema } from '~/modules/accounts/forms'
import { pendingSignIn, signInWithCode } from '~/modules/accounts/sign-in.server'
import { isSignInDelayed } from '~/modules/accounts/staff.server'
import { recordSignIn } from '~/modules/audit/security-log.server'
import { db } from '~/utils/db.server'
import { env } from '~/utils/env.server'
import { pageTitle } from '~/utils/meta'
import {
  clearPendingCookie,
  clientAddress,
  deviceOf,
  pendingToken,
  safeRedirectPath,
  signedInHeaders,
} from '~/utils/request.server'
import { useT } from '~/utils/use-i18n'

/** The second step of signing in: a code from the authenticator app, or a recovery code. */

export const meta: MetaFunction = ({ matches }) => [
  { title: pageTitle(matches, 'mfa.codeTitle') },
  { name: 'robots', content: 'noindex' },
]

export const headers: HeadersFunction = ({ actionHeaders }) => {
  const headers = new Headers({ 'Cache-Control': 'no-store' })
  const retryAfter = actionHeaders.get('Retry-After')
  if (retryAfter) headers.set('Retry-After', retryAfter)
  return headers
}

export async function loader({ request }: LoaderFunctionArgs) {
  const pending = await pendingSignIn(db(), pendingToken(request) ?? '')
  if (pending?.purpose === 'ENROL') throw redirect(`/console/login/enrol${new URL(request.url).search}`)
  return { expired: !pending }
}

export async function action({ request, context }: ActionFunctionArgs) {
  const formData = await request.formData()
  const submission = parseWithZod(formData, { schema: CodeSchema })
  if (submission.status !== 'success') return data(submission.reply({ hideFields: ['code'] }), { status: 400 })
  try {
    const result = await signInWithCode(db(), pendingToken(request) ?? '', submission.value.code, {
      ttlHours: env().SESSION_TTL_HOURS,
      userAgent: request.headers.get('User-Agent'),
      device: (email) => deviceOf(request, email),
      address: clientAddress(request, context),
    })
    await recordSignIn(db(), result.user.email, 'success', { secondFactor: result.how })
    return redirect(safeRedirectPath(submission.value.redirectTo, '/console'), {
      headers: signedInHeaders(result.token, result.user.email),
    })
  } catch (error) {
    if (isSignInDelayed(error))
      return data(
        {
          ...submission.reply({ formErrors: ['SIGN_IN_DELAYED'], hideFields: ['code'] }),
          retryAfterSeconds: error.retryAfterSeconds,
          attempt: crypto.randomUUID(),
        },
        { status: 429, headers: { 'Retry-After': String(error.retryAfterSeconds) } },
      )
    if (isAppError(error, 'SIGN_IN_EXPIRED'))
      return data(
        {
          ...submission.reply({ formErrors: ['SIGN_IN_EXPIRED'], hideFields: ['code'] }),
          attempt: crypto.randomUUID(),
        },
        { status: 410, headers: { 'Set-Cookie': clearPendingCookie() } },
      )
    if (!isAppError(error, 'INVALID_CODE')) throw error
    return data(
      {
        ...submission.reply({ fieldErrors: { code: ['invalidCode'] }, hideFields: ['code'] }),
        attempt: crypto.randomUUID(),
      },
      { status: 400 },
    )
  }
}

export default function SignInCode() {
  const { expired } = useLoaderData<typeof loader>()
  const lastResult = useActionData<typeof action>()
  const [searchParams] = useSearchParams()
  const t = useT()
  const [form, fields] = useForm({
    id: 'code',
    lastResult,
    shouldValidate: 'onSubmit',
    onValidate: ({ formData }) => parseWithZod(formData, { schema: CodeSchema }),
  })
  if (expired || form.errors?.includes('SIGN_IN_EXPIRED'))
    return (
      <article className="narrow">
        <h1>{t('mfa.codeTitle')}</h1>
        <p role="alert">{t('mfa.expired')}</p>
        <p>
          <Link to="/console/login">{t('mfa.startOver')}</Link>
        </p>
      </article>
    )
  return (
    <article className="narrow">
      <h1>{t('mfa.codeTitle')}</h1>
      <p className="lead">{t('mfa.codeLead')}</p>
      <Form method="post" {...getFormProps(form)} className="form" noValidate>
        {form.errors?.includes('SIGN_IN_DELAYED') ? (
          <div className="error-summary" role="alert" id={form.errorId}>
            {t('mfa.signInDelayed', {
              seconds: lastResult && 'retryAfterSeconds' in lastResult ? Number(lastResult.retryAfterSeconds) : 1,
            })}
          </div>
        ) : null}
        <input type="hidden" name="redirectTo" value={searchParams.get('redirectTo') ?? ''} />
        <Field
          id={fields.code.id}
          label={t('mfa.code')}
          required
          errorId={fields.code.errorId}
          errors={fields.code.errors}
          t={t}
        >
          <input
            {...getInputProps(fields.code, { type: 'text' })}
            key={lastResult && 'attempt' in lastResult ? String(lastResult.attempt) : 'code'}
            autoComplete="one-time-code"
            inputMode="text"
            autoFocus
          />
        </Field>
        <p className="hint">{t('mfa.codeHint')}</p>
        <button type="submit" className="button button-primary">
          {t('mfa.verify')}
        </button>
      </Form>
    </article>
  )
}
