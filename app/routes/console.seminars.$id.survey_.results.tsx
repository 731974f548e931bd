import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { requireAccess } from '~/modules/accounts/access.server'
import { BarChart } from '~/modules/surveys/chart'
import { seminarSurveyResults, type QuestionResult } from '~/modules/surveys/results.server'
import { db } from '~/utils/db.server'
import { pageTitle } from '~/utils/meta'
import { getLang } from '~/utils/request.server'
import { requireParam } from '~/utils/route.server'
import { useT } from '~/utils/use-i18n'

export const meta: MetaFunction = ({ matches }) => [{ title: pageTitle(matches, 'surveyResults.title') }]

/** A seminar's survey results: response rate, each question's answers as a chart and a table, the comments. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const seminarId = requireParam(params, 'id')
  await requireAccess(request, 'seminars.read', { seminarId })
  return seminarSurveyResults(db(), seminarId, getLang(request))
}

function share(count: number, whole: number) {
  return whole > 0 ? Math.round((count * 1000) / whole) / 10 : 0
}

function Question({ q }: { q: QuestionResult }) {
  const t = useT()
  const heading = (
    <h2>
      {q.label}
      {q.retired ? <span className="muted">{t('surveyResults.retired')}</span> : null}
    </h2>
  )
  if (q.kind === 'SHORT_TEXT' || q.kind === 'LONG_TEXT') {
    return (
      <section className="card survey-question">
        {heading}
        {q.comments.length === 0 ? (
          <p>{t('surveyResults.noComments')}</p>
        ) : (
          <>
            <p className="muted">{t('surveyResults.answered', { count: q.comments.length })}</p>
            <ul className="survey-comments">
              {q.comments.map((c, i) => (
                <li key={i} className="words">
                  {c}
                </li>
              ))}
            </ul>
          </>
        )}
      </section>
    )
  }
  if (q.kind === 'NUMBER') {
    const n = q.number
    return (
      <section className="card survey-question">
        {heading}
        <p>
          {n && n.count > 0
            ? t('surveyResults.number.summary', {
                mean: n.mean ?? '',
                min: n.min ?? '',
                max: n.max ?? '',
                count: n.count,
              })
            : t('surveyResults.number.none')}
        </p>
      </section>
    )
  }
  return (
    <section className="card survey-question">
      {heading}
      <p className="muted">{t('surveyResults.answered', { count: q.answered })}</p>
      <BarChart
        name={t('surveyResults.chartName', { question: q.label })}
        bars={q.bars}
        unit={(count) => String(count)}
      />
      <div className="table-wrap" tabIndex={0} role="region" aria-label={q.label}>
        <table className="data" aria-label={q.label}>
          <thead>
            <tr>
              <th scope="col">{t('surveyResults.choice')}</th>
              <th scope="col">{t('surveyResults.count')}</th>
              <th scope="col">{t('surveyResults.share')}</th>
            </tr>
          </thead>
          <tbody>
            {q.bars.map((b, i) => (
              <tr key={i}>
                <th scope="row">
                  {b.label}
                  {b.removed ? <span className="muted">{t('surveyResults.removedChoice')}</span> : null}
                </th>
                <td className="num">{b.count}</td>
                <td className="num">{t('surveyResults.percent', { value: share(b.count, q.answered) })}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  )
}

export default function SurveyResultsPage() {
  const r = useLoaderData<typeof loader>()
  const t = useT()
  const base = `/console/seminars/${r.seminar.id}/survey/results`
  return (
    <section className="survey-results">
      <p>
        <Link to={`/console/seminars/${r.seminar.id}`}>← {r.seminar.title}</Link>
      </p>
      <h1>
        {r.seminar.title} {t('surveyResults.title')}
      </h1>
      {r.survey === null ? (
        <p>{t('surveyResults.noSurvey')}</p>
      ) : (
        <>
          {r.survey.anonymous ? <p className="notice">{t('surveyResults.anonymous')}</p> : null}
          <h2>{t('surveyResults.summary')}</h2>
          <dl className="facts">
            <dt>{t('surveyResults.invitations')}</dt>
            <dd>{r.invitations}</dd>
            <dt>{t('surveyResults.responses')}</dt>
            <dd>{r.responses}</dd>
            <dt>{t('surveyResults.rate')}</dt>
            <dd>{r.rate === null ? t('surveyResults.noRate') : t('surveyResults.percent', { value: r.rate })}</dd>
          </dl>
          <p className="actions">
            <a href={`${base}.csv`}>{t('surveyResults.csv')}</a>
            <a href={`${base}.xlsx`}>{t('surveyResults.xlsx')}</a>
            {r.seminar.fiscalYear === null ? null : (
              <Link to={`/console/programs/${r.seminar.programId}/survey-results?fy=${r.seminar.fiscalYear}`}>
                {t('surveyResults.programLink')}
              </Link>
            )}
          </p>
          {r.questions.length === 0 ? (
            <p>{t('surveyResults.noQuestions')}</p>
          ) : (
            r.questions.map((q) => <Question key={q.id} q={q} />)
          )}
        </>
      )}
    </section>
  )
}
