import type { Browser, Page } from 'playwright-core'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { createConsoleUser } from '~/modules/accounts/console-users.server'
import { registerGroup } from '~/modules/registration/group.server'
import { register } from '~/modules/registration/registrations.server'
import { startAppServer, type AppServer } from '../support/app-server'
import { JAVASCRIPT_SETTINGS, launchBrowser } from '../support/browser'
import { signIn } from '../support/console'
import { createSeminar, participant } from '../support/factories'

/**
 * Several people of one organization registered in one public form by a contact person
 * (docs/decisions/0036), on a phone-sized screen, with and without JavaScript: people are added
 * and removed with plain submit buttons, a refusal names the person concerned and keeps
 * everything typed, and the contact cancels one of them from their link.
 */
let app: AppServer
let browser: Browser
const pageErrors: Error[] = []

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

async function phonePage(javaScriptEnabled: boolean): Promise<Page> {
  const context = await browser.newContext({
    javaScriptEnabled,
    locale: 'ja-JP',
    viewport: { width: 390, height: 844 },
  })
  const page = await context.newPage()
  page.on('pageerror', (error) => pageErrors.push(error))
  return page
}

const person = (page: Page, n: number) => page.getByRole('group', { name: `${n}人目`, exact: true })

for (const javaScriptEnabled of JAVASCRIPT_SETTINGS) {
  describe(`a group of three ${javaScriptEnabled ? 'with' : 'without'} JavaScript`, () => {
    it('is added person by person, refused by name when one is registered already, then registered together', async () => {
      const tag = javaScriptEnabled ? 'js' : 'html'
      const seminar = await createSeminar(app.db, { title: `まとめて申込み ${tag}`, capacityInPerson: 10 })
      // Someone of the group registered on their own earlier.
      const colleague = `colleague-${tag}@example.jp`
      await register(app.db, { seminarId: seminar.id, ...participant({ email: colleague }) })

      const page = await phonePage(javaScriptEnabled)
      await page.goto(`${app.url}/seminars/${seminar.id}/register`)
      await page.locator('[name=name]').fill('代表 花子')
      await page.locator('[name=furigana]').fill('だいひょう はなこ')
      await page.locator('[name=email]').fill(`contact-${tag}@example.jp`)
      await page.locator('[name=organizationName]').fill('株式会社まとめ製作所')
      await page.locator('[name=industry]').selectOption('E')
      await page.getByLabel('市内', { exact: true }).check()
      await page.locator('[name=consent]').check()

      await page.getByRole('button', { name: '参加者を追加する' }).click()
      await person(page, 2).waitFor()
      // Adding a person is not sending the form: nothing is marked as missing yet.
      expect(await page.locator('.field-invalid').count()).toBe(0)
      expect(await page.locator('.error-summary').count()).toBe(0)
      // What was typed stays (without JavaScript the page came back from the server).
      expect(await page.locator('[name=name]').inputValue()).toBe('代表 花子')
      expect(await page.locator('[name=industry]').inputValue()).toBe('E')
      await person(page, 2).getByLabel('氏名').fill('同僚 一郎')
      await person(page, 2).getByLabel('ふりがな').fill('どうりょう いちろう')
      await person(page, 2).getByLabel('メールアドレス').fill(colleague)

      await page.getByRole('button', { name: '参加者を追加する' }).click()
      await person(page, 3).waitFor()
      await person(page, 3).getByLabel('氏名').fill('同僚 次郎')
      await person(page, 3).getByLabel('ふりがな').fill('どうりょう じろう')
      // One too many, taken away again.
      await page.getByRole('button', { name: '参加者を追加する' }).click()
      await person(page, 4).waitFor()
      await person(page, 4).getByRole('button', { name: 'この方を削除する' }).click()
      await expect.poll(() => person(page, 4).count()).toBe(0)
      expect(await person(page, 2).getByLabel('メールアドレス').inputValue()).toBe(colleague)
      expect(await person(page, 3).getByLabel('氏名').inputValue()).toBe('同僚 次郎')
      // Nothing is wider than the phone's screen.
      expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true)

      await page.getByRole('button', { name: '3名で申し込む' }).click()
      await person(page, 2).getByText('この方はすでにこのセミナーに申し込んでいます。').waitFor()
      expect(await page.getByRole('alert').textContent()).toContain('どなたのお申込みもまだ受け付けていません。')
      expect(await page.locator('[name=consent]').isChecked()).toBe(true)
      expect(await person(page, 3).getByLabel('ふりがな').inputValue()).toBe('どうりょう じろう')
      expect(await app.db.registration.count({ where: { seminarId: seminar.id } })).toBe(1)

      await person(page, 2).getByLabel('メールアドレス').fill(`ichiro-${tag}@example.jp`)
      await page.getByRole('button', { name: '3名で申し込む' }).click()
      await page.waitForURL(/\/seminars\/[^/]+\/registered$/)

      const groupRow = await app.db.registrationGroup.findFirstOrThrow({
        where: { seminarId: seminar.id },
        include: { members: { include: { registration: true }, orderBy: { position: 'asc' } } },
      })
      const people = groupRow.members.map((m) => m.registration)
      expect(people.map((r) => [r.name, r.status, r.organizationName])).toEqual([
        ['代表 花子', 'CONFIRMED', '株式会社まとめ製作所'],
        ['同僚 一郎', 'CONFIRMED', '株式会社まとめ製作所'],
        ['同僚 次郎', 'CONFIRMED', '株式会社まとめ製作所'],
      ])
      expect(people[2].email).toBe('')

      // The contact's link shows everyone; they cancel the one without email.
      await page.goto(`${app.url}/r/${people[0].manageToken}`)
      await page.getByRole('heading', { name: 'まとめてお申し込みの方' }).waitFor()
      expect(await page.getByTestId('group-member').count()).toBe(3)
      await page.getByRole('link', { name: 'まとめてのお申込みをキャンセルする' }).click()
      await page.waitForURL(/\/group$/)
      await page.getByRole('button', { name: '同僚 次郎 様をキャンセルする' }).click()
      await page.getByRole('status').getByText('1名のお申込みをキャンセルしました。').waitFor()
      expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true)
      const statuses = await app.db.registration.findMany({
        where: { id: { in: people.map((p) => p.id) } },
        select: { name: true, status: true },
        orderBy: { name: 'asc' },
      })
      expect(Object.fromEntries(statuses.map((s) => [s.name, s.status]))).toEqual({
        '代表 花子': 'CONFIRMED',
        '同僚 一郎': 'CONFIRMED',
        '同僚 次郎': 'CANCELLED',
      })
      expect((await app.db.seminar.findUniqueOrThrow({ where: { id: seminar.id } })).seatsTakenInPerson).toBe(3)
      await page.context().close()
    })
  })
}

describe('a group larger than the seats left', () => {
  it('is refused with the number of seats left, and nothing is written', async () => {
    const seminar = await createSeminar(app.db, { title: '残り2席', capacityInPerson: 2 })
    const page = await phonePage(false)
    await page.goto(`${app.url}/seminars/${seminar.id}/register`)
    await page.locator('[name=name]').fill('代表 三子')
    await page.locator('[name=furigana]').fill('だいひょう みつこ')
    await page.locator('[name=email]').fill('contact-seats@example.jp')
    await page.locator('[name=organizationName]').fill('株式会社満席')
    await page.locator('[name=industry]').selectOption('E')
    await page.getByLabel('市外', { exact: true }).check()
    await page.locator('[name=consent]').check()
    for (const n of [2, 3]) {
      await page.getByRole('button', { name: '参加者を追加する' }).click()
      await person(page, n).getByLabel('氏名').fill(`同僚 ${n}`)
      await person(page, n).getByLabel('ふりがな').fill('どうりょう')
    }
    await page.getByRole('button', { name: '3名で申し込む' }).click()
    await page.getByText('残りの席は2席のため、3名でのお申込みは受け付けられませんでした。', { exact: false }).waitFor()
    expect(await app.db.registration.count({ where: { seminarId: seminar.id } })).toBe(0)
    await page.context().close()
  })
})

describe('the console', () => {
  it('shows an organizer who was registered together with whom', async () => {
    const program = await app.db.program.create({ data: { code: 'GRP', name: 'まとめ事業' } })
    const organizer = await createConsoleUser(app.db, {
      email: 'group-organizer@city.example.jp',
      name: '担当 一',
      password: 'a long organizer password 1',
      role: 'ORGANIZER',
    })
    await app.db.programAssignment.create({ data: { userId: organizer.id, programId: program.id } })
    const seminar = await createSeminar(app.db, { programId: program.id, title: 'コンソール確認' })
    await registerGroup(app.db, {
      seminarId: seminar.id,
      contact: { name: '窓口 花子', furigana: 'まどぐち はなこ', email: 'madoguchi@example.jp' },
      members: [{ name: '同行 太郎', furigana: 'どうこう たろう', email: '' }],
      organizationName: '株式会社同行',
      industry: 'E',
      inCity: true,
      mode: 'IN_PERSON',
      language: 'ja',
    })
    const context = await browser.newContext({ javaScriptEnabled: false })
    const page = await context.newPage()
    await signIn(page, app.url, 'group-organizer@city.example.jp', 'a long organizer password 1')
    await page.goto(`${app.url}/console/seminars/${seminar.id}`)
    const row = page.getByRole('row', { name: /同行 太郎/ })
    expect(await row.textContent()).toContain('まとめて申込み 2名（代表: 窓口 花子）')
    await context.close()
  })
})
