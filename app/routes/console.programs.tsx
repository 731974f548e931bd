import { requireAccess } from '~/modules/accounts/access.server'
import { getFormProps, getInputProps, getSelectProps, getTextareaProps, useForm } from '@conform-to/react'
import { parseWithZod } from '@conform-to/zod'
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react'
import { Field, TextField } from '~/components/field'
import { programsPage, saveProgramForm } from '~/modules/scheduling/catalog.server'
import { ProgramFormSchema, ProgramSchema } from '~/modules/scheduling/forms'
import { db } from '~/utils/db.server'
import { useT } from '~/utils/use-i18n'
import { titled } from '~/utils/meta'

export const meta = titled('console.programs')

export async function loader({ request }: LoaderFunctionArgs) {
  await requireAccess(request, 'programs.manage')
  return programsPage(db(), new URL(request.url).searchParams)
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireAccess(request, 'programs.manage')
  const submission = parseWithZod(await request.formData(), { schema: ProgramFormSchema })
  if (submission.status !== 'success') return data(submission.reply(), { status: 400 })
  const refused = await saveProgramForm(db(), submission.value, user)
  if (refused) return data(submission.reply({ fieldErrors: refused.fieldErrors }), { status: refused.status })
  return redirect('/console/programs?msg=console.saved')
}

export default function Programs() {
  const { programs, editing } = useLoaderData<typeof loader>()
  const lastResult = useActionData<typeof action>()
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
    <section>
      <h1>{t('console.programs')}</h1>
      {programs.length > 0 ? (
        <div className="table-wrap" tabIndex={0} role="region" aria-label={t('console.programs')}>
          <table className="data">
            <thead>
              <tr>
                <th scope="col">{t('console.field.code')}</th>
                <th scope="col">{t('console.field.name')}</th>
                <th scope="col">{t('console.programSeminars')}</th>
                <th scope="col">{t('console.retentionYears')}</th>
                <th scope="col">{t('console.actions')}</th>
              </tr>
            </thead>
            <tbody>
              {programs.map((p) => (
                <tr key={p.id}>
                  <td>{p.code}</td>
                  <td>
                    {p.name}
                    {p.nameEn ? <div className="muted">{p.nameEn}</div> : null}
                  </td>
                  <td>{p._count.seminars}</td>
                  <td>{t('console.retentionYearsValue', { count: p.retentionYears })}</td>
                  <td>
                    <Link to={`?edit=${p.id}`}>{t('console.edit')}</Link>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : (
        <p className="empty">{t('console.noProgramsYet')}</p>
      )}
      <h2>{editing ? `${t('console.edit')}: ${editing.name}` : t('console.newProgram')}</h2>
      <Form method="post" {...getFormProps(form)} className="form" noValidate key={editing?.id ?? 'new'}>
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
    </section>
  )
}
