import { requireAccess } from '~/modules/accounts/access.server'
import type { LoaderFunctionArgs } from '@remix-run/node'
import { Form, Link, useLoaderData, useSearchParams } from '@remix-run/react'
import { auditFacets, listAuditEvents } from '~/modules/audit/audit.server'
import { auditFilterFrom } from '~/modules/audit/filter'
import { db } from '~/utils/db.server'
import { formatDateTime } from '~/utils/time'
import { useLang, useT } from '~/utils/use-i18n'

export async function loader({ request }: LoaderFunctionArgs) {
  await requireAccess(request, 'audit.read')
  const filter = auditFilterFrom(new URL(request.url).searchParams)
  const [events, facets] = await Promise.all([listAuditEvents(db(), filter), auditFacets(db())])
  return { events, facets }
}

/** Admins: who changed what and when, and who exported personal data (newest 200; CSV for all). */
export default function AuditTrail() {
  const { events, facets } = useLoaderData<typeof loader>()
  const [params] = useSearchParams()
  const t = useT()
  const lang = useLang()
  return (
    <section>
      <h1>{t('audit.title')}</h1>
      <p className="lead">{t('audit.lead')}</p>
      <Form method="get" className="filters">
        <label>
          {t('audit.action')}{' '}
          <select name="action" defaultValue={params.get('action') ?? ''}>
            <option value="">{t('audit.any')}</option>
            {facets.actions.map((a) => (
              <option key={a} value={a}>
                {a}
              </option>
            ))}
          </select>
        </label>{' '}
        <label>
          {t('audit.from')} <input type="date" name="from" defaultValue={params.get('from') ?? ''} />
        </label>{' '}
        <label>
          {t('audit.to')} <input type="date" name="to" defaultValue={params.get('to') ?? ''} />
        </label>{' '}
        <button type="submit" className="button">
          {t('audit.filter')}
        </button>{' '}
        <Link to={`/console/audit.csv?${params.toString()}`} reloadDocument>
          {t('audit.csv')}
        </Link>
      </Form>
      {events.length === 0 ? (
        <p>{t('audit.none')}</p>
      ) : (
        <div className="table-wrap">
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
