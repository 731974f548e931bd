import { getFormProps, getInputProps, getSelectProps, useForm, type SubmissionResult } from '@conform-to/react'
import { parseWithZod } from '@conform-to/zod'
import { Form } from '@remix-run/react'
import { Field } from '~/components/field'
import { fiscalYearLabel } from '~/utils/time'
import { handEnteredSchema, planField, plansSchema } from '~/modules/indicators/forms'
import { useLang, useT } from '~/utils/use-i18n'

/** The figure forms of an indicator's page: its plans, and the actuals entered by hand. */

type Result = SubmissionResult<string[]> | undefined

/** A plan for every year offered, in one form: saved all together or not at all. */
export function PlansForm({
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
export function HandEnteredForm({
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

/** An actual entered by hand, as the page lists it (with what the records say, for a seminar-fed indicator). */
type HandEnteredRow = {
  fiscalYear: number
  month: number
  value: number
  state: 'FINAL' | 'ESTIMATE' | 'COUNTING'
  note: string
  recorded: number | null
}

/** The hand-entered actuals, each with a button that deletes it (the year then reports its records again). */
export function HandEnteredTable({ rows: handEntered, monthly }: { rows: HandEnteredRow[]; monthly: boolean }) {
  const t = useT()
  const lang = useLang()
  const showMonth = monthly || handEntered.some((m) => m.month !== 0)
  if (!handEntered.length) return null
  return (
    <div className="table-wrap" tabIndex={0} role="region" aria-label={t('ind.manual')}>
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
  )
}
