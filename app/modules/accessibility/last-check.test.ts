import fs from 'node:fs'
import { describe, expect, it } from 'vitest'
import { pageRoutes, routePattern } from '../../../tests/support/route-table'
import { LAST_ACCESSIBILITY_CHECK as CHECK } from './last-check'

describe('the last accessibility check, as the policy page publishes it', () => {
  it('lists exactly the pages of the route table, which the axe-core check visits', () => {
    expect(CHECK.pages).toEqual(pageRoutes().map(([id]) => routePattern(id)))
  })

  it('names the installed axe-core and the WCAG 2.1 A and AA rules', () => {
    const installed = JSON.parse(fs.readFileSync('node_modules/axe-core/package.json', 'utf8')) as { version: string }
    expect(CHECK.axeCore).toBe(installed.version)
    expect([...CHECK.tags].sort()).toEqual(['wcag21a', 'wcag21aa', 'wcag2a', 'wcag2aa'])
  })

  it('names keyboard tests that exist', () => {
    const source = fs.readFileSync('tests/e2e/keyboard.test.ts', 'utf8')
    for (const task of CHECK.keyboard) expect(source, task).toContain(`'${task}'`)
  })

  it('is dated as a day', () => {
    expect(CHECK.date).toMatch(/^\d{4}-\d{2}-\d{2}$/)
  })
})
