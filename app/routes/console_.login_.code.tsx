import { getFormProps, useForm } from '@conform-to/react'
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
import { CodeField } from '~/components/second-factor'
import { isAppError } from '~/utils/errors'
import { CodeSchema } from '~/modules/accounts/forms'
import { pendingSignIn, signInWithCode } from '~/modules/accounts/sign-in.server'
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
import { refusedSecretForm } from '~/utils/secret-form.server'
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
  const pending = await pendingSignIn(db(), pendingToken(request))
  if (pending?.purpose === 'ENROL') throw redirect(`/console/login/enrol${new URL(request.url).search}`)
  return { expired: !pending }
}

export async function action({ request, context }: ActionFunctionArgs) {
  const submission = parseWithZod(await request.formData(), { schema: CodeSchema })
  const hide = ['code']
  if (submission.status !== 'success') return data(submission.reply({ hideFields: hide }), { status: 400 })
  try {
    const { token, user } = await signInWithCode(
      db(),
      pendingToken(request),
      submission.value.code,
      signInOptions(request, context),
    )
    return redirect(safeRedirectPath(submission.value.redirectTo, '/console'), {
      headers: signedInHeaders(token, user.email),
    })
  } catch (error) {
    if (isSignInDelayed(error))
      return refusedSecretForm(
        submission,
        hide,
        { formErrors: ['SIGN_IN_DELAYED'], status: 429, retryAfterSeconds: error.retryAfterSeconds },
        { retryAfterSeconds: error.retryAfterSeconds },
      )
    if (isAppError(error, 'SIGN_IN_EXPIRED'))
      return refusedSecretForm(submission, hide, {
        formErrors: ['SIGN_IN_EXPIRED'],
        status: 410,
        headers: { 'Set-Cookie': clearPendingCookie() },
      })
    if (!isAppError(error, 'INVALID_CODE')) throw error
    return refusedSecretForm(submission, hide, { fieldErrors: { code: ['invalidCode'] }, status: 400 })
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
        <CodeField
          field={fields.code}
          attempt={lastResult && 'attempt' in lastResult ? String(lastResult.attempt) : 'code'}
          inputMode="text"
          autoFocus
        />
        <p className="hint">{t('mfa.codeHint')}</p>
        <button type="submit" className="button button-primary">
          {t('mfa.verify')}
        </button>
      </Form>
    </article>
  )
}
