import { roleMay } from '~/modules/accounts/permissions'
import { requireAccess } from '~/modules/accounts/access.server'
import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { SessionTime } from '~/components/seminar-bits'
import { fiscalYearLabel } from '~/modules/indicators/fiscal-year'
import { currentFiscalYear, evidence } from '~/modules/indicators/indicators.server'
import { db } from '~/utils/db.server'
import { pageTitle } from '~/utils/meta'
import { formatDateTime } from '~/utils/time'
import { useLang, useT } from '~/utils/use-i18n'

export const meta: MetaFunction = ({ matches }) => [{ title: pageTitle(matches, 'ind.evidenceTitle') }]

/** The seminars and sessions behind an actual; the attendance records for organizers and admins. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireAccess(request, 'indicators.manage')
  const fy = Number(new URL(request.url).searchParams.get('fy')) || currentFiscalYear()
  const result = await evidence(db(), params.id ?? '', fy)
  if (!result) throw new Response('Not found', { status: 404 })
  const mayReadRecords = roleMay(user.role, 'personal-data.export')
  return {
    fiscalYear: fy,
    indicator: {
      id: result.indicator.id,
      name: result.indicator.name,
      rule: result.indicator.rule,
      unit: result.indicator.unit,
    },
    sessions: result.sessions.map((s) => ({ ...s, records: mayReadRecords ? s.records : [] })),
    mayReadRecords,
  }
}

export default function Evidence() {
  const { fiscalYear, indicator, sessions, mayReadRecords } = useLoaderData<typeof loader>()
  const t = useT()
  const lang = useLang()
  return (
    <section>
      <p>
        <Link to={`/console/indicators?fy=${fiscalYear}`}>← {t('ind.title')}</Link>
      </p>
      <h1>
        {t('ind.evidenceTitle')}: {indicator.name} {fiscalYearLabel(fiscalYear, lang)}
      </h1>
      <p className="muted">{t(`ind.rule.${indicator.rule}`)}</p>
      {!mayReadRecords ? <p className="notice">{t('ind.recordsHidden')}</p> : null}
      <h2>{t('ind.evidenceSessions')}</h2>
      <div className="table-wrap">
        <table className="data" aria-label={t('ind.evidenceSessions')}>
          <thead>
            <tr>
              <th scope="col">{t('eval.program')}</th>
              <th scope="col">{t('console.field.title')}</th>
              <th scope="col">{t('seminar.sessions')}</th>
              <th scope="col">{t('ind.personTimes')}</th>
              <th scope="col">{t('ind.persons')}</th>
              <th scope="col">{t('ind.organizations')}</th>
            </tr>
          </thead>
          <tbody>
            {sessions.map((s) => (
              <tr key={s.sessionId}>
                <td>{s.seminar.program.name}</td>
                <td>
                  <Link to={`/console/seminars/${s.seminar.id}`}>{s.seminar.title}</Link>
                </td>
                <td>
                  {t('seminar.session', { number: s.number })}{' '}
                  <SessionTime startsAt={s.startsAt} endsAt={s.startsAt} lang={lang} />
                </td>
                <td className="num">{s.personTimes}</td>
                <td className="num">{s.persons}</td>
                <td className="num">{s.organizations}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {mayReadRecords
        ? sessions
            .filter((s) => s.records.length > 0)
            .map((s) => (
              <details key={s.sessionId}>
                <summary>
                  {t('ind.records')}: {s.seminar.title} {t('seminar.session', { number: s.number })} ({s.records.length}
                  )
                </summary>
                <ul>
                  {s.records.map((r) => (
                    <li key={r.registration.id}>
                      {r.registration.name} {r.registration.organizationName ?? ''} — {t(`mode.${r.mode}`)},{' '}
                      {t(`source.${r.source}`)}, {formatDateTime(new Date(r.checkedInAt), lang)}
                      {r.onlineMinutes !== null ? `, ${r.onlineMinutes}${t('attendance.minutes')}` : ''}
                    </li>
                  ))}
                </ul>
              </details>
            ))
        : null}
    </section>
  )
}
