import { getFormProps, getInputProps, useForm, type SubmissionResult } from '@conform-to/react'
import { parseWithZod } from '@conform-to/zod'
import type { ReactNode } from 'react'
import { Form } from '@remix-run/react'
import { NewPasswordFields } from '~/components/account-fields'
import { Field } from '~/components/field'
import { ChangePasswordSchema } from '~/modules/accounts/forms'
import { useT } from '~/utils/use-i18n'

/*
 * The forms of one's own account page (app/routes/console.account.tsx): the password, and the
 * changes that ask the password again first (ending other sessions, the second factor).
 */

/** Why a change after the password again was refused (the action's answer), for its own form. */
export type ReauthRefusal = {
  reauthError: 'SIGN_IN_DELAYED' | 'wrongPassword' | 'SECOND_FACTOR_REQUIRED'
  intent: string
  retryAfterSeconds: number
}

/** Changing one's password: the current one, then the new one twice. */
export function ChangePasswordForm({
  email,
  lastResult,
  retryAfterSeconds,
  attempt,
}: {
  email: string
  lastResult: SubmissionResult<string[]> | undefined
  retryAfterSeconds: number | undefined
  attempt: string
}) {
  const t = useT()
  const [form, fields] = useForm({
    id: 'password',
    lastResult,
    shouldValidate: 'onSubmit',
    shouldRevalidate: 'onInput',
    onValidate: ({ formData }) => parseWithZod(formData, { schema: ChangePasswordSchema }),
  })
  return (
    <Form method="post" {...getFormProps(form)} className="form" noValidate>
      <input type="hidden" name="intent" value="password" />
      {form.errors?.length ? (
        <div className="error-summary" role="alert" id={form.errorId}>
          {form.errors.includes('SIGN_IN_DELAYED')
            ? t('mfa.signInDelayed', { seconds: retryAfterSeconds ?? 1 })
            : t('accounts.error.NO_PASSWORD')}
        </div>
      ) : Object.keys(form.allErrors).length > 0 ? (
        <div className="error-summary" role="alert">
          {t('form.errorSummary')}
        </div>
      ) : null}
      {/* For password managers: whose password this is. */}
      <input type="text" name="username" value={email} autoComplete="username" readOnly hidden />
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
  )
}

/**
 * A change that asks the password again first: the intent, why it was last refused (when it
 * was this one), the password field, and what the form holds besides (`children`: its button).
 */
export function ReauthForm({
  intent,
  refusal,
  attempt,
  label,
  id,
  username,
  children,
}: {
  intent: string
  refusal: ReauthRefusal | undefined
  attempt: string
  /** The password field's label; "current password" unless said. */
  label?: string
  id?: string
  /** For password managers: whose password this is. */
  username?: string
  children: ReactNode
}) {
  const t = useT()
  return (
    <Form method="post" id={id} className="form">
      <input type="hidden" name="intent" value={intent} />
      {username !== undefined ? (
        <input type="text" name="username" value={username} autoComplete="username" readOnly hidden />
      ) : null}
      {refusal?.intent === intent ? (
        <div className="error-summary" role="alert">
          {refusal.reauthError === 'SIGN_IN_DELAYED'
            ? t('mfa.signInDelayed', { seconds: refusal.retryAfterSeconds })
            : refusal.reauthError === 'SECOND_FACTOR_REQUIRED'
              ? t('accounts.error.SECOND_FACTOR_REQUIRED')
              : t('field.wrongPassword')}
        </div>
      ) : null}
      <div className="field">
        <label htmlFor={`reauth-${intent}`}>{label ?? t('accounts.currentPassword')}</label>
        <p className="hint">{t('mfa.reauthNote')}</p>
        <input
          id={`reauth-${intent}`}
          type="password"
          name="reauth"
          required
          autoComplete="current-password"
          key={`reauth-${intent}-${attempt}-${refusal?.intent ?? ''}`}
        />
      </div>
      {children}
    </Form>
  )
}
