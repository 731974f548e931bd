import { requireAccess } from '~/modules/accounts/access.server'
import { parseWithZod } from '@conform-to/zod'
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Link, useActionData, useLoaderData } from '@remix-run/react'
import { IndicatorForm } from '~/components/indicator-form'
import { HandEnteredForm, HandEnteredTable, PlansForm } from '~/components/indicators/figure-forms'
import { indicatorEditPage, indicatorYears, saveIndicatorForm } from '~/modules/indicators/editing.server'
import { carriedPlans, indicatorPageSchema, planField } from '~/modules/indicators/forms'
import { setManualFigure } from '~/modules/indicators/indicators.server'
import { deleteHandEntered, savePlansOfOpenYears } from '~/modules/indicators/plans.server'
import { db } from '~/utils/db.server'
import { badRequest } from '~/utils/errors'
import { pageTitle } from '~/utils/meta'
import { requireParam } from '~/utils/route.server'
import { useT } from '~/utils/use-i18n'

export const meta: MetaFunction = ({ matches }) => [{ title: pageTitle(matches, 'ind.edit') }]

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireAccess(request, 'indicators.manage')
  return indicatorEditPage(db(), requireParam(params, 'id'))
}

/** The forms a person types: a refusal comes back to the form, which keeps what was typed. */
const TYPED_INTENTS: unknown[] = ['plans', 'manual', 'indicator']

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireAccess(request, 'indicators.manage')
  const id = requireParam(params, 'id')
  // The years the forms offer are the indicator's: its schema is built from them.
  const years = await indicatorYears(db(), id)
  const schema = indicatorPageSchema(years, years.indicator.rule === 'MANUAL')
  const submission = parseWithZod(await request.formData(), { schema })
  if (submission.status !== 'success') {
    const intent = submission.payload.intent
    // One schema for each whole form: a single bad field and nothing is saved.
    if (TYPED_INTENTS.includes(intent)) return data({ intent, result: submission.reply() }, { status: 400 })
    throw badRequest()
  }
  const value = submission.value
  switch (value.intent) {
    case 'plans': {
      const closed = await savePlansOfOpenYears(db(), id, carriedPlans(years.planYears, value, submission.payload))
      if (closed.length)
        return data(
          {
            intent: value.intent,
            result: submission.reply({
              fieldErrors: Object.fromEntries(closed.map((fy) => [planField(fy), ['closedYearPlan']])),
            }),
          },
          { status: 400 },
        )
      return redirect(`/console/indicators/${id}?msg=ind.saved`)
    }
    case 'manual-delete':
      await deleteHandEntered(db(), id, value.fiscalYear, value.month)
      return redirect(`/console/indicators/${id}?msg=plans.deleted`)
    case 'manual':
      await setManualFigure(db(), { indicatorId: id, ...value, userId: user.id })
      return redirect(`/console/indicators/${id}?msg=ind.saved`)
    case 'indicator': {
      const { intent, ...indicator } = value
      const saved = await saveIndicatorForm(db(), indicator, id)
      if ('fieldErrors' in saved)
        return data({ intent, result: submission.reply({ fieldErrors: saved.fieldErrors }) }, { status: saved.status })
      return redirect(`/console/indicators/${id}?msg=ind.saved`)
    }
  }
}

export default function EditIndicator() {
  const {
    programs,
    categories,
    seminars,
    indicator,
    planYears,
    actualYears,
    plans,
    handEntered,
    defaults,
    currentYear,
  } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const t = useT()
  const resultOf = (intent: string) => (actionData?.intent === intent ? actionData.result : undefined)
  const monthly = indicator.rule === 'MANUAL'
  return (
    <section>
      <p>
        <Link to="/console/indicators">← {t('ind.title')}</Link>
      </p>
      <h1>
        {t('ind.edit')}: {indicator.name}
      </h1>
      <h2>{t('ind.plans')}</h2>
      <PlansForm years={planYears} plans={plans} lastResult={resultOf('plans')} />
      <h2>{t('ind.manual')}</h2>
      <p className="hint">{t(monthly ? 'plans.actualsHintManual' : 'plans.actualsHintCounted')}</p>
      <HandEnteredTable rows={handEntered} monthly={monthly} />
      <HandEnteredForm
        years={actualYears}
        monthly={monthly}
        currentYear={currentYear}
        lastResult={resultOf('manual')}
      />
      <h2>{t('ind.edit')}</h2>
      <IndicatorForm
        programs={programs}
        categories={categories}
        seminars={seminars}
        defaults={defaults}
        lastResult={resultOf('indicator')}
      />
    </section>
  )
}
