import { requireAccess } from '~/modules/accounts/access.server'
import type { LoaderFunctionArgs } from '@remix-run/node'
import { useLoaderData } from '@remix-run/react'
import { LogFilters } from '~/components/records/log-filters'
import { PageCount, Pager } from '~/components/records/pager'
import { auditPage } from '~/modules/audit/audit.server'
import { db } from '~/utils/db.server'
import { getLang } from '~/utils/request.server'
import { formatDateTime } from '~/utils/time'
import { useLang, useT } from '~/utils/use-i18n'
import { titled } from '~/utils/meta'

export const meta = titled('audit.title')

export async function loader({ request }: LoaderFunctionArgs) {
  await requireAccess(request, 'audit.read')
  return auditPage(db(), new URL(request.url).searchParams, getLang(request))
}

/**
 * Admins: who changed what and when, and who exported personal data (newest first, 50 a page; CSV
 * for all), as sentences in the staff's language; each keeps its codes and raw details under 記録の詳細.
 */
export default function AuditTrail() {
  const { events, paging, actions } = useLoaderData<typeof loader>()
  const t = useT()
  const lang = useLang()
  return (
    <section>
      <h1>{t('audit.title')}</h1>
      <p className="lead">{t('audit.lead')}</p>
      <LogFilters
        choices={[{ name: 'action', label: t('audit.action'), any: t('audit.any'), options: actions }]}
        labels={{ from: t('audit.from'), to: t('audit.to'), filter: t('audit.filter'), csv: t('audit.csv') }}
        csvPath="/console/audit.csv"
      />
      <PageCount paging={paging} />
      {events.length === 0 ? (
        <p>{t('audit.none')}</p>
      ) : (
        <div className="table-wrap" tabIndex={0} role="region" aria-label={t('audit.title')}>
          <table className="data" aria-label={t('audit.title')}>
            <thead>
              <tr>
                <th scope="col">{t('audit.at')}</th>
                <th scope="col">{t('audit.event')}</th>
              </tr>
            </thead>
            <tbody>
              {events.map((e) => (
                <tr key={e.id}>
                  <td className="audit-at">{formatDateTime(new Date(e.at), lang)}</td>
                  <td>
                    {e.sentence}
                    <details className="audit-raw">
                      <summary>{t('audit.record')}</summary>
                      <dl>
                        <dt>{t('audit.actor')}</dt>
                        <dd>{e.actor ? `${e.actor.name} <${e.actor.email}>` : t('audit.system')}</dd>
                        <dt>{t('audit.action')}</dt>
                        <dd>
                          <code>{e.action}</code>
                        </dd>
                        <dt>{t('audit.entity')}</dt>
                        <dd>
                          <code>
                            {e.entityType} {e.entityId}
                          </code>
                        </dd>
                        <dt>{t('audit.detail')}</dt>
                        <dd>
                          <code>{e.detail}</code>
                        </dd>
                      </dl>
                    </details>
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
