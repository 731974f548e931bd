import { getFormProps, getInputProps, useForm } from '@conform-to/react'
import { parseWithZod } from '@conform-to/zod'
import { data, type ActionFunctionArgs, type HeadersFunction, type MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData } from '@remix-run/react'
import { Field } from '~/components/field'
import { ForgotPasswordSchema } from '~/modules/accounts/forms'
import { requestPasswordResetFromPage } from '~/modules/accounts/links.server'
import { HONEYPOT_FIELD, HONEYPOT_STYLE, honeypotFilled } from '~/modules/registration/honeypot'
import { retryAfterMinutes } from '~/modules/security/rate-limit.server'
import { db } from '~/utils/db.server'
import { pageTitle } from '~/utils/meta'
import { clientAddress } from '~/utils/request.server'
import { useT } from '~/utils/use-i18n'

export const meta: MetaFunction = ({ matches }) => [
  { title: pageTitle(matches, 'accounts.forgotTitle') },
  { name: 'robots', content: 'noindex' },
]

// The Retry-After of a rate-limited request reaches the page's response only through here.
export const headers: HeadersFunction = ({ actionHeaders }) => {
  const retryAfter = actionHeaders.get('Retry-After')
  return retryAfter ? { 'Retry-After': retryAfter } : new Headers()
}

/**
 * Always the same answer whether or not the address has an account: the page must not tell
 * strangers who works here. Only the rate limit answers differently, and it counts every address.
 */
export async function action({ request, context }: ActionFunctionArgs) {
  const formData = await request.formData()
  const submission = parseWithZod(formData, { schema: ForgotPasswordSchema })
  if (honeypotFilled(formData)) return data(submission.reply({ formErrors: ['FORM_REFUSED'] }), { status: 400 })
  if (submission.status !== 'success') return data(submission.reply(), { status: 400 })
  const refusal = await requestPasswordResetFromPage(db(), {
    email: submission.value.email,
    address: clientAddress(request, context),
  })
  if (refusal)
    return data(
      {
        ...submission.reply({ formErrors: ['RATE_LIMITED'] }),
        retryAfterMinutes: retryAfterMinutes(refusal.retryAfterSeconds),
      },
      { status: 429, headers: { 'Retry-After': String(refusal.retryAfterSeconds) } },
    )
  return { ...submission.reply({ resetForm: true }), sent: true }
}

export default function ForgotPassword() {
  const lastResult = useActionData<typeof action>()
  const t = useT()
  const [form, fields] = useForm({
    id: 'forgot-password',
    lastResult,
    shouldValidate: 'onSubmit',
    shouldRevalidate: 'onInput',
    onValidate: ({ formData }) => parseWithZod(formData, { schema: ForgotPasswordSchema }),
  })
  const sent = Boolean(lastResult && 'sent' in lastResult && lastResult.sent)
  return (
    <article className="narrow">
      <h1>{t('accounts.forgotTitle')}</h1>
      {sent ? (
        <p className="flash" role="status">
          {t('accounts.forgotSent')}
        </p>
      ) : (
        <p className="lead">{t('accounts.forgotLead')}</p>
      )}
      <Form method="post" {...getFormProps(form)} className="form" noValidate>
        {form.errors?.length ? (
          <div className="error-summary" role="alert" id={form.errorId}>
            {form.errors.includes('RATE_LIMITED')
              ? t('accounts.forgotRateLimited', {
                  minutes: lastResult && 'retryAfterMinutes' in lastResult ? Number(lastResult.retryAfterMinutes) : 1,
                })
              : t('errors.FORM_REFUSED')}
          </div>
        ) : null}
        {/* The honeypot: off screen, out of the tab order, hidden from screen readers. */}
        <div aria-hidden="true" style={HONEYPOT_STYLE}>
          <label htmlFor="forgot-website">{t('form.honeypot')}</label>
          <input id="forgot-website" type="text" name={HONEYPOT_FIELD} tabIndex={-1} autoComplete="off" />
        </div>
        <Field
          id={fields.email.id}
          label={t('accounts.email')}
          required
          errorId={fields.email.errorId}
          errors={fields.email.errors}
          t={t}
        >
          <input {...getInputProps(fields.email, { type: 'email' })} autoComplete="username" />
        </Field>
        <button type="submit" className="button button-primary">
          {t('accounts.forgotSubmit')}
        </button>
      </Form>
      <p>
        <Link to="/console/login">{t('accounts.backToLogin')}</Link>
      </p>
    </article>
  )
}
