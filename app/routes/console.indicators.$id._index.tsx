import { requireAccess } from '~/modules/accounts/access.server'
import { getFormProps, getInputProps, getSelectProps, useForm, type SubmissionResult } from '@conform-to/react'
import { parseWithZod } from '@conform-to/zod'
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react'
import { Field } from '~/components/field'
import { IndicatorForm } from '~/components/indicator-form'
import { fiscalYearLabel } from '~/modules/indicators/fiscal-year'
import { indicatorEditPage, indicatorYears, saveIndicatorForm } from '~/modules/indicators/editing.server'
import {
  carriedPlans,
  handEnteredSchema,
  indicatorPageSchema,
  planField,
  plansSchema,
} from '~/modules/indicators/forms'
import { setManualFigure } from '~/modules/indicators/indicators.server'
import { deleteHandEntered, savePlansOfOpenYears } from '~/modules/indicators/plans.server'
import { db } from '~/utils/db.server'
import { badRequest } from '~/utils/errors'
import { pageTitle } from '~/utils/meta'
import { requireParam } from '~/utils/route.server'
import { useLang, useT } from '~/utils/use-i18n'

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

type Result = SubmissionResult<string[]> | undefined

/** A plan for every year offered, in one form: saved all together or not at all. */
function PlansForm({
  years,
  plans,
  lastResult,
}: {
  years: number[]
  plans: Record<string, string>
  lastResult: Result
}) {
  const t = useT()
  const lang = useLang()
  const schema = plansSchema(years)
  const [form, fields] = useForm({
    id: 'plans',
    lastResult,
    shouldValidate: 'onSubmit',
    shouldRevalidate: 'onInput',
    defaultValue: plans,
    onValidate: ({ formData }) => parseWithZod(formData, { schema }),
  })
  return (
    <Form method="post" {...getFormProps(form)} className="form" noValidate>
      <input type="hidden" name="intent" value="plans" />
      {Object.keys(form.allErrors).length > 0 ? (
        <div className="error-summary" role="alert">
          {t('form.errorSummary')}
        </div>
      ) : null}
      <p className="hint">
        {t('plans.hint', { from: fiscalYearLabel(years[0], lang), to: fiscalYearLabel(years.at(-1)!, lang) })}
      </p>
      <div className="plan-years">
        {years.map((fy) => {
          const field = fields[planField(fy)]
          return (
            <Field
              key={fy}
              id={field.id}
              label={fiscalYearLabel(fy, lang)}
              errorId={field.errorId}
              errors={field.errors}
              t={t}
            >
              <input {...getInputProps(field, { type: 'text' })} inputMode="numeric" autoComplete="off" />
            </Field>
          )
        })}
      </div>
      <button type="submit" className="button">
        {t('ind.plansSave')}
      </button>
    </Form>
  )
}

/** A hand-entered actual: the whole year (any rule) or a month (manual indicators). */
function HandEnteredForm({
  years,
  monthly,
  currentYear,
  lastResult,
}: {
  years: number[]
  monthly: boolean
  currentYear: number
  lastResult: Result
}) {
  const t = useT()
  const lang = useLang()
  const schema = handEnteredSchema(years, monthly)
  const [form, fields] = useForm({
    id: 'manual',
    lastResult,
    shouldValidate: 'onSubmit',
    shouldRevalidate: 'onInput',
    defaultValue: { fiscalYear: String(currentYear), month: '0', state: 'FINAL' },
    onValidate: ({ formData }) => parseWithZod(formData, { schema }),
  })
  return (
    <Form method="post" {...getFormProps(form)} className="form" noValidate>
      <input type="hidden" name="intent" value="manual" />
      {Object.keys(form.allErrors).length > 0 ? (
        <div className="error-summary" role="alert">
          {t('form.errorSummary')}
        </div>
      ) : null}
      <div className="grid-2">
        <Field
          id={fields.fiscalYear.id}
          label={t('ind.fiscalYear')}
          errorId={fields.fiscalYear.errorId}
          errors={fields.fiscalYear.errors}
          t={t}
        >
          <select {...getSelectProps(fields.fiscalYear)}>
            {[...years].reverse().map((fy) => (
              <option key={fy} value={fy}>
                {fiscalYearLabel(fy, lang)}
              </option>
            ))}
          </select>
        </Field>
        {monthly ? (
          <Field
            id={fields.month.id}
            label={t('ind.manualMonth')}
            errorId={fields.month.errorId}
            errors={fields.month.errors}
            t={t}
          >
            <input {...getInputProps(fields.month, { type: 'text' })} inputMode="numeric" />
          </Field>
        ) : null}
        <Field
          id={fields.value.id}
          label={t('ind.value')}
          required
          errorId={fields.value.errorId}
          errors={fields.value.errors}
          t={t}
        >
          <input {...getInputProps(fields.value, { type: 'text' })} inputMode="decimal" autoComplete="off" />
        </Field>
        <Field
          id={fields.state.id}
          label={t('ind.state')}
          errorId={fields.state.errorId}
          errors={fields.state.errors}
          t={t}
        >
          <select {...getSelectProps(fields.state)}>
            {(['FINAL', 'ESTIMATE', 'COUNTING'] as const).map((s) => (
              <option key={s} value={s}>
                {t(`ind.state.${s}`)}
              </option>
            ))}
          </select>
        </Field>
      </div>
      <Field id={fields.note.id} label={t('ind.note')} errorId={fields.note.errorId} errors={fields.note.errors} t={t}>
        <input {...getInputProps(fields.note, { type: 'text' })} />
      </Field>
      <button type="submit" className="button">
        {t('ind.manualSave')}
      </button>
    </Form>
  )
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
  const lang = useLang()
  const resultOf = (intent: string) => (actionData?.intent === intent ? actionData.result : undefined)
  const monthly = indicator.rule === 'MANUAL'
  const showMonth = monthly || handEntered.some((m) => m.month !== 0)
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
      {handEntered.length ? (
        <div className="table-wrap">
          <table className="data" aria-label={t('ind.manual')}>
            <thead>
              <tr>
                <th scope="col">{t('ind.fiscalYear')}</th>
                {showMonth ? <th scope="col">{t('ind.manualMonth')}</th> : null}
                <th scope="col">{t('ind.value')}</th>
                <th scope="col">{t('ind.state')}</th>
                <th scope="col">{t('ind.note')}</th>
                <th scope="col">{t('plans.delete')}</th>
              </tr>
            </thead>
            <tbody>
              {handEntered.map((m) => (
                <tr key={`${m.fiscalYear}-${m.month}`}>
                  <td>{fiscalYearLabel(m.fiscalYear, lang)}</td>
                  {showMonth ? <td>{m.month || '—'}</td> : null}
                  <td className="num">
                    {m.value.toLocaleString('ja-JP')} <span className="chip">{t('plans.handEntered')}</span>
                    {monthly ? null : (
                      <div className="muted">
                        {m.recorded === null
                          ? t('plans.noRecords')
                          : t('plans.recorded', { value: m.recorded.toLocaleString('ja-JP') })}
                      </div>
                    )}
                  </td>
                  <td>{t(`ind.state.${m.state}`)}</td>
                  <td>{m.note}</td>
                  <td>
                    <Form method="post">
                      <input type="hidden" name="intent" value="manual-delete" />
                      <input type="hidden" name="fiscalYear" value={m.fiscalYear} />
                      <input type="hidden" name="month" value={m.month} />
                      <button
                        type="submit"
                        className="link-button danger"
                        aria-label={`${t('plans.delete')} ${fiscalYearLabel(m.fiscalYear, lang)}${m.month ? ` ${m.month}` : ''}`}
                      >
                        {t('plans.delete')}
                      </button>
                    </Form>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
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
