import { requireAccess } from '~/modules/accounts/access.server'
import { parseWithZod } from '@conform-to/zod'
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node'
import { Link, useActionData, useLoaderData, useLocation } from '@remix-run/react'
import { ProgramForm } from '~/components/program-form'
import { programsPage, saveProgramForm } from '~/modules/scheduling/catalog.server'
import { ProgramFormSchema } from '~/modules/scheduling/forms'
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
  const location = useLocation()
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
                    <span className="row-actions">
                      <Link to={`?edit=${p.id}`}>{t('console.edit')}</Link>
                      <Link to={`/console/programs/${p.id}/questions`}>{t('questions.templateLink')}</Link>
                      <Link to={`/console/programs/${p.id}/survey-results`}>{t('surveyResults.programTitle')}</Link>
                      <Link to={`/console/programs/${p.id}/certificate`}>{t('certificates.layoutLink')}</Link>
                    </span>
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
      {/* The program edited keeps its form; a new one's is fresh after each answer (empty once saved). */}
      <ProgramForm key={editing?.id ?? location.key} editing={editing} lastResult={lastResult} />
    </section>
  )
}
