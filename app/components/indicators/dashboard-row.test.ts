import { createElement } from 'react'
import { renderToStaticMarkup } from 'react-dom/server'
import { describe, expect, it } from 'vitest'
import { TrendChart } from './dashboard-row'

describe('the trend chart of an indicator', () => {
  it('labels its years at 12 px or more, inside the drawing', () => {
    const trend = [2023, 2024, 2025, 2026].map((fiscalYear, i) => ({ fiscalYear, actual: (i + 1) * 10 }))
    const svg = renderToStaticMarkup(createElement(TrendChart, { trend, lang: 'ja', unit: '人' }))
    const sizes = [...svg.matchAll(/<text[^>]*font-size="(\d+(?:\.\d+)?)"/g)].map((m) => Number(m[1]))
    expect(sizes).toHaveLength(4)
    for (const size of sizes) expect(size).toBeGreaterThanOrEqual(12)
    const height = Number(/<svg[^>]*height="(\d+)"/.exec(svg)![1])
    for (const [, y] of svg.matchAll(/<text[^>]*y="(\d+(?:\.\d+)?)"/g)) expect(Number(y)).toBeLessThanOrEqual(height)
  })
})
