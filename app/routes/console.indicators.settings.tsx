import { requireAccess } from '~/modules/accounts/access.server'
import { getFormProps, getInputProps, useForm } from '@conform-to/react'
import { parseWithZod } from '@conform-to/zod'
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react'
import { Field } from '~/components/field'
import { BandsSchema } from '~/modules/indicators/forms'
import { achievementBands, saveAchievementBands } from '~/modules/indicators/office-settings.server'
import { db } from '~/utils/db.server'
import { pageTitle } from '~/utils/meta'
import { useT } from '~/utils/use-i18n'

export const meta: MetaFunction = ({ matches }) => [{ title: pageTitle(matches, 'plans.bandsTitle') }]

/** The office's achievement bands (達成度区分): off by default; staff and admins turn them on. */
export async function loader({ request }: LoaderFunctionArgs) {
  await requireAccess(request, 'indicators.manage')
  return { bands: await achievementBands(db()) }
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireAccess(request, 'indicators.manage')
  const submission = parseWithZod(await request.formData(), { schema: BandsSchema })
  if (submission.status !== 'success') return data(submission.reply(), { status: 400 })
  await saveAchievementBands(db(), submission.value, user.id)
  return redirect('/console/indicators/settings?msg=plans.bandsSaved')
}

export default function AchievementBandSettings() {
  const { bands } = useLoaderData<typeof loader>()
  const lastResult = useActionData<typeof action>()
  const t = useT()
  const [form, fields] = useForm({
    id: 'bands',
    lastResult,
    shouldValidate: 'onSubmit',
    shouldRevalidate: 'onInput',
    defaultValue: {
      bandsEnabled: bands.bandsEnabled ? 'on' : undefined,
      bandA: String(bands.bandA),
      bandB: String(bands.bandB),
      bandC: String(bands.bandC),
    },
    onValidate: ({ formData }) => parseWithZod(formData, { schema: BandsSchema }),
  })
  const threshold = (name: 'bandA' | 'bandB' | 'bandC') => (
    <Field
      id={fields[name].id}
      label={t(`plans.${name}`)}
      required
      errorId={fields[name].errorId}
      errors={fields[name].errors}
      t={t}
    >
      <input {...getInputProps(fields[name], { type: 'text' })} inputMode="decimal" />
    </Field>
  )
  return (
    <section>
      <p>
        <Link to="/console/indicators">← {t('ind.title')}</Link>
      </p>
      <h1>{t('plans.bandsTitle')}</h1>
      <p>{t('plans.bandsLead')}</p>
      <Form method="post" {...getFormProps(form)} className="form" noValidate>
        {Object.keys(form.allErrors).length > 0 ? (
          <div className="error-summary" role="alert">
            {t('form.errorSummary')}
          </div>
        ) : null}
        <div className="field">
          <label className="choice">
            <input {...getInputProps(fields.bandsEnabled, { type: 'checkbox' })} /> {t('plans.bandsEnabled')}
          </label>
        </div>
        <div className="grid-2">
          {threshold('bandA')}
          {threshold('bandB')}
          {threshold('bandC')}
        </div>
        <button type="submit" className="button">
          {t('plans.bandsSave')}
        </button>
      </Form>
    </section>
  )
}
