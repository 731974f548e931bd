import { Link, useSearchParams } from '@remix-run/react'
import { pageSearch, type PageInfo } from '~/utils/paging'
import { useT } from '~/utils/use-i18n'

/** The count above a long list: 「全123件中 51〜100件目」, or 「全12件」 when it fits one page. */
export function PageCount({ paging }: { paging: PageInfo }) {
  const t = useT()
  if (paging.total === 0) return null
  return <p className="pager-count">{countText(t, paging)}</p>
}

function countText(t: ReturnType<typeof useT>, { pageCount, total, first, last }: PageInfo) {
  return pageCount > 1 ? t('paging.range', { total, first, last }) : t('paging.total', { count: total })
}

/**
 * Where a page of a long list stands — 「全123件中 51〜100件目」 — and 前へ/次へ links that keep the
 * list's filters (app/utils/paging.ts). Plain links: it works without JavaScript. `label` names
 * the list, for a page with more than one.
 */
export function Pager({ paging, label }: { paging: PageInfo; label?: string }) {
  const [params] = useSearchParams()
  const t = useT()
  const { page, pageCount } = paging
  // A list that fits one page has only its count (PageCount, above it).
  if (pageCount < 2) return null
  return (
    <nav className="pager" aria-label={label ? t('paging.labelOf', { list: label }) : t('paging.label')}>
      <p className="pager-count">{countText(t, paging)}</p>
      <ul className="pager-links">
        <li>
          {page > 1 ? (
            <Link to={pageSearch(params, page - 1, paging.param)} rel="prev">
              {t('paging.previous')}
            </Link>
          ) : (
            <span aria-disabled="true">{t('paging.previous')}</span>
          )}
        </li>
        <li aria-current="page">{t('paging.page', { page, count: pageCount })}</li>
        <li>
          {page < pageCount ? (
            <Link to={pageSearch(params, page + 1, paging.param)} rel="next">
              {t('paging.next')}
            </Link>
          ) : (
            <span aria-disabled="true">{t('paging.next')}</span>
          )}
        </li>
      </ul>
    </nav>
  )
}
