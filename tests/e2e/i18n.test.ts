import fs from 'node:fs'
import path from 'node:path'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { createConsoleUser } from '~/modules/accounts/console-users.server'
import type { Lang, Message } from '~/utils/i18n'
import { DICTIONARIES } from '~/utils/i18n.server'
import { startAppServer, type AppServer } from '../support/app-server'
import { launchBrowser } from '../support/browser'
import { signInByFetch } from '../support/console'
import { createSeminar } from '../support/factories'

/*
 * Strings per language and area (docs/decisions/0030): the browser bundle holds no dictionary; a
 * page names the scripts of its language's areas (a public page none of the console's), and
 * every page renders translated, with and without JavaScript.
 */

let app: AppServer
let browser: Browser
let seminarId: string
let staffCookie: { name: string; value: string }
const PASSWORD = 'a long organizer password'
const pageErrors: Error[] = []
const reactErrors: string[] = []

const forms = (m: Message) => (typeof m === 'string' ? [m] : Object.values(m).filter((f) => f !== m.by))
type Area = keyof typeof DICTIONARIES.ja
/**
 * Texts of an area long enough to be found only where that dictionary went: none is part of a
 * text of another area (the console's 「セミナーはまだありません。」 is in the public list's
 * 「開催予定のセミナーはまだありません。」).
 */
const distinctive = (lang: Lang, area: Area) => {
  const others = (Object.keys(DICTIONARIES[lang]) as Area[])
    .filter((other) => other !== area)
    .flatMap((other) => Object.values(DICTIONARIES[lang][other] as Record<string, Message>).flatMap(forms))
  return Object.values(DICTIONARIES[lang][area] as Record<string, Message>)
    .flatMap(forms)
    .filter((text) => text.replace(/\{\w+\}/g, '').length >= (lang === 'ja' ? 12 : 24))
    .filter((text) => !others.some((s) => s.includes(text)))
}
const found = (body: string, texts: string[]) => texts.filter((text) => body.includes(text))
const KEY_PREFIXES = [
  ...new Set(Object.values(DICTIONARIES.ja).flatMap((d) => Object.keys(d).map((k) => k.split('.')[0]))),
]
const RAW_KEY = new RegExp(`\\b(?:${KEY_PREFIXES.join('|')})\\.[A-Za-z]\\w*`)

beforeAll(async () => {
  app = await startAppServer()
  browser = await launchBrowser()
  seminarId = (await createSeminar(app.db, { title: '翻訳確認セミナー' })).id
  // Program staff sign in without a second factor (MFA_REQUIRED_ROLES defaults to ADMIN).
  await createConsoleUser(app.db, {
    email: 'i18n@city.example.jp',
    name: '翻訳 確認',
    password: PASSWORD,
    role: 'STAFF',
  })
  const [name, value] = (await signInByFetch(app.url, 'i18n@city.example.jp', PASSWORD)).headers
    .get('set-cookie')!
    .split(';')[0]
    .split('=')
  staffCookie = { name, value }
})
afterEach(() => {
  expect(pageErrors).toEqual([])
  expect(reactErrors).toEqual([])
  expect(app.errors()).toBe('')
})
afterAll(async () => {
  await browser?.close()
  await app?.stop()
})

async function contextFor(lang: Lang, javaScriptEnabled: boolean, signedIn = false): Promise<BrowserContext> {
  const context = await browser.newContext({ javaScriptEnabled })
  await context.addCookies([
    { name: 'lang', value: lang, url: app.url },
    ...(signedIn ? [{ ...staffCookie, url: app.url }] : []),
  ])
  return context
}

/** Opens a page and returns it with the HTML and the scripts it downloaded. */
async function open(context: BrowserContext, pathname: string) {
  const page = await context.newPage()
  page.on('pageerror', (error) => pageErrors.push(error))
  // A hydration mismatch (a string the browser lacks) is a recoverable React error in the console.
  page.on('console', (m) => {
    if (m.type() === 'error' && /Minified React error|hydrat/i.test(m.text())) reactErrors.push(m.text())
  })
  const scripts: Promise<string>[] = []
  page.on('response', (res) => {
    if (res.request().resourceType() === 'script') scripts.push(res.text())
  })
  const response = await page.goto(`${app.url}${pathname}`)
  const html = await response!.text()
  await page.waitForLoadState('networkidle') // hydrated, when JavaScript is on
  return { page, html, scripts: (await Promise.all(scripts)).join('\n') }
}

async function expectTranslated(page: Page) {
  const text = await page.locator('body').innerText()
  expect(text.match(RAW_KEY), 'a key shown instead of its text').toBeNull()
}

describe('strings per language and area', () => {
  it('keeps every dictionary out of the browser bundle, but the Japanese frame for an unknown URL', () => {
    const assets = path.join('build', 'client', 'assets')
    const bundle = fs
      .readdirSync(assets)
      .filter((f) => f.endsWith('.js'))
      .map((f) => fs.readFileSync(path.join(assets, f), 'utf8'))
      .join('\n')
    for (const lang of ['ja', 'en'] as const)
      for (const area of ['public', 'console', 'server'] as const)
        expect(found(bundle, distinctive(lang, area)), `${lang} ${area}`).toEqual([])
    expect(bundle).toContain(DICTIONARIES.ja.shell['errors.notFound'])
    expect(bundle).not.toContain(DICTIONARIES.en.shell['errors.notFound'])
  })

  const PUBLIC_PAGES = [
    { path: () => '/', ja: '開催予定のセミナー', en: 'Upcoming seminars' },
    { path: () => `/seminars/${seminarId}`, ja: '申し込む', en: 'Register' },
    {
      path: () => `/seminars/${seminarId}/register`,
      ja: '個人情報の取扱いに同意します',
      en: 'I agree to the handling',
    },
  ]
  for (const lang of ['ja', 'en'] as const)
    for (const javaScriptEnabled of [true, false])
      it(`renders public pages in ${lang} with no console string (JavaScript ${javaScriptEnabled ? 'on' : 'off'})`, async () => {
        const other = lang === 'ja' ? 'en' : 'ja'
        const context = await contextFor(lang, javaScriptEnabled, true)
        for (const p of PUBLIC_PAGES) {
          const { page, html, scripts } = await open(context, p.path())
          await expect.poll(() => page.locator('main').innerText()).toContain(p[lang])
          await expectTranslated(page)
          expect(found(html + scripts, distinctive(lang, 'console')), p.path()).toEqual([])
          expect(found(html + scripts, distinctive(other, 'console')), p.path()).toEqual([])
          expect(found(html, distinctive(other, 'public')), p.path()).toEqual([])
          expect(html).toMatch(new RegExp(`src="/i18n/${lang}-public\\.[0-9a-f]{12}\\.js"`))
          expect(html).not.toMatch(/src="\/i18n\/\w+-console/)
          // The strings arrive as a script of their own (cached for good), not in the HTML.
          expect(html).not.toContain(DICTIONARIES[lang].public['manage.cancelQuestion'])
          if (javaScriptEnabled) expect(scripts).toContain(DICTIONARIES[lang].public['manage.cancelQuestion'])
          await page.close()
        }
        await context.close()
      })

  for (const lang of ['ja', 'en'] as const)
    for (const javaScriptEnabled of [true, false])
      it(`renders a console page in ${lang} (JavaScript ${javaScriptEnabled ? 'on' : 'off'})`, async () => {
        const context = await contextFor(lang, javaScriptEnabled, true)
        const { page, html } = await open(context, `/console/seminars/${seminarId}`)
        await expect
          .poll(() => page.locator('nav.console-nav').innerText())
          .toContain(DICTIONARIES[lang].console['console.title'])
        await expect.poll(() => page.locator('main').innerText()).toContain('翻訳確認セミナー')
        await expectTranslated(page)
        expect(html).toMatch(new RegExp(`src="/i18n/${lang}-console\\.[0-9a-f]{12}\\.js"`))
        expect(html).not.toContain(DICTIONARIES[lang].console['console.cancelOnBehalfTitle'])
        await context.close()
      })

  it('serves the strings scripts to be cached for good', async () => {
    const html = await (await fetch(`${app.url}/`, { headers: { cookie: 'lang=en' } })).text()
    const src = /src="(\/i18n\/en-public\.[0-9a-f]{12}\.js)"/.exec(html)![1]
    const res = await fetch(`${app.url}${src}`)
    expect(res.headers.get('content-type')).toBe('text/javascript; charset=utf-8')
    expect(res.headers.get('cache-control')).toBe('public, max-age=31536000, immutable')
    expect(await res.text()).toContain(DICTIONARIES.en.public['list.title'])
    expect((await fetch(`${app.url}/i18n/en-server.000000000000.js`)).status).toBe(404)
  })

  it('brings the console strings along when a public page navigates to the console, and the language when it switches', async () => {
    const context = await contextFor('ja', true, true)
    const { page, html } = await open(context, '/')
    expect(html).not.toContain(DICTIONARIES.ja.console['console.title'])
    await page.getByRole('link', { name: '主催者', exact: true }).click()
    await page.waitForURL(`${app.url}/console`)
    await expect.poll(() => page.locator('nav.console-nav').innerText()).toContain('主催者コンソール')
    await expectTranslated(page)
    await page.getByRole('button', { name: 'English' }).click()
    await expect.poll(() => page.locator('nav.console-nav').innerText()).toContain('Organizer console')
    await expectTranslated(page)
    await page.getByRole('link', { name: 'Seminars', exact: true }).first().click()
    await expect.poll(() => page.locator('main h1').first().innerText()).toBe('Upcoming seminars')
    await expectTranslated(page)
    await context.close()
  })

  // Issue 18: an unknown console address hydrated differently from the server's page (React
  // errors 418 and 423): the browser, discovering routes lazily, matched /console partially.
  for (const lang of ['ja', 'en'] as const)
    it(`shows an unknown console address as a 404 in ${lang} that hydrates without a React error`, async () => {
      const context = await contextFor(lang, true, true)
      for (const pathname of ['/console/no-such-page', `/console/seminars/${seminarId}/no-such-page`]) {
        const { page } = await open(context, pathname)
        await expect.poll(() => page.locator('main').innerText()).toContain(DICTIONARIES[lang].shell['errors.notFound'])
        expect(await page.locator('html').getAttribute('lang')).toBe(lang)
        // Hydrated: the header's link goes on to the console, with its strings.
        await page.getByRole('link', { name: DICTIONARIES[lang].shell['nav.console'] as string, exact: true }).click()
        await page.waitForURL(`${app.url}/console`)
        await expect
          .poll(() => page.locator('nav.console-nav').innerText())
          .toContain(DICTIONARIES[lang].console['console.title'])
        await expectTranslated(page)
        await page.close()
      }
      await context.close()
    })

  it('shows an unknown URL in Japanese without the root loader, and the next page with its strings', async () => {
    const context = await contextFor('en', true)
    const { page } = await open(context, '/no-such-page')
    await expect.poll(() => page.locator('main').innerText()).toContain('ページが見つかりません。')
    await page.getByRole('link', { name: 'セミナー一覧へ戻る' }).click()
    await expect.poll(() => page.locator('main h1').first().innerText()).toBe('Upcoming seminars')
    await expectTranslated(page)
    await context.close()
  })
})
