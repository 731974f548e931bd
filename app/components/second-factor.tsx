import { getFormProps, getInputProps, useForm, type SubmissionResult } from '@conform-to/react'
import { parseWithZod } from '@conform-to/zod'
import { Form } from '@remix-run/react'
import { Field } from '~/components/field'
import { CodeSchema } from '~/modules/accounts/forms'
import { useT } from '~/utils/use-i18n'

/** The secret to enrol: its QR code, the key as text, and the form for the first code. */
export function EnrolmentForm({
  enrolment,
  lastResult,
  intent,
  redirectTo,
  attempt,
}: {
  enrolment: { secret: string; qrSvg: string }
  lastResult: SubmissionResult<string[]> | undefined | null
  intent?: string
  redirectTo?: string
  attempt: string
}) {
  const t = useT()
  const [form, fields] = useForm({
    id: 'enrol',
    lastResult,
    shouldValidate: 'onSubmit',
    onValidate: ({ formData }) => parseWithZod(formData, { schema: CodeSchema }),
  })
  // The QR code is our own SVG, shown as an image (img-src allows data:).
  const qr = `data:image/svg+xml;base64,${btoa(enrolment.qrSvg)}`
  return (
    <div className="enrolment">
      <p>{t('mfa.enrolSteps')}</p>
      <img src={qr} alt={t('mfa.qrAlt')} width={200} height={200} />
      <dl className="facts">
        <dt>{t('mfa.secretText')}</dt>
        <dd>
          <code data-testid="totp-secret">{enrolment.secret.replace(/(.{4})/g, '$1 ').trim()}</code>
        </dd>
      </dl>
      <Form method="post" {...getFormProps(form)} className="form" noValidate>
        {intent ? <input type="hidden" name="intent" value={intent} /> : null}
        {redirectTo !== undefined ? <input type="hidden" name="redirectTo" value={redirectTo} /> : null}
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
            key={`code-${attempt}`}
            autoComplete="one-time-code"
            inputMode="numeric"
          />
        </Field>
        <button type="submit" className="button button-primary">
          {t('mfa.confirm')}
        </button>
      </Form>
    </div>
  )
}

/** The recovery codes, shown once right after enrolment. */
export function RecoveryCodes({ codes }: { codes: string[] }) {
  const t = useT()
  return (
    <section aria-labelledby="recovery-title">
      <h2 id="recovery-title">{t('mfa.recoveryTitle')}</h2>
      <p role="status">{t('mfa.recoveryLead')}</p>
      <ol className="recovery-codes" data-testid="recovery-codes">
        {codes.map((c) => (
          <li key={c}>
            <code>{c}</code>
          </li>
        ))}
      </ol>
    </section>
  )
}
