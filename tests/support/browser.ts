import fs from 'node:fs'
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core'

/**
 * Inside a test run, Debian's `chromium-headless-shell`: the same Chromium (Blink, V8, version)
 * without the desktop browser around it, as Playwright itself runs headless tests. It took a third
 * of the CPU of `/usr/bin/chromium --headless` on the same files (registration: 18 s instead of
 * 54 s; docs/decisions/0044-what-each-test-project-runs.md). Outside a test run (the screenshots
 * script) the full Chromium, as people use it.
 */
export const CHROMIUM =
  process.env.CHROMIUM_PATH ?? (process.env.VITEST ? '/usr/lib/chromium/chromium-headless-shell' : '/usr/bin/chromium')

/** Debian's Chromium, headless, with no background traffic (the machines have no internet). */
function launch(extraArgs: string[]): Promise<Browser> {
  if (!fs.existsSync(CHROMIUM)) {
    const pkg = CHROMIUM.includes('headless-shell') ? 'chromium-headless-shell' : 'chromium'
    throw new Error(`Chromium not found at ${CHROMIUM}: install it with \`apt-get install ${pkg}\` (see .ci/run).`)
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

/** The browser of this test worker, lent to each file in turn (see launchBrowser). */
let shared: Browser | undefined

/**
 * A headless Chromium for a test file. Inside the suite a worker keeps one browser for all the
 * files it runs (workers keep their modules between files, vitest.config.ts): starting and closing
 * Chromium cost about 2.3 s of CPU per file. Each file gets it through a lender whose `close()`
 * closes the contexts (and their pages) the file opened, not the browser, so no cookie, storage or
 * page passes from one file to the next. A file that needs other switches (a fake camera) gets a
 * browser of its own, as does any use outside a test run (scripts/screenshots.ts).
 */
export async function launchBrowser(extraArgs: string[] = []): Promise<Browser> {
  if (extraArgs.length > 0 || !process.env.VITEST) return launch(extraArgs)
  if (!shared?.isConnected()) shared = await launch([])
  return lent(shared)
}

function lent(browser: Browser): Browser {
  const opened = new Set<BrowserContext>()
  const keep = (context: BrowserContext) => {
    opened.add(context)
    context.once('close', () => opened.delete(context))
    return context
  }
  return new Proxy(browser, {
    get(target, property, receiver) {
      if (property === 'newContext')
        return async (...args: Parameters<Browser['newContext']>) => keep(await target.newContext(...args))
      if (property === 'newPage')
        return async (...args: Parameters<Browser['newPage']>) => {
          const page = await target.newPage(...args)
          keep(page.context())
          return page
        }
      if (property === 'contexts') return () => [...opened]
      if (property === 'close')
        return async () => {
          await Promise.all([...opened].map((context) => context.close().catch(() => undefined)))
        }
      const value: unknown = Reflect.get(target, property, receiver)
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value
    },
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
