import fs from 'node:fs'
import { chromium, type Browser, type Page } from 'playwright-core'

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'

/** Debian's Chromium, headless, with no background traffic (the machines have no internet). */
export async function launchBrowser(extraArgs: string[] = []): Promise<Browser> {
  if (!fs.existsSync(CHROMIUM)) {
    throw new Error(`Chromium not found at ${CHROMIUM}: install it with \`apt-get install chromium\` (see .ci/run).`)
  }
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      ...extraArgs,
    ],
  })
}

/**
 * Waits until a status message containing `text` is shown. With JavaScript on, Remix updates the
 * URL before React renders the new page, so reading the status right after `waitForURL` can still
 * see the previous page's message.
 */
export async function waitForStatus(page: Page, text: string): Promise<string> {
  const status = page.getByRole('status').filter({ hasText: text }).first()
  await status.waitFor()
  return (await status.textContent()) ?? ''
}

/**
 * The JavaScript settings a browser flow runs with: on and off on SQLite; on PostgreSQL only off,
 * where every step is a request the server answers from the database. What JavaScript adds runs in
 * the browser and is the same whatever the database (docs/decisions/0044-what-each-test-project-runs.md).
 */
export const JAVASCRIPT_SETTINGS: readonly boolean[] =
  process.env.JISSEKI_TEST_DB === 'postgres' ? [false] : [true, false]
