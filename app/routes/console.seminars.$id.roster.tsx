import { requireAccess } from '~/modules/accounts/access.server'
import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Form, Link, useLoaderData } from '@remix-run/react'
import { useEffect, useState } from 'react'
import { ROSTER_STATUSES } from '~/modules/registration/roster-statuses'
import { roster, rosterStatuses } from '~/modules/registration/roster.server'
import { db } from '~/utils/db.server'
import { pageTitle } from '~/utils/meta'
import { requireParam } from '~/utils/route.server'
import { formatDateTime } from '~/utils/time'
import { useLang, useT } from '~/utils/use-i18n'

export const meta: MetaFunction = ({ matches }) => [{ title: pageTitle(matches, 'roster.title') }]

/** The registrant roster to print (A4) or download, filtered by status (`?status=`). */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const seminarId = requireParam(params, 'id')
  await requireAccess(request, 'personal-data.export', { seminarId })
  return roster(db(), seminarId, rosterStatuses(request.url))
}

export default function RosterPage() {
  const { seminar, statuses, people, questions } = useLoaderData<typeof loader>()
  const t = useT()
  const lang = useLang()
  const query = statuses.map((s) => `status=${s}`).join('&')
  // The print button needs JavaScript; without it the browser's own print command prints the list.
  const [canPrint, setCanPrint] = useState(false)
  useEffect(() => setCanPrint(true), [])
  return (
    <section className="roster">
      <div className="no-print">
        <p>
          <Link to={`/console/seminars/${seminar.id}`}>← {seminar.title}</Link>
        </p>
        <Form method="get" className="form roster-filter">
          <fieldset className="field">
            <legend>{t('roster.filter')}</legend>
            {ROSTER_STATUSES.map((s) => (
              <label className="choice" key={s}>
                <input type="checkbox" name="status" value={s} defaultChecked={statuses.includes(s)} />{' '}
                {t(`roster.status.${s}`)}
              </label>
            ))}
          </fieldset>
          <button type="submit" className="button">
            {t('roster.show')}
          </button>
        </Form>
        <p className="actions">
          <a href={`/console/seminars/${seminar.id}/roster.csv?${query}`}>{t('roster.csv')}</a>
          <a href={`/console/seminars/${seminar.id}/roster.xlsx?${query}`}>{t('roster.xlsx')}</a>
          <Link to={`/console/seminars/${seminar.id}/name-cards`}>{t('nameCards.link')}</Link>
          {canPrint ? (
            <button type="button" className="button" onClick={() => window.print()}>
              {t('roster.print')}
            </button>
          ) : null}
        </p>
      </div>
      <h1>
        {seminar.title} {t('roster.title')}
      </h1>
      <p>
        {seminar.sessions.map((s) => formatDateTime(new Date(s.startsAt), lang)).join(' / ')} ·{' '}
        {t('roster.count', { count: people.length })}
      </p>
      {people.length === 0 ? (
        <p>{t('roster.none')}</p>
      ) : (
        <div className="table-wrap" tabIndex={0} role="region" aria-label={t('roster.title')}>
          <table className="data roster-table" aria-label={t('roster.title')}>
            <thead>
              <tr>
                <th scope="col">{t('roster.number')}</th>
                <th scope="col">{t('roster.tick')}</th>
                <th scope="col">{t('form.name')}</th>
                <th scope="col">{t('console.organization')}</th>
                <th scope="col">{t('console.mode')}</th>
                <th scope="col">{t('manage.status')}</th>
                <th scope="col">{t('console.code')}</th>
                {questions.map((q) => (
                  <th scope="col" key={q.id}>
                    {q.label}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {people.map((p, i) => (
                <tr key={p.id}>
                  <td>{i + 1}</td>
                  <td aria-hidden="true" className="tick">
                    □
                  </td>
                  <td>
                    {p.name}
                    {p.furigana ? <span className="muted block">{p.furigana}</span> : null}
                  </td>
                  <td>{p.organizationName ?? ''}</td>
                  <td>{t(`mode.${p.mode}`)}</td>
                  <td>{t(`manage.status.${p.status}`, { position: p.waitlistPosition ?? '' })}</td>
                  <td>
                    <code>{p.code}</code>
                  </td>
                  {p.answers.map((a, j) => (
                    <td key={questions[j].id} className="words">
                      {a}
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  )
}
