import type { Browser, Page } from 'playwright-core'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { startAppServer, type AppServer } from '../support/app-server'
import { JAVASCRIPT_SETTINGS, launchBrowser } from '../support/browser'
import { signIn, organizerWithProgram } from '../support/console'
import { createSeminar } from '../support/factories'

/**
 * Questions at registration (docs/decisions/0046-questions.md): an organizer defines them in the
 * console, a participant answers them on a phone, staff read the answers on the registration's
 * page and in the roster, and the participant changes them through their link — with and without
 * JavaScript.
 */
let app: AppServer
let browser: Browser
let programId: string
const PASSWORD = 'a long organizer password 1'
const pageErrors: Error[] = []
const SHOTS = process.env.QUESTION_SHOTS

beforeAll(async () => {
  app = await startAppServer()
  browser = await launchBrowser()
  programId = (
    await organizerWithProgram(app.db, {
      email: 'questions@city.example.jp',
      name: '質問 担当',
      password: PASSWORD,
      code: 'QST',
      programName: '質問事業',
    })
  ).programId
})
afterEach(() => {
  expect(pageErrors).toEqual([])
  expect(app.errors()).toBe('')
})
afterAll(async () => {
  await browser?.close()
  await app?.stop()
})

async function newPage(javaScriptEnabled: boolean, width = 1280): Promise<Page> {
  const context = await browser.newContext({ javaScriptEnabled, viewport: { width, height: 900 } })
  const page = await context.newPage()
  page.on('pageerror', (error) => pageErrors.push(error))
  return page
}

async function shot(page: Page, name: string) {
  if (SHOTS) await page.screenshot({ path: `${SHOTS}/${name}.png`, fullPage: true })
}

async function addQuestion(
  page: Page,
  q: { kind: string; label: string; labelEn?: string; choices?: string; required?: boolean },
) {
  const form = page.locator('form#new-question')
  await form.getByLabel('回答の形式').selectOption({ label: q.kind })
  await form.getByLabel(/^質問文(\s*\*)?$/).fill(q.label)
  if (q.labelEn) await form.getByLabel('質問文（英語）').fill(q.labelEn)
  if (q.choices) await form.getByLabel('選択肢').fill(q.choices)
  if (q.required) await form.getByLabel('回答を必須にする').check()
  await form.getByRole('button', { name: '質問を追加' }).click()
  await page.getByRole('status').getByText('質問を追加しました。').waitFor()
}

describe('questions at registration', () => {
  for (const javaScriptEnabled of JAVASCRIPT_SETTINGS) {
    const js = `JavaScript ${javaScriptEnabled ? 'on' : 'off'}`
    it(`are defined by the organizer, answered on a phone, read by staff and changed through the link (${js})`, async () => {
      const seminar = await createSeminar(app.db, { programId, title: `質問つきセミナー ${js}` })
      const staff = await newPage(javaScriptEnabled)
      await signIn(staff, app.url, 'questions@city.example.jp', PASSWORD)
      await staff.goto(`${app.url}/console/seminars/${seminar.id}`)
      await staff.getByRole('link', { name: '申込時の質問' }).click()
      await staff.getByRole('heading', { level: 1, name: '申込時の質問' }).waitFor()

      // A choice question with one choice is refused beside the field, and what was typed stays.
      const form = staff.locator('form#new-question')
      await form.getByLabel('回答の形式').selectOption({ label: '1つ選ぶ' })
      await form.getByLabel(/^質問文(\s*\*)?$/).fill('関心のある分野')
      await form.getByLabel('選択肢').fill('製造')
      await form.getByRole('button', { name: '質問を追加' }).click()
      await form.getByText('選択肢を2つ以上、1行に1つずつ入力してください。').waitFor()
      expect(await form.getByLabel(/^質問文(\s*\*)?$/).inputValue()).toBe('関心のある分野')
      expect(await app.db.question.count({ where: { seminarId: seminar.id } })).toBe(0)

      await form.getByLabel('選択肢').fill('製造 | Manufacturing\nIT | IT\n小売 | Retail')
      await form.getByLabel('回答を必須にする').check()
      await form.getByRole('button', { name: '質問を追加' }).click()
      await staff.getByRole('status').getByText('質問を追加しました。').waitFor()
      await addQuestion(staff, {
        kind: '複数選ぶ',
        label: '知ったきっかけ',
        labelEn: 'How did you hear of it',
        choices: '市報\nSNS\n知人',
      })
      await addQuestion(staff, { kind: '数値', label: '従業員数', labelEn: 'Employees' })
      await addQuestion(staff, { kind: '長い文章', label: '講師への質問', labelEn: 'Questions for the speaker' })
      await shot(staff, `editor-${javaScriptEnabled}`)

      // The participant, on a phone: a required answer left out is refused, nothing is stored.
      const person = await newPage(javaScriptEnabled, 390)
      await person.goto(`${app.url}/seminars/${seminar.id}/register`)
      await person.getByRole('heading', { name: '主催者からの質問' }).waitFor()
      await person.getByLabel('氏名').fill('回答 花子')
      await person.getByLabel('ふりがな').fill('かいとう はなこ')
      const email = `answer-${javaScriptEnabled}@example.jp`
      await person.getByLabel('メールアドレス').fill(email)
      await person.getByLabel('業種').selectOption('E')
      await person.getByLabel('市内').check()
      await person.getByRole('group', { name: '知ったきっかけ' }).getByLabel('SNS').check()
      await person.getByRole('group', { name: '知ったきっかけ' }).getByLabel('知人').check()
      await person.getByLabel('従業員数').fill('１，２００')
      await person.getByLabel('講師への質問').fill('導入の費用は？\n補助金は？')
      await person.getByLabel('個人情報の取扱いに同意します').check()
      await person.getByRole('button', { name: '申し込む' }).click()
      await person
        .getByRole('radiogroup', { name: /関心のある分野/ })
        .getByText('選択してください。')
        .waitFor()
      expect(await app.db.registration.count({ where: { seminarId: seminar.id } })).toBe(0)
      expect(await person.getByLabel('従業員数').inputValue()).toBe('１，２００')
      await shot(person, `register-error-${javaScriptEnabled}`)
      await person
        .getByRole('radiogroup', { name: /関心のある分野/ })
        .getByLabel('IT')
        .check()
      await person.getByRole('button', { name: '申し込む' }).click()
      await person.waitForURL(/\/registered$/)

      const registration = await app.db.registration.findFirstOrThrow({ where: { seminarId: seminar.id } })
      // Staff read the answers on the registration's page, reached from the seminar's list.
      await staff.goto(`${app.url}/console/seminars/${seminar.id}`)
      await staff.getByRole('link', { name: '回答 花子' }).click()
      await staff.getByRole('heading', { level: 1, name: '回答 花子' }).waitFor()
      const answers = staff.locator('.answers-list')
      await answers.getByText('SNS、知人').waitFor()
      expect(await answers.innerText()).toContain('1200')
      expect(await answers.innerText()).toContain('導入の費用は？\n補助金は？')
      await shot(staff, `registration-${javaScriptEnabled}`)
      // …and in the roster's CSV, one column per question.
      const csv = await staff.request.get(`${app.url}/console/seminars/${seminar.id}/roster.csv`)
      const text = new TextDecoder().decode(await csv.body())
      expect(text).toContain('関心のある分野')
      expect(text).toContain('SNS、知人')

      // The participant changes an answer through their link.
      await person.goto(`${app.url}/r/${registration.manageToken}/change`)
      const interest = person.getByRole('radiogroup', { name: /関心のある分野/ })
      expect(await interest.getByLabel('IT').isChecked()).toBe(true)
      await interest.getByLabel('小売').check()
      await person.getByRole('button', { name: '変更する' }).click()
      await person.waitForURL(/changed=done/)
      await staff.reload()
      await staff.locator('.answers-list').getByText('小売').waitFor()
    })
  }

  it('shows the questions in English to someone reading in English, on a 320 px phone', async () => {
    const seminar = await createSeminar(app.db, { programId, title: '英語の質問', titleEn: 'Questions in English' })
    const staff = await newPage(false)
    await signIn(staff, app.url, 'questions@city.example.jp', PASSWORD)
    await staff.goto(`${app.url}/console/seminars/${seminar.id}/questions`)
    await addQuestion(staff, {
      kind: 'はい／いいえ',
      label: '交流会に参加しますか',
      labelEn: 'Will you join the networking hour?',
      required: true,
    })
    const context = await browser.newContext({ javaScriptEnabled: false, viewport: { width: 320, height: 800 } })
    await context.addCookies([{ name: 'lang', value: 'en', url: app.url }])
    const person = await context.newPage()
    person.on('pageerror', (error) => pageErrors.push(error))
    await person.goto(`${app.url}/seminars/${seminar.id}/register`)
    await person.getByRole('heading', { name: 'Questions from the organizer' }).waitFor()
    const group = person.getByRole('radiogroup', { name: /Will you join the networking hour/ })
    await group.getByLabel('Yes').waitFor()
    // Nothing wider than the phone.
    expect(await person.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(320)
    await shot(person, 'register-en-320')
  })
})
