import { requireAccess } from '~/modules/accounts/access.server'
import { getFormProps, getTextareaProps, useForm } from '@conform-to/react'
import { parseWithZod } from '@conform-to/zod'
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react'
import { Field } from '~/components/field'
import { UnmailedList } from '~/components/unmailed-list'
import { CancelSeminarSchema } from '~/modules/mail/forms'
import { cancelSeminarBy, cancelSeminarForm } from '~/modules/scheduling/seminar-editing.server'
import { db } from '~/utils/db.server'
import { requireParam } from '~/utils/route.server'
import { useT } from '~/utils/use-i18n'
import { titled } from '~/utils/meta'

export const meta = titled('mail.cancelSeminarTitle')

export async function loader({ request, params }: LoaderFunctionArgs) {
  const seminarId = requireParam(params, 'id')
  await requireAccess(request, 'seminars.manage', { seminarId })
  const page = await cancelSeminarForm(db(), seminarId)
  if (page.seminar.status === 'CANCELLED') throw redirect(`/console/seminars/${seminarId}`)
  return page
}

/** 中止: the seminar closes and everyone holding a place is told (with a calendar cancellation). */
export async function action({ request, params }: ActionFunctionArgs) {
  const seminarId = requireParam(params, 'id')
  const user = await requireAccess(request, 'seminars.manage', { seminarId })
  const submission = parseWithZod(await request.formData(), { schema: CancelSeminarSchema })
  if (submission.status !== 'success') return data(submission.reply(), { status: 400 })
  await cancelSeminarBy(db(), user, seminarId, submission.value.reason)
  return redirect(`/console/seminars/${seminarId}?msg=mail.seminarCancelled`)
}

export default function CancelSeminar() {
  const { seminar, notified, unmailed } = useLoaderData<typeof loader>()
  const lastResult = useActionData<typeof action>()
  const t = useT()
  const [form, fields] = useForm({
    lastResult,
    shouldValidate: 'onSubmit',
    shouldRevalidate: 'onInput',
    onValidate: ({ formData }) => parseWithZod(formData, { schema: CancelSeminarSchema }),
  })
  return (
    <section>
      <h1>{t('mail.cancelSeminarTitle')}</h1>
      <p className="lead">{t('mail.cancelSeminarQuestion', { name: seminar.title, count: notified })}</p>
      <UnmailedList people={unmailed} />
      <Form method="post" {...getFormProps(form)} className="form" noValidate>
        <Field
          id={fields.reason.id}
          label={t('mail.cancelReason')}
          required
          hint={t('mail.cancelReasonHint')}
          hintId={`${fields.reason.id}-hint`}
          errorId={fields.reason.errorId}
          errors={fields.reason.errors}
          t={t}
        >
          <textarea {...getTextareaProps(fields.reason)} rows={3} />
        </Field>
        <div className="actions">
          <button type="submit" className="button button-danger">
            {t('mail.cancelSeminarConfirm')}
          </button>
          <Link to={`/console/seminars/${seminar.id}`} className="button">
            {t('manage.cancelKeep')}
          </Link>
        </div>
      </Form>
    </section>
  )
}
