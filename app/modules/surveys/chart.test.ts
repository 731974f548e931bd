import { createElement } from 'react'
import { renderToStaticMarkup } from 'react-dom/server'
import { describe, expect, it } from 'vitest'
import { BarChart } from './chart'

describe('the bar chart of a survey question', () => {
  const bars = [
    { label: '満足', count: 40 },
    { label: 'やや満足', count: 20 },
    { label: 'どちらともいえない', count: 0 },
    { label: 'とても長い選択肢の文言がここに入ってグラフからはみ出しそうになる', count: 5 },
  ]
  const svg = renderToStaticMarkup(createElement(BarChart, { name: '満足度', bars, unit: (n: number) => `${n}件` }))

  it('is an image named with every bar and its number, scaled to the page by its viewBox', () => {
    expect(svg).toMatch(/^<svg[^>]*role="img"/)
    expect(svg).toContain(
      'aria-label="満足度: 満足 40件, やや満足 20件, どちらともいえない 0件, とても長い選択肢の文言がここに入ってグラフからはみ出しそうになる 5件"',
    )
    expect(svg).toContain('viewBox="0 0 480 248"')
    expect(svg).toContain('width="100%"')
    expect(svg).not.toMatch(/<svg[^>]*\sheight=/)
  })

  it('draws bars in proportion, an empty choice without a bar, long words shortened to fit', () => {
    const widths = [...svg.matchAll(/<rect[^>]*width="(\d+)"/g)].map((m) => Number(m[1]))
    expect(widths).toEqual([390, 195, 0, 49])
    expect(svg).toContain('>とても長い選択肢の文言がここに入ってグ…</text>')
    const sizes = [...svg.matchAll(/font-size="(\d+)"/g)].map((m) => Number(m[1]))
    expect(new Set(sizes)).toEqual(new Set([22]))
  })
})
