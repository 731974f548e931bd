/**
 * One way for every console list that can grow without bound (seminars, sent mail, the audit
 * trail, the security log, users, imports) to show a page of it: page numbers in the query
 * (`?page=2`, the first page without one), PAGE_SIZE rows a page, the total, and 前へ/次へ links
 * that keep the list's filters (docs/decisions/0041-console-lists-order-filters-paging.md).
 *
 * Page numbers rather than cursors: every list here has a total to show and filters in its
 * query, and staff say 「3ページ目」. A page past the end shows the last page.
 */

export const PAGE_SIZE = 50
/** The query parameter of the page number. */
export const PAGE_PARAM = 'page'

/** How a list is paged: rows a page, and its page parameter (a second list on a page has its own). */
export type PagingOptions = { pageSize?: number; param?: string }

/** The page asked for: a whole number ≥ 1 (full-width digits too), 1 for anything else. */
export function requestedPage(params: URLSearchParams, param = PAGE_PARAM): number {
  const raw = (params.get(param) ?? '').normalize('NFKC').trim()
  if (!/^\d{1,6}$/.test(raw)) return 1
  return Math.max(1, Number(raw))
}

/** What a list page shows about its place in the whole list. */
export type PageInfo = {
  /** This page, 1-based, never past the last page. */
  page: number
  pageCount: number
  total: number
  pageSize: number
  /** The query parameter of this list's page number. */
  param: string
  /** The 1-based position of the page's first and last row (0 and 0 for an empty list). */
  first: number
  last: number
}

/** Where the page asked for lies in a list of `total` rows; `skip`/`take` select its rows. */
export function pageOf(total: number, params: URLSearchParams, options: PagingOptions = {}) {
  const { pageSize = PAGE_SIZE, param = PAGE_PARAM } = options
  const pageCount = Math.max(1, Math.ceil(total / pageSize))
  const page = Math.min(requestedPage(params, param), pageCount)
  const skip = (page - 1) * pageSize
  const info: PageInfo = {
    page,
    pageCount,
    total,
    pageSize,
    param,
    first: total === 0 ? 0 : skip + 1,
    last: Math.min(total, skip + pageSize),
  }
  return { skip, take: pageSize, info }
}

/**
 * A list read in two steps: count what matches, then read that page's rows. `read` gets
 * `skip`/`take` for the database (ordered the same way every time, ties broken by id).
 */
export async function readPage<Row>(
  params: URLSearchParams,
  count: () => Promise<number>,
  read: (slice: { skip: number; take: number }) => Promise<Row[]>,
  options: PagingOptions = {},
): Promise<{ rows: Row[]; paging: PageInfo }> {
  const { skip, take, info } = pageOf(await count(), params, options)
  const rows = info.total === 0 ? [] : await read({ skip, take })
  return { rows, paging: info }
}

/** A page of a list already in memory (sorted in code, e.g. seminars by their next session). */
export function slicePage<Row>(all: readonly Row[], params: URLSearchParams, options: PagingOptions = {}) {
  const { skip, take, info } = pageOf(all.length, params, options)
  return { rows: all.slice(skip, skip + take), paging: info }
}

/** The query of another page of the same list: every other parameter (the filters) kept. */
export function pageSearch(params: URLSearchParams, page: number, param = PAGE_PARAM): string {
  const next = new URLSearchParams(params)
  if (page <= 1) next.delete(param)
  else next.set(param, String(page))
  const query = next.toString()
  return query ? `?${query}` : ''
}
