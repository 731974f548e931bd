import {
  getFormProps,
  getInputProps,
  getSelectProps,
  getTextareaProps,
  useForm,
  type SubmissionResult,
} from '@conform-to/react'
import { parseWithZod } from '@conform-to/zod'
import { Form } from '@remix-run/react'
import { IndicatorSchema } from '~/modules/indicators/forms'
import { localized } from '~/components/seminar-bits'
import { formatDate } from '~/utils/time'
import { useLang, useT } from '~/utils/use-i18n'
import { Field, FieldError, FieldSet } from './field'

export type IndicatorDefaults = Record<string, string | string[] | undefined>

/** Create and edit an indicator. Works without JavaScript; keeps what was typed on error. */
export function IndicatorForm({
  programs,
  categories,
  seminars,
  defaults,
  lastResult,
}: {
  programs: { id: string; name: string }[]
  /** The managed list of categories (docs/decisions/0016-categories.md). */
  categories: { id: string; name: string; nameEn: string | null }[]
  /** Every seminar, with its program; the scope may name some of them. */
  seminars: { id: string; title: string; programId: string; programName: string; firstSession: string | Date | null }[]
  defaults: IndicatorDefaults
  lastResult: SubmissionResult<string[]> | undefined
}) {
  const t = useT()
  const lang = useLang()
  const [form, fields] = useForm({
    id: 'indicator',
    lastResult,
    shouldValidate: 'onSubmit',
    shouldRevalidate: 'onInput',
    defaultValue: defaults,
    onValidate: ({ formData }) => parseWithZod(formData, { schema: IndicatorSchema }),
  })
  const text = (
    name: 'code' | 'name' | 'nameEn' | 'unit' | 'baseYear' | 'baseline',
    label: string,
    required = false,
  ) => (
    <Field
      id={fields[name].id}
      label={label}
      required={required}
      errorId={fields[name].errorId}
      errors={fields[name].errors}
      t={t}
    >
      <input {...getInputProps(fields[name], { type: 'text' })} />
    </Field>
  )
  const chosen = (v: unknown) => new Set(Array.isArray(v) ? (v as string[]) : typeof v === 'string' ? [v] : [])
  const selected = chosen(fields.programIds.initialValue)
  const selectedCategories = chosen(fields.categoryIds.initialValue)
  const selectedSeminars = chosen(fields.seminarIds.initialValue)
  const byProgram = programs
    .map((p) => ({ ...p, seminars: seminars.filter((s) => s.programId === p.id) }))
    .filter((p) => p.seminars.length > 0)
  return (
    <Form method="post" {...getFormProps(form)} className="form" noValidate>
      <input type="hidden" name="intent" value="indicator" />
      {Object.keys(form.allErrors).length > 0 ? (
        <div className="error-summary" role="alert">
          {t('form.errorSummary')}
        </div>
      ) : null}
      {text('code', t('ind.code'), true)}
      {text('name', t('ind.name'), true)}
      {text('nameEn', t('ind.nameEn'))}
      <div className="grid-2">
        <Field
          id={fields.kind.id}
          label={t('ind.kind')}
          required
          errorId={fields.kind.errorId}
          errors={fields.kind.errors}
          t={t}
        >
          <select {...getSelectProps(fields.kind)}>
            {(['ACTIVITY', 'OUTCOME'] as const).map((k) => (
              <option key={k} value={k}>
                {t(`ind.kind.${k}`)}
              </option>
            ))}
          </select>
        </Field>
        {text('unit', `${t('ind.unit')} (${t('ind.unitHint')})`, true)}
      </div>
      <Field
        id={fields.rule.id}
        label={t('ind.rule')}
        required
        errorId={fields.rule.errorId}
        errors={fields.rule.errors}
        t={t}
      >
        <select {...getSelectProps(fields.rule)}>
          {(
            [
              'PERSON_TIMES',
              'UNIQUE_PERSONS',
              'UNIQUE_ORGANIZATIONS',
              'SESSIONS_HELD',
              'REGISTRATIONS',
              'SATISFACTION_RATE',
              'RESPONSE_RATE',
              'COMPLETERS',
              'MANUAL',
            ] as const
          ).map((r) => (
            <option key={r} value={r}>
              {t(`ind.rule.${r}`)}
            </option>
          ))}
        </select>
      </Field>
      <Field
        id={fields.topPoints.id}
        label={t('ind.topPoints')}
        hint={t('ind.topPointsHint')}
        hintId={`${fields.topPoints.id}-hint`}
        errorId={fields.topPoints.errorId}
        errors={fields.topPoints.errors}
        t={t}
      >
        <select
          {...getSelectProps(fields.topPoints)}
          aria-describedby={[
            `${fields.topPoints.id}-hint`,
            fields.topPoints.errors?.length ? fields.topPoints.errorId : '',
          ]
            .filter(Boolean)
            .join(' ')}
        >
          <option value="">{t('ind.topPointsNone')}</option>
          {[1, 2, 3, 4].map((n) => (
            <option key={n} value={String(n)}>
              {t(`ind.topPoints.${n as 1 | 2 | 3 | 4}`)}
            </option>
          ))}
        </select>
      </Field>
      <FieldSet legend={t('ind.programs')} errorId={fields.programIds.errorId} errors={fields.programIds.errors} t={t}>
        {programs.map((p) => (
          <label className="choice" key={p.id}>
            <input type="checkbox" name={fields.programIds.name} value={p.id} defaultChecked={selected.has(p.id)} />{' '}
            {p.name}
          </label>
        ))}
      </FieldSet>
      <FieldSet
        legend={t('categories.indicatorCategories')}
        errorId={fields.categoryIds.errorId}
        errors={fields.categoryIds.errors}
        t={t}
      >
        <p className="hint">{t('categories.indicatorCategoriesHint')}</p>
        {categories.length === 0 ? <p className="muted">{t('categories.none')}</p> : null}
        {categories.map((c) => (
          <label className="choice" key={c.id}>
            <input
              type="checkbox"
              name={fields.categoryIds.name}
              value={c.id}
              defaultChecked={selectedCategories.has(c.id)}
            />{' '}
            {localized(lang, c.name, c.nameEn)}
          </label>
        ))}
      </FieldSet>
      <FieldSet
        legend={t('categories.indicatorSeminars')}
        errorId={fields.seminarIds.errorId}
        errors={fields.seminarIds.errors}
        t={t}
      >
        <p className="hint">{t('categories.indicatorSeminarsHint')}</p>
        <details open={selectedSeminars.size > 0 || Boolean(fields.seminarIds.errors?.length)}>
          <summary>{t('categories.chooseSeminars', { count: selectedSeminars.size })}</summary>
          {byProgram.map((p) => (
            <fieldset key={p.id} className="seminar-choices">
              <legend>{p.name}</legend>
              {p.seminars.map((s) => (
                <label className="choice" key={s.id}>
                  <input
                    type="checkbox"
                    name={fields.seminarIds.name}
                    value={s.id}
                    defaultChecked={selectedSeminars.has(s.id)}
                  />{' '}
                  {s.title}
                  {s.firstSession ? (
                    <span className="muted"> ({formatDate(new Date(s.firstSession), lang)})</span>
                  ) : null}
                </label>
              ))}
            </fieldset>
          ))}
        </details>
      </FieldSet>
      <Field
        id={fields.modeScope.id}
        label={t('ind.modeScope')}
        errorId={fields.modeScope.errorId}
        errors={fields.modeScope.errors}
        t={t}
      >
        <select {...getSelectProps(fields.modeScope)}>
          {(['ALL', 'IN_PERSON', 'ONLINE'] as const).map((m) => (
            <option key={m} value={m}>
              {t(`ind.modeScope.${m}`)}
            </option>
          ))}
        </select>
      </Field>
      <div className={`field${fields.cumulative.errors?.length ? ' field-invalid' : ''}`}>
        <label className="choice">
          <input {...getInputProps(fields.cumulative, { type: 'checkbox' })} /> {t('ind.cumulative')}
        </label>
        <FieldError id={fields.cumulative.errorId} errors={fields.cumulative.errors} t={t} />
      </div>
      <div className="grid-2">
        {text('baseYear', t('ind.baseYear'))}
        {text('baseline', t('ind.baseline'))}
      </div>
      <Field id={fields.note.id} label={t('ind.note')} errorId={fields.note.errorId} errors={fields.note.errors} t={t}>
        <textarea {...getTextareaProps(fields.note)} />
      </Field>
      <button type="submit" className="button button-primary">
        {t('ind.save')}
      </button>
    </Form>
  )
}
