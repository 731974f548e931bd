import { requireAccess } from '~/modules/accounts/access.server'
import { getFormProps, getSelectProps, useForm } from '@conform-to/react'
import { parseWithZod } from '@conform-to/zod'
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react'
import { Field, TextField } from '~/components/field'
import {
  categoriesPage,
  mergeCategoryForm,
  moveCategory,
  saveCategoryForm,
} from '~/modules/categories/categories.server'
import { CategoryPageSchema, CategorySchema, MergeCategorySchema } from '~/modules/categories/forms'
import { db } from '~/utils/db.server'
import { badRequest } from '~/utils/errors'
import { pageTitle } from '~/utils/meta'
import { useT } from '~/utils/use-i18n'

/** The managed list of seminar categories: add, rename, reorder, merge (docs/decisions/0016-categories.md). */

export const meta: MetaFunction = ({ matches }) => [{ title: pageTitle(matches, 'categories.title') }]

export async function loader({ request }: LoaderFunctionArgs) {
  await requireAccess(request, 'programs.manage')
  return categoriesPage(db(), new URL(request.url).searchParams)
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireAccess(request, 'programs.manage')
  const submission = parseWithZod(await request.formData(), { schema: CategoryPageSchema })
  if (submission.status !== 'success') {
    const intent = submission.payload.intent
    // The forms people type keep what was typed; the list's buttons send nothing to type.
    if (intent === 'save' || intent === 'merge') return data({ intent, result: submission.reply() }, { status: 400 })
    throw badRequest()
  }
  const value = submission.value
  if (value.intent === 'move') {
    await moveCategory(db(), value.id, value.direction)
    return redirect('/console/categories?msg=console.saved')
  }
  const refused =
    value.intent === 'merge'
      ? await mergeCategoryForm(db(), value, user.id)
      : await saveCategoryForm(db(), value, user.id)
  if (refused)
    return data(
      { intent: value.intent, result: submission.reply({ fieldErrors: refused.fieldErrors }) },
      { status: refused.status },
    )
  return redirect(
    value.intent === 'merge' ? '/console/categories?msg=categories.merged' : '/console/categories?msg=console.saved',
  )
}

export default function Categories() {
  const { categories, editing } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const t = useT()
  const [form, fields] = useForm({
    id: editing?.id ?? 'new-category',
    lastResult: actionData?.intent === 'save' ? actionData.result : undefined,
    shouldValidate: 'onSubmit',
    shouldRevalidate: 'onInput',
    defaultValue: editing ? { name: editing.name, nameEn: editing.nameEn ?? '' } : undefined,
    onValidate: ({ formData }) => parseWithZod(formData, { schema: CategorySchema }),
  })
  const [mergeForm, mergeFields] = useForm({
    id: 'merge-category',
    lastResult: actionData?.intent === 'merge' ? actionData.result : undefined,
    shouldValidate: 'onSubmit',
    onValidate: ({ formData }) => parseWithZod(formData, { schema: MergeCategorySchema }),
  })
  return (
    <section>
      <h1>{t('categories.title')}</h1>
      <p className="muted">{t('categories.lead')}</p>
      {categories.length === 0 ? (
        <p className="notice">{t('categories.none')}</p>
      ) : (
        <div className="table-wrap" tabIndex={0} role="region" aria-label={t('categories.title')}>
          <table className="data">
            <thead>
              <tr>
                <th scope="col">{t('categories.name')}</th>
                <th scope="col">{t('categories.seminars')}</th>
                <th scope="col">{t('categories.indicators')}</th>
                <th scope="col">{t('categories.order')}</th>
                <th scope="col">{t('console.actions')}</th>
              </tr>
            </thead>
            <tbody>
              {categories.map((c, i) => (
                <tr key={c.id}>
                  <td>
                    {c.name}
                    {c.nameEn ? <div className="muted">{c.nameEn}</div> : null}
                  </td>
                  <td>{c._count.seminars}</td>
                  <td>{c._count.indicators}</td>
                  <td>
                    {(['up', 'down'] as const).map((direction) =>
                      (direction === 'up' ? i > 0 : i < categories.length - 1) ? (
                        <Form method="post" key={direction} className="order-form">
                          <input type="hidden" name="intent" value="move" />
                          <input type="hidden" name="id" value={c.id} />
                          <input type="hidden" name="direction" value={direction} />
                          <button
                            type="submit"
                            className="link-button"
                            aria-label={`${c.name}: ${t(`categories.${direction}`)}`}
                          >
                            {t(`categories.${direction}`)}
                          </button>
                        </Form>
                      ) : null,
                    )}
                  </td>
                  <td>
                    <Link to={`?edit=${c.id}`}>{t('categories.rename')}</Link>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <h2>{editing ? `${t('categories.rename')}: ${editing.name}` : t('categories.new')}</h2>
      <Form method="post" {...getFormProps(form)} className="form" noValidate key={editing?.id ?? 'new'}>
        <input type="hidden" name="intent" value="save" />
        {editing ? <input type="hidden" name="id" value={editing.id} /> : null}
        <TextField meta={fields.name} label={t('categories.name')} required t={t} />
        <TextField meta={fields.nameEn} label={t('categories.nameEn')} t={t} />
        <button type="submit" className="button button-primary">
          {editing ? t('console.save') : t('categories.add')}
        </button>
      </Form>
      {categories.length > 1 ? (
        <>
          <h2>{t('categories.merge')}</h2>
          <p className="muted">{t('categories.mergeLead')}</p>
          <Form method="post" {...getFormProps(mergeForm)} className="form" noValidate>
            <input type="hidden" name="intent" value="merge" />
            {(
              [
                [mergeFields.fromId, 'categories.mergeFrom'],
                [mergeFields.intoId, 'categories.mergeInto'],
              ] as const
            ).map(([f, label]) => (
              <Field key={f.name} id={f.id} label={t(label)} required errorId={f.errorId} errors={f.errors} t={t}>
                <select {...getSelectProps(f)}>
                  <option value="">{t('form.industryPlaceholder')}</option>
                  {categories.map((c) => (
                    <option key={c.id} value={c.id}>
                      {c.name}
                    </option>
                  ))}
                </select>
              </Field>
            ))}
            <button type="submit" className="button">
              {t('categories.mergeSubmit')}
            </button>
          </Form>
        </>
      ) : null}
    </section>
  )
}
