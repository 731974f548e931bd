import { requireAccess } from '~/modules/accounts/access.server'
import { getFormProps, getInputProps, useForm } from '@conform-to/react'
import { parseWithZod } from '@conform-to/zod'
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react'
import { Field, FieldSet, TextField } from '~/components/field'
import { walkInPage } from '~/modules/attendance/console-pages.server'
import { WalkInSchema } from '~/modules/attendance/forms'
import { registerWalkIn } from '~/modules/attendance/walk-in.server'
import { CorporateNumberField, IndustryField, InCityChoices } from '~/components/person-fields'
import { db } from '~/utils/db.server'
import { isAppError } from '~/utils/errors'
import { pageTitle } from '~/utils/meta'
import { requireParam } from '~/utils/route.server'
import { useLang, useT } from '~/utils/use-i18n'

export const meta: MetaFunction = ({ matches }) => [{ title: pageTitle(matches, 'walkIn.title') }]

export async function loader({ request, params }: LoaderFunctionArgs) {
  const sessionId = requireParam(params, 'sessionId')
  await requireAccess(request, 'checkin', { sessionId })
  return walkInPage(db(), sessionId)
}

export async function action({ request, params }: ActionFunctionArgs) {
  const sessionId = requireParam(params, 'sessionId')
  const user = await requireAccess(request, 'checkin', { sessionId })
  const submission = parseWithZod(await request.formData(), { schema: WalkInSchema })
  if (submission.status !== 'success') return data({ result: submission.reply(), full: false }, { status: 400 })
  try {
    const { existing } = await registerWalkIn(db(), { sessionId, ...submission.value, userId: user.id })
    const msg = existing ? 'walkIn.existing' : 'walkIn.done'
    return redirect(
      `/console/sessions/${sessionId}/walk-in?msg=${msg}&name=${encodeURIComponent(submission.value.name)}`,
    )
  } catch (error) {
    // Over the capacity: the form comes back with the override to tick.
    if (!isAppError(error, 'WALK_IN_OVER_CAPACITY')) throw error
    const result = submission.reply({ formErrors: [error.messageKey] })
    return data({ result, full: true }, { status: error.status })
  }
}

export default function WalkIn() {
  const { session, modes } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const t = useT()
  const lang = useLang()
  const [form, fields] = useForm({
    id: 'walk-in',
    lastResult: actionData?.result,
    shouldValidate: 'onSubmit',
    shouldRevalidate: 'onInput',
    defaultValue: { mode: modes[0] },
    onValidate: ({ formData }) => parseWithZod(formData, { schema: WalkInSchema }),
  })
  return (
    <section>
      <p>
        <Link to={`/console/sessions/${session.id}/checkin`}>← {t('checkin.title')}</Link>
      </p>
      <h1>{t('walkIn.title')}</h1>
      <p>
        {session.seminar.title}{' '}
        {session.seminar._count.sessions > 1 ? t('seminar.session', { number: session.number }) : ''}
      </p>
      <p className="muted">{t('walkIn.intro')}</p>
      <Form method="post" {...getFormProps(form)} className="form" noValidate>
        {actionData?.full ? (
          <div className="error-summary" role="alert">
            {t('walkIn.overCapacity')}
          </div>
        ) : null}
        <TextField meta={fields.name} label={t('form.name')} required t={t} />
        <TextField meta={fields.furigana} label={t('form.furigana')} t={t} />
        <Field
          id={fields.email.id}
          label={t('form.email')}
          hint={t('walkIn.emailHint')}
          hintId={fields.email.descriptionId}
          errorId={fields.email.errorId}
          errors={fields.email.errors}
          t={t}
        >
          <input {...getInputProps(fields.email, { type: 'email', ariaDescribedBy: fields.email.descriptionId })} />
        </Field>
        <TextField meta={fields.organizationName} label={t('form.organization')} t={t} />
        <CorporateNumberField meta={fields.corporateNumber} t={t} />
        <IndustryField meta={fields.industry} lang={lang} t={t} />
        <FieldSet legend={t('form.inCity')} errorId={fields.inCity.errorId} errors={fields.inCity.errors} t={t}>
          <InCityChoices field={fields.inCity} t={t} allowUnknown />
        </FieldSet>
        {modes.length > 1 ? (
          <FieldSet legend={t('form.mode')} required errorId={fields.mode.errorId} errors={fields.mode.errors} t={t}>
            {modes.map((m) => (
              <label className="choice" key={m}>
                <input {...getInputProps(fields.mode, { type: 'radio', value: m })} id={`${fields.mode.id}-${m}`} />{' '}
                {t(`attend.${m}`)}
              </label>
            ))}
          </FieldSet>
        ) : (
          <input {...getInputProps(fields.mode, { type: 'hidden' })} />
        )}
        {actionData?.full ? (
          <div className="field">
            <label className="choice">
              <input {...getInputProps(fields.overrideCapacity, { type: 'checkbox' })} /> {t('walkIn.override')}
            </label>
          </div>
        ) : null}
        <button type="submit" className="button button-primary">
          {t('walkIn.submit')}
        </button>
      </Form>
    </section>
  )
}
