import { getFormProps, getInputProps, useForm, type SubmissionResult } from '@conform-to/react'
import { parseWithZod } from '@conform-to/zod'
import { Form } from '@remix-run/react'
import { Field, TextField } from '~/components/field'
import { SessionSchema } from '~/modules/scheduling/forms'
import { useT } from '~/utils/use-i18n'

/** One session's date, time, title and venue: a new one, or one to change. */
export function SessionForm({
  session,
  lastResult,
  warnings,
}: {
  session?: {
    id: string
    number: number
    startsAt: string
    endsAt: string
    title: string
    titleEn: string
    venueName: string
    requiredForCompletion?: string
  }
  lastResult: SubmissionResult<string[]> | undefined
  /** Odd dates the server asked about (nothing saved yet): "save anyway" saves them as they are. */
  warnings?: string[]
}) {
  const t = useT()
  const [form, fields] = useForm({
    id: session ? `session-${session.id}` : 'new-session',
    lastResult,
    shouldValidate: 'onSubmit',
    shouldRevalidate: 'onInput',
    defaultValue: session,
    onValidate: ({ formData }) => parseWithZod(formData, { schema: SessionSchema }),
  })
  return (
    <Form method="post" {...getFormProps(form)} className="form session-form" noValidate>
      <input type="hidden" name="intent" value={session ? 'update-session' : 'add-session'} />
      {session ? <input type="hidden" name="sessionId" value={session.id} /> : null}
      <div className="grid-2">
        <Field
          id={fields.startsAt.id}
          label={t('console.sessionStartsAt')}
          required
          errorId={fields.startsAt.errorId}
          errors={fields.startsAt.errors}
          t={t}
        >
          <input {...getInputProps(fields.startsAt, { type: 'datetime-local' })} />
        </Field>
        <Field
          id={fields.endsAt.id}
          label={t('console.sessionEndsAt')}
          required
          errorId={fields.endsAt.errorId}
          errors={fields.endsAt.errors}
          t={t}
        >
          <input {...getInputProps(fields.endsAt, { type: 'datetime-local' })} />
        </Field>
        <TextField meta={fields.title} label={t('console.sessionTitle')} t={t} />
        <TextField meta={fields.titleEn} label={t('console.sessionTitleEn')} t={t} />
        <TextField meta={fields.venueName} label={t('console.sessionVenue')} t={t} />
      </div>
      <div className="field">
        <label className="choice">
          <input {...getInputProps(fields.requiredForCompletion, { type: 'checkbox' })} />{' '}
          {t('console.field.requiredForCompletion')}
        </label>
      </div>
      {warnings?.length ? (
        <div className="warning" role="alert">
          <p>
            <strong>{t('console.dateWarningTitle')}</strong>
          </p>
          <ul>
            {warnings.map((w) => (
              <li key={w}>{t(`console.dateWarning.${w}` as 'console.dateWarning.longAgo')}</li>
            ))}
          </ul>
        </div>
      ) : null}
      <div className="actions">
        {/* The ordinary button first: Enter in a field submits it, never "save anyway". */}
        <button type="submit" className="button button-primary">
          {session ? t('console.save') : t('console.addSession')}
        </button>
        {warnings?.length ? (
          <button type="submit" name="confirmDates" value="on" className="button">
            {t('console.confirmDates')}
          </button>
        ) : null}
      </div>
    </Form>
  )
}
