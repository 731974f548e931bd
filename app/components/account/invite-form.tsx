import { getFormProps, getInputProps, useForm, type SubmissionResult } from '@conform-to/react'
import { parseWithZod } from '@conform-to/zod'
import { Form } from '@remix-run/react'
import { RoleAndProgramFields } from '~/components/account-fields'
import { Field } from '~/components/field'
import { InviteSchema } from '~/modules/accounts/forms'
import { useT } from '~/utils/use-i18n'

/**
 * Inviting someone new (app/routes/console.users._index.tsx). Rendered with `key={location.key}`,
 * so it mounts again after each answer: empty after the redirect of a saved invitation, with the
 * reply (what was typed and why it was refused) after an error (docs/decisions/0040).
 */
export function InviteForm({
  lastResult,
  programs,
}: {
  lastResult: SubmissionResult<string[]> | undefined
  programs: { id: string; name: string }[]
}) {
  const t = useT()
  const [form, fields] = useForm({
    id: 'invite',
    lastResult,
    shouldValidate: 'onSubmit',
    shouldRevalidate: 'onInput',
    defaultValue: { role: 'ORGANIZER' },
    onValidate: ({ formData }) => parseWithZod(formData, { schema: InviteSchema }),
  })
  return (
    <Form method="post" {...getFormProps(form)} className="form" noValidate>
      {Object.keys(form.allErrors).length > 0 ? (
        <div className="error-summary" role="alert">
          {t('form.errorSummary')}
        </div>
      ) : null}
      <Field
        id={fields.email.id}
        label={t('accounts.email')}
        required
        errorId={fields.email.errorId}
        errors={fields.email.errors}
        t={t}
      >
        <input {...getInputProps(fields.email, { type: 'email' })} autoComplete="off" />
      </Field>
      <Field
        id={fields.name.id}
        label={t('accounts.name')}
        required
        errorId={fields.name.errorId}
        errors={fields.name.errors}
        t={t}
      >
        <input {...getInputProps(fields.name, { type: 'text' })} autoComplete="off" />
      </Field>
      <RoleAndProgramFields
        role={fields.role}
        programIds={fields.programIds}
        programs={programs}
        roleHint={t('accounts.roleHint')}
      />
      <button type="submit" className="button button-primary">
        {t('accounts.inviteSubmit')}
      </button>
    </Form>
  )
}
