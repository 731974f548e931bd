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
import { Field, TextField } from '~/components/field'
import { ProgramSchema } from '~/modules/scheduling/forms'
import { useT } from '~/utils/use-i18n'

/** A program as the form edits it (app/modules/scheduling/catalog.server.ts programsPage). */
type EditedProgram = {
  id: string
  code: string
  name: string
  nameEn: string | null
  description: string | null
  retentionYears: number
  reportTotalWord: string
  reportCounter: string
  reportUniquePersons: boolean
  reportCompanies: boolean
}

/**
 * A new program, or the one being edited (app/routes/console.programs.tsx). The page keys a new
 * one's form with `location.key`, so it mounts again after each answer: empty after the redirect
 * of a save, with the reply (what was typed and why it was refused) after an error
 * (docs/decisions/0040).
 */
export function ProgramForm({
  editing,
  lastResult,
}: {
  editing: EditedProgram | null
  lastResult: SubmissionResult<string[]> | undefined
}) {
  const t = useT()
  const [form, fields] = useForm({
    id: editing?.id ?? 'new-program',
    lastResult,
    shouldValidate: 'onSubmit',
    shouldRevalidate: 'onInput',
    // A new program starts with the wording most reports use (延べ…名, 実人数 and 社数 added).
    defaultValue: editing ?? {
      reportTotalWord: '延べ',
      reportCounter: '名',
      reportUniquePersons: true,
      reportCompanies: true,
    },
    onValidate: ({ formData }) => parseWithZod(formData, { schema: ProgramSchema }),
  })
  return (
    <Form method="post" {...getFormProps(form)} className="form" noValidate>
      {editing ? <input type="hidden" name="id" value={editing.id} /> : null}
      <Field
        id={fields.code.id}
        label={t('console.field.code')}
        required
        errorId={fields.code.errorId}
        errors={fields.code.errors}
        t={t}
      >
        <input {...getInputProps(fields.code, { type: 'text' })} className="narrow" />
      </Field>
      <TextField meta={fields.name} label={t('console.field.name')} required t={t} />
      <TextField meta={fields.nameEn} label={t('console.field.nameEn')} t={t} />
      <Field
        id={fields.description.id}
        label={t('console.field.programDescription')}
        errorId={fields.description.errorId}
        errors={fields.description.errors}
        t={t}
      >
        <textarea {...getTextareaProps(fields.description)} />
      </Field>
      <Field
        id={fields.retentionYears.id}
        label={t('console.field.retentionYears')}
        hint={t('console.field.retentionYearsHint')}
        hintId={fields.retentionYears.descriptionId}
        errorId={fields.retentionYears.errorId}
        errors={fields.retentionYears.errors}
        t={t}
      >
        <input
          {...getInputProps(fields.retentionYears, {
            type: 'number',
            ariaDescribedBy: fields.retentionYears.descriptionId,
          })}
          defaultValue={fields.retentionYears.initialValue ?? '3'}
          min={1}
          max={10}
          step={1}
          className="narrow"
        />
      </Field>
      <fieldset>
        <legend>{t('wording.legend')}</legend>
        <p className="hint">{t('wording.hint')}</p>
        <div className="grid-2">
          <Field
            id={fields.reportTotalWord.id}
            label={t('wording.totalWord')}
            errorId={fields.reportTotalWord.errorId}
            errors={fields.reportTotalWord.errors}
            t={t}
          >
            <select {...getSelectProps(fields.reportTotalWord)}>
              <option value="延べ">延べ（延べ109名）</option>
              <option value="計">計（計109名）</option>
            </select>
          </Field>
          <Field
            id={fields.reportCounter.id}
            label={t('wording.counter')}
            errorId={fields.reportCounter.errorId}
            errors={fields.reportCounter.errors}
            t={t}
          >
            <select {...getSelectProps(fields.reportCounter)}>
              <option value="名">名（109名）</option>
              <option value="人">人（109人）</option>
            </select>
          </Field>
        </div>
        <label className="choice">
          <input {...getInputProps(fields.reportUniquePersons, { type: 'checkbox' })} /> {t('wording.uniquePersons')}
        </label>
        <label className="choice">
          <input {...getInputProps(fields.reportCompanies, { type: 'checkbox' })} /> {t('wording.companies')}
        </label>
      </fieldset>
      <button type="submit" className="button button-primary">
        {t('console.save')}
      </button>
    </Form>
  )
}
