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
import { useT } from '~/utils/use-i18n'
import { Field, FieldSet } from './field'

export type IndicatorDefaults = Record<string, string | string[] | undefined>

/** Create and edit an indicator. Works without JavaScript; keeps what was typed on error. */
export function IndicatorForm({
  programs,
  defaults,
  lastResult,
}: {
  programs: { id: string; name: string }[]
  defaults: IndicatorDefaults
  lastResult: SubmissionResult<string[]> | undefined
}) {
  const t = useT()
  const [form, fields] = useForm({
    id: 'indicator',
    lastResult,
    shouldValidate: 'onSubmit',
    shouldRevalidate: 'onInput',
    defaultValue: defaults,
    onValidate: ({ formData }) => parseWithZod(formData, { schema: IndicatorSchema }),
  })
  const text = (
    name: 'code' | 'name' | 'nameEn' | 'unit' | 'categories' | 'baseYear' | 'baseline',
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
  const selected = new Set(fields.programIds.initialValue as string[] | string | undefined)
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
              'MANUAL',
            ] as const
          ).map((r) => (
            <option key={r} value={r}>
              {t(`ind.rule.${r}`)}
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
      {text('categories', t('ind.categories'))}
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
      <div className="field">
        <label className="choice">
          <input {...getInputProps(fields.cumulative, { type: 'checkbox' })} /> {t('ind.cumulative')}
        </label>
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
