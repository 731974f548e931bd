import { currentTime } from '~/utils/clock.server'
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { redirect } from '@remix-run/node'
import { Form, Link, useLoaderData } from '@remix-run/react'
import { requireAccess } from '~/modules/accounts/access.server'
import { requestedFiscalYear } from '~/modules/exports/download.server'
import { fiscalYearLabel, formatDateTime } from '~/utils/time'
import { closeYearSchema } from '~/modules/indicators/forms'
import { closeFiscalYear, closePreview } from '~/modules/indicators/year-close.server'
import { db } from '~/utils/db.server'
import { pageTitle } from '~/utils/meta'
import { requireIntent } from '~/utils/route.server'
import { useLang, useT } from '~/utils/use-i18n'

export const meta: MetaFunction = ({ matches }) => [{ title: pageTitle(matches, 'ind.title') }]

/** 締め asks first: what will be frozen, the year's sessions still to come, who can reopen. */
export async function loader({ request }: LoaderFunctionArgs) {
  await requireAccess(request, 'indicators.manage')
  return closePreview(db(), requestedFiscalYear(request))
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireAccess(request, 'indicators.manage')
  const fiscalYear = requestedFiscalYear(request)
  // The confirmation page names the year it closes: a POST without it closes nothing (400).
  const { version } = requireIntent(await request.formData(), closeYearSchema(fiscalYear))
  // Closed by the version the page showed: a second submit, or someone else first, closes nothing.
  const outcome = await closeFiscalYear(db(), fiscalYear, user.id, currentTime(), version)
  if (outcome === 'changed') return redirect(`/console/indicators/close?fy=${fiscalYear}&msg=close.changedMeanwhile`)
  return redirect(`/console/indicators?fy=${fiscalYear}&msg=ind.closedDone`)
}

export default function CloseFiscalYear() {
  const preview = useLoaderData<typeof loader>()
  const t = useT()
  const lang = useLang()
  const year = fiscalYearLabel(preview.fiscalYear, lang)
  const back = `/console/indicators?fy=${preview.fiscalYear}`
  // No indicators: nothing to freeze, so nothing to close (the indicator page says how to add some).
  if (preview.indicators === 0 && !preview.status.closed)
    return (
      <section>
        <h1>{t('close.title', { year })}</h1>
        <p>{t('close.nothingToClose')}</p>
        <p>
          <Link to="/console/indicators/new">{t('ind.new')}</Link> · <Link to={back}>← {t('ind.title')}</Link>
        </p>
      </section>
    )
  if (preview.status.closed)
    return (
      <section>
        <h1>{t('close.title', { year })}</h1>
        <p>{t('close.alreadyClosed', { year })}</p>
        <Link to={back}>← {t('ind.title')}</Link>
      </section>
    )
  return (
    <section>
      <p>
        <Link to={back}>← {t('ind.title')}</Link>
      </p>
      <h1>{t('close.title', { year })}</h1>
      <p>{t('close.lead')}</p>
      <p>{t('close.figures', { count: preview.indicators })}</p>
      {preview.yearOver ? null : <p className="warning">{t('close.yearNotOver', { year })}</p>}
      {preview.upcoming.length === 0 ? (
        <p>{t('close.noUpcoming')}</p>
      ) : (
        <div className="panel">
          <h2>{t('close.upcomingTitle', { count: preview.upcoming.length })}</h2>
          <p>{t('close.upcomingLead')}</p>
          <div
            className="table-wrap"
            tabIndex={0}
            role="region"
            aria-label={t('close.upcomingTitle', { count: preview.upcoming.length })}
          >
            <table className="data">
              <thead>
                <tr>
                  <th scope="col">{t('close.date')}</th>
                  <th scope="col">{t('close.seminar')}</th>
                  <th scope="col">{t('close.session')}</th>
                  <th scope="col">{t('close.registrations')}</th>
                </tr>
              </thead>
              <tbody>
                {preview.upcoming.map((s) => (
                  <tr key={s.sessionId}>
                    <td>{formatDateTime(new Date(s.startsAt), lang)}</td>
                    <td>
                      <Link to={`/console/seminars/${s.seminarId}`}>{s.seminarTitle}</Link>
                    </td>
                    <td className="num">{s.number}</td>
                    <td className="num">{s.registrations.toLocaleString('ja-JP')}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </div>
      )}
      <p>
        {preview.reopeners.length
          ? t('close.reopeners', { names: preview.reopeners.join('、') })
          : t('close.reopenersNone')}
      </p>
      <Form method="post" className="row">
        <input type="hidden" name="fiscalYear" value={preview.fiscalYear} />
        <input type="hidden" name="version" value={preview.status.version} />
        <button type="submit" className="button button-primary">
          {t('close.confirm', { year })}
        </button>
        <Link to={back} className="button">
          {t('close.cancel')}
        </Link>
      </Form>
    </section>
  )
}
