import { describe, expect, it } from 'vitest'
import { PAGE_SIZE, pageOf, pageSearch, readPage, requestedPage, slicePage } from './paging'

const q = (query: string) => new URLSearchParams(query)

describe('requestedPage', () => {
  it('reads a whole number from ?page=, full-width digits too, and 1 for anything else', () => {
    expect(requestedPage(q(''))).toBe(1)
    expect(requestedPage(q('page=3'))).toBe(3)
    expect(requestedPage(q('page=３'))).toBe(3)
    for (const bad of ['0', '-2', '2.5', 'abc', '1e3', '9999999']) expect(requestedPage(q(`page=${bad}`))).toBe(1)
  })
})

describe('pageOf', () => {
  it('gives 50 rows a page, the positions shown and the rows to skip', () => {
    expect(PAGE_SIZE).toBe(50)
    expect(pageOf(500, q('page=2'))).toEqual({
      skip: 50,
      take: 50,
      info: { page: 2, pageCount: 10, total: 500, pageSize: 50, param: 'page', first: 51, last: 100 },
    })
    expect(pageOf(123, q('page=3')).info).toMatchObject({ page: 3, pageCount: 3, first: 101, last: 123 })
  })

  it('shows the last page for a page past the end, and one empty page for an empty list', () => {
    expect(pageOf(120, q('page=9')).info).toMatchObject({ page: 3, first: 101, last: 120 })
    expect(pageOf(0, q('page=4'))).toEqual({
      skip: 0,
      take: 50,
      info: { page: 1, pageCount: 1, total: 0, pageSize: 50, param: 'page', first: 0, last: 0 },
    })
  })
})

describe('readPage and slicePage', () => {
  it('reads only the page asked for, and nothing for an empty list', async () => {
    const rows = Array.from({ length: 120 }, (_, i) => i)
    const slices: { skip: number; take: number }[] = []
    const page = await readPage(
      q('page=3'),
      async () => rows.length,
      async (slice) => {
        slices.push(slice)
        return rows.slice(slice.skip, slice.skip + slice.take)
      },
    )
    expect(slices).toEqual([{ skip: 100, take: 50 }])
    expect(page.rows).toEqual(rows.slice(100))
    expect(page.paging.total).toBe(120)
    const empty = await readPage(
      q(''),
      async () => 0,
      async () => {
        throw new Error('an empty list is not read')
      },
    )
    expect(empty.rows).toEqual([])
    expect(slicePage(rows, q('page=2')).rows).toEqual(rows.slice(50, 100))
  })
})

describe('pageSearch', () => {
  it('keeps the filters and drops page=1', () => {
    expect(pageSearch(q('status=FAILED&page=2'), 3)).toBe('?status=FAILED&page=3')
    expect(pageSearch(q('status=FAILED&page=2'), 1)).toBe('?status=FAILED')
    expect(pageSearch(q('page=2'), 1)).toBe('')
    expect(pageSearch(q('q=%E5%B8%82+%E5%BD%B9%E6%89%80'), 2)).toBe('?q=%E5%B8%82+%E5%BD%B9%E6%89%80&page=2')
  })

  it('pages a second list of the same page by its own parameter, leaving the first where it is', () => {
    const params = q('page=2&helpers=3')
    expect(pageOf(200, params, { param: 'helpers' }).info).toMatchObject({ page: 3, param: 'helpers', first: 101 })
    expect(pageSearch(params, 4, 'helpers')).toBe('?page=2&helpers=4')
  })
})
