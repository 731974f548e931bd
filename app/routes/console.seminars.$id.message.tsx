import { requireAccess } from '~/modules/accounts/access.server'
import { getFormProps, getTextareaProps, useForm, type SubmissionResult } from '@conform-to/react'
import { parseWithZod } from '@conform-to/zod'
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react'
import { Field, FieldSet, TextField } from '~/components/field'
import { UnmailedList } from '~/components/unmailed-list'
import { AUDIENCES, OrganizerMessageSchema, type Audience } from '~/modules/mail/forms'
import {
  organizerMessageForm,
  previewOrganizerMessage,
  sendOrganizerMessage,
  sendOrganizerTest,
} from '~/modules/mail/organizer.server'
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

type Draft = { audience: Audience; subject: string; body: string }

/**
 * Two steps, both rendered by the server (no JavaScript needed): the form, then the message as it
 * will be received with the number of recipients, a test to oneself, and the send itself.
 */
export async function action({ request, params }: ActionFunctionArgs) {
  const seminarId = requireParam(params, 'id')
  const user = await requireAccess(request, 'seminars.manage', { seminarId })
  const submission = parseWithZod(await request.formData(), { schema: OrganizerMessageSchema })
  if (submission.status !== 'success')
    return data({ step: 'compose' as const, result: submission.reply(), draft: null }, { status: 400 })
  const { intent, audience, subject, body } = submission.value
  const draft: Draft = { audience, subject, body }
  const confirm = async (notice: 'tested' | 'changed' | null) => ({
    step: 'confirm' as const,
    draft,
    notice,
    testedTo: notice === 'tested' ? user.email : null,
    ...(await previewOrganizerMessage(db(), { ...draft, seminarId })),
  })
  switch (intent) {
    case 'edit':
      return { step: 'compose' as const, result: undefined, draft }
    case 'preview':
      return confirm(null)
    case 'test':
      await sendOrganizerTest(db(), { ...draft, seminarId, userId: user.id })
      return confirm('tested')
    case 'send': {
      const expected = submission.value.expected
      const count = await sendOrganizerMessage(db(), { ...draft, seminarId, userId: user.id, expected })
      if (count === null) return data(await confirm('changed'), { status: 409 })
      return redirect(`/console/seminars/${seminarId}?msg=mail.queued&count=${count}`)
    }
  }
}

export default function OrganizerMessage() {
  const { seminar } = useLoaderData<typeof loader>()
  const answer = useActionData<typeof action>()
  const t = useT()
  return (
    <section>
      <p>
        <Link to={`/console/seminars/${seminar.id}`}>← {seminar.title}</Link>
      </p>
      <h1>{t('mail.compose')}</h1>
      {answer?.step === 'confirm' ? (
        <Confirmation answer={answer} />
      ) : (
        <ComposeForm
          lastResult={answer?.step === 'compose' ? answer.result : undefined}
          draft={answer?.step === 'compose' ? answer.draft : null}
        />
      )}
    </section>
  )
}

function ComposeForm({
  lastResult,
  draft,
}: {
  lastResult?: SubmissionResult<string[]> | undefined
  draft: Draft | null
}) {
  const { counts } = useLoaderData<typeof loader>()
  const t = useT()
  const [form, fields] = useForm({
    lastResult,
    shouldValidate: 'onSubmit',
    shouldRevalidate: 'onInput',
    defaultValue: draft ?? { audience: 'ALL' },
    onValidate: ({ formData }) => parseWithZod(formData, { schema: OrganizerMessageSchema }),
  })
  return (
    <>
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
        <button type="submit" name="intent" value="preview" className="button button-primary">
          {t('mail.preview')}
        </button>
      </Form>
    </>
  )
}

type ConfirmAnswer = Extract<NonNullable<ReturnType<typeof useActionData<typeof action>>>, { step: 'confirm' }>

function Confirmation({ answer }: { answer: ConfirmAnswer }) {
  const t = useT()
  const { draft, count, english, previews, unmailed } = answer
  const audience = t(`mail.audience.${draft.audience}`)
  return (
    <>
      {answer.notice === 'tested' ? (
        <p className="flash" role="status">
          {t('mail.testQueued', { email: answer.testedTo ?? '' })}
        </p>
      ) : null}
      {answer.notice === 'changed' ? (
        <p className="notice" role="alert">
          {t('mail.countChanged', { count })}
        </p>
      ) : null}
      {count === 0 ? (
        <p className="notice">{t('mail.noRecipients', { audience })}</p>
      ) : (
        <p className="lead" id="message-question">
          {t('mail.confirmQuestion', { audience, count })}
        </p>
      )}
      {english > 0 ? <p>{t('mail.confirmEnglish', { count: english })}</p> : null}
      <UnmailedList people={unmailed} />
      <p>{t('mail.previewLead')}</p>
      {previews.map((p) => (
        <div key={p.lang} className="panel message-preview" aria-label={t(`mail.previewIn.${p.lang}`)} role="region">
          <h2>{t(`mail.previewIn.${p.lang}`)}</h2>
          <dl className="facts">
            <dt>{t('mail.subject')}</dt>
            <dd>{p.subject}</dd>
          </dl>
          <pre lang={p.lang} className="mail-text message-text">
            {p.text}
          </pre>
        </div>
      ))}
      <Form method="post" className="actions">
        <input type="hidden" name="audience" value={draft.audience} />
        <input type="hidden" name="subject" value={draft.subject} />
        <input type="hidden" name="body" value={draft.body} />
        <input type="hidden" name="expected" value={count} />
        {count > 0 ? (
          <button type="submit" name="intent" value="send" className="button button-primary">
            {t('mail.sendTo', { count })}
          </button>
        ) : null}
        <button type="submit" name="intent" value="test" className="button">
          {t('mail.sendTest')}
        </button>
        <button type="submit" name="intent" value="edit" className="button">
          {t('mail.edit')}
        </button>
      </Form>
    </>
  )
}
