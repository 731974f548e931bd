import { roleMay } from '~/modules/accounts/permissions'
import { grantedOrRecorded, requireAccess } from '~/modules/accounts/access.server'
import { parseWithZod } from '@conform-to/zod'
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react'
import { localized } from '~/components/seminar-bits'
import { fiscalYearLabel, formatDateTime } from '~/utils/time'
import { dashboardPage } from '~/modules/indicators/figure-pages.server'
import { shownFiscalYear, YearActionSchema } from '~/modules/indicators/forms'
import { actOnClosedYear } from '~/modules/indicators/year-close.server'
import { ClosedYearDifferences } from '~/components/closed-year'
import { DashboardTableRow } from '~/components/indicators/dashboard-row'
import { db } from '~/utils/db.server'
import { AppError, badRequest, isAppError } from '~/utils/errors'
import type { MessageKey } from '~/utils/i18n'
import { pageTitle } from '~/utils/meta'
import { replyWithAppError } from '~/utils/route.server'
import { useLang, useT } from '~/utils/use-i18n'

export const meta: MetaFunction = ({ matches }) => [{ title: pageTitle(matches, 'ind.title') }]

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireAccess(request, 'indicators.manage')
  const page = await dashboardPage(db(), shownFiscalYear(new URL(request.url).searchParams))
  return { ...page, isAdmin: roleMay(user.role, 'years.reopen') }
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireAccess(request, 'indicators.manage')
  const submission = parseWithZod(await request.formData(), { schema: YearActionSchema })
  // Reopening is for admins: anyone else is told so beside the form (and the refusal recorded),
  // whatever else the form holds.
  if (submission.payload.intent === 'reopen' && !(await grantedOrRecorded(user, 'years.reopen')))
    return replyWithAppError(submission, new AppError('REOPEN_ADMIN_ONLY'))
  if (submission.status !== 'success') {
    // Only the reason is typed; anything else wrong is a request none of our pages sends.
    if (Object.keys(submission.error ?? {}).some((field) => field !== 'reason')) throw badRequest()
    return data(submission.reply(), { status: 400 })
  }
  const { intent, fiscalYear } = submission.value
  try {
    await actOnClosedYear(db(), submission.value, user.id)
  } catch (error) {
    // What the page showed: a form sent twice, or after someone else acted, changes nothing.
    if (!isAppError(error, 'YEAR_CHANGED_MEANWHILE')) throw error
    return replyWithAppError(submission, error)
  }
  return redirect(`/console/indicators?fy=${fiscalYear}&msg=${intent === 'reopen' ? 'ind.reopened' : 'ind.accepted'}`)
}

export default function IndicatorDashboard() {
  const { board, pending, digest, adjustments, years, isAdmin } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  // The one message of a refused form: the reason's, or why nothing changed.
  const refusal = Object.values(actionData?.error ?? {})
    .flat()
    .find((message) => message)
  const t = useT()
  const lang = useLang()
  const fy = board.fiscalYear
  const yearName = fiscalYearLabel(fy, lang)
  return (
    <section>
      <div className="actions">
        <h1>
          {t('ind.title')} {yearName}
        </h1>
        <Link to="/console/indicators/new" className="button button-primary">
          {t('ind.new')}
        </Link>
      </div>
      <Form method="get" className="inline-form">
        <label htmlFor="fy">{t('ind.fiscalYear')}</label>
        <div className="row">
          <select id="fy" name="fy" defaultValue={fy}>
            {years.map((y) => (
              <option key={y} value={y}>
                {fiscalYearLabel(y, 'ja')} / {fiscalYearLabel(y, 'en')}
              </option>
            ))}
          </select>
          <button type="submit" className="button">
            {t('ind.show')}
          </button>
        </div>
      </Form>
      {refusal ? (
        <p className="error-summary" role="alert">
          {t(refusal as MessageKey)}
        </p>
      ) : null}
      <div className="panel year-status">
        {board.status.closed ? (
          <>
            <p>{t('ind.closed', { year: yearName, date: formatDateTime(new Date(board.status.closedAt!), lang) })}</p>
            {isAdmin ? (
              <Form method="post" className="inline-form">
                <input type="hidden" name="intent" value="reopen" />
                <input type="hidden" name="fiscalYear" value={fy} />
                <div className="row">
                  <input
                    name="reason"
                    type="text"
                    aria-label={t('ind.reopenReason')}
                    placeholder={t('ind.reopenReason')}
                    required
                  />
                  <button type="submit" className="button">
                    {t('ind.reopen')}
                  </button>
                </div>
              </Form>
            ) : null}
          </>
        ) : board.groups.length === 0 ? (
          // Nothing to close yet: the year is closed once it has indicators.
          <p>{t('ind.open', { year: yearName })}</p>
        ) : (
          <>
            <p>{t('ind.open', { year: yearName })}</p>
            <Link to={`/console/indicators/close?fy=${fy}`} className="button">
              {t('close.start', { year: yearName })}
            </Link>
          </>
        )}
      </div>
      {board.status.closed ? (
        <ClosedYearDifferences
          fiscalYear={fy}
          version={board.status.version}
          digest={digest}
          pending={pending}
          adjustments={adjustments}
          canAccept
          t={t}
          lang={lang}
        />
      ) : null}
      {board.groups.length === 0 ? (
        <div className="empty">
          <p>{t('ind.none')}</p>
          <p>{t('ind.noneNext')}</p>
          <p>
            <Link to="/console/indicators/new">{t('ind.new')}</Link>
          </p>
        </div>
      ) : null}
      {board.groups.map((g) => (
        <div key={g.programId}>
          <h2>{localized(lang, g.programName, g.programNameEn)}</h2>
          <div
            className="table-wrap"
            tabIndex={0}
            role="region"
            aria-label={localized(lang, g.programName, g.programNameEn)}
          >
            <table className="data" aria-label={localized(lang, g.programName, g.programNameEn)}>
              <thead>
                <tr>
                  <th scope="col">{t('eval.indicator')}</th>
                  <th scope="col">{t('ind.plan')}</th>
                  <th scope="col">{t('ind.actual')}</th>
                  <th scope="col">{t('ind.rate')}</th>
                  <th scope="col">{t('ind.trend')}</th>
                  <th scope="col">{t('ind.pacing')}</th>
                  <th scope="col">{t('ind.evidence')}</th>
                </tr>
              </thead>
              <tbody>
                {g.rows.map((row) => (
                  <DashboardTableRow
                    key={row.indicatorId}
                    row={row}
                    t={t}
                    lang={lang}
                    fiscalYear={fy}
                    closed={board.status.closed}
                  />
                ))}
              </tbody>
            </table>
          </div>
        </div>
      ))}
      <h2>{t('ind.exports')}</h2>
      <ul className="exports">
        <li>
          <a href={`/console/exports/evaluation.csv?fy=${fy}`}>{t('ind.evaluationCsv')}</a> ·{' '}
          <a href={`/console/exports/evaluation.xlsx?fy=${fy}`}>{t('ind.evaluationXlsx')}</a>
        </li>
        <li>
          <a href={`/console/exports/multi-year.csv?fy=${fy}`}>{t('ind.multiYearCsv')}</a> ·{' '}
          <a href={`/console/exports/multi-year.xlsx?fy=${fy}`}>{t('ind.multiYearXlsx')}</a>
        </li>
        <li>
          <a href={`/console/exports/participation.csv?fy=${fy}`}>{t('ind.participationCsv')}</a> ·{' '}
          <a href={`/console/exports/participation.xlsx?fy=${fy}`}>{t('ind.participationXlsx')}</a>
        </li>
        <li>
          <a href={`/console/exports/attendance.csv?fy=${fy}`}>{t('ind.attendanceCsv')}</a> ·{' '}
          <a href={`/console/exports/attendance.xlsx?fy=${fy}`}>{t('ind.attendanceXlsx')}</a>
        </li>
        <li>
          <Link to={`/console/reports?fy=${fy}`}>{t('ind.sentences')}</Link>
        </li>
        <li>
          <Link to="/console/indicators/settings">{t('plans.bandsLink')}</Link>
        </li>
      </ul>
    </section>
  )
}
