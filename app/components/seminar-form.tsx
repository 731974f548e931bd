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
import type { ReactNode } from 'react'
import { SeminarSchema } from '~/modules/scheduling/forms'
import { localized } from '~/components/seminar-bits'
import { useLang, useT } from '~/utils/use-i18n'
import { Field } from './field'

export type SeminarFormDefaults = Record<string, string | undefined>

/** Create and edit a seminar. Works without JavaScript; keeps what was typed on error. */
export function SeminarForm({
  programs,
  categories,
  defaults,
  lastResult,
  extra,
  completion = false,
}: {
  programs: { id: string; name: string }[]
  /** The managed list of categories (docs/decisions/0016-categories.md): the select submits an id. */
  categories: { id: string; name: string; nameEn: string | null }[]
  defaults: SeminarFormDefaults
  lastResult: SubmissionResult<string[]> | undefined
  /** Hidden fields the page adds (such as the form's intent). */
  extra?: ReactNode
  /** Show the completion rule (修了): on the edit page, where the seminar has its sessions. */
  completion?: boolean
}) {
  const t = useT()
  const lang = useLang()
  const [form, fields] = useForm({
    id: 'seminar',
    lastResult,
    shouldValidate: 'onSubmit',
    shouldRevalidate: 'onInput',
    defaultValue: defaults,
    onValidate: ({ formData }) => parseWithZod(formData, { schema: SeminarSchema }),
  })
  const text = (
    name: keyof typeof fields,
    label: string,
    required = false,
    type: 'text' | 'url' | 'number' | 'datetime-local' = 'text',
  ) => {
    const f = fields[name]
    return (
      <Field id={f.id} label={label} required={required} errorId={f.errorId} errors={f.errors} t={t}>
        <input {...getInputProps(f, { type })} />
      </Field>
    )
  }
  return (
    <Form method="post" {...getFormProps(form)} className="form" noValidate>
      {extra}
      {Object.keys(form.allErrors).length > 0 ? (
        <div className="error-summary" role="alert" id={form.errorId}>
          {t('form.errorSummary')}
        </div>
      ) : null}
      <Field
        id={fields.programId.id}
        label={t('console.field.program')}
        required
        errorId={fields.programId.errorId}
        errors={fields.programId.errors}
        t={t}
      >
        <select {...getSelectProps(fields.programId)}>
          <option value="">{t('form.industryPlaceholder')}</option>
          {programs.map((p) => (
            <option key={p.id} value={p.id}>
              {p.name}
            </option>
          ))}
        </select>
      </Field>
      {text('title', t('console.field.title'), true)}
      {text('titleEn', t('console.field.titleEn'))}
      <Field
        id={fields.categoryId.id}
        label={t('console.field.category')}
        required
        errorId={fields.categoryId.errorId}
        errors={fields.categoryId.errors}
        t={t}
      >
        <select {...getSelectProps(fields.categoryId)}>
          <option value="">{t('form.industryPlaceholder')}</option>
          {categories.map((c) => (
            <option key={c.id} value={c.id}>
              {localized(lang, c.name, c.nameEn)}
            </option>
          ))}
        </select>
      </Field>
      <Field
        id={fields.description.id}
        label={t('console.field.description')}
        errorId={fields.description.errorId}
        errors={fields.description.errors}
        t={t}
      >
        <textarea {...getTextareaProps(fields.description)} />
      </Field>
      <Field
        id={fields.descriptionEn.id}
        label={t('console.field.descriptionEn')}
        errorId={fields.descriptionEn.errorId}
        errors={fields.descriptionEn.errors}
        t={t}
      >
        <textarea {...getTextareaProps(fields.descriptionEn)} />
      </Field>
      <Field
        id={fields.mode.id}
        label={t('console.field.mode')}
        required
        errorId={fields.mode.errorId}
        errors={fields.mode.errors}
        t={t}
      >
        <select {...getSelectProps(fields.mode)}>
          {(['IN_PERSON', 'ONLINE', 'HYBRID'] as const).map((m) => (
            <option key={m} value={m}>
              {t(`mode.${m}`)}
            </option>
          ))}
        </select>
      </Field>
      {text('venueName', t('console.field.venueName'))}
      {text('venueNameEn', t('console.field.venueNameEn'))}
      {text('venueAddress', t('console.field.venueAddress'))}
      {text('onlineUrl', t('console.field.onlineUrl'), false, 'url')}
      <div className="grid-2">
        {text(
          'capacityInPerson',
          `${t('console.field.capacityInPerson')} (${t('console.field.capacityHint')})`,
          false,
          'number',
        )}
        {text(
          'capacityOnline',
          `${t('console.field.capacityOnline')} (${t('console.field.capacityHint')})`,
          false,
          'number',
        )}
      </div>
      <div className="field">
        <label className="choice">
          <input {...getInputProps(fields.waitlistEnabled, { type: 'checkbox' })} />{' '}
          {t('console.field.waitlistEnabled')}
        </label>
      </div>
      <div className="field">
        <label className="choice">
          <input
            {...getInputProps(fields.sessionChoice, { type: 'checkbox' })}
            aria-describedby="session-choice-hint"
          />{' '}
          {t('console.field.sessionChoice')}
        </label>
        <p className="hint" id="session-choice-hint">
          {t('console.field.sessionChoiceHint')}
        </p>
      </div>
      <div className="grid-2">
        {text('registrationOpensAt', t('console.field.opensAt'), true, 'datetime-local')}
        {text('registrationClosesAt', t('console.field.closesAt'), true, 'datetime-local')}
      </div>
      {text('minOnlineMinutes', t('console.field.minOnlineMinutes'), false, 'number')}
      {completion ? (
        <Field
          id={fields.completionMinSessions.id}
          label={t('console.field.completionMinSessions')}
          hint={t('console.field.completionMinSessionsHint')}
          hintId={`${fields.completionMinSessions.id}-hint`}
          errorId={fields.completionMinSessions.errorId}
          errors={fields.completionMinSessions.errors}
          t={t}
        >
          <input
            {...getInputProps(fields.completionMinSessions, { type: 'number' })}
            min={1}
            aria-describedby={[
              `${fields.completionMinSessions.id}-hint`,
              fields.completionMinSessions.errors?.length ? fields.completionMinSessions.errorId : '',
            ]
              .filter(Boolean)
              .join(' ')}
          />
        </Field>
      ) : null}
      {text('materialsUrl', t('console.field.materialsUrl'), false, 'url')}
      <button type="submit" className="button button-primary">
        {t('console.save')}
      </button>
    </Form>
  )
}
