import { requireAccess } from '~/modules/accounts/access.server'
import { getFormProps, getTextareaProps, useForm } from '@conform-to/react'
import { parseWithZod } from '@conform-to/zod'
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react'
import { Field, FieldSet, TextField } from '~/components/field'
import { AUDIENCES, OrganizerMessageSchema } from '~/modules/mail/forms'
import { organizerMessageForm, sendOrganizerMessage } from '~/modules/mail/organizer.server'
import { db } from '~/utils/db.server'
import { requireParam } from '~/utils/route.server'
import { useT } from '~/utils/use-i18n'
import { titled } from '~/utils/meta'

export const meta = titled('mail.compose')

export async function loader({ request, params }: LoaderFunctionArgs) {
  const seminarId = requireParam(params, 'id')
  await requireAccess(request, 'seminars.manage', { seminarId })
  return organizerMessageForm(db(), seminarId)
}

/** Queues the message to every registrant in the chosen group (through the outbox). */
export async function action({ request, params }: ActionFunctionArgs) {
  const seminarId = requireParam(params, 'id')
  const user = await requireAccess(request, 'seminars.manage', { seminarId })
  const submission = parseWithZod(await request.formData(), { schema: OrganizerMessageSchema })
  if (submission.status !== 'success') return data(submission.reply(), { status: 400 })
  const count = await sendOrganizerMessage(db(), { ...submission.value, seminarId, userId: user.id })
  return redirect(`/console/seminars/${seminarId}?msg=mail.queued&count=${count}`)
}

export default function OrganizerMessage() {
  const { seminar, counts } = useLoaderData<typeof loader>()
  const lastResult = useActionData<typeof action>()
  const t = useT()
  const [form, fields] = useForm({
    lastResult,
    shouldValidate: 'onSubmit',
    shouldRevalidate: 'onInput',
    defaultValue: { audience: 'ALL' },
    onValidate: ({ formData }) => parseWithZod(formData, { schema: OrganizerMessageSchema }),
  })
  return (
    <section>
      <p>
        <Link to={`/console/seminars/${seminar.id}`}>← {seminar.title}</Link>
      </p>
      <h1>{t('mail.compose')}</h1>
      <p className="lead">{t('mail.composeLead')}</p>
      <Form method="post" {...getFormProps(form)} className="form" noValidate>
        <FieldSet
          legend={t('mail.audience')}
          required
          errorId={fields.audience.errorId}
          errors={fields.audience.errors}
          t={t}
        >
          {AUDIENCES.map((a) => (
            <label key={a} className="choice">
              <input
                type="radio"
                name={fields.audience.name}
                value={a}
                defaultChecked={fields.audience.initialValue === a}
              />{' '}
              {t(`mail.audience.${a}`)} ({t('mail.people', { count: counts[a] ?? 0 })})
            </label>
          ))}
        </FieldSet>
        <TextField meta={fields.subject} label={t('mail.subject')} required t={t} />
        <Field
          id={fields.body.id}
          label={t('mail.body')}
          required
          hint={t('mail.bodyHint')}
          hintId={`${fields.body.id}-hint`}
          errorId={fields.body.errorId}
          errors={fields.body.errors}
          t={t}
        >
          <textarea {...getTextareaProps(fields.body)} rows={10} />
        </Field>
        <button type="submit" className="button button-primary">
          {t('mail.send')}
        </button>
      </Form>
    </section>
  )
}
