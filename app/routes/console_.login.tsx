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
import { Form, Link, useActionData, useSearchParams } from '@remix-run/react'
import { Field } from '~/components/field'
import { isAppError } from '~/utils/errors'
import { LoginSchema } from '~/modules/accounts/forms'
import { signInWithPassword } from '~/modules/accounts/sign-in.server'
import { isSignInDelayed } from '~/modules/accounts/console-users.server'
import { HONEYPOT_FIELD, HONEYPOT_STYLE, honeypotFilled } from '~/modules/registration/honeypot'
import { retryAfterMinutes } from '~/modules/security/rate-limit.server'
import { db } from '~/utils/db.server'
import { optionalStaff, safeRedirectPath, signInOptions, signInRedirect } from '~/utils/request.server'
import { refusedSecretForm } from '~/utils/secret-form.server'
import { pageTitle } from '~/utils/meta'
import { useT } from '~/utils/use-i18n'

export const meta: MetaFunction = ({ matches }) => [
  { title: pageTitle(matches, 'console.loginTitle') },
  { name: 'robots', content: 'noindex' },
]

export async function loader({ request }: LoaderFunctionArgs) {
  if (await optionalStaff(request)) throw redirect('/console')
  return null
}

// The Retry-After of a rate-limited attempt reaches the page's response only through here.
export const headers: HeadersFunction = ({ actionHeaders }) => {
  const retryAfter = actionHeaders.get('Retry-After')
  return retryAfter ? { 'Retry-After': retryAfter } : new Headers()
}

export async function action({ request, context }: ActionFunctionArgs) {
  const formData = await request.formData()
  const submission = parseWithZod(formData, { schema: LoginSchema })
  const hide = ['password']
  // A filled honeypot is a script: refused without checking the password or counting a failure.
  if (honeypotFilled(formData))
    return refusedSecretForm(submission, hide, { formErrors: ['FORM_REFUSED'], status: 400 })
  if (submission.status !== 'success') return data(submission.reply({ hideFields: hide }), { status: 400 })
  const { email, password, redirectTo } = submission.value
  try {
    // A session, or on to the second factor (its code, or enrolment when it must be set up).
    const step = await signInWithPassword(db(), { email, password }, signInOptions(request, context))
    if (step.kind === 'rate-limited')
      return refusedSecretForm(
        submission,
        hide,
        { formErrors: ['RATE_LIMITED'], status: 429, retryAfterSeconds: step.retryAfterSeconds },
        { retryAfterMinutes: retryAfterMinutes(step.retryAfterSeconds) },
      )
    return signInRedirect(step, step.email, safeRedirectPath(redirectTo, '/console'))
  } catch (error) {
    // Too soon after repeated failures for this email: 429, the password was not checked.
    if (isSignInDelayed(error))
      return refusedSecretForm(
        submission,
        hide,
        { formErrors: ['SIGN_IN_DELAYED'], status: 429, retryAfterSeconds: error.retryAfterSeconds },
        { retryAfterSeconds: error.retryAfterSeconds },
      )
    if (!isAppError(error, 'INVALID_CREDENTIALS') && !isAppError(error, 'ACCOUNT_DISABLED')) throw error
    return refusedSecretForm(submission, hide, { formErrors: [error.code], status: error.status })
  }
}

export default function Login() {
  const lastResult = useActionData<typeof action>()
  const [searchParams] = useSearchParams()
  const t = useT()
  const [form, fields] = useForm({
    lastResult,
    shouldValidate: 'onSubmit',
    shouldRevalidate: 'onInput',
    onValidate: ({ formData }) => parseWithZod(formData, { schema: LoginSchema }),
  })
  return (
    <article>
      <h1>{t('console.loginTitle')}</h1>
      <Form method="post" {...getFormProps(form)} className="form" noValidate>
        {form.errors?.length ? (
          <div className="error-summary" role="alert" id={form.errorId}>
            {form.errors.includes('SIGN_IN_DELAYED')
              ? t('mfa.signInDelayed', {
                  seconds: lastResult && 'retryAfterSeconds' in lastResult ? Number(lastResult.retryAfterSeconds) : 1,
                })
              : form.errors.includes('RATE_LIMITED')
                ? t('errors.SIGN_IN_RATE_LIMITED', {
                    minutes: lastResult && 'retryAfterMinutes' in lastResult ? Number(lastResult.retryAfterMinutes) : 1,
                  })
                : form.errors.includes('FORM_REFUSED')
                  ? t('errors.FORM_REFUSED')
                  : form.errors.includes('ACCOUNT_DISABLED')
                    ? t('accounts.error.ACCOUNT_DISABLED')
                    : t('errors.INVALID_CREDENTIALS')}
          </div>
        ) : null}
        <input type="hidden" name="redirectTo" value={searchParams.get('redirectTo') ?? ''} />
        {/* The honeypot: off screen, out of the tab order, hidden from screen readers. */}
        <div aria-hidden="true" style={HONEYPOT_STYLE}>
          <label htmlFor="login-website">{t('form.honeypot')}</label>
          <input id="login-website" type="text" name={HONEYPOT_FIELD} tabIndex={-1} autoComplete="off" />
        </div>
        <Field
          id={fields.email.id}
          label={t('console.email')}
          required
          errorId={fields.email.errorId}
          errors={fields.email.errors}
          t={t}
        >
          <input {...getInputProps(fields.email, { type: 'email' })} autoComplete="username" />
        </Field>
        <Field
          id={fields.password.id}
          label={t('console.password')}
          required
          errorId={fields.password.errorId}
          errors={fields.password.errors}
          t={t}
        >
          <input
            {...getInputProps(fields.password, { type: 'password' })}
            key={lastResult && 'attempt' in lastResult ? String(lastResult.attempt) : 'password'}
            autoComplete="current-password"
          />
        </Field>
        <button type="submit" className="button button-primary">
          {t('console.login')}
        </button>
        <p>
          <Link to="/console/forgot-password">{t('accounts.forgotLink')}</Link>
        </p>
        <p className="hint">{t('console.loginHint')}</p>
      </Form>
    </article>
  )
}
