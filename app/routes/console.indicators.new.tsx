import { requireAccess } from '~/modules/accounts/access.server'
import { parseWithZod } from '@conform-to/zod'
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Link, useActionData, useLoaderData } from '@remix-run/react'
import { IndicatorForm } from '~/components/indicator-form'
import { newIndicatorChoices, saveIndicatorForm } from '~/modules/indicators/editing.server'
import { IndicatorSchema } from '~/modules/indicators/forms'
import { db } from '~/utils/db.server'
import { pageTitle } from '~/utils/meta'
import { useT } from '~/utils/use-i18n'

export const meta: MetaFunction = ({ matches }) => [{ title: pageTitle(matches, 'ind.new') }]

export async function loader({ request }: LoaderFunctionArgs) {
  await requireAccess(request, 'indicators.manage')
  return newIndicatorChoices(db())
}

export async function action({ request }: ActionFunctionArgs) {
  await requireAccess(request, 'indicators.manage')
  const submission = parseWithZod(await request.formData(), { schema: IndicatorSchema })
  if (submission.status !== 'success') return data(submission.reply(), { status: 400 })
  const saved = await saveIndicatorForm(db(), submission.value)
  if ('fieldErrors' in saved)
    return data(submission.reply({ fieldErrors: saved.fieldErrors }), { status: saved.status })
  return redirect(`/console/indicators/${saved.id}?msg=ind.saved`)
}

export default function NewIndicator() {
  const { programs, categories, seminars } = useLoaderData<typeof loader>()
  const lastResult = useActionData<typeof action>()
  const t = useT()
  return (
    <section>
      <p>
        <Link to="/console/indicators">← {t('ind.title')}</Link>
      </p>
      <h1>{t('ind.new')}</h1>
      <IndicatorForm
        programs={programs}
        categories={categories}
        seminars={seminars}
        defaults={{ kind: 'ACTIVITY', rule: 'PERSON_TIMES', modeScope: 'ALL', unit: '人' }}
        lastResult={lastResult}
      />
    </section>
  )
}
