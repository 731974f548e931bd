import fs from 'node:fs'
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { createRequire } from 'node:module'
import type axe from 'axe-core'
import type { Page } from 'playwright-core'
import { LAST_ACCESSIBILITY_CHECK } from '~/modules/accessibility/last-check'

let axeUrl: Promise<string> | undefined

/**
 * axe-core's minified script, served from a loopback server of this test process with a year's
 * cache: the browser keeps the file and its compiled code between pages. Sending the 1.5 MB
 * unminified source with every page (`addScriptTag({ content })`) cost more than a second a page,
 * most of the axe-core file's time.
 */
function servedAxe(): Promise<string> {
  axeUrl ??= new Promise((resolve, reject) => {
    const script = fs.readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'))
    const server = http.createServer((_req, res) => {
      res.writeHead(200, {
        'Content-Type': 'text/javascript; charset=utf-8',
        'Cache-Control': 'public, max-age=31536000, immutable',
        'Access-Control-Allow-Origin': '*',
      })
      res.end(script)
    })
    server.unref() // never keeps the test process alive
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () =>
      resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}/axe.min.js`),
    )
  })
  return axeUrl
}

/**
 * Puts axe-core on the page. The page's context must bypass the Content-Security-Policy (the
 * script comes from another origin than the app's).
 */
export async function injectAxe(page: Page): Promise<void> {
  await page.addScriptTag({ url: await servedAxe() })
}

/**
 * axe-core's WCAG 2.1 A and AA rules (the tags of the last accessibility check) on the page as it
 * is now, at a desktop's and a phone's width, for states of a page the route table's one visit does
 * not show; each violation as "<width> px: <rule> at <elements>". The page's context must bypass the
 * Content-Security-Policy and run JavaScript; the markup is the same without it.
 */
export async function axeViolations(page: Page): Promise<string[]> {
  await injectAxe(page)
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
