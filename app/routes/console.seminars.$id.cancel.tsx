import { requireAccess } from '~/modules/accounts/access.server'
import { getFormProps, getTextareaProps, useForm } from '@conform-to/react'
import { parseWithZod } from '@conform-to/zod'
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react'
import { Field } from '~/components/field'
import { CancelSeminarSchema } from '~/modules/mail/forms'
import { activeRegistrationIds } from '~/modules/mail/outbox.server'
import { cancelSeminar } from '~/modules/scheduling/admin.server'
import { recordChange } from '~/modules/audit/security-log.server'
import { db } from '~/utils/db.server'
import { useT } from '~/utils/use-i18n'

async function findSeminar(id: string) {
  const seminar = await db().seminar.findUnique({ where: { id }, select: { id: true, title: true, status: true } })
  if (!seminar) throw new Response('Not found', { status: 404 })
  return seminar
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireAccess(request, 'seminars.manage', { seminarId: params.id ?? '' })
  const seminar = await findSeminar(params.id ?? '')
  if (seminar.status === 'CANCELLED') throw redirect(`/console/seminars/${seminar.id}`)
  return { seminar, notified: (await activeRegistrationIds(db(), seminar.id)).length }
}

/** 中止: the seminar closes and everyone holding a place is told (with a calendar cancellation). */
export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireAccess(request, 'seminars.manage', { seminarId: params.id ?? '' })
  const seminar = await findSeminar(params.id ?? '')
  const submission = parseWithZod(await request.formData(), { schema: CancelSeminarSchema })
  if (submission.status !== 'success') return data(submission.reply(), { status: 400 })
  if (await cancelSeminar(db(), seminar.id, user.id, submission.value.reason))
    await recordChange(db(), 'seminar.cancel', user, 'Seminar', seminar.id)
  return redirect(`/console/seminars/${seminar.id}?msg=mail.seminarCancelled`)
}

export default function CancelSeminar() {
  const { seminar, notified } = useLoaderData<typeof loader>()
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
