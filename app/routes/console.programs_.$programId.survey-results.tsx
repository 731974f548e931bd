import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Form, Link, useLoaderData } from '@remix-run/react'
import { requireAccess } from '~/modules/accounts/access.server'
import { shownFiscalYear } from '~/modules/indicators/forms'
import { programSurveyResults } from '~/modules/surveys/results.server'
import { db } from '~/utils/db.server'
import { pageTitle } from '~/utils/meta'
import { getLang } from '~/utils/request.server'
import { requireParam } from '~/utils/route.server'
import { fiscalYearLabel, formatDate } from '~/utils/time'
import { useLang, useT } from '~/utils/use-i18n'

export const meta: MetaFunction = ({ matches }) => [{ title: pageTitle(matches, 'surveyResults.programTitle') }]

/** A program's survey figures for a fiscal year (`?fy=`): response rate and satisfaction per seminar and together. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const programId = requireParam(params, 'programId')
  await requireAccess(request, 'seminars.read', { programId })
  const fiscalYear = shownFiscalYear(new URL(request.url).searchParams)
  return programSurveyResults(db(), programId, fiscalYear, getLang(request))
}

export default function ProgramSurveyResultsPage() {
  const r = useLoaderData<typeof loader>()
  const t = useT()
  const lang = useLang()
  const rate = (v: number | null) => (v === null ? t('surveyResults.noRate') : t('surveyResults.percent', { value: v }))
  const years = Array.from({ length: 7 }, (_, i) => r.fiscalYear - 5 + i)
  const title = `${r.program.name} ${t('surveyResults.programTitle')} ${fiscalYearLabel(r.fiscalYear, lang)}`
  return (
    <section className="survey-totals">
      <h1>{title}</h1>
      <p className="hint">{t('surveyResults.programNote')}</p>
      <Form method="get" className="inline-form">
        <label htmlFor="fy">{t('surveyResults.fiscalYear')}</label>
        <div className="row">
          <select id="fy" name="fy" defaultValue={r.fiscalYear}>
            {years.map((y) => (
              <option key={y} value={y}>
                {fiscalYearLabel(y, lang)}
              </option>
            ))}
          </select>
          <button type="submit" className="button">
            {t('surveyResults.show')}
          </button>
        </div>
      </Form>
      {r.seminars.length === 0 ? (
        <p>{t('surveyResults.noSeminars')}</p>
      ) : (
        <div className="table-wrap" tabIndex={0} role="region" aria-label={title}>
          <table className="data" aria-label={title}>
            <thead>
              <tr>
                <th scope="col">{t('surveyResults.seminar')}</th>
                <th scope="col">{t('surveyResults.invitations')}</th>
                <th scope="col">{t('surveyResults.responses')}</th>
                <th scope="col">{t('surveyResults.rate')}</th>
                <th scope="col">{t('surveyResults.rated')}</th>
                {r.satisfactionWords.map((w) => (
                  <th scope="col" key={w.point}>
                    {w.label}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {r.seminars.map((s) => (
                <tr key={s.id}>
                  <th scope="row">
                    <Link to={`/console/seminars/${s.id}/survey/results`}>{s.title}</Link>
                    <span className="muted block">{formatDate(new Date(s.startsAt), lang)}</span>
                  </th>
                  <td className="num">{s.invitations}</td>
                  <td className="num">{s.responses}</td>
                  <td className="num">{rate(s.rate)}</td>
                  <td className="num">{s.rated}</td>
                  {r.satisfactionWords.map((w) => (
                    <td className="num" key={w.point}>
                      {s.satisfaction[w.point]}
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
            <tfoot>
              <tr>
                <th scope="row">{t('surveyResults.total')}</th>
                <td className="num">{r.total.invitations}</td>
                <td className="num">{r.total.responses}</td>
                <td className="num">{rate(r.total.rate)}</td>
                <td className="num">{r.total.rated}</td>
                {r.satisfactionWords.map((w) => (
                  <td className="num" key={w.point}>
                    {r.total.satisfaction[w.point]}
                  </td>
                ))}
              </tr>
            </tfoot>
          </table>
        </div>
      )}
    </section>
  )
}
