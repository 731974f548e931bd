import { requireAccess } from '~/modules/accounts/access.server'
import type { LoaderFunctionArgs } from '@remix-run/node'
import { useLoaderData } from '@remix-run/react'
import { LogFilters } from '~/components/records/log-filters'
import { auditPage } from '~/modules/audit/audit.server'
import { db } from '~/utils/db.server'
import { formatDateTime } from '~/utils/time'
import { useLang, useT } from '~/utils/use-i18n'

export async function loader({ request }: LoaderFunctionArgs) {
  await requireAccess(request, 'audit.read')
  return auditPage(db(), new URL(request.url).searchParams)
}

/** Admins: who changed what and when, and who exported personal data (newest 200; CSV for all). */
export default function AuditTrail() {
  const { events, facets } = useLoaderData<typeof loader>()
  const t = useT()
  const lang = useLang()
  return (
    <section>
      <h1>{t('audit.title')}</h1>
      <p className="lead">{t('audit.lead')}</p>
      <LogFilters
        choices={[
          {
            name: 'action',
            label: t('audit.action'),
            any: t('audit.any'),
            options: facets.actions.map((a) => ({ value: a, label: a })),
          },
        ]}
        labels={{ from: t('audit.from'), to: t('audit.to'), filter: t('audit.filter'), csv: t('audit.csv') }}
        csvPath="/console/audit.csv"
      />
      {events.length === 0 ? (
        <p>{t('audit.none')}</p>
      ) : (
        // Scrolls sideways on a narrow screen: focusable, so the keyboard can scroll it (WCAG 2.1.1).
        <div className="table-wrap" role="region" aria-label={t('audit.title')} tabIndex={0}>
          <table className="data" aria-label={t('audit.title')}>
            <thead>
              <tr>
                <th scope="col">{t('audit.at')}</th>
                <th scope="col">{t('audit.actor')}</th>
                <th scope="col">{t('audit.action')}</th>
                <th scope="col">{t('audit.entity')}</th>
                <th scope="col">{t('audit.detail')}</th>
              </tr>
            </thead>
            <tbody>
              {events.map((e) => (
                <tr key={e.id}>
                  <td>{formatDateTime(new Date(e.at), lang)}</td>
                  <td>{e.actor?.name ?? t('audit.system')}</td>
                  <td>
                    <code>{e.action}</code>
                  </td>
                  <td>
                    {e.entityType}
                    <div className="muted">
                      <small>{e.entityId}</small>
                    </div>
                  </td>
                  <td>
                    <small>{e.detail}</small>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  )
}
