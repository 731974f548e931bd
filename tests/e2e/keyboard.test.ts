import type { Browser, Page } from 'playwright-core'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { register } from '~/modules/registration/registrations.server'
import { startAppServer, type AppServer } from '../support/app-server'
import { launchBrowser, waitForStatus } from '../support/browser'
import { signedInAs } from '../support/routes'
import { createSeminar, participant } from '../support/factories'

/*
 * Keyboard only (issue 18 point 17, docs/decisions/0043-accessibility-checks-and-policy.md): Tab,
 * Shift+Tab, Enter, Space and typing, never the mouse. Each step tabs forward until the control it
 * needs has the focus — so the controls are reached in the order asserted — and checks that the
 * focus is visible there (its outline is not `none`). The task names are the ones the
 * accessibility policy lists (app/modules/accessibility/last-check.ts).
 */

let app: AppServer
let browser: Browser
const pageErrors: string[] = []

beforeAll(async () => {
  app = await startAppServer()
  browser = await launchBrowser()
})
afterEach(() => {
  expect(pageErrors.splice(0)).toEqual([])
  expect(app.errors()).toBe('')
})
afterAll(async () => {
  await browser?.close()
  await app?.stop()
})

type Focused = {
  tag: string
  name: string | null
  type: string | null
  /** The accessible text a person hears: the label of a field, the text of a link or button. */
  text: string
  outline: string
}

async function focused(page: Page): Promise<Focused> {
  return page.evaluate(() => {
    const el = document.activeElement as HTMLElement | null
    if (!el || el === document.body) return { tag: 'body', name: null, type: null, text: '', outline: 'none' }
    const labelled = (el as HTMLInputElement).labels?.[0]?.textContent ?? ''
    return {
      tag: el.tagName.toLowerCase(),
      name: el.getAttribute('name'),
      type: el.getAttribute('type'),
      text: (el.getAttribute('aria-label') ?? (labelled || el.textContent) ?? '').replace(/\s+/g, ' ').trim(),
      outline: getComputedStyle(el).outlineStyle,
    }
  })
}

const describeFocus = (f: Focused) => `${f.tag}${f.name ? `[name=${f.name}]` : ''} “${f.text.slice(0, 40)}”`

/**
 * Presses `key` (Tab, or Shift+Tab) until the focused element matches, at most `max` times, and
 * checks that the focus is visible there. Fails with the elements the focus went through.
 */
async function tabTo(page: Page, what: string, matches: (f: Focused) => boolean, key = 'Tab', max = 40) {
  const path: string[] = []
  for (let i = 0; i < max; i++) {
    await page.keyboard.press(key)
    const f = await focused(page)
    path.push(describeFocus(f))
    if (matches(f)) {
      expect(f.outline, `the focus on ${what} is visible`).not.toBe('none')
      return f
    }
  }
  throw new Error(`${key} never reached ${what}; the focus went through:\n  ${path.join('\n  ')}`)
}

/** A page of its own context (Japanese date fields: yyyy/mm/dd hh:mm), with its errors collected. */
async function newPage(cookie?: string) {
  const context = await browser.newContext({ locale: 'ja-JP', viewport: { width: 1280, height: 800 } })
  if (cookie) {
    const [name, value] = cookie.split('=')
    await context.addCookies([{ name, value, domain: new URL(app.url).hostname, path: '/' }])
  }
  const page = await context.newPage()
  page.on('pageerror', (error) => pageErrors.push(`${page.url()}: ${error.message}`))
  return page
}

const field = (name: string) => (f: Focused) => f.name === name
const text = (tag: string, words: string) => (f: Focused) => f.tag === tag && f.text.includes(words)

/** Types into the focused field (the keyboard, not `fill`). */
async function type(page: Page, value: string) {
  await page.keyboard.type(value)
}

describe('keyboard only', () => {
  it("registration: the seminar list, a seminar, the form and its answer ('registration')", async () => {
    const seminar = await createSeminar(app.db, { title: 'キーボードで申し込むセミナー' })
    const page = await newPage()
    await page.goto(app.url)
    await tabTo(page, 'the seminar’s link', text('a', 'キーボードで申し込むセミナー'), 'Tab', 80)
    await page.keyboard.press('Enter')
    await page.getByRole('heading', { level: 1, name: 'キーボードで申し込むセミナー' }).waitFor()
    await tabTo(page, 'the link to the form', text('a', '申し込む'))
    await page.keyboard.press('Enter')
    await page.locator('form [name=name]').waitFor()

    await tabTo(page, 'the name', field('name'))
    await type(page, '鍵盤 花子')
    await tabTo(page, 'the furigana', field('furigana'))
    await type(page, 'けんばん はなこ')
    await tabTo(page, 'the email', field('email'))
    await type(page, 'keyboard@example.jp')
    await tabTo(page, 'the organization', field('organizationName'))
    await type(page, '株式会社キーボード')
    await tabTo(page, 'the corporate number', field('corporateNumber'))
    await tabTo(page, 'the industry', field('industry'))
    // A closed select takes the arrow keys: the first industry after the placeholder.
    await page.keyboard.press('ArrowDown')
    expect(await page.locator('[name=industry]').inputValue()).not.toBe('')
    const inCity = await tabTo(page, 'the location', field('inCity'))
    await page.keyboard.press('Space')
    expect(inCity.type).toBe('radio')
    expect(await page.locator('[name=inCity]:checked').count()).toBe(1)
    await tabTo(page, 'adding a person of the group', text('button', '追加'))
    await tabTo(page, 'the privacy notice', text('a', '個人情報の取扱い'))
    await tabTo(page, 'the consent', field('consent'))
    await page.keyboard.press('Space')
    expect(await page.locator('[name=consent]').isChecked()).toBe(true)
    await tabTo(page, 'the submit button', text('button', '申し込む'))
    // And back: Shift+Tab returns to the consent box.
    await tabTo(page, 'the consent, backwards', field('consent'), 'Shift+Tab', 3)
    await tabTo(page, 'the submit button again', text('button', '申し込む'), 'Tab', 3)
    await page.keyboard.press('Enter')
    await page.getByRole('heading', { level: 1, name: 'お申込みを受け付けました' }).waitFor()
    const saved = await app.db.registration.findFirstOrThrow({ where: { seminarId: seminar.id } })
    expect(saved).toMatchObject({ name: '鍵盤 花子', email: 'keyboard@example.jp', status: 'CONFIRMED' })
    await page.context().close()
  }, 180_000)

  it("check-in at the door by searching for a name ('checkin')", async () => {
    const seminar = await createSeminar(app.db, { title: 'キーボード受付セミナー' })
    // Running now (today in Japan): a session of another day asks before checking anyone in.
    const now = app.clock.now().getTime()
    const first = await app.db.session.findFirstOrThrow({ where: { seminarId: seminar.id } })
    const session = await app.db.session.update({
      where: { id: first.id },
      data: { startsAt: new Date(now - 3600_000), endsAt: new Date(now + 3600_000) },
    })
    const kita = await register(app.db, {
      seminarId: seminar.id,
      ...participant({ name: '北野 さくら', furigana: 'きたの さくら' }),
    })
    const admin = await signedInAs(app.db, 'door-keyboard@city.example.jp', 'ADMIN')
    const page = await newPage(admin.cookie)
    await page.goto(`${app.url}/console/sessions/${session.id}/checkin`)
    await tabTo(page, 'the code field', field('code'))
    await tabTo(page, 'the search field', field('q'))
    await type(page, 'きたの')
    await tabTo(page, 'the search button', text('button', '検索'), 'Tab', 3)
    await page.keyboard.press('Enter')
    const checkIn = page.getByRole('button', { name: '受付: 北野 さくら' })
    await checkIn.waitFor()
    await tabTo(page, 'checking her in', text('button', '北野 さくら'))
    await page.keyboard.press('Enter')
    await expect.poll(() => page.getByTestId('checkin-result').textContent()).toContain('北野 さくら')
    expect(await app.db.attendance.count({ where: { sessionId: session.id, registrationId: kita.id } })).toBe(1)
    await page.context().close()
  }, 180_000)

  it("the console: a new seminar, then its session ('seminarForm')", async () => {
    const program = await app.db.program.create({ data: { code: 'KEY', name: 'キーボード事業' } })
    const admin = await signedInAs(app.db, 'form-keyboard@city.example.jp', 'ADMIN')
    const page = await newPage(admin.cookie)
    await page.goto(`${app.url}/console/seminars/new`)
    await page.locator('form [name=title]').waitFor()
    await tabTo(page, 'the program', field('programId'), 'Tab', 60)
    await selectByKeyboard(page, 'programId', program.id)
    await tabTo(page, 'the title', field('title'))
    await type(page, 'キーボードで作るセミナー')
    await tabTo(page, 'the English title', field('titleEn'))
    await tabTo(page, 'the type', field('categoryId'))
    await page.keyboard.press('ArrowDown')
    expect(await page.locator('[name=categoryId]').inputValue()).not.toBe('')
    await tabTo(page, 'the description', field('description'))
    await tabTo(page, 'the attendance mode', field('mode'))
    await tabTo(page, 'the venue', field('venueName'))
    await type(page, '産業振興センター')
    await tabTo(page, 'the venue address', field('venueAddress'))
    await tabTo(page, 'the meeting URL', field('onlineUrl'))
    await tabTo(page, 'the in-person capacity', field('capacityInPerson'))
    await type(page, '30')
    await tabTo(page, 'the online capacity', field('capacityOnline'))
    await tabTo(page, 'the waiting list', field('waitlistEnabled'))
    await tabTo(page, 'the session choice', field('sessionChoice'))
    await tabTo(page, 'the opening of registration', field('registrationOpensAt'))
    await typeDateTime(page, 'registrationOpensAt', inDays(1), '09:00')
    await tabTo(page, 'the closing of registration', field('registrationClosesAt'))
    await typeDateTime(page, 'registrationClosesAt', inDays(20), '17:00')
    await tabTo(page, 'the minimum online minutes', field('minOnlineMinutes'))
    await tabTo(page, 'the materials URL', field('materialsUrl'))
    await tabTo(page, 'saving', text('button', '保存'))
    await page.keyboard.press('Enter')
    await page.waitForURL(/\/edit\?/)
    const seminar = await app.db.seminar.findFirstOrThrow({ where: { title: 'キーボードで作るセミナー' } })
    expect(seminar).toMatchObject({ programId: program.id, venueName: '産業振興センター', capacityInPerson: 30 })

    // The session, on the page the new seminar opens on.
    await page.locator('#new-session [name=startsAt]').waitFor()
    await tabTo(page, 'the session’s start', (f) => f.name === 'startsAt', 'Tab', 80)
    await typeDateTime(page, 'startsAt', inDays(25), '14:00')
    await tabTo(page, 'the session’s end', field('endsAt'))
    await typeDateTime(page, 'endsAt', inDays(25), '16:00')
    await tabTo(page, 'the session’s title', field('title'))
    await type(page, '第1回 キーボード')
    await tabTo(page, 'the session’s venue', field('venueName'))
    await tabTo(page, 'adding the session', text('button', '日程を追加'))
    await page.keyboard.press('Enter')
    await waitForStatus(page, '日程を追加しました。')
    const sessions = await app.db.session.findMany({ where: { seminarId: seminar.id } })
    expect(sessions.map((s) => s.title)).toEqual(['第1回 キーボード'])
    await page.context().close()
  }, 180_000)

  it("the console's attendance sheet ('attendanceSheet')", async () => {
    const seminar = await createSeminar(app.db, { title: 'キーボード出欠セミナー' })
    const session = await app.db.session.findFirstOrThrow({ where: { seminarId: seminar.id } })
    const first = await register(app.db, { seminarId: seminar.id, ...participant({ name: '出席 一郎' }) })
    const second = await register(app.db, { seminarId: seminar.id, ...participant({ name: '出席 二郎' }) })
    const admin = await signedInAs(app.db, 'sheet-keyboard@city.example.jp', 'ADMIN')
    const page = await newPage(admin.cookie)
    await page.goto(`${app.url}/console/sessions/${session.id}/attendance`)
    await page.locator('[name=attended]').first().waitFor()
    await tabTo(page, 'the first person', text('input', '出席 一郎'), 'Tab', 80)
    await page.keyboard.press('Space')
    await tabTo(page, 'the second person', text('input', '出席 二郎'))
    await tabTo(page, 'saving the sheet', text('button', '保存'))
    await page.keyboard.press('Enter')
    await expect
      .poll(async () =>
        (await app.db.attendance.findMany({ where: { sessionId: session.id } })).map((a) => a.registrationId),
      )
      .toEqual([first.id])
    expect(second.id).not.toBe(first.id)
    await page.context().close()
  }, 180_000)
})

/** A day from today in Japan, as yyyy-mm-dd. */
function inDays(days: number): string {
  return new Date(Date.now() + 9 * 3600_000 + days * 86_400_000).toISOString().slice(0, 10)
}

/**
 * Types a date and time into the focused datetime-local field as a person does: the year, the
 * right arrow to the month (a year may have more digits), then month, day, hour and minute.
 */
/**
 * The focused date-time field gets its value as one string: Chromium orders the field's segments by
 * the machine's locale (month/day/year with AM/PM here, whatever the page's language), so typed
 * digits land in other segments on another machine. Reaching the field by Tab is what is tested;
 * the segments are the browser's own control.
 */
async function typeDateTime(page: Page, name: string, day: string, time: string) {
  const input = page.locator(`form [name=${name}]`).last()
  expect(await input.evaluate((el) => el === document.activeElement)).toBe(true)
  await input.fill(`${day}T${time}`)
  expect(await input.inputValue()).toBe(`${day}T${time}`)
}

/** Chooses an option of the focused select with the arrow keys. */
async function selectByKeyboard(page: Page, name: string, value: string) {
  const select = page.locator(`[name=${name}]`)
  const values = await select.locator('option').evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).value))
  const from = values.indexOf(await select.inputValue())
  const to = values.indexOf(value)
  for (let i = from; i < to; i++) await page.keyboard.press('ArrowDown')
  expect(await select.inputValue()).toBe(value)
}
