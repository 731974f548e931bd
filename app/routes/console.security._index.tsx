import { requireAccess } from '~/modules/accounts/access.server'
import type { LoaderFunctionArgs } from '@remix-run/node'
import { useLoaderData } from '@remix-run/react'
import { LogFilters } from '~/components/records/log-filters'
import { PageCount, Pager } from '~/components/records/pager'
import { SECURITY_EVENT_TYPES, SECURITY_OUTCOMES, securityLogPage } from '~/modules/audit/security-log.server'
import { db } from '~/utils/db.server'
import { DateTime } from '~/components/date-time'
import { useLang, useT } from '~/utils/use-i18n'
import { titled } from '~/utils/meta'

export const meta = titled('seclog.title')

export async function loader({ request }: LoaderFunctionArgs) {
  await requireAccess(request, 'audit.read')
  const page = await securityLogPage(db(), new URL(request.url).searchParams)
  return { ...page, types: SECURITY_EVENT_TYPES, outcomes: SECURITY_OUTCOMES }
}

/** Admins: the security log, newest first, 50 a page (CSV for all that match). */
export default function SecurityLog() {
  const { events, paging, types, outcomes } = useLoaderData<typeof loader>()
  const t = useT()
  const lang = useLang()
  return (
    <section>
      <h1>{t('seclog.title')}</h1>
      <p className="lead">{t('seclog.lead')}</p>
      <LogFilters
        choices={[
          {
            name: 'type',
            label: t('seclog.type'),
            any: t('seclog.any'),
            options: types.map((type) => ({ value: type, label: type })),
          },
          {
            name: 'outcome',
            label: t('seclog.outcome'),
            any: t('seclog.any'),
            options: outcomes.map((o) => ({ value: o, label: t(`seclog.outcome.${o}`) })),
          },
        ]}
        labels={{ from: t('seclog.from'), to: t('seclog.to'), filter: t('seclog.filter'), csv: t('seclog.csv') }}
        csvPath="/console/security.csv"
      />
      <PageCount paging={paging} />
      {events.length === 0 ? (
        <p>{t('seclog.none')}</p>
      ) : (
        <div className="table-wrap" tabIndex={0} role="region" aria-label={t('seclog.title')}>
          <table className="data" aria-label={t('seclog.title')}>
            <thead>
              <tr>
                <th scope="col">{t('seclog.at')}</th>
                <th scope="col">{t('seclog.type')}</th>
                <th scope="col">{t('seclog.outcome')}</th>
                <th scope="col">{t('seclog.actor')}</th>
                <th scope="col">{t('seclog.address')}</th>
                <th scope="col">{t('seclog.target')}</th>
                <th scope="col">{t('seclog.detail')}</th>
              </tr>
            </thead>
            <tbody>
              {events.map((e) => (
                <tr key={e.id}>
                  <td>
                    <DateTime date={e.at} lang={lang} />
                  </td>
                  <td>
                    <code>{e.type}</code>
                  </td>
                  <td>{t(`seclog.outcome.${e.outcome as (typeof SECURITY_OUTCOMES)[number]}`)}</td>
                  <td className="anywhere">{e.actorEmail ?? t('seclog.unknownActor')}</td>
                  <td className="anywhere">{e.address}</td>
                  <td className="anywhere">
                    {e.targetType ?? ''}
                    {e.targetId ? (
                      <div className="muted">
                        <small>{e.targetId}</small>
                      </div>
                    ) : null}
                  </td>
                  <td className="breakable">
                    <small>{e.detail}</small>
                    <div className="muted">
                      <small>
                        {t('seclog.requestId')}: {e.requestId}
                      </small>
                    </div>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <Pager paging={paging} />
    </section>
  )
}
