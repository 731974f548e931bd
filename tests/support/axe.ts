import axe from 'axe-core'
import type { Page } from 'playwright-core'
import { LAST_ACCESSIBILITY_CHECK } from '~/modules/accessibility/last-check'

/**
 * axe-core's WCAG 2.1 A and AA rules (the tags of the last accessibility check) on the page as it
 * is now, at a desktop's and a phone's width, for states of a page the route table's one visit does
 * not show; each violation as "<width> px: <rule> at <elements>". The page's context must bypass the
 * Content-Security-Policy (axe is injected as an inline script) and run JavaScript; the markup is
 * the same without it.
 */
export async function axeViolations(page: Page): Promise<string[]> {
  await page.addScriptTag({ content: axe.source })
  const found: string[] = []
  for (const width of [1280, 390]) {
    await page.setViewportSize({ width, height: 900 })
    const result = await page.evaluate(
      async (tags) =>
        (
          await (window as unknown as { axe: typeof axe }).axe.run(document, {
            runOnly: { type: 'tag', values: tags },
            resultTypes: ['violations'],
          })
        ).violations.map((v) => `${v.id} at ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`),
      [...LAST_ACCESSIBILITY_CHECK.tags],
    )
    found.push(...result.map((r) => `${width} px: ${r}`))
  }
  await page.setViewportSize({ width: 1280, height: 900 })
  return found
}
