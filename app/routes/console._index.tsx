import { requireAccess } from '~/modules/accounts/access.server'
import { homePath, roleMay } from '~/modules/accounts/permissions'
import { redirect, type LoaderFunctionArgs } from '@remix-run/node'
import { Form, Link, useLoaderData } from '@remix-run/react'
import { MailHealthPanel } from '~/components/mail-health'
import { PageCount, Pager } from '~/components/records/pager'
import { consoleSeminars } from '~/modules/scheduling/catalog.server'
import { SEMINAR_STATUSES, SEMINAR_WHENS } from '~/modules/scheduling/console-list.server'
import { db } from '~/utils/db.server'
import { formatDateTime } from '~/utils/time'
import { titled } from '~/utils/meta'
import { useLang, useT } from '~/utils/use-i18n'

export const meta = titled('nav.seminars')

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireAccess(request, 'console')
  // Check-in helpers have a home of their own.
  if (!roleMay(user.role, 'seminars.read')) throw redirect(homePath(user.role))
  // Admins see here when mail is not moving (the same as /healthz); others are not told.
  const page = await consoleSeminars(db(), user, roleMay(user.role, 'mail.read'), new URL(request.url).searchParams)
  return {
    ...page,
    statuses: SEMINAR_STATUSES,
    whens: SEMINAR_WHENS,
    mayCreate: roleMay(user.role, 'seminars.manage'),
  }
}

function capacityText(taken: number, capacity: number | null) {
  return capacity === null ? `${taken} / –` : `${taken} / ${capacity}`
}

/** The seminars, by date, filtered by a plain GET form (the filters stay in the URL), 50 a page. */
export default function ConsoleSeminars() {
  const {
    seminars,
    filters,
    programs,
    statuses,
    whens,
    paging,
    mayCreate,
    mailHealth: health,
  } = useLoaderData<typeof loader>()
  const t = useT()
  const lang = useLang()
  const filtered = Object.values(filters).some(Boolean)
  return (
    <section>
      <div className="actions">
        <h1>{t('console.seminars')}</h1>
        {mayCreate ? (
          <Link to="/console/seminars/new" className="button button-primary">
            {t('console.newSeminar')}
          </Link>
        ) : null}
        {mayCreate ? (
          <Link to="/console/past-imports" className="button">
            {t('imports.pastLink')}
          </Link>
        ) : null}
      </div>
      {health?.state === 'degraded' ? <MailHealthPanel health={health} /> : null}
      {/* Keyed by the query: after a link (今日, a page, clear) the form shows the filters of the URL. */}
      <Form
        method="get"
        className="filters"
        aria-label={t('console.list.filters')}
        key={new URLSearchParams(filters).toString()}
      >
        <label>
          {t('console.field.program')}
          <select name="program" defaultValue={filters.program}>
            <option value="">{t('console.list.all')}</option>
            {programs.map((p) => (
              <option key={p.code} value={p.code}>
                {p.name}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('console.list.status')}
          <select name="status" defaultValue={filters.status}>
            <option value="">{t('console.list.all')}</option>
            {statuses.map((s) => (
              <option key={s} value={s}>
                {t(`console.status.${s}`)}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('console.list.when')}
          <select name="when" defaultValue={filters.when}>
            <option value="">{t('console.list.all')}</option>
            {whens.map((w) => (
              <option key={w} value={w}>
                {t(`console.list.when.${w}`)}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('console.list.text')}
          <input type="search" name="q" defaultValue={filters.q} maxLength={200} />
        </label>
        <div className="filter-actions">
          <button type="submit">{t('console.list.apply')}</button>
          {filters.when === 'today' ? null : <Link to="/console?when=today">{t('console.list.todayLink')}</Link>}
          {filtered ? <Link to="/console">{t('console.list.clear')}</Link> : null}
        </div>
      </Form>
      {seminars.length === 0 ? (
        filtered ? (
          <p>{t('console.list.empty')}</p>
        ) : (
          <div className="empty">
            <p>{t('console.noSeminars')}</p>
            {mayCreate ? (
              <p>
                {t('console.noSeminarsNext')} <Link to="/console/seminars/new">{t('console.newSeminar')}</Link>
              </p>
            ) : null}
          </div>
        )
      ) : (
        <>
          <PageCount paging={paging} />
          <div className="table-wrap" tabIndex={0} role="region" aria-label={t('console.seminars')}>
            <table className="data">
              <thead>
                <tr>
                  <th scope="col">{t('console.field.title')}</th>
                  <th scope="col">{t('console.field.program')}</th>
                  <th scope="col">{t('console.list.date')}</th>
                  <th scope="col">{t('console.field.mode')}</th>
                  <th scope="col">{t('console.capacitySummary')}</th>
                  <th scope="col">{t('console.waitlist')}</th>
                  <th scope="col">{t('manage.status')}</th>
                </tr>
              </thead>
              <tbody>
                {seminars.map((s) => (
                  <tr key={s.id}>
                    <td>
                      <Link to={`/console/seminars/${s.id}`}>{s.title}</Link>
                    </td>
                    <td>{s.program.name}</td>
                    <td>
                      {s.session ? (
                        <>
                          <span className="nowrap">{formatDateTime(new Date(s.session.startsAt), lang)}</span>
                          {s.sessionCount > 1 ? (
                            <div className="muted">
                              {t('console.list.sessionOf', { number: s.session.number, count: s.sessionCount })}
                            </div>
                          ) : null}
                        </>
                      ) : (
                        <span className="muted">{t('console.list.noSession')}</span>
                      )}
                    </td>
                    <td>{t(`mode.${s.mode}`)}</td>
                    <td>
                      {s.mode !== 'ONLINE' ? (
                        <div>{`${t('mode.IN_PERSON')} ${capacityText(s.seatsTakenInPerson, s.capacityInPerson)}`}</div>
                      ) : null}
                      {s.mode !== 'IN_PERSON' ? (
                        <div>{`${t('mode.ONLINE')} ${capacityText(s.seatsTakenOnline, s.capacityOnline)}`}</div>
                      ) : null}
                    </td>
                    <td>{s.waiting}</td>
                    <td>
                      <span className={`badge badge-status-${s.status}`}>{t(`console.status.${s.status}`)}</span>
                      {s.past && s.status !== 'CANCELLED' ? (
                        <div>
                          <span className="chip">{t('console.list.ended')}</span>
                        </div>
                      ) : null}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <Pager paging={paging} />
        </>
      )}
    </section>
  )
}
