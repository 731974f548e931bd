import { getCollectionProps, getFormProps, getInputProps, useForm, type SubmissionResult } from '@conform-to/react'
import { parseWithZod } from '@conform-to/zod'
import { Form } from '@remix-run/react'
import { Field, FieldSet, TextField } from '~/components/field'
import { WEBHOOK_EVENTS, type WebhookEventType } from '~/modules/webhooks/events'
import { EndpointSchema } from '~/modules/webhooks/forms'
import type { T } from '~/utils/i18n'
import { formatDate, formatTime } from '~/utils/time'
import type { Lang } from '~/utils/i18n'

/** A date and time inside a sentence. */
export function when(date: Date | string, lang: Lang): string {
  const d = new Date(date)
  return `${formatDate(d, lang)} ${formatTime(d, lang)}`
}

/** The form of an endpoint: its URL, a name and the events it receives (new or changed). */
export function EndpointForm({
  id,
  intent,
  submit,
  lastResult,
  defaultValue,
  loopback,
  t,
}: {
  id: string
  intent: 'create' | 'update'
  submit: string
  lastResult: SubmissionResult<string[]> | undefined
  defaultValue?: { url: string; description: string | null; events: WebhookEventType[] }
  loopback: boolean
  t: T
}) {
  const [form, fields] = useForm({
    id,
    lastResult,
    shouldValidate: 'onSubmit',
    shouldRevalidate: 'onInput',
    defaultValue: defaultValue
      ? { url: defaultValue.url, description: defaultValue.description ?? '', events: defaultValue.events }
      : undefined,
    onValidate: ({ formData }) => parseWithZod(formData, { schema: EndpointSchema }),
  })
  return (
    <Form method="post" {...getFormProps(form)} className="form" noValidate>
      <input type="hidden" name="intent" value={intent} />
      <Field
        id={fields.url.id}
        label={t('webhooks.url')}
        required
        hint={t(loopback ? 'webhooks.urlHintLoopback' : 'webhooks.urlHint')}
        hintId={`${fields.url.id}-hint`}
        errorId={fields.url.errorId}
        errors={fields.url.errors}
        t={t}
      >
        <input
          {...getInputProps(fields.url, { type: 'url' })}
          aria-describedby={`${fields.url.id}-hint ${fields.url.errorId}`}
          autoComplete="off"
        />
      </Field>
      <TextField meta={fields.description} label={t('webhooks.description')} t={t} />
      <FieldSet
        id={fields.events.id}
        legend={t('webhooks.events')}
        required
        errorId={fields.events.errorId}
        errors={fields.events.errors}
        t={t}
      >
        {getCollectionProps(fields.events, { type: 'checkbox', options: [...WEBHOOK_EVENTS] }).map(
          ({ key, ...props }) => (
            <label className="choice" key={key}>
              <input {...props} /> <code>{props.value}</code> {t(`webhooks.event.${props.value as WebhookEventType}`)}
            </label>
          ),
        )}
      </FieldSet>
      <button type="submit" className="button button-primary">
        {submit}
      </button>
    </Form>
  )
}
