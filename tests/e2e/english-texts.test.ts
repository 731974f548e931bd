import type { Browser, BrowserContext, Page } from 'playwright-core'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { createConsoleUser } from '~/modules/accounts/console-users.server'
import type { Lang } from '~/utils/i18n'
import { startAppServer, type AppServer } from '../support/app-server'
import { launchBrowser } from '../support/browser'
import { signInByFetch } from '../support/console'
import { createSeminar } from '../support/factories'

/*
 * English texts of a seminar (issue 18 point 6, docs/decisions/0038), end to end: staff type the
 * English description, venue and a session's title in the console's seminar and session forms;
 * English readers see them on the list, the seminar page, after registering and on their own
 * page, Japanese readers the Japanese; an English field left empty shows the Japanese.
 */

let app: AppServer
let browser: Browser
const PASSWORD = 'a long organizer password'
const pageErrors: Error[] = []

const JA = {
  title: '英語表示の確認セミナー',
  description: '生成AIの基礎を学ぶ日本語の説明です。',
  venue: '産業振興センター 2階 セミナールーム',
  first: '基礎編',
  second: '応用編',
}
const EN = {
  title: 'Seminar to check English texts',
  description: 'An English description: the basics of generative AI.',
  venue: 'Industry Promotion Center, Seminar Room 2F',
  first: 'Basics',
}

beforeAll(async () => {
  app = await startAppServer()
  browser = await launchBrowser()
})
afterEach(() => {
  expect(pageErrors).toEqual([])
  expect(app.errors()).toBe('')
})
afterAll(async () => {
  await browser?.close()
  await app?.stop()
})

async function pageFor(
  lang: Lang,
  staffCookie?: { name: string; value: string },
): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext()
  await context.addCookies([
    { name: 'lang', value: lang, url: app.url },
    ...(staffCookie ? [{ ...staffCookie, url: app.url }] : []),
  ])
  const page = await context.newPage()
  page.on('pageerror', (error) => pageErrors.push(error))
  return { context, page }
}

const text = (page: Page, selector: string) => page.locator(selector).first().innerText()

describe('English texts of a seminar', () => {
  it('are typed in the console forms and shown to English readers, the Japanese ones to Japanese readers and where English is empty', async () => {
    const seminar = await createSeminar(app.db, {
      title: JA.title,
      titleEn: EN.title,
      description: JA.description,
      mode: 'HYBRID',
      venueName: JA.venue,
      onlineUrl: 'https://meet.example.com/j/42',
      capacityOnline: 20,
    })
    const first = await app.db.session.findFirstOrThrow({ where: { seminarId: seminar.id } })
    await app.db.session.update({ where: { id: first.id }, data: { title: JA.first } })
    await app.db.session.create({
      data: {
        seminarId: seminar.id,
        number: 2,
        title: JA.second,
        startsAt: new Date(first.startsAt.getTime() + 7 * 86400_000),
        endsAt: new Date(first.endsAt.getTime() + 7 * 86400_000),
      },
    })

    // An organizer of the seminar's program fills the English texts in the seminar form and the
    // first session's form.
    const organizer = await createConsoleUser(app.db, {
      email: 'english@city.example.jp',
      name: '英語 担当',
      password: PASSWORD,
      role: 'ORGANIZER',
    })
    await app.db.consoleUser.update({
      where: { id: organizer.id },
      data: { programs: { create: { programId: seminar.programId } } },
    })
    const [name, value] = (await signInByFetch(app.url, 'english@city.example.jp', PASSWORD)).headers
      .get('set-cookie')!
      .split(';')[0]
      .split('=')
    const staff = await pageFor('ja', { name, value })
    await staff.page.goto(`${app.url}/console/seminars/${seminar.id}/edit`)
    const seminarForm = staff.page.locator('form#seminar')
    await seminarForm.locator('[name=descriptionEn]').fill(EN.description)
    await seminarForm.locator('[name=venueNameEn]').fill(EN.venue)
    await seminarForm.getByRole('button', { name: '保存' }).click()
    await staff.page.waitForURL(/\/edit\?msg=console\.saved/)
    await expect.poll(() => staff.page.getByRole('status').textContent()).toBe('保存しました。')
    const sessionForm = staff.page.locator(`form#session-${first.id}`)
    await sessionForm.locator('[name=titleEn]').fill(EN.first)
    await sessionForm.getByRole('button', { name: '保存' }).click()
    await expect
      .poll(async () => (await app.db.session.findUniqueOrThrow({ where: { id: first.id } })).titleEn)
      .toBe(EN.first)
    await expect.poll(() => staff.page.getByRole('status').textContent()).toBe('保存しました。')
    expect(
      await app.db.seminar.findUniqueOrThrow({
        where: { id: seminar.id },
        select: { descriptionEn: true, venueNameEn: true, description: true, venueName: true },
      }),
    ).toEqual({
      descriptionEn: EN.description,
      venueNameEn: EN.venue,
      description: JA.description,
      venueName: JA.venue,
    })

    // An English reader: the list, the seminar page, registering, their own page.
    const english = await pageFor('en')
    await english.page.goto(app.url)
    const card = english.page.locator('.seminar-cards li', { hasText: EN.title })
    await expect.poll(() => card.locator('.venue').innerText()).toBe(EN.venue)
    await card.getByRole('link', { name: EN.title }).click()
    await expect.poll(() => text(english.page, 'h1')).toBe(EN.title)
    expect(await text(english.page, '.description')).toBe(EN.description)
    const sessions = await english.page.locator('ol.sessions li').allInnerTexts()
    expect(sessions).toHaveLength(2)
    expect(sessions[0]).toContain(EN.first)
    // The second session has no English title: its Japanese one is shown.
    expect(sessions[1]).toContain(JA.second)
    expect(await text(english.page, 'dl.facts')).toContain(EN.venue)
    expect(await english.page.locator('main').innerText()).not.toContain(JA.venue)

    await english.page.getByRole('link', { name: 'Register', exact: true }).first().click()
    await english.page.waitForURL(/\/register$/)
    await english.page.locator('[name=name]').fill('Jane Smith')
    await english.page.locator('[name=furigana]').fill('じぇーん すみす')
    await english.page.locator('[name=email]').fill('jane.smith@example.com')
    await english.page.locator('[name=organizationName]').fill('Example Trading Ltd.')
    await english.page.locator('[name=industry]').selectOption('E')
    await english.page.getByLabel('Attend in person', { exact: true }).check()
    await english.page.getByLabel('Outside the city', { exact: true }).check()
    await english.page.locator('[name=consent]').check()
    await english.page.getByRole('button', { name: 'Register', exact: true }).click()
    await english.page.waitForURL(/\/seminars\/[^/]+\/registered$/)
    await expect.poll(() => text(english.page, 'main h2')).toBe(EN.title)
    const registration = await app.db.registration.findFirstOrThrow({
      where: { seminarId: seminar.id, emailNormalized: 'jane.smith@example.com' },
      select: { manageToken: true, language: true, status: true },
    })
    expect(registration).toMatchObject({ language: 'en', status: 'CONFIRMED' })
    await english.page.goto(`${app.url}/r/${registration.manageToken}`)
    const details = english.page.locator('dl.facts')
    await expect.poll(() => details.innerText()).toContain(EN.title)
    expect(await details.innerText()).toContain(EN.venue)
    expect(await details.locator('ol.sessions li').allInnerTexts()).toEqual([
      expect.stringContaining(EN.first),
      expect.stringContaining(JA.second),
    ])

    // A Japanese reader sees the Japanese texts everywhere.
    const japanese = await pageFor('ja')
    await japanese.page.goto(app.url)
    await expect
      .poll(() => japanese.page.locator('.seminar-cards li', { hasText: JA.title }).locator('.venue').innerText())
      .toBe(JA.venue)
    await japanese.page.goto(`${app.url}/seminars/${seminar.id}`)
    await expect.poll(() => text(japanese.page, 'h1')).toBe(JA.title)
    expect(await text(japanese.page, '.description')).toBe(JA.description)
    expect(await japanese.page.locator('ol.sessions li').allInnerTexts()).toEqual([
      expect.stringContaining(JA.first),
      expect.stringContaining(JA.second),
    ])
    expect(await text(japanese.page, 'dl.facts')).toContain(JA.venue)
    await japanese.page.goto(`${app.url}/r/${registration.manageToken}`)
    await expect.poll(() => japanese.page.locator('dl.facts').innerText()).toContain(JA.title)
    expect(await japanese.page.locator('dl.facts').innerText()).toContain(JA.venue)
    expect(await japanese.page.locator('dl.facts ol.sessions li').first().innerText()).toContain(JA.first)

    // Staff empty the English description: English readers get the Japanese one again.
    await staff.page.goto(`${app.url}/console/seminars/${seminar.id}/edit`)
    await staff.page.locator('form#seminar [name=descriptionEn]').fill('')
    await staff.page.locator('form#seminar').getByRole('button', { name: '保存' }).click()
    await expect
      .poll(async () => (await app.db.seminar.findUniqueOrThrow({ where: { id: seminar.id } })).descriptionEn)
      .toBeNull()
    await english.page.goto(`${app.url}/seminars/${seminar.id}`)
    await expect.poll(() => text(english.page, '.description')).toBe(JA.description)
    expect(await text(english.page, 'h1')).toBe(EN.title)

    for (const { context } of [staff, english, japanese]) await context.close()
  })
})
