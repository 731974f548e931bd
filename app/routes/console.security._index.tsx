import { requireAccess } from '~/modules/accounts/access.server'
import type { LoaderFunctionArgs } from '@remix-run/node'
import { Form, Link, useLoaderData, useSearchParams } from '@remix-run/react'
import {
  listSecurityEvents,
  SECURITY_EVENT_TYPES,
  SECURITY_OUTCOMES,
  securityFilterFrom,
} from '~/modules/audit/security-log.server'
import { db } from '~/utils/db.server'
import { formatDateTime } from '~/utils/time'
import { useLang, useT } from '~/utils/use-i18n'

export async function loader({ request }: LoaderFunctionArgs) {
  await requireAccess(request, 'audit.read')
  const filter = securityFilterFrom(new URL(request.url).searchParams)
  return { events: await listSecurityEvents(db(), filter), types: SECURITY_EVENT_TYPES, outcomes: SECURITY_OUTCOMES }
}

/** Admins: the security log, newest 200 first (CSV for all that match). */
export default function SecurityLog() {
  const { events, types, outcomes } = useLoaderData<typeof loader>()
  const [params] = useSearchParams()
  const t = useT()
  const lang = useLang()
  return (
    <section>
      <h1>{t('seclog.title')}</h1>
      <p className="lead">{t('seclog.lead')}</p>
      <Form method="get" className="filters">
        <label>
          {t('seclog.type')}{' '}
          <select name="type" defaultValue={params.get('type') ?? ''}>
            <option value="">{t('seclog.any')}</option>
            {types.map((type) => (
              <option key={type} value={type}>
                {type}
              </option>
            ))}
          </select>
        </label>{' '}
        <label>
          {t('seclog.outcome')}{' '}
          <select name="outcome" defaultValue={params.get('outcome') ?? ''}>
            <option value="">{t('seclog.any')}</option>
            {outcomes.map((o) => (
              <option key={o} value={o}>
                {t(`seclog.outcome.${o}`)}
              </option>
            ))}
          </select>
        </label>{' '}
        <label>
          {t('seclog.from')} <input type="date" name="from" defaultValue={params.get('from') ?? ''} />
        </label>{' '}
        <label>
          {t('seclog.to')} <input type="date" name="to" defaultValue={params.get('to') ?? ''} />
        </label>{' '}
        <button type="submit" className="button">
          {t('seclog.filter')}
        </button>{' '}
        <Link to={`/console/security.csv?${params.toString()}`} reloadDocument>
          {t('seclog.csv')}
        </Link>
      </Form>
      {events.length === 0 ? (
        <p>{t('seclog.none')}</p>
      ) : (
        <div className="table-wrap">
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
                  <td>{formatDateTime(new Date(e.at), lang)}</td>
                  <td>
                    <code>{e.type}</code>
                  </td>
                  <td>{t(`seclog.outcome.${e.outcome as (typeof SECURITY_OUTCOMES)[number]}`)}</td>
                  <td>{e.actorEmail ?? t('seclog.unknownActor')}</td>
                  <td>{e.address}</td>
                  <td>
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
    </section>
  )
}
