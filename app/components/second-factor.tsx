import { getFormProps, getInputProps, useForm, type FieldMetadata, type SubmissionResult } from '@conform-to/react'
import { parseWithZod } from '@conform-to/zod'
import { Form } from '@remix-run/react'
import { Field } from '~/components/field'
import { CodeSchema } from '~/modules/accounts/forms'
import { useT } from '~/utils/use-i18n'

/**
 * The field of a second-factor code (sign-in's code step, enrolment). `attempt` renews the input
 * after a refusal, so a refused code never stays in it.
 */
export function CodeField({
  field,
  attempt,
  inputMode,
  autoFocus,
}: {
  field: FieldMetadata<string>
  attempt: string
  /** 'text' where a recovery code (letters) may be typed too. */
  inputMode: 'text' | 'numeric'
  autoFocus?: boolean
}) {
  const t = useT()
  return (
    <Field id={field.id} label={t('mfa.code')} required errorId={field.errorId} errors={field.errors} t={t}>
      <input
        {...getInputProps(field, { type: 'text' })}
        key={attempt}
        autoComplete="one-time-code"
        inputMode={inputMode}
        autoFocus={autoFocus}
      />
    </Field>
  )
}

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
        <CodeField field={fields.code} attempt={`code-${attempt}`} inputMode="numeric" />
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
