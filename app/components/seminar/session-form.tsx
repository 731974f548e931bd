import { getFormProps, getInputProps, useForm, type SubmissionResult } from '@conform-to/react'
import { parseWithZod } from '@conform-to/zod'
import { Form } from '@remix-run/react'
import { Field } from '~/components/field'
import { SessionSchema } from '~/modules/scheduling/forms'
import { useT } from '~/utils/use-i18n'

/** One session's date, time, title and venue: a new one, or one to change. */
export function SessionForm({
  session,
  lastResult,
}: {
  session?: { id: string; number: number; startsAt: string; endsAt: string; title: string; venueName: string }
  lastResult: SubmissionResult<string[]> | undefined
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
        <Field
          id={fields.title.id}
          label={t('console.sessionTitle')}
          errorId={fields.title.errorId}
          errors={fields.title.errors}
          t={t}
        >
          <input {...getInputProps(fields.title, { type: 'text' })} />
        </Field>
        <Field
          id={fields.venueName.id}
          label={t('console.sessionVenue')}
          errorId={fields.venueName.errorId}
          errors={fields.venueName.errors}
          t={t}
        >
          <input {...getInputProps(fields.venueName, { type: 'text' })} />
        </Field>
      </div>
      <button type="submit" className="button button-primary">
        {session ? t('console.save') : t('console.addSession')}
      </button>
    </Form>
  )
}
