import { requireAccess } from '~/modules/accounts/access.server'
import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Form, Link, useLoaderData } from '@remix-run/react'
import type { Table } from '~/modules/indicators/evaluation-export.server'
import { reportsPage } from '~/modules/indicators/figure-pages.server'
import { fiscalYearLabel, formatDateTime } from '~/utils/time'
import { shownFiscalYear } from '~/modules/indicators/forms'
import { ClosedYearDifferences } from '~/components/closed-year'
import { roleMay } from '~/modules/accounts/permissions'
import { db } from '~/utils/db.server'
import { pageTitle } from '~/utils/meta'
import { getLang } from '~/utils/request.server'
import { useLang, useT } from '~/utils/use-i18n'

export const meta: MetaFunction = ({ matches }) => [{ title: pageTitle(matches, 'sentences.title') }]

/** Sentences per program for a fiscal year, in the style of the annual reports, to paste. */
export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireAccess(request, 'totals.export')
  const fiscalYear = shownFiscalYear(new URL(request.url).searchParams)
  const page = await reportsPage(db(), fiscalYear, getLang(request))
  return { ...page, canAccept: roleMay(user.role, 'indicators.manage') }
}

/** One exported table on the page: blank cells stay blank, rates keep their one decimal. */
function ExportTable({ table, title }: { table: Pick<Table, 'columns' | 'rows'>; title: string }) {
  const cell = (value: string | number | null, numFmt: string | undefined) =>
    value === null
      ? ''
      : typeof value === 'number' && numFmt === '0.0'
        ? value.toFixed(1)
        : value.toLocaleString('ja-JP')
  return (
    <div className="table-wrap" tabIndex={0} role="region" aria-label={title}>
      <table className="data" aria-label={title}>
        <thead>
          <tr>
            {table.columns.map((c) => (
              <th key={c.header} scope="col">
                {c.header}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {table.rows.map((row, i) => (
            <tr key={i}>
              {row.map((value, k) => (
                <td key={k} className={typeof value === 'number' ? 'num' : undefined}>
                  {cell(value, table.columns[k].numFmt)}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  )
}

export default function ReportSentences() {
  const {
    fiscalYear,
    programs,
    rates,
    completers,
    evaluation,
    multiYear,
    status,
    pending,
    digest,
    adjustments,
    canAccept,
    years,
  } = useLoaderData<typeof loader>()
  const t = useT()
  const lang = useLang()
  return (
    <section>
      <p>
        <Link to={`/console/indicators?fy=${fiscalYear}`}>← {t('ind.title')}</Link>
      </p>
      <h1>
        {t('sentences.title')} {fiscalYearLabel(fiscalYear, lang)}
      </h1>
      <p className="hint">{t('sentences.hint')}</p>
      <Form method="get" className="inline-form">
        <label htmlFor="fy">{t('ind.fiscalYear')}</label>
        <div className="row">
          <select id="fy" name="fy" defaultValue={fiscalYear}>
            {years.map((y) => (
              <option key={y} value={y}>
                {fiscalYearLabel(y, lang)}
              </option>
            ))}
          </select>
          <button type="submit" className="button">
            {t('ind.show')}
          </button>
        </div>
      </Form>
      {status.closed ? (
        <>
          <p>{t('close.reportedAsClosed', { date: formatDateTime(new Date(status.closedAt!), lang) })}</p>
          <ClosedYearDifferences
            fiscalYear={fiscalYear}
            version={status.version}
            digest={digest}
            pending={pending}
            adjustments={adjustments}
            canAccept={canAccept}
            t={t}
            lang={lang}
          />
        </>
      ) : null}
      {programs.length === 0 ? <p>{t('sentences.none')}</p> : null}
      {programs.map((p) => (
        <div key={p.programId} className="panel">
          <h2>{p.programName}</h2>
          <p className="hint">
            <Link to={`/console/programs?edit=${p.programId}`}>{t('wording.change')}</Link>
          </p>
          <ul className="sentences">
            {p.sentences.map((s) => (
              <li key={s}>{s}</li>
            ))}
          </ul>
        </div>
      ))}
      {rates.length > 0 ? (
        <div className="panel">
          <h2>{t('sentences.rates')}</h2>
          <ul className="sentences">
            {rates.map((r) => (
              <li key={r.indicatorId}>{r.sentence}</li>
            ))}
          </ul>
        </div>
      ) : null}
      {completers.length > 0 ? (
        <div className="panel">
          <h2>{t('sentences.completers')}</h2>
          <ul className="sentences">
            {completers.map((c) => (
              <li key={c.key}>{c.sentence}</li>
            ))}
          </ul>
        </div>
      ) : null}
      <h2>{t('plans.evaluationTitle')}</h2>
      <p className="hint">{t('plans.reportsLead')}</p>
      <ExportTable table={evaluation} title={t('plans.evaluationTitle')} />
      <h2>{t('plans.multiYearTitle')}</h2>
      <ExportTable table={multiYear} title={t('plans.multiYearTitle')} />
    </section>
  )
}
