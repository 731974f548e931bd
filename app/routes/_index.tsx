import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Form, Link, useLoaderData } from '@remix-run/react'
import { Pager } from '~/components/records/pager'
import { localized, SessionTime, StateBadge } from '~/components/seminar-bits'
import { catalogPage } from '~/modules/scheduling/catalog.server'
import { db } from '~/utils/db.server'
import { translator } from '~/utils/i18n.server'
import { roleMay } from '~/modules/accounts/permissions'
import { getLang, optionalStaff } from '~/utils/request.server'
import { useLang, useT } from '~/utils/use-i18n'
import { formatMonth } from '~/utils/time'

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? 'Jisseki' }]

export async function loader({ request }: LoaderFunctionArgs) {
  const page = await catalogPage(db(), new URL(request.url).searchParams)
  const t = translator(getLang(request))
  // An empty list tells staff signed in on this browser where seminars are made.
  const staff = page.paging.total === 0 ? await optionalStaff(request) : null
  const mayCreate = staff !== null && roleMay(staff.role, 'seminars.manage')
  return { title: `${t('list.title')} | ${t('site.name')}`, ...page, mayCreate }
}

export default function SeminarList() {
  const { seminars, paging, options, filters, mayCreate } = useLoaderData<typeof loader>()
  const t = useT()
  const lang = useLang()
  const filtered = Object.values(filters).some(Boolean)
  return (
    <>
      <h1>{t('list.title')}</h1>
      <p className="muted">
        <a href="/calendar.ics" title={t('calendar.subscribeHint')}>
          {t('calendar.subscribe')}
        </a>
      </p>
      <Form method="get" className="filters" aria-label={t('list.filters')}>
        <label>
          {t('list.program')}
          <select name="program" defaultValue={filters.program}>
            <option value="">{t('list.all')}</option>
            {options.programs.map((p) => (
              <option key={p.code} value={p.code}>
                {localized(lang, p.name, p.nameEn)}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('list.category')}
          <select name="category" defaultValue={filters.category}>
            <option value="">{t('list.all')}</option>
            {options.categories.map((c) => (
              <option key={c.id} value={c.id}>
                {localized(lang, c.name, c.nameEn)}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('list.month')}
          <select name="month" defaultValue={filters.month}>
            <option value="">{t('list.all')}</option>
            {options.months.map((m) => (
              <option key={m} value={m}>
                {formatMonth(m, lang)}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('list.mode')}
          <select name="mode" defaultValue={filters.mode}>
            <option value="">{t('list.all')}</option>
            {(['IN_PERSON', 'ONLINE', 'HYBRID'] as const).map((m) => (
              <option key={m} value={m}>
                {t(`mode.${m}`)}
              </option>
            ))}
          </select>
        </label>
        <div className="filter-actions">
          <button type="submit">{t('list.apply')}</button>
          {filtered ? <Link to="/">{t('list.clear')}</Link> : null}
        </div>
      </Form>
      <p className="result-count" aria-live="polite">
        {paging.pageCount > 1
          ? t('paging.range', { total: paging.total, first: paging.first, last: paging.last })
          : t('list.count', { count: paging.total })}
      </p>
      {paging.total === 0 && filtered ? (
        <p className="empty">{t('list.empty')}</p>
      ) : paging.total === 0 ? (
        <div className="empty">
          <p>{t('list.none')}</p>
          <p>{t('list.noneNext')}</p>
          {mayCreate ? (
            <p>
              <Link to="/console/seminars/new">{t('list.createOne')}</Link>
            </p>
          ) : null}
        </div>
      ) : (
        <ul className="seminar-cards">
          {seminars.map((s) => (
            <li key={s.id} className="card">
              <div className="card-head">
                <StateBadge state={s.state} t={t} />
                {s.lotteryPending ? <span className="chip">{t('lotteryEntry.badge')}</span> : null}
                {s.category ? (
                  <span className="chip">{localized(lang, s.category.name, s.category.nameEn)}</span>
                ) : null}
                <span className="chip">{t(`mode.${s.mode}`)}</span>
              </div>
              <h2>
                <Link to={`/seminars/${s.id}`}>{localized(lang, s.title, s.titleEn)}</Link>
              </h2>
              <p className="program-name">{localized(lang, s.program.name, s.program.nameEn)}</p>
              <p>
                {s.sessionCount > 1
                  ? `${t('list.sessions', { count: s.sessionCount })} · ${t('list.firstSession')} `
                  : null}
                <SessionTime startsAt={s.firstSession.startsAt} endsAt={s.firstSession.endsAt} lang={lang} />
              </p>
              {s.venueName ? <p className="venue">{localized(lang, s.venueName, s.venueNameEn)}</p> : null}
            </li>
          ))}
        </ul>
      )}
      <Pager paging={paging} label={t('list.title')} />
    </>
  )
}
