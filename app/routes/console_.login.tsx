import { getFormProps, getInputProps, useForm } from '@conform-to/react'
import crypto from 'node:crypto'
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
import { z } from 'zod'
import { Field } from '~/components/field'
import { isAppError } from '~/utils/errors'
import { recordSignIn } from '~/modules/audit/security-log.server'
import { afterPassword } from '~/modules/accounts/sign-in.server'
import { authenticate, isSignInDelayed } from '~/modules/accounts/staff.server'
import { HONEYPOT_FIELD, HONEYPOT_STYLE, honeypotFilled } from '~/modules/registration/honeypot'
import { limitSignIn, retryAfterMinutes } from '~/modules/security/rate-limit.server'
import { db } from '~/utils/db.server'
import { env } from '~/utils/env.server'
import { clientAddress, deviceOf, optionalStaff, safeRedirectPath, signInRedirect } from '~/utils/request.server'
import { pageTitle } from '~/utils/meta'
import { useT } from '~/utils/use-i18n'

export const meta: MetaFunction = ({ matches }) => [
  { title: pageTitle(matches, 'console.loginTitle') },
  { name: 'robots', content: 'noindex' },
]

const LoginSchema = z.object({
  email: z.string({ required_error: 'required' }).trim().min(1, 'required').email('invalidEmail'),
  password: z.string({ required_error: 'required' }).min(1, 'required'),
  redirectTo: z.string().optional(),
})

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
  // A filled honeypot is a script: refused without checking the password or counting a failure.
  if (honeypotFilled(formData))
    return data(
      {
        ...submission.reply({ formErrors: ['FORM_REFUSED'], hideFields: ['password'] }),
        attempt: crypto.randomUUID(),
      },
      { status: 400 },
    )
  if (submission.status !== 'success') return data(submission.reply({ hideFields: ['password'] }), { status: 400 })
  // Counted before the password is checked: many emails tried from one place are stopped too.
  const refusal = await limitSignIn(db(), { address: clientAddress(request, context) })
  if (refusal) await recordSignIn(db(), submission.value.email, 'RATE_LIMITED')
  if (refusal)
    return data(
      {
        ...submission.reply({ formErrors: ['RATE_LIMITED'], hideFields: ['password'] }),
        attempt: crypto.randomUUID(),
        retryAfterMinutes: retryAfterMinutes(refusal.retryAfterSeconds),
      },
      { status: 429, headers: { 'Retry-After': String(refusal.retryAfterSeconds) } },
    )
  const { email, password, redirectTo } = submission.value
  try {
    const device = deviceOf(request, email)
    const address = clientAddress(request, context)
    const user = await authenticate(db(), email, password, new Date(), { device, address })
    // A session, or on to the second factor (its code, or enrolment when it must be set up).
    const step = await afterPassword(db(), user, {
      ttlHours: env().SESSION_TTL_HOURS,
      userAgent: request.headers.get('User-Agent'),
      device,
    })
    // A complete sign-in here; with a second factor, the code step records it.
    if (step.kind === 'session') await recordSignIn(db(), user.email, 'success')
    return signInRedirect(step, user.email, safeRedirectPath(redirectTo, '/console'))
  } catch (error) {
    // Too soon after repeated failures for this email: 429, the password was not checked.
    if (isSignInDelayed(error)) {
      await recordSignIn(db(), email, 'SLOWED_DOWN')
      return data(
        {
          ...submission.reply({ formErrors: ['SIGN_IN_DELAYED'], hideFields: ['password'] }),
          attempt: crypto.randomUUID(),
          retryAfterSeconds: error.retryAfterSeconds,
        },
        { status: 429, headers: { 'Retry-After': String(error.retryAfterSeconds) } },
      )
    }
    // ACCOUNT_DISABLED: only after the right password, so it tells nothing to a guesser.
    if (!isAppError(error, 'INVALID_CREDENTIALS') && !isAppError(error, 'ACCOUNT_DISABLED')) throw error
    await recordSignIn(db(), email, error.code)
    // `attempt` renews the password input, so a refused password never stays in the field.
    return data(
      {
        ...submission.reply({ formErrors: [error.code], hideFields: ['password'] }),
        attempt: crypto.randomUUID(),
      },
      { status: error.status },
    )
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
