import { requireAccess } from '~/modules/accounts/access.server'
import { parseWithZod } from '@conform-to/zod'
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react'
import { IndicatorForm } from '~/components/indicator-form'
import { fiscalYearLabel } from '~/modules/indicators/fiscal-year'
import { IndicatorSchema } from '~/modules/indicators/forms'
import { currentFiscalYear, saveIndicator, setManualFigure, setPlan } from '~/modules/indicators/indicators.server'
import { indicatorScopeChoices, indicatorScopeErrors } from '~/modules/indicators/scope.server'
import { listPrograms } from '~/modules/scheduling/admin.server'
import { db } from '~/utils/db.server'
import { isUniqueViolation } from '~/utils/errors'
import { pageTitle } from '~/utils/meta'
import { useLang, useT } from '~/utils/use-i18n'

export const meta: MetaFunction = ({ matches }) => [{ title: pageTitle(matches, 'ind.edit') }]

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireAccess(request, 'indicators.manage')
  const indicator = await db().indicator.findUnique({
    where: { id: params.id ?? '' },
    include: {
      programs: true,
      categories: true,
      seminars: true,
      targets: true,
      manual: { orderBy: [{ fiscalYear: 'desc' }, { month: 'asc' }] },
    },
  })
  if (!indicator) throw new Response('Not found', { status: 404 })
  const fy = currentFiscalYear()
  const opt = (v: number | string | null) => (v === null ? '' : String(v))
  return {
    programs: await listPrograms(db()),
    ...(await indicatorScopeChoices(db())),
    indicator: { id: indicator.id, name: indicator.name, rule: indicator.rule, manual: indicator.manual },
    years: [fy - 2, fy - 1, fy, fy + 1, fy + 2],
    plans: Object.fromEntries(indicator.targets.map((t) => [t.fiscalYear, t.plan])),
    defaults: {
      code: indicator.code,
      name: indicator.name,
      nameEn: opt(indicator.nameEn),
      kind: indicator.kind,
      unit: indicator.unit,
      rule: indicator.rule,
      programIds: indicator.programs.map((p) => p.programId),
      categoryIds: indicator.categories.map((c) => c.categoryId),
      seminarIds: indicator.seminars.map((s) => s.seminarId),
      modeScope: indicator.modeScope,
      cumulative: indicator.cumulative ? 'on' : undefined,
      baseYear: opt(indicator.baseYear),
      baseline: opt(indicator.baseline),
      note: indicator.note,
    },
    currentYear: fy,
  }
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireAccess(request, 'indicators.manage')
  const id = params.id ?? ''
  const formData = await request.formData()
  const intent = formData.get('intent')
  if (intent === 'plans') {
    for (const [key, value] of formData.entries()) {
      const m = /^plan-(\d{4})$/.exec(key)
      if (!m) continue
      const n = String(value).trim() === '' ? null : Number(String(value).normalize('NFKC').replace(/,/g, ''))
      if (n !== null && !Number.isFinite(n))
        return data({ intent, error: 'field.notANumber' as const }, { status: 400 })
      await setPlan(db(), id, Number(m[1]), n)
    }
    return redirect(`/console/indicators/${id}?msg=ind.saved`)
  }
  if (intent === 'manual') {
    const fiscalYear = Number(formData.get('fiscalYear'))
    const month = Number(formData.get('month'))
    const value = Number(
      String(formData.get('value') ?? '')
        .normalize('NFKC')
        .replace(/,/g, ''),
    )
    const state = String(formData.get('state'))
    if (
      !Number.isInteger(fiscalYear) ||
      !Number.isInteger(month) ||
      month < 0 ||
      month > 12 ||
      !Number.isFinite(value) ||
      !['FINAL', 'ESTIMATE', 'COUNTING'].includes(state)
    ) {
      return data({ intent, error: 'field.notANumber' as const }, { status: 400 })
    }
    await setManualFigure(db(), {
      indicatorId: id,
      fiscalYear,
      month,
      value,
      state: state as 'FINAL' | 'ESTIMATE' | 'COUNTING',
      note: String(formData.get('note') ?? '').slice(0, 500),
      userId: user.id,
    })
    return redirect(`/console/indicators/${id}?msg=ind.saved`)
  }
  const submission = parseWithZod(formData, { schema: IndicatorSchema })
  if (submission.status !== 'success') return data({ intent: 'indicator', result: submission.reply() }, { status: 400 })
  const scopeErrors = await indicatorScopeErrors(db(), submission.value)
  if (Object.keys(scopeErrors).length)
    return data({ intent: 'indicator', result: submission.reply({ fieldErrors: scopeErrors }) }, { status: 400 })
  try {
    await saveIndicator(db(), submission.value, id)
  } catch (error) {
    if (!isUniqueViolation(error, 'code')) throw error
    return data(
      { intent: 'indicator', result: submission.reply({ fieldErrors: { code: ['codeTaken'] } }) },
      { status: 409 },
    )
  }
  return redirect(`/console/indicators/${id}?msg=ind.saved`)
}

export default function EditIndicator() {
  const { programs, categories, seminars, indicator, years, plans, defaults, currentYear } =
    useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const t = useT()
  const lang = useLang()
  const error = actionData && 'error' in actionData ? actionData.error : null
  return (
    <section>
      <p>
        <Link to="/console/indicators">← {t('ind.title')}</Link>
      </p>
      <h1>
        {t('ind.edit')}: {indicator.name}
      </h1>
      {error ? (
        <p className="error-summary" role="alert">
          {t(error)}
        </p>
      ) : null}
      <h2>{t('ind.plans')}</h2>
      <Form method="post" className="form">
        <input type="hidden" name="intent" value="plans" />
        <div className="grid-2">
          {years.map((fy) => (
            <div className="field" key={fy}>
              <label htmlFor={`plan-${fy}`}>{fiscalYearLabel(fy, lang)}</label>
              <input
                id={`plan-${fy}`}
                name={`plan-${fy}`}
                type="text"
                inputMode="decimal"
                defaultValue={plans[fy] ?? ''}
              />
            </div>
          ))}
        </div>
        <button type="submit" className="button">
          {t('ind.plansSave')}
        </button>
      </Form>
      {indicator.rule === 'MANUAL' ? (
        <>
          <h2>{t('ind.manual')}</h2>
          {indicator.manual.length ? (
            <div className="table-wrap">
              <table className="data" aria-label={t('ind.manual')}>
                <thead>
                  <tr>
                    <th scope="col">{t('ind.fiscalYear')}</th>
                    <th scope="col">{t('ind.manualMonth')}</th>
                    <th scope="col">{t('ind.value')}</th>
                    <th scope="col">{t('ind.state')}</th>
                    <th scope="col">{t('ind.note')}</th>
                  </tr>
                </thead>
                <tbody>
                  {indicator.manual.map((m) => (
                    <tr key={m.id}>
                      <td>{fiscalYearLabel(m.fiscalYear, lang)}</td>
                      <td>{m.month || '—'}</td>
                      <td>{m.value.toLocaleString('ja-JP')}</td>
                      <td>{t(`ind.state.${m.state}`)}</td>
                      <td>{m.note}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          ) : null}
          <Form method="post" className="form">
            <input type="hidden" name="intent" value="manual" />
            <div className="grid-2">
              <div className="field">
                <label htmlFor="fiscalYear">{t('ind.fiscalYear')}</label>
                <select id="fiscalYear" name="fiscalYear" defaultValue={currentYear}>
                  {years.map((fy) => (
                    <option key={fy} value={fy}>
                      {fiscalYearLabel(fy, lang)}
                    </option>
                  ))}
                </select>
              </div>
              <div className="field">
                <label htmlFor="month">{t('ind.manualMonth')}</label>
                <input id="month" name="month" type="number" min={0} max={12} defaultValue={0} />
              </div>
              <div className="field">
                <label htmlFor="value">{t('ind.value')}</label>
                <input id="value" name="value" type="text" inputMode="decimal" required />
              </div>
              <div className="field">
                <label htmlFor="state">{t('ind.state')}</label>
                <select id="state" name="state" defaultValue="FINAL">
                  {(['FINAL', 'ESTIMATE', 'COUNTING'] as const).map((s) => (
                    <option key={s} value={s}>
                      {t(`ind.state.${s}`)}
                    </option>
                  ))}
                </select>
              </div>
            </div>
            <div className="field">
              <label htmlFor="note">{t('ind.note')}</label>
              <input id="note" name="note" type="text" />
            </div>
            <button type="submit" className="button">
              {t('ind.manualSave')}
            </button>
          </Form>
        </>
      ) : null}
      <h2>{t('ind.edit')}</h2>
      <IndicatorForm
        programs={programs}
        categories={categories}
        seminars={seminars}
        defaults={defaults}
        lastResult={actionData && 'result' in actionData ? actionData.result : undefined}
      />
    </section>
  )
}
